"""What the views use, built once by `create_app` and reached with `services()`.

The bank's services come from `assistant.wiring.build_services`; the web app adds
its own guards (rate limits, requests in flight) and the speech engines. They are
one typed object in `app.extensions`, so that a view names what it uses and mypy
checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from flask import Flask, current_app

from assistant.wiring import Services
from web.security import InFlightLimit, RateLimiter
from web.voice_engines import VoiceEngines

if TYPE_CHECKING:
    from nlu.minilm import SentenceEncoder

_KEY = "bank.services"


@dataclass
class WebServices:
    """The bank's services and the web app's own.

    Attributes:
        bank: every service of the bank (`build_services`).
        voice: the recogniser and the speaker.
        login_limiter: log-in attempts per client address.
        login_customer_limiter: log-in attempts per customer number.
        step_up_limiter: step-up PIN tries per customer.
        link_code_limiter, link_code_everyone_limiter: Matrix link codes per customer,
            and for everyone together.
        speak_limiter: messages one customer may have read aloud.
        voice_in_flight, speak_in_flight: recordings decoded, and messages read aloud,
            at once.
        sentence_encoder: the trainer page's sentence encoder, loaded on its first use.
    """

    bank: Services
    voice: VoiceEngines
    login_limiter: RateLimiter
    login_customer_limiter: RateLimiter
    step_up_limiter: RateLimiter
    link_code_limiter: RateLimiter
    link_code_everyone_limiter: RateLimiter
    speak_limiter: RateLimiter
    voice_in_flight: InFlightLimit
    speak_in_flight: InFlightLimit
    sentence_encoder: SentenceEncoder | None = None


def install(app: Flask, value: WebServices) -> None:
    app.extensions[_KEY] = value


def services_of(app: Flask) -> WebServices:
    """The services of `app` (a test or the server reaching them from outside a request)."""
    return cast(WebServices, app.extensions[_KEY])  # only install() writes this key


def services() -> WebServices:
    """The services of the app handling the current request."""
    return services_of(current_app)
