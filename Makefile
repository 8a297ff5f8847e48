# kg: `make run` sets everything up and runs the main job; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= .kg
OUT    ?= out
GOLD   ?= ../shared/corpus/dev
WEIGHTS := kg/extract/learned/weights

.PHONY: install run test bench score train clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

clean:
	rm -rf $(VENV) $(STORE) $(OUT) .pytest_cache
