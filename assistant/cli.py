"""The `assistant` command.

assistant init            create or upgrade the database, add the demo data
assistant run             start Rasa, the action server and the web app
assistant secrets         create var/secrets.env if it is missing
assistant lessons import  check and publish the lesson library (lessons/content/)
assistant voice-shell     talk to the running assistant by microphone, or --wav FILE
assistant matrix-bot      answer on Matrix (MATRIX_HOMESERVER, MATRIX_USER, MATRIX_PASSWORD)
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from assistant.db import Database
from assistant.errors import BankError
from assistant.nlu_feedback import NluFeedbackStore, training_yaml
from assistant.runtime import HOST, RuntimeSettings, ensure_secrets
from assistant.seed import seed_demo, seed_staff
from assistant.settings import PROJECT_ROOT, VAR_DIR, BankSettings
from assistant.stack import Stack

log = logging.getLogger("assistant")
# Reviewed messages from the trainer page; the next `rasa train` reads data/.
REVIEWED_EXAMPLES = PROJECT_ROOT / "data" / "nlu" / "reviewed.yml"


def init_database(settings: BankSettings, demo: bool = True) -> None:
    db = Database(settings.database_url)
    try:
        db.upgrade()
        if demo:
            if seed_demo(db, settings.home_currency, locale=settings.locale):
                log.info("Added the demo customers (see README: demo / 1234).")
            seed_staff(db, settings)
        import_lessons(db)
    finally:
        db.dispose()


def export_reviewed(settings: BankSettings, out: Path) -> None:
    """Write the messages trainers reviewed as Rasa training data for the next training."""
    db = Database(settings.database_url)
    try:
        db.upgrade()
        store = NluFeedbackStore(db)
        store.harvest()
        examples = store.examples_by_intent()
    finally:
        db.dispose()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(training_yaml(examples))
    count = sum(len(texts) for texts in examples.values())
    print(f"Wrote {count} reviewed examples to {out}. Train again to use them.")


def import_lessons(db: Database, folder: Path | None = None) -> None:
    """Check every lesson file and publish the ones that are new or changed."""
    from lessons.settings import LessonSettings
    from lessons.store import LessonStore

    report = LessonStore(db, LessonSettings.from_env()).import_dir(folder)
    for slug in report.added:
        log.info("Published lesson %s (reading grade %.1f).", slug, report.grades[slug])
    if report.unchanged:
        log.info("%d lessons unchanged.", len(report.unchanged))


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run() -> int:
    env = dict(os.environ)
    ensure_secrets(env)
    settings = RuntimeSettings.from_env(env)
    init_database(settings.bank)
    stack = Stack(settings, env, VAR_DIR / "logs")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        print("Starting the assistant (the first start takes about a minute)...", flush=True)
        stack.start()
        print(
            "\nThe assistant is running on this computer only:\n"
            f"  Chat in your browser:  http://{HOST}:{settings.web_port}/\n"
            f"  Rasa HTTP API:         {settings.rasa_url}  (token in var/secrets.env)\n"
            f"  Action server:         http://{HOST}:{settings.action_port}\n"
            f"  Logs:                  {VAR_DIR / 'logs'}\n"
            "Log in as demo with PIN 1234. Press Ctrl-C to stop.",
            flush=True,
        )
        while len(stack.running()) == len(stack.children):
            time.sleep(1)
        stopped = set(c.name for c in stack.children) - set(stack.running())
        print(f"The {', '.join(sorted(stopped))} server stopped; stopping the rest.", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        stack.stop()


def matrix_bot() -> int:
    """Run the Matrix channel until SIGTERM or Ctrl-C."""
    from assistant.matrix.bot import MatrixBot, MatrixSettings
    from lessons.settings import LessonSettings
    from lessons.store import LessonStore
    from lessons.tutor import Tutor
    from web.rasa_client import RasaGateway

    env = dict(os.environ)
    ensure_secrets(env)
    runtime = RuntimeSettings.from_env(env)
    db = Database(runtime.bank.database_url)
    db.upgrade()
    bot = MatrixBot(
        MatrixSettings.from_env(env),
        db,
        RasaGateway(runtime.rasa_url, runtime.gateway_secret),
        Tutor(db, LessonStore(db, LessonSettings.from_env(env))),
    )
    signal.signal(signal.SIGTERM, lambda *_: bot.stopping.set())
    try:
        bot.run()
    except KeyboardInterrupt:
        pass
    finally:
        db.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create or upgrade the database and add demo data")
    init.add_argument("--no-demo", action="store_true", help="do not add demo customers")
    sub.add_parser("run", help="start the whole assistant on 127.0.0.1")
    sub.add_parser("secrets", help="create var/secrets.env if missing")
    lessons = sub.add_parser("lessons", help="work with the lesson library")
    lessons.add_argument("action", choices=["import"])
    lessons.add_argument("--dir", type=Path, help="folder of lesson files (lessons/content)")
    nlu = sub.add_parser("nlu", help="harvest and export what staff reviewed in the trainer page")
    nlu.add_argument("action", choices=["export"])
    nlu.add_argument("--out", type=Path, default=REVIEWED_EXAMPLES, help="training data file")
    sub.add_parser("voice-shell", help="talk by microphone, or send --wav FILE", add_help=False)
    sub.add_parser("matrix-bot", help="answer direct messages on a Matrix homeserver")
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["voice-shell"]:
        from voice.shell import main as voice_shell

        return voice_shell(argv[1:])
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            init_database(BankSettings.from_env(), demo=not args.no_demo)
        elif args.command == "lessons":
            db = Database(BankSettings.from_env().database_url)
            try:
                db.upgrade()
                import_lessons(db, args.dir)
            finally:
                db.dispose()
        elif args.command == "nlu":
            export_reviewed(BankSettings.from_env(), args.out)
        elif args.command == "matrix-bot":
            return matrix_bot()
        elif args.command == "secrets":
            ensure_secrets(dict(os.environ))
        elif args.command == "run":
            return run()
    except BankError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
