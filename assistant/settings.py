"""Typed settings for the banking core, read from the environment in one place.

Every subsystem gets one frozen dataclass. Nothing here touches a database or a
network: building settings is cheap and has no side effects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


Settings = TypeVar("Settings")


def env_setting(name: str, default: Any, parse: Callable[[str], Any] | None = None) -> Any:
    """A settings field read from the environment variable `name`.

    Its default is written here, once; `read_env` keeps it when the variable is unset or
    empty. `parse` turns the text into the value when the field's type is not enough.
    """
    return dataclasses.field(default=default, metadata={"env": name, "parse": parse})


def read_env(cls: type[Settings], env: Mapping[str, str] | None, **given: Any) -> Settings:
    """The one parser of settings: build `cls` from `env` (os.environ when None).

    Fields made with `env_setting` are read by their type (int, float, bool, Path, str),
    with an error that names the variable; `given` values are taken as they are.
    """
    env = os.environ if env is None else env
    types = typing.get_type_hints(cls)
    values = dict(given)
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = field.metadata.get("env")
        raw = env.get(name) if name else None
        if field.name in values or not raw:
            continue
        parse = field.metadata.get("parse") or _PARSERS.get(types[field.name], str)
        try:
            values[field.name] = parse(raw)
        except ValueError:
            kind = _KINDS.get(types[field.name], "a valid value")
            raise ConfigurationError(f"{name} must be {kind}, got {raw!r}.") from None
    return cls(**values)


_PARSERS: dict[Any, Callable[[str], Any]] = {
    int: int,
    float: float,
    bool: lambda raw: raw == "1",
    Path: Path,
}
_KINDS = {int: "a whole number", float: "a number such as 7.0"}


def env_int(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole-number setting outside a settings class, read by the same rules."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, got {raw!r}.") from None


def default_database_url() -> str:
    """The embedded default: one SQLite file under var/."""
    return f"sqlite:///{VAR_DIR / 'bank.db'}"


@dataclass(frozen=True)
class BankSettings:
    """How the bank behaves for customers.

    Attributes:
        database_url: SQLAlchemy URL of the ledger (SQLite file by default,
            PostgreSQL when DATABASE_URL says so).
        home_currency: ISO 4217 code of the bank's currency; amounts said
            without a currency are taken to be in it.
        locale: Babel locale used to format money and dates in replies.
        per_transfer_limit_minor: largest single transfer or bill payment, in
            minor units (cents).
        daily_limit_minor: largest total of transfers and bill payments per
            customer per calendar day in the bank's time zone, in minor units.
        time_zone: the bank's IANA time zone (BANK_TIME_ZONE); its midnight starts
            a new day for the daily limit.
        pending_payment_minutes: how long a read-back payment waits for "yes".
        payment_code_minutes: how long a payment QR code reference stays valid.
        step_up_above_minor: payments above this need the PIN again on screen, and so
            does a payment that takes the last 24 hours' payments made without
            the PIN above it (ten payments of $1,000 are not ten small ones).
        new_payee_hours: payments to a payee added this recently need the PIN again; it is
            also how new a payee is for the risk rules.
        session_idle_minutes: a log-in session ends after this much inactivity.
        lockout_after: wrong PINs in a row that lock the log-in.
        lockout_minutes: how long the log-in stays locked.
        scam_pause_hours: after "I've been scammed", new outgoing payments are
            paused this long (SCAM_PAUSE_HOURS).
        trusted_contact_wait_seconds: a paused payment the trusted contact was
            asked about, and did not approve, may be sent after this cooling-off
            (TRUSTED_CONTACT_WAIT_SECONDS, 24 hours).
    """

    database_url: str = env_setting("DATABASE_URL", "")  # empty: default_database_url()
    home_currency: str = env_setting("HOME_CURRENCY", "USD", parse=str.upper)
    locale: str = env_setting("BANK_LOCALE", "en_US")
    per_transfer_limit_minor: int = env_setting("PER_TRANSFER_LIMIT_MINOR", 500_000)
    daily_limit_minor: int = env_setting("DAILY_LIMIT_MINOR", 1_000_000)
    time_zone: str = env_setting("BANK_TIME_ZONE", "America/New_York")
    pending_payment_minutes: int = env_setting("PENDING_PAYMENT_MINUTES", 10)
    payment_code_minutes: int = env_setting("PAYMENT_CODE_MINUTES", 10)
    step_up_above_minor: int = env_setting("STEP_UP_ABOVE_MINOR", 100_000)
    new_payee_hours: int = env_setting("NEW_PAYEE_HOURS", 24)
    session_idle_minutes: int = env_setting("SESSION_IDLE_MINUTES", 15)
    lockout_after: int = env_setting("LOCKOUT_AFTER", 5)
    lockout_minutes: int = env_setting("LOCKOUT_MINUTES", 15)
    scam_pause_hours: int = env_setting("SCAM_PAUSE_HOURS", 24)
    trusted_contact_wait_seconds: int = env_setting("TRUSTED_CONTACT_WAIT_SECONDS", 86_400)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BankSettings:
        settings = read_env(cls, env)
        if not settings.database_url:
            settings = dataclasses.replace(settings, database_url=default_database_url())
        currency = settings.home_currency
        if len(currency) != 3 or not currency.isalpha():
            raise ConfigurationError(
                f"HOME_CURRENCY must be a three-letter ISO 4217 code such as USD, got {currency!r}."
            )
        if settings.per_transfer_limit_minor <= 0 or settings.daily_limit_minor <= 0:
            raise ConfigurationError("Transfer limits must be positive amounts in minor units.")
        try:
            ZoneInfo(settings.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"BANK_TIME_ZONE must be an IANA time zone such as America/New_York, "
                f"got {settings.time_zone!r}."
            ) from None
        return settings

    def day_start(self, now: dt.datetime) -> dt.datetime:
        """The start of the bank's day that contains `now` (both naive UTC)."""
        zone = ZoneInfo(self.time_zone)
        local = now.replace(tzinfo=dt.timezone.utc).astimezone(zone)
        start = dt.datetime.combine(local.date(), dt.time.min, tzinfo=zone)
        return start.astimezone(dt.timezone.utc).replace(tzinfo=None)
