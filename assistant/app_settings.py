"""The one settings root: `AppSettings.from_env()` reads every part from the environment once.

Each subsystem keeps its own frozen dataclass beside its code (`BankSettings`,
`RuntimeSettings`, `VoiceSettings`, ...); this module only gathers them. A process
reads the root once at its start and hands it, or the part it needs, to whoever
builds something: `assistant.wiring.build_services`, the web app, the Rasa and
action servers, the `assistant` command. Reading it has no side effects.

It sits above the channels, lessons and voice (their settings are parts of it) and
below the wiring and the surfaces (tests/test_layers.py). The two things Rasa builds
by class path read their own part alone, since nothing can hand them the root: the
input channels (`GatewaySettings`) and the NLU entity extractor (`BankSettings`).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from assistant.bank.mail import MailSettings
from assistant.channels.matrix.settings import MatrixSettings
from assistant.runtime import GatewaySettings, RuntimeSettings
from assistant.settings import BankSettings, read_env
from assistant.web_settings import WebSettings
from lessons.settings import LessonSettings
from voice.settings import ShellSettings, VoiceSettings


@dataclass(frozen=True)
class AppSettings:
    """Every setting of the assistant, one part per subsystem.

    Attributes:
        bank: database, currency, limits, log-in lock-out (BankSettings).
        runtime: ports, hosts, secrets and worker counts of the processes (RuntimeSettings).
        gateway: what Rasa's input channels read (GatewaySettings).
        web: the web app's rate limits, proxies and cookies (WebSettings).
        voice: speech engines and the speaking profile (VoiceSettings).
        voice_shell: where `assistant voice-shell` finds the web app (ShellSettings).
        lessons: lesson files, reading grade, the risk rules file (LessonSettings).
        mail: e-mail to trusted contacts (MailSettings).
        matrix: the Matrix bot's homeserver and account (MatrixSettings), read but not
            checked here: only the bot needs them, and it calls `check()` as it starts.
    """

    bank: BankSettings
    runtime: RuntimeSettings
    gateway: GatewaySettings
    web: WebSettings
    voice: VoiceSettings
    voice_shell: ShellSettings
    lessons: LessonSettings
    mail: MailSettings
    matrix: MatrixSettings

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, needs: Collection[str] = ()
    ) -> AppSettings:
        """Every part from `env` (os.environ when None); `needs` names the secrets this
        process uses, which must be set (see `RuntimeSettings.from_env`)."""
        env = os.environ if env is None else env
        return cls(
            bank=BankSettings.from_env(env),
            runtime=RuntimeSettings.from_env(env, needs),
            gateway=GatewaySettings.from_env(env),
            web=WebSettings.from_env(env),
            voice=VoiceSettings.from_env(env),
            voice_shell=ShellSettings.from_env(env),
            lessons=LessonSettings.from_env(env),
            mail=MailSettings.from_env(env),
            matrix=read_env(MatrixSettings, env),
        )
