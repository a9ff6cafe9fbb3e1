"""The `assistant` command.

assistant init            create or upgrade the database (--demo adds the demo data)
assistant run             start Rasa, the action server and the web app (--demo: with demo data)
assistant staff add       add a staff user for the educator portal; asks for a strong password
assistant secrets         create var/secrets.env if it is missing
assistant lessons import  check and publish the lesson library (lessons/content/)
assistant lessons export  write each published lesson back to its file (lessons/content/)
assistant rehearsals import|export  the same for the practice calls (lessons/rehearsals/content/)
assistant voice-shell     talk to the running assistant by microphone, or --wav FILE
assistant matrix-bot      answer on Matrix (MATRIX_HOMESERVER, MATRIX_USER, MATRIX_PASSWORD)
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from assistant.app_settings import AppSettings
from assistant.bank.db import Database
from assistant.bank.seed import seed_demo, seed_staff
from assistant.errors import BankError, ConfigurationError
from assistant.nlu_feedback import training_yaml
from assistant.runtime import HOST, SECRET_NAMES, ensure_secrets
from assistant.settings import PROJECT_ROOT, VAR_DIR
from assistant.stack import Stack, StackFailed
from assistant.wiring import build_services
from lessons.errors import InvalidLesson

log = logging.getLogger("assistant")
# The Matrix bot signs its messages to Rasa and makes its conversation ids with this alone.
MATRIX_BOT_SECRETS = ("GATEWAY_SECRET",)
# Reviewed messages from the trainer page; the next `rasa train` reads data/.
REVIEWED_EXAMPLES = PROJECT_ROOT / "data" / "nlu" / "reviewed.yml"


def init_database(settings: AppSettings, demo: bool = False) -> None:
    """Create or upgrade the database and publish the lessons and the rehearsals.

    The demo customers and staff (whose PINs and passwords README prints) are
    added only with `demo=True`: a real bank starts with what it has.
    """
    bank = settings.bank
    db = Database(bank.database_url)
    try:
        db.upgrade()
        if demo:
            if seed_demo(db, bank.home_currency, locale=bank.locale):
                log.info("Added the demo customers (see README: demo / 1234).")
            seed_staff(db, bank)
        import_lessons(settings, db)
        import_rehearsals(settings, db)
    finally:
        db.dispose()


def export_reviewed(settings: AppSettings, out: Path) -> None:
    """Write the messages trainers reviewed as Rasa training data for the next training."""
    db = Database(settings.bank.database_url)
    try:
        db.upgrade()
        store = build_services(settings, db).nlu_feedback
        store.harvest()
        examples = store.examples_by_intent()
    finally:
        db.dispose()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(training_yaml(examples))
    count = sum(len(texts) for texts in examples.values())
    print(f"Wrote {count} reviewed examples to {out}. Train again to use them.")


def import_lessons(settings: AppSettings, db: Database, folder: Path | None = None) -> None:
    """Check every lesson file and publish the ones that are new or changed."""
    report = build_services(settings, db).lessons.import_dir(folder)
    for slug in report.added:
        log.info("Published lesson %s (reading grade %.1f).", slug, report.grades[slug])
    if report.unchanged:
        log.info("%d lessons unchanged.", len(report.unchanged))


def export_lessons(settings: AppSettings, db: Database, folder: Path | None = None) -> None:
    """Write every published lesson, as written in the portal, to `<slug>.md`."""
    written = build_services(settings, db).lessons.export_dir(folder)
    print(f"Wrote {len(written)} published lessons to {folder or 'lessons/content'}.")


def import_rehearsals(settings: AppSettings, db: Database, folder: Path | None = None) -> None:
    """Check every rehearsal file and publish the ones that are new or changed."""
    report = build_services(settings, db).rehearsals.import_dir(folder)
    for slug in report.added:
        log.info("Published rehearsal %s.", slug)
    if report.unchanged:
        log.info("%d rehearsals unchanged.", len(report.unchanged))


def export_rehearsals(settings: AppSettings, db: Database, folder: Path | None = None) -> None:
    """Write every published rehearsal, as written in the portal, to `<slug>.yml`."""
    written = build_services(settings, db).rehearsals.export_dir(folder)
    print(f"Wrote {len(written)} published rehearsals to {folder or 'lessons/rehearsals/content'}.")


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


DEMO_BANNER = (
    "DEMO LOG-INS ARE ACTIVE: customer demo / PIN 1234, staff teacher and editor "
    "(README). Never start a real bank with --demo."
)
NO_DEMO_BANNER = (
    "No demo data: customers and staff are those in the database. "
    "Add staff with `assistant staff add`."
)


def run(demo: bool = False) -> int:
    env = dict(os.environ)
    ensure_secrets(env)
    app_settings = AppSettings.from_env(env, needs=SECRET_NAMES)
    init_database(app_settings, demo=demo)
    settings = app_settings.runtime
    stack = Stack(settings, env, VAR_DIR / "logs")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        print("Starting the assistant (the first start takes about a minute)...", flush=True)
        stack.start()
        api = "token in var/secrets.env" if settings.rasa_http_api else "off: RASA_HTTP_API=1"
        print(
            "\nThe assistant is running on this computer only:\n"
            f"  Chat in your browser:  http://{HOST}:{settings.web_port}/\n"
            f"  Rasa HTTP API:         {settings.rasa_url}  ({api})\n"
            f"  Action server:         http://{HOST}:{settings.action_port}\n"
            f"  Logs:                  {VAR_DIR / 'logs'}\n"
            f"{DEMO_BANNER if demo else NO_DEMO_BANNER}\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        stack.supervise(stopping=lambda: False)
        return 0
    except StackFailed as error:
        print(f"{error} Stopping the rest.", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        stack.stop()


def matrix_bot() -> int:
    """Run the Matrix channel until SIGTERM or Ctrl-C."""
    from assistant.channels.matrix.bot import MatrixBot

    env = dict(os.environ)
    ensure_secrets(env, names=MATRIX_BOT_SECRETS)
    settings = AppSettings.from_env(env, needs=MATRIX_BOT_SECRETS)
    runtime = settings.runtime
    db = Database(settings.bank.database_url)
    db.upgrade()
    services = build_services(settings, db)
    bot = MatrixBot(
        settings.matrix.check(),
        db,
        services.gateway,
        services.tutor,
        sender_secret=runtime.gateway_secret,
        contacts=services.contacts,
    )
    signal.signal(signal.SIGTERM, lambda *_: bot.stopping.set())
    try:
        bot.run()
    except KeyboardInterrupt:
        pass
    finally:
        db.dispose()
    return 0


def add_staff(settings: AppSettings, args: argparse.Namespace) -> None:
    """`assistant staff add`: the password is asked for, or read from stdin, never an argument."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.staff_id}: ")
        if getpass.getpass("The same password again: ") != password:
            raise ConfigurationError("The two passwords differ. Nothing was added.")
    db = Database(settings.bank.database_url)
    try:
        db.upgrade()
        build_services(settings, db).staff_auth.create(
            args.staff_id, args.name, args.role, password
        )
    finally:
        db.dispose()
    print(f"Added {args.role} {args.staff_id}.")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="create or upgrade the database")
    demo_help = "add the demo customers and staff whose log-ins README prints (not for production)"
    init.add_argument("--demo", action="store_true", help=demo_help)
    run_parser = sub.add_parser("run", help="start the whole assistant on 127.0.0.1")
    run_parser.add_argument("--demo", action="store_true", help=demo_help)
    staff = sub.add_parser("staff", help="manage staff users of the educator portal")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    staff_add = staff_sub.add_parser("add", help="add a staff user; asks for the password")
    staff_add.add_argument("staff_id", help="the log-in name, such as j.smith")
    staff_add.add_argument("--name", required=True, help="the name shown in the portal")
    staff_add.add_argument("--role", required=True, choices=["educator", "reviewer"])
    staff_add.add_argument(
        "--password-stdin", action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )  # fmt: skip
    sub.add_parser("secrets", help="create var/secrets.env if missing")
    lessons = sub.add_parser("lessons", help="work with the lesson library")
    lessons.add_argument("action", choices=["import", "export"])
    lessons.add_argument(
        "--dir", type=Path, help="folder of lesson files to read or write (lessons/content)"
    )
    rehearsals = sub.add_parser("rehearsals", help="work with the practice call library")
    rehearsals.add_argument("action", choices=["import", "export"])
    rehearsals.add_argument(
        "--dir", type=Path,
        help="folder of rehearsal files to read or write (lessons/rehearsals/content)",
    )  # fmt: skip
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
            init_database(AppSettings.from_env(), demo=args.demo)
        elif args.command == "staff":
            add_staff(AppSettings.from_env(), args)
        elif args.command in ("lessons", "rehearsals"):
            settings = AppSettings.from_env()
            db = Database(settings.bank.database_url)
            exports = {"lessons": export_lessons, "rehearsals": export_rehearsals}
            imports = {"lessons": import_lessons, "rehearsals": import_rehearsals}
            try:
                db.upgrade()
                chosen = exports if args.action == "export" else imports
                chosen[args.command](settings, db, args.dir)
            finally:
                db.dispose()
        elif args.command == "nlu":
            export_reviewed(AppSettings.from_env(), args.out)
        elif args.command == "matrix-bot":
            return matrix_bot()
        elif args.command == "secrets":
            ensure_secrets(dict(os.environ))
        elif args.command == "run":
            return run(demo=args.demo)
    except InvalidLesson as invalid:
        # One line each: "Line 9: ..." is what to change, in the order of the file.
        print(f"error: {invalid.source} needs changes:", file=sys.stderr)
        for problem in invalid.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except BankError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
