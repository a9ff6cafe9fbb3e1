"""Fixtures of the web tests: the app with the real recogniser and speaker, and a log-in."""

import dataclasses

import pytest

from tests.helpers import app_settings
from voice.settings import VoiceSettings
from web import create_app
from web.services import services_of


@pytest.fixture
def voice_client(bank_settings, db, tmp_path):
    voice = VoiceSettings(vosk_model=tmp_path / "no-vosk", max_upload_bytes=1024 * 1024)
    settings = dataclasses.replace(app_settings(bank_settings.database_url), voice=voice)
    app = create_app(settings, db=db)
    yield app.test_client()
    services_of(app).voice.speaker.close()


@pytest.fixture
def voice_token(voice_client):
    reply = voice_client.post("/api/login", json={"customer_id": "demo", "pin": "1234"})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}
