"""Settings of the web app: its limits, proxies and cookies.

They live below the `web` package, not in it, so that the settings root
(`assistant.app_settings`) can hold them without importing the web app itself. Where
Rasa is and the secrets the app holds are in `RuntimeSettings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.settings import env_setting, read_env


@dataclass(frozen=True)
class WebSettings:
    """Attributes:
    max_message_chars: longest chat message accepted.
    rasa_timeout_seconds: how long to wait for the assistant's answer.
    login_rate_limit: log-in attempts allowed per client address (LOGIN_RATE_LIMIT).
    login_customer_rate_limit: log-in attempts allowed per customer number, from any
        address (LOGIN_CUSTOMER_RATE_LIMIT); a right PIN starts the count again.
    trusted_proxies: how many reverse proxies stand in front of the app
        (TRUSTED_PROXIES). With 1, the client's address is the last one in
        X-Forwarded-For, as the proxy wrote it; 0 (the default) ignores that header.
    rate_limit_storage: where attempts are counted: memory:// or redis://host:port/db
        (RATE_LIMIT_STORAGE).
    widget_origins: sites allowed to show the chat widget's frame, space-separated
        (WIDGET_ORIGINS, e.g. "https://www.examplebank.com"); this site always may.
    portal_idle_minutes: the educator portal logs out after this much inactivity
        (PORTAL_IDLE_MINUTES; the staff session itself also ends after SESSION_IDLE_MINUTES).
    secure_cookies: send the portal's cookie over HTTPS only (SECURE_COOKIES=1 behind TLS).
    step_up_rate_limit: step-up PIN tries per customer (STEP_UP_RATE_LIMIT).
    link_code_limit: Matrix link codes one customer may ask for (LINK_CODE_LIMIT).
    link_code_global_limit: Matrix link codes for everyone together (LINK_CODE_GLOBAL_LIMIT).
    voice_in_flight: recordings decoded at once in one web process (VOICE_IN_FLIGHT);
        more get 503.
    voice_in_flight_per_customer: recordings of one customer at once
        (VOICE_IN_FLIGHT_PER_CUSTOMER); more get 429.
    speak_in_flight: messages read aloud at once in one web process (SPEAK_IN_FLIGHT);
        more get 503.
    speak_in_flight_per_customer: messages of one customer read aloud at once
        (SPEAK_IN_FLIGHT_PER_CUSTOMER); more get 429.
    speak_rate_limit: messages one customer may have read aloud (SPEAK_RATE_LIMIT).
    """

    max_message_chars: int = 1000
    rasa_timeout_seconds: float = 30.0
    login_rate_limit: str = env_setting("LOGIN_RATE_LIMIT", "10/minute")
    login_customer_rate_limit: str = env_setting("LOGIN_CUSTOMER_RATE_LIMIT", "20/hour")
    trusted_proxies: int = env_setting("TRUSTED_PROXIES", 0)
    rate_limit_storage: str = env_setting("RATE_LIMIT_STORAGE", "memory://")
    widget_origins: str = env_setting("WIDGET_ORIGINS", "")
    portal_idle_minutes: int = env_setting("PORTAL_IDLE_MINUTES", 30)
    secure_cookies: bool = env_setting("SECURE_COOKIES", False)  # "1" turns it on
    step_up_rate_limit: str = env_setting("STEP_UP_RATE_LIMIT", "10/minute")
    link_code_limit: str = env_setting("LINK_CODE_LIMIT", "5/hour")
    link_code_global_limit: str = env_setting("LINK_CODE_GLOBAL_LIMIT", "300/hour")
    voice_in_flight: int = env_setting("VOICE_IN_FLIGHT", 4)
    voice_in_flight_per_customer: int = env_setting("VOICE_IN_FLIGHT_PER_CUSTOMER", 1)
    speak_in_flight: int = env_setting("SPEAK_IN_FLIGHT", 4)
    speak_in_flight_per_customer: int = env_setting("SPEAK_IN_FLIGHT_PER_CUSTOMER", 1)
    speak_rate_limit: str = env_setting("SPEAK_RATE_LIMIT", "30/minute")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        return read_env(cls, env)
