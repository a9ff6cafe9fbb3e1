"""The web app: the customer-facing gateway to the assistant.

`create_app` builds everything from the settings root (`AppSettings`), or takes
ready collaborators (tests pass their own database or gateway). Nothing connects at
import time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from assistant.app_settings import AppSettings
from assistant.bank.db import Database
from assistant.channels.rasa_gateway import RasaGateway
from assistant.wiring import build_services
from web import (
    api,
    campaign_api,
    campaign_portal,
    chat,
    contact_pages,
    educator_api,
    errors,
    lesson_editor,
    lesson_listen,
    lesson_pictures,
    matrix_api,
    portal,
    rehearsal_api,
    rehearsal_portal,
    trainer,
    trusted_contact_api,
    voice_api,
)
from web.security import InFlightLimit, RateLimiter, add_security_headers
from web.services import WebServices, install
from web.voice_engines import VoiceEngines


def create_app(
    app_settings: AppSettings | None = None,
    *,
    config: dict[str, Any] | None = None,
    db: Database | None = None,
    gateway: RasaGateway | None = None,
) -> Flask:
    app_settings = app_settings or AppSettings.from_env()
    runtime, settings, voice_settings = app_settings.runtime, app_settings.web, app_settings.voice
    app = Flask(__name__)
    if settings.trusted_proxies:
        # Only the hops we run are trusted: the address the nearest proxy saw is
        # the client, whatever a client writes into X-Forwarded-For itself.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    app.config.from_mapping(
        SECRET_KEY=runtime.web_secret_key,
        MAX_CONTENT_LENGTH=voice_settings.max_upload_bytes,
        MAX_JSON_BYTES=256 * 1024,
        MAX_MESSAGE_CHARS=settings.max_message_chars,
        JSON_SORT_KEYS=False,
        # The educator portal's cookie; customers' pages use bearer tokens instead.
        SESSION_COOKIE_NAME="portal_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=settings.portal_idle_minutes),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the portal session
    )
    if config:
        app.config.update(config)
    services = build_services(app_settings, db)
    if gateway is not None:
        services = dataclasses.replace(services, gateway=gateway)
    storage = settings.rate_limit_storage
    install(
        app,
        WebServices(
            bank=services,
            voice=VoiceEngines(
                voice_settings,
                names=services.payees.all_names,
                customer_names=lambda customer: [
                    f"{p.name} (my {p.relation})" if p.relation else p.name
                    for p in services.payees.payees(customer)
                ],
                currency=app_settings.bank.home_currency,
                language=app_settings.bank.locale.split("_")[0],
            ),
            login_limiter=RateLimiter(settings.login_rate_limit, storage),
            login_customer_limiter=RateLimiter(
                settings.login_customer_rate_limit, storage, "login-customer"
            ),
            step_up_limiter=RateLimiter(settings.step_up_rate_limit, storage, "step-up"),
            link_code_limiter=RateLimiter(settings.link_code_limit, storage, "link-code"),
            link_code_everyone_limiter=RateLimiter(
                settings.link_code_global_limit, storage, "link-all"
            ),
            speak_limiter=RateLimiter(settings.speak_rate_limit, storage, "speak"),
            voice_in_flight=InFlightLimit(
                settings.voice_in_flight, settings.voice_in_flight_per_customer
            ),
            speak_in_flight=InFlightLimit(
                settings.speak_in_flight,
                settings.speak_in_flight_per_customer,
                voice_api.READING_ALOUD,
            ),
        ),
    )
    app.register_blueprint(api.bp)
    app.register_blueprint(matrix_api.bp)
    app.register_blueprint(chat.bp)
    app.register_blueprint(educator_api.bp)
    app.register_blueprint(voice_api.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(lesson_editor.bp)
    app.register_blueprint(lesson_listen.bp)
    app.register_blueprint(lesson_pictures.bp)
    app.register_blueprint(rehearsal_portal.bp)
    app.register_blueprint(rehearsal_api.bp)
    app.register_blueprint(campaign_portal.bp)
    app.register_blueprint(campaign_api.bp)
    app.register_blueprint(trainer.bp)
    app.register_blueprint(trusted_contact_api.bp)
    app.register_blueprint(contact_pages.bp)
    lesson_pictures.allow_uploads(app, app_settings.lessons)
    csrf = CSRFProtect(app)
    # No cookies on the bearer APIs: CSRF cannot reach them. The contact's pages are
    # reached by a secret link token, which a forging site does not know.
    for bearer_api in (
        api.bp, matrix_api.bp, educator_api.bp, voice_api.bp, trusted_contact_api.bp,
        contact_pages.bp, rehearsal_api.bp, campaign_api.bp,
    ):  # fmt: skip
        csrf.exempt(bearer_api)
    add_security_headers(app, " ".join(["'self'", *settings.widget_origins.split()]))
    errors.register(app)
    voice_api.register_errors(app)
    return app
