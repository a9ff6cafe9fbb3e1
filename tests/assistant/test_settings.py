"""One parser for settings: each default is written once, and bad values name their variable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from assistant.app_settings import AppSettings
from assistant.channels.matrix.settings import MatrixSettings
from assistant.errors import ConfigurationError
from assistant.runtime import GatewaySettings, RuntimeSettings
from assistant.settings import BankSettings, default_database_url
from assistant.web_settings import WebSettings
from lessons.settings import LessonSettings
from tests.helpers import runtime_env
from voice.settings import ShellSettings, VoiceSettings


def test_an_empty_environment_gives_the_defaults_written_on_the_fields() -> None:
    assert BankSettings.from_env({}) == BankSettings(database_url=default_database_url())
    assert LessonSettings.from_env({}) == LessonSettings()
    assert VoiceSettings.from_env({}) == VoiceSettings()
    assert WebSettings.from_env({}) == WebSettings()


def test_the_root_holds_every_part_read_from_one_environment() -> None:
    env = runtime_env("sqlite://", HOME_CURRENCY="EUR", SECURE_COOKIES="1", MATRIX_USER="bot")
    settings = AppSettings.from_env(env)
    assert settings.bank == BankSettings.from_env(env)
    assert settings.runtime == RuntimeSettings.from_env(env)
    assert settings.web == WebSettings.from_env(env)
    assert (settings.bank.home_currency, settings.web.secure_cookies) == ("EUR", True)
    # Read, not checked: only the Matrix bot needs a homeserver, and it checks as it starts.
    assert settings.matrix.user == "bot"
    with pytest.raises(ConfigurationError, match="MATRIX_HOMESERVER"):
        settings.matrix.check()


def test_the_root_refuses_a_process_whose_secrets_are_missing() -> None:
    with pytest.raises(ConfigurationError, match="GATEWAY_SECRET not set"):
        AppSettings.from_env({}, needs=("GATEWAY_SECRET",))


def test_values_are_read_by_their_type() -> None:
    bank = BankSettings.from_env({"HOME_CURRENCY": "eur", "NEW_PAYEE_HOURS": "48"})
    assert (bank.home_currency, bank.new_payee_hours) == ("EUR", 48)
    lessons = LessonSettings.from_env({"LESSON_MAX_GRADE": "8.5", "LESSON_CONTENT_DIR": "/x"})
    assert (lessons.max_grade, lessons.content_dir) == (8.5, Path("/x"))
    web = WebSettings.from_env({"SECURE_COOKIES": "1", "TRUSTED_PROXIES": "2"})
    assert (web.secure_cookies, web.trusted_proxies) == (True, 2)
    assert VoiceSettings.from_env({"VOICE_ENGINE": "PocketSphinx"}).engine == "pocketsphinx"


@pytest.mark.parametrize(
    ("load", "env", "message"),
    [
        (BankSettings.from_env, {"LOCKOUT_AFTER": "five"}, "LOCKOUT_AFTER must be a whole number"),
        (
            LessonSettings.from_env,
            {"LESSON_MAX_GRADE": "easy"},
            "LESSON_MAX_GRADE must be a number",
        ),
    ],
)
def test_a_bad_value_names_its_variable(load, env, message):
    with pytest.raises(ConfigurationError, match=message):
        load(env)


def test_every_field_read_from_the_environment_has_one_default() -> None:
    """The variable and its default sit on the field; from_env does not write them again."""
    for cls in (
        BankSettings, GatewaySettings, LessonSettings, MatrixSettings, RuntimeSettings,
        ShellSettings, VoiceSettings, WebSettings,
    ):  # fmt: skip
        read = [f for f in dataclasses.fields(cls) if f.metadata.get("env")]
        assert read, cls.__name__
        assert all(f.default is not dataclasses.MISSING for f in read), cls.__name__
