# The quick start: `make demo` and `make test`, from a clean clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

DB ?= communique.db

.PHONY: demo serve test schema samples cue-model stance-teacher stance-model issue-vocabulary eval bench throughput clean

# Analyses the bundled samples into $(DB) (articles already stored are skipped) and says how to browse them.
demo: $(VENV)/.installed
	$(BIN)/communique ingest --samples --db $(DB)
	$(BIN)/communique query --db $(DB) --speaker Lavrov
	@echo
	@echo "Stored in $(DB). Browse it:  $(BIN)/communique serve --db $(DB)   (or: make serve)"
	@echo "then open http://127.0.0.1:8000/ (pages) or http://127.0.0.1:8000/docs (JSON API)."

serve: $(VENV)/.installed
	$(BIN)/communique serve --db $(DB)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

schema: $(VENV)/.installed
	$(BIN)/communique schema --out schema/analysis.schema.json

samples: $(VENV)/.installed
	$(BIN)/python scripts/bundle_samples.py

cue-model: $(VENV)/.installed-dev
	$(BIN)/python scripts/train_cue_model.py

# Fine-tunes the MiniLM directed-sentiment teacher on ../shared/eval/directed-sentiment/train.tsv (53 min measured on 2 shared cores).
stance-teacher: $(VENV)/.installed-dev
	nice $(BIN)/python scripts/train_directed_sentiment.py

# Fits the fast directed-sentiment classifier analyses use, from the train split and the shipped teacher (about 10 min).
stance-model: $(VENV)/.installed-dev
	nice $(BIN)/python scripts/train_stance_model.py

issue-vocabulary: $(VENV)/.installed
	$(BIN)/python scripts/build_issue_vocabulary.py

eval: $(VENV)/.installed-dev
	$(BIN)/communique eval seed
	$(BIN)/communique eval polnear ../shared/eval/polnear/dev
	$(BIN)/communique eval directed-sentiment ../shared/eval/directed-sentiment/valid.tsv

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/extraction_speed.py

throughput: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/throughput.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(VENV)/.installed $@

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache tmp
