"""Fixtures of the web tests: the app with the real recogniser and speaker, and a log-in."""

import pytest

from assistant.runtime import RuntimeSettings
from tests.helpers import runtime_env
from voice.settings import VoiceSettings
from web import create_app


@pytest.fixture
def voice_client(bank_settings, db, tmp_path):
    runtime = RuntimeSettings.from_env(runtime_env(bank_settings.database_url))
    voice = VoiceSettings(vosk_model=tmp_path / "no-vosk", max_upload_bytes=1024 * 1024)
    app = create_app(runtime, db=db, voice_settings=voice)
    yield app.test_client()
    app.extensions["bank.voice"].speaker.close()


@pytest.fixture
def voice_token(voice_client):
    reply = voice_client.post("/api/login", json={"customer_id": "demo", "pin": "1234"})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}
