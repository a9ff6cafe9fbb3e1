"""Fixtures shared by every test: a real database, real services, real trackers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.services import use_services
from assistant.bank.db import Database
from assistant.bank.seed import seed_demo, seed_staff
from assistant.settings import BankSettings
from assistant.wiring import Services, build_services
from lessons.rehearsals.store import RehearsalStore
from lessons.settings import LessonSettings
from lessons.store import LessonStore
from tests.helpers import settings_with_bank


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the demo data, lessons and rehearsals, made once and copied
    per test."""
    path = tmp_path_factory.mktemp("template") / "bank.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    seed_demo(db, "USD")
    seed_staff(db, BankSettings.from_env({"DATABASE_URL": f"sqlite:///{path}"}))
    LessonStore(db, LessonSettings()).import_dir()
    RehearsalStore(db, LessonSettings()).import_dir()
    db.dispose()
    return path


@pytest.fixture
def bank_settings(tmp_path: Path, seeded_template: Path) -> BankSettings:
    path = tmp_path / "bank.db"
    shutil.copy(seeded_template, path)
    return BankSettings.from_env({"DATABASE_URL": f"sqlite:///{path}"})


@pytest.fixture
def db(bank_settings: BankSettings) -> Iterator[Database]:
    database = Database(bank_settings.database_url)
    yield database
    database.dispose()


@pytest.fixture
def services(bank_settings: BankSettings, db: Database) -> Iterator[Services]:
    """The services the actions use, on this test's database."""
    built = build_services(settings_with_bank(bank_settings), db)
    use_services(built)
    yield built
    use_services(None)
