"""Names of files in the docs and the tooling point at files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = "assistant|actions|bench|lessons|nlu|tools|voice|web"
# Test files are cited relative to tests/ ("web/test_trainer.py"), so they are left out.
PATH = re.compile(rf"(?<![\w/])((?:{FOLDERS})/(?:[\w]+/)*(?!test_)\w+\.(?:py|sh))\b")
TOOLING = ["pyproject.toml", "Makefile", "Dockerfile", "tools/system_deps.sh", "README.md"]
DOCS = ["README.md", "CHANGES.md", *sorted(f"docs/{p.name}" for p in ROOT.glob("docs/*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
# A test file named from the root: tests/web/test_trainer.py, tests/conversations/x.yml.
TEST_PATH = re.compile(r"(?<![\w/])(tests/(?:[\w-]+/)*[\w-]+\.(?:py|yml|json))\b")
MAKE = re.compile(r"`make ([a-z][\w-]*)")


@pytest.mark.parametrize("name", TOOLING)
def test_paths_named_in_the_tooling_exist(name: str) -> None:
    named = set(PATH.findall((ROOT / name).read_text()))
    assert {path for path in named if not (ROOT / path).exists()} == set()


@pytest.mark.parametrize(
    "package",
    sorted(p.parent for top in FOLDERS.split("|") for p in (ROOT / top).glob("**/__init__.py")),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_modules_a_package_docstring_lists_exist(package: Path) -> None:
    """A table of modules at the top of __init__.py names only modules that are there."""
    text = (package / "__init__.py").read_text()
    listed = re.findall(r"^([\w]+\.py)\s", text, flags=re.MULTILINE)
    assert {name for name in listed if not (package / name).exists()} == set()


def test_voice_readme_names_every_stage() -> None:
    readme = (ROOT / "voice" / "README.md").read_text()
    not_stages = {"__init__.py", "errors.py", "settings.py"}
    modules = {p.name for p in (ROOT / "voice").glob("*.py") if p.name not in not_stages}
    assert {m for m in modules if f"`{m}`" not in readme} == set()


def anchors(path: Path) -> set[str]:
    """The anchors GitHub makes for a Markdown file's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", path.read_text(), flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


@pytest.mark.parametrize("name", DOCS)
def test_links_in_the_docs_reach_a_file_and_its_heading(name: str) -> None:
    doc = ROOT / name
    broken = []
    for target in LINK.findall(doc.read_text()):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in anchors(path)):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("name", DOCS)
def test_files_and_make_targets_named_in_the_docs_exist(name: str) -> None:
    text = (ROOT / name).read_text()
    named = set(PATH.findall(text)) | set(TEST_PATH.findall(text))
    assert {path for path in named if not (ROOT / path).exists()} == set()
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))
    assert set(MAKE.findall(text)) - targets == set()
