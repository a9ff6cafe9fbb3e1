"""The `assistant` command as an operator runs it: no demo data unless asked,
and a first staff user only with a strong password that never appears in argv."""

import os
import subprocess
import sys

import pytest

from assistant.bank.db import Database
from assistant.bank.models import Customer, StaffUser
from assistant.bank.staff import StaffAuth
from assistant.settings import PROJECT_ROOT, BankSettings

pytestmark = pytest.mark.slow


def _assistant(database_url, *args, stdin=""):
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], input=stdin, env=env,
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def empty_bank(tmp_path):
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    assert _assistant(url, "init").returncode == 0
    db = Database(url)
    yield url, db
    db.dispose()


def test_init_adds_no_demo_customers_or_staff_unless_asked(empty_bank):
    url, db = empty_bank
    with db.session() as session:
        assert session.query(Customer).count() == 0
        assert session.query(StaffUser).count() == 0
    assert _assistant(url, "init", "--demo").returncode == 0
    with db.session() as session:
        assert session.get(Customer, "demo") is not None
        assert session.get(StaffUser, "editor") is not None


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1!", "too short"),
        ("password1234", "too weak"),
        ("check-then-publish", "too weak"),  # a demo password README prints
        ("jsmith123456", "too weak"),  # the user name and digits
        ("qwertyuiop123", "too weak"),
    ],
)
def test_staff_add_refuses_weak_passwords(empty_bank, password, why):
    url, db = empty_bank
    result = _assistant(
        url, "staff", "add", "j.smith", "--name", "Jo Smith", "--role", "reviewer",
        "--password-stdin", stdin=password + "\n",
    )  # fmt: skip
    assert result.returncode == 2
    assert why in result.stderr and "Nothing" not in result.stdout
    with db.session() as session:
        assert session.get(StaffUser, "j.smith") is None


def test_staff_add_with_a_strong_password_can_log_in(empty_bank):
    url, db = empty_bank
    password = "amber-kettle-orbit-velvet"
    args = ["staff", "add", "j.smith", "--name", "Jo Smith", "--role", "reviewer"]
    result = _assistant(url, *args, "--password-stdin", stdin=password + "\n")
    assert result.returncode == 0, result.stderr
    _, actor = StaffAuth(db, BankSettings(database_url=url)).login("j.smith", password)
    assert actor.role == "reviewer"
    again = _assistant(url, *args, "--password-stdin", stdin=password + "\n")
    assert again.returncode == 2 and "already a staff user" in again.stderr


def test_lessons_export_writes_what_import_reads(empty_bank, tmp_path):
    url, _ = empty_bank
    out = tmp_path / "exported"
    result = _assistant(url, "lessons", "export", "--dir", str(out))
    assert result.returncode == 0, result.stderr
    library = PROJECT_ROOT / "lessons" / "content"
    exported = sorted(p.name for p in out.glob("*.md"))
    assert exported == sorted(p.name for p in library.glob("*.md"))
    for name in exported:
        assert (out / name).read_text() == (library / name).read_text(), name


def test_lessons_import_says_which_line_to_change(empty_bank, tmp_path):
    url, _ = empty_bank
    source = (PROJECT_ROOT / "lessons" / "content" / "romance-scams.md").read_text()
    bad = tmp_path / "bad"
    bad.mkdir()
    summary = next(line for line in source.splitlines() if line.startswith("summary: "))
    (bad / "romance-scams.md").write_text(source.replace(summary, "summary: Scams: what to do"))
    result = _assistant(url, "lessons", "import", "--dir", str(bad))
    assert result.returncode == 2
    said = result.stderr.split("error: ", 1)[1].splitlines()  # after the migrations' log
    assert said == [
        "romance-scams.md needs changes:",
        "  Line 4: A colon inside a value needs quotes around the value, like "
        'summary: "Scams: what to do"',
    ]


def test_rehearsals_export_writes_what_import_reads_and_a_bad_file_says_its_line(
    empty_bank, tmp_path
):
    url, _ = empty_bank
    out = tmp_path / "exported"
    result = _assistant(url, "rehearsals", "export", "--dir", str(out))
    assert result.returncode == 0, result.stderr
    library = PROJECT_ROOT / "lessons" / "rehearsals" / "content"
    exported = sorted(p.name for p in out.glob("*.yml"))
    assert exported == sorted(p.name for p in library.glob("*.yml"))
    for name in exported:
        assert (out / name).read_text() == (library / name).read_text(), name
    source = (library / "prize-fee.yml").read_text()
    (out / "prize-fee.yml").write_text(source.replace("next: the-card", "next: the-crad"))
    result = _assistant(url, "rehearsals", "import", "--dir", str(out))
    assert result.returncode == 2
    said = result.stderr.split("error: ", 1)[1].splitlines()
    assert said[0] == "prize-fee.yml needs changes:"
    assert said[1].startswith("  Line 30: Answer 1 of step 2 leads to 'the-crad', which is no")
