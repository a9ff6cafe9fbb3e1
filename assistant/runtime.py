"""Where the services listen, the secrets they share, and the files they use.

Secrets come from the environment. When one is missing, `ensure_secrets`
creates it once in `var/secrets.env` (mode 0600, git-ignored), so a fresh
clone runs with strong random secrets and none is ever in the repository.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from sqlalchemy.engine import make_url

from assistant.errors import ConfigurationError
from assistant.settings import PROJECT_ROOT, VAR_DIR, env_setting, read_env

SECRET_NAMES = ("RASA_TOKEN", "GATEWAY_SECRET", "ACTION_TOKEN", "WEB_SECRET_KEY")
SECRETS_FILE = VAR_DIR / "secrets.env"
HOST = "127.0.0.1"
# Rasa's SQL tracker store that keeps the last saved tracker of each conversation in memory.
TRACKER_STORE = "assistant.engine.tracker_store.CachingSQLTrackerStore"


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def ensure_secrets(
    env: dict[str, str], path: Path = SECRETS_FILE, names: Collection[str] = SECRET_NAMES
) -> dict[str, str]:
    """Fill in missing secrets (`names`) from (or into) the local secrets file.

    Values already in `env` win, so a process given its secrets (a container)
    writes nothing. Returns the secrets now in force.
    """
    stored = read_env_file(path)
    changed = False
    for name in names:
        if not env.get(name):
            if not stored.get(name):
                stored[name] = secrets.token_urlsafe(32)
                changed = True
            env[name] = stored[name]
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
        os.chmod(path, 0o600)
        lines = ["# Local secrets, made by the assistant on first start. Never commit."]
        lines += [f"{key}={value}" for key, value in stored.items()]
        path.write_text("\n".join(lines) + "\n")
    return {name: env[name] for name in names}


@dataclass(frozen=True)
class GatewaySettings:
    """What Rasa's input channels need. Rasa builds them from credentials.yml, so they
    read it from the environment here (`assistant.channels.rasa_input`, `.telegram`).

    Attributes:
        gateway_secret: HMAC key the web app signs messages with (GATEWAY_SECRET); it
            also makes the sender ids of the messaging channels.
        redis_url: Redis shared by the Rasa processes (REDIS_URL): the signatures already
            used are kept there, so that a request replayed to another process is refused.
    """

    gateway_secret: str = env_setting("GATEWAY_SECRET", "")
    redis_url: str = env_setting("REDIS_URL", "")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> GatewaySettings:
        return read_env(cls, env)


@dataclass(frozen=True)
class RuntimeSettings:
    """Ports, secrets and files of a running assistant (on loopback unless told otherwise).

    Attributes:
        rasa_port: Rasa's HTTP API and the gateway channel (RASA_PORT).
        action_port: the action server (ACTION_PORT).
        web_port: the customer-facing web app (WEB_PORT).
        rasa_token: token for Rasa's HTTP API (RASA_TOKEN).
        rasa_http_api: turn on Rasa's HTTP API (RASA_HTTP_API=1; off by default): nothing
            in the assistant calls it, the web app and the Matrix bot reach Rasa through
            the signed gateway channel only; the end-to-end tests read trackers with it.
        gateway_secret: HMAC key the web app signs messages to Rasa with.
        action_token: bearer token Rasa sends to the action server.
        web_secret_key: Flask's secret key.
        model_path: the trained Rasa model (RASA_MODEL).
        endpoints_file: Rasa's endpoints file, written at start (RASA_ENDPOINTS).
        listen_host: the address every server listens on (LISTEN_HOST): loopback on one
            machine; 0.0.0.0 inside a container, where the network policy decides who may call.
        rasa_host: where the web app finds Rasa (RASA_HOST), e.g. a Kubernetes Service name.
        action_host: where Rasa finds the action server (ACTION_HOST).
        redis_url: Redis for Rasa's lock store (REDIS_URL), needed as soon as two Rasa
            processes serve one bank; empty means an in-memory lock (one process only).
        rasa_workers: Rasa server processes `assistant run` starts (RASA_WORKERS), on
            RASA_PORT, RASA_PORT + 1, ...; more than one needs REDIS_URL.
        action_workers: action server worker processes (ACTION_WORKERS).
        web_threads: the web app's waitress threads (WEB_THREADS).
    """

    rasa_port: int = env_setting("RASA_PORT", 5005)
    action_port: int = env_setting("ACTION_PORT", 5055)
    web_port: int = env_setting("WEB_PORT", 8000)
    rasa_token: str = env_setting("RASA_TOKEN", "")  # the secrets have no default:
    rasa_http_api: bool = env_setting("RASA_HTTP_API", False)
    gateway_secret: str = env_setting("GATEWAY_SECRET", "")  # from_env refuses them empty
    action_token: str = env_setting("ACTION_TOKEN", "")
    web_secret_key: str = env_setting("WEB_SECRET_KEY", "")
    model_path: Path = env_setting("RASA_MODEL", PROJECT_ROOT / "models" / "bank.tar.gz")
    endpoints_file: Path = env_setting("RASA_ENDPOINTS", VAR_DIR / "endpoints.yml")
    listen_host: str = env_setting("LISTEN_HOST", HOST)
    rasa_host: str = env_setting("RASA_HOST", HOST)
    action_host: str = env_setting("ACTION_HOST", HOST)
    redis_url: str = env_setting("REDIS_URL", "")
    rasa_workers: int = env_setting("RASA_WORKERS", 1)
    action_workers: int = env_setting("ACTION_WORKERS", 1)
    web_threads: int = env_setting("WEB_THREADS", 16)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, needs: Collection[str] = SECRET_NAMES
    ) -> RuntimeSettings:
        """Settings from the environment; `needs` names the secrets this process uses,
        which must be set (a container is given only those: deploy/k8s)."""
        env = os.environ if env is None else env
        missing = [name for name in needs if not env.get(name)]
        if missing:
            raise ConfigurationError(
                f"{', '.join(missing)} not set. Run `assistant run` (or `make run`), which "
                "creates them in var/secrets.env, or export them."
            )
        settings = read_env(cls, env)
        workers = settings.rasa_workers
        if workers < 1 or (workers > 1 and not settings.redis_url):
            raise ConfigurationError(
                f"RASA_WORKERS={workers}: use 1, or set REDIS_URL as well so that two Rasa "
                "processes never work on one conversation at once."
            )
        return dataclasses.replace(
            settings,
            action_workers=max(1, settings.action_workers),
            web_threads=max(1, settings.web_threads),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def rasa_urls(self) -> list[str]:
        """Every Rasa server process, in port order."""
        return [f"http://{self.rasa_host}:{self.rasa_port + i}" for i in range(self.rasa_workers)]

    @property
    def action_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/webhook"


def tracker_store_config(database_url: str) -> dict[str, object]:
    """Rasa's SQL tracker store in the same database as the ledger.

    The password is not written out: it stays in the environment as
    TRACKER_DB_PASSWORD and Rasa reads it from there.
    """
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"type": TRACKER_STORE, "dialect": "sqlite", "db": url.database}
    if backend == "postgresql":
        config: dict[str, object] = {
            "type": TRACKER_STORE,
            "dialect": "postgresql",
            "url": url.host or HOST,
            "db": url.database,
            "username": url.username,
        }
        if url.port:
            config["port"] = url.port
        if url.password:
            config["password"] = "${TRACKER_DB_PASSWORD}"  # noqa: S105 - a reference, not a value
        return config
    raise ConfigurationError(
        f"DATABASE_URL uses {backend}; the assistant supports sqlite and postgresql."
    )


def lock_store_config(redis_url: str) -> dict[str, object]:
    """Rasa's lock store: a Redis mutex when REDIS_URL is set, so that two Rasa processes
    never work on one conversation at once (assistant/engine/lock_store.py says why not Rasa's own
    RedisLockStore); otherwise in memory (one Rasa process).

    The password stays in the environment as REDIS_PASSWORD; Rasa reads it from there.
    """
    if not redis_url:
        return {"type": "in_memory"}
    url = make_url(redis_url)
    if url.get_backend_name() not in ("redis", "rediss"):
        raise ConfigurationError(f"REDIS_URL must start with redis://, got {redis_url!r}.")
    config: dict[str, object] = {
        "type": "assistant.engine.lock_store.RedisMutexLockStore",
        "url": url.host or HOST,
        "port": url.port or 6379,
        "db": int(url.database or 0),
        "key_prefix": "bank",
    }
    if url.password:
        config["password"] = "${REDIS_PASSWORD}"  # noqa: S105 - a reference, not a value
    if url.get_backend_name() == "rediss":
        config["use_ssl"] = True
    return config


def write_endpoints(settings: RuntimeSettings, database_url: str) -> Path:
    """Rasa's endpoints file: the action server (with its token) and the tracker store in
    the ledger's database (`database_url`)."""
    config = {
        "action_endpoint": {
            "url": settings.action_url,
            "headers": {"Authorization": "Bearer ${ACTION_TOKEN}"},
        },
        "tracker_store": tracker_store_config(database_url),
        "lock_store": lock_store_config(settings.redis_url),
    }
    path = settings.endpoints_file
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several Rasa processes write the same file as they start: each writes its own temporary
    # file and moves it into place, so that none ever reads a half-written one.
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(
        "# Written by the Rasa server (assistant/engine/server.py) at every start; "
        "edit the settings, not this file.\n" + yaml.safe_dump(config, sort_keys=False)
    )
    os.replace(partial, path)
    return path


def store_passwords(settings: RuntimeSettings, database_url: str) -> dict[str, str]:
    """The passwords that the endpoints file refers to, taken from the database and Redis URLs.

    Rasa fills ${TRACKER_DB_PASSWORD} and ${REDIS_PASSWORD} from its environment, so the
    passwords never stand in a file.
    """
    found = {"TRACKER_DB_PASSWORD": make_url(database_url).password}
    if settings.redis_url:
        found["REDIS_PASSWORD"] = make_url(settings.redis_url).password
    return {name: str(value) for name, value in found.items() if value}
