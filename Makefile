# Two entry points (README): `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench-attribution clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[all,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/unspin demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench-attribution: $(STAMP)
	$(BIN)/unspin bench attribution --data ../shared/data/wmt-dev --distractors ../shared/data/distractors

clean:
	rm -rf $(VENV) .unspin .pytest_cache
