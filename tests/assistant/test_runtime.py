"""Rasa's endpoints: the tracker store and lock store follow DATABASE_URL and REDIS_URL."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.errors import ConfigurationError
from assistant.runtime import RuntimeSettings, lock_store_config, store_passwords, write_endpoints
from tests.helpers import runtime_env


def settings(tmp_path: Path, database_url: str, **extra: str) -> RuntimeSettings:
    env = runtime_env(database_url, RASA_ENDPOINTS=str(tmp_path / "endpoints.yml"), **extra)
    return RuntimeSettings.from_env(env)


POSTGRES = "postgresql+psycopg2://bank:db-secret@db.internal:5432/bank"


def test_one_process_locks_in_memory_and_several_lock_in_redis() -> None:
    assert lock_store_config("") == {"type": "in_memory"}
    assert lock_store_config("redis://cache.internal:6380/3") == {
        "type": "assistant.engine.lock_store.RedisMutexLockStore",
        "url": "cache.internal",
        "port": 6380,
        "db": 3,
        "key_prefix": "bank",
    }
    assert lock_store_config("rediss://cache.internal/0")["use_ssl"] is True


def test_a_lock_store_url_that_is_not_redis_says_what_is_expected() -> None:
    with pytest.raises(ConfigurationError, match="REDIS_URL must start with redis://"):
        lock_store_config("memcached://cache:11211")


def test_passwords_stay_out_of_the_endpoints_file(tmp_path: Path) -> None:
    s = settings(
        tmp_path,
        POSTGRES,
        REDIS_URL="redis://:redis-secret@cache.internal:6379/0",
        RASA_HOST="rasa",
        ACTION_HOST="actions",
        LISTEN_HOST="0.0.0.0",  # noqa: S104 - as in a container
    )
    written = write_endpoints(s, POSTGRES).read_text()
    assert "db-secret" not in written and "redis-secret" not in written
    config = yaml.safe_load(written)
    assert config["tracker_store"]["password"] == "${TRACKER_DB_PASSWORD}"
    assert config["lock_store"]["password"] == "${REDIS_PASSWORD}"
    assert config["action_endpoint"]["url"] == f"http://actions:{s.action_port}/webhook"
    assert s.rasa_url == f"http://rasa:{s.rasa_port}"
    assert store_passwords(s, POSTGRES) == {
        "TRACKER_DB_PASSWORD": "db-secret", "REDIS_PASSWORD": "redis-secret",
    }  # fmt: skip


def test_on_one_machine_everything_stays_on_loopback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    s = settings(tmp_path, url)
    assert s.listen_host == "127.0.0.1"
    assert s.rasa_url.startswith("http://127.0.0.1:")
    written = yaml.safe_load(write_endpoints(s, url).read_text())
    assert written["lock_store"] == {"type": "in_memory"}
    assert store_passwords(s, url) == {}


def test_two_rasa_processes_need_redis_and_take_consecutive_ports(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    with pytest.raises(ConfigurationError, match="RASA_WORKERS=2: use 1, or set REDIS_URL"):
        settings(tmp_path, url, RASA_WORKERS="2")
    s = settings(tmp_path, url, RASA_WORKERS="2", REDIS_URL="redis://127.0.0.1:6379/0")
    assert s.rasa_urls == [
        f"http://127.0.0.1:{s.rasa_port}",
        f"http://127.0.0.1:{s.rasa_port + 1}",
    ]
