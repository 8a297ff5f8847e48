# kg: `make run` sets everything up and runs the main job; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= .kg
OUT    ?= out

.PHONY: install run test bench score clean

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

score: $(STAMP)
	$(BIN)/python ../shared/corpus/score.py ../shared/corpus/dev --kg $(BIN)/kg

clean:
	rm -rf $(VENV) $(STORE) $(OUT) .pytest_cache
