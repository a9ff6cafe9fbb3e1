"""The layers run one way: a module imports only from its own layer or the layers below,
and no module imports itself back through others (no import loop).

Each line of LAYERS is one layer, from the top down; packages on one line are siblings and
neither imports the other. The longest package name a module starts with is its own. Every
import counts, including those inside functions. The test reads the source; it imports
nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# From the top down; each entry is one layer of sibling packages.
LAYERS: list[list[str]] = [
    ["assistant.cli", "assistant.migrations"],  # the command and the schema's history
    ["web", "actions"],  # what customers and staff talk to
    # builds every service; the starts of the Rasa and action server processes
    ["assistant.wiring", "assistant.engine.server", "assistant.engine.action_server"],
    ["assistant.app_settings"],  # the one settings root, holding every part below
    ["assistant.channels"],  # Rasa's input channels, the gateway, Matrix
    ["lessons", "voice", "nlu"],  # what the bank does not know about
    ["assistant"],  # the process shell: Rasa's engine, runtime, stack, message cleaning
    ["assistant.bank"],  # the bank: ledger, payments, auth, cards, protection
    ["assistant.settings"],  # read by every layer
    ["assistant.errors"],  # the errors whose messages say how to fix them
]
# actions/ inside its layer: the base modules at its top, used by every group below them.
# The groups may use each other (a read-back warns of a scam, a scam story stops a payment),
# but never in a loop of modules, and the base never reaches into a group.
ACTION_GROUPS = [
    "actions.accounts",  # balances and history: reads only
    "actions.cards",  # freeze, unfreeze, a lost card
    "actions.conversation",  # greeting, help, follow-ups, not understood, out of scope
    "actions.classroom",  # the lessons and their quiz
    "actions.money",  # payments, moves, deposits, bills: forms, read-back, the yes
    "actions.places",  # branches and opening hours
    "actions.protection",  # scams, the lock-down, paused payments, the trusted contact
]
# Never in the bank, at any depth: it must run without a dialogue engine or a web server.
NOT_IN_THE_BANK = {"rasa", "rasa_sdk", "flask", "sanic", "werkzeug", "nio"}
OURS = {"assistant", "web", "actions", "lessons", "voice", "nlu"}


def owner(module: str) -> tuple[int, str] | None:
    """The layer (index from the top) and package a module belongs to; the longest prefix wins."""
    best: tuple[int, str] | None = None
    for level, packages in enumerate(LAYERS):
        for package in packages:
            inside = module == package or module.startswith(package + ".")
            if inside and (best is None or len(package) > len(best[1])):
                best = (level, package)
    return best


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every absolute import of one of our packages in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in OURS]
    return found


def violations(root: Path) -> list[str]:
    wrong = []
    for top in sorted(OURS):
        for path in sorted((root / top).rglob("*.py")):
            if "versions" in path.relative_to(root).parts:
                continue  # migration scripts are frozen history
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            mine = owner(module)
            assert mine is not None, module
            for line, name in imports(path):
                theirs = owner(name)
                if theirs is None or theirs[1] == mine[1]:
                    continue
                if theirs[0] <= mine[0]:
                    rel = path.relative_to(root)
                    wrong.append(f"{rel}:{line}: {mine[1]} must not import {name}")
    return wrong


def test_no_layer_imports_a_higher_one_or_a_sibling() -> None:
    assert violations(ROOT) == []


def modules(root: Path) -> dict[str, Path]:
    """Every module of our packages by its dotted name (a package by its own name)."""
    found = {}
    for top in sorted(OURS):
        for path in sorted((root / top).rglob("*.py")):
            if "versions" not in path.relative_to(root).parts:
                name = ".".join(path.relative_to(root).with_suffix("").parts)
                found[name.removesuffix(".__init__")] = path
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Which of our modules each module imports ("from a import b" counts a.b if a module)."""
    known = modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in known and t != name}
    return graph


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def test_no_module_imports_itself_back_through_others() -> None:
    assert loops(import_graph(ROOT)) == []


def test_the_loop_check_finds_a_loop_through_a_late_import(tmp_path: Path) -> None:
    for package in OURS:
        (tmp_path / package).mkdir()
    (tmp_path / "actions" / "read_back.py").write_text("from actions import scams\n")
    (tmp_path / "actions" / "scams.py").write_text("def late():\n    import actions.held\n")
    (tmp_path / "actions" / "held.py").write_text("from actions.read_back import x\n")
    (tmp_path / "actions" / "alone.py").write_text("from actions import scams\n")
    assert loops(import_graph(tmp_path)) == [["actions.held", "actions.read_back", "actions.scams"]]


def test_the_bank_runs_without_a_dialogue_engine_or_a_web_server() -> None:
    wrong = []
    for path in sorted((ROOT / "assistant" / "bank").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in NOT_IN_THE_BANK:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert wrong == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("assistant/bank/payments.py", "lessons.risk"),  # ground reaching up to a feature
        ("lessons/tutor.py", "voice.tts"),  # one feature reaching into a sibling
        ("assistant/channels/matrix/bot.py", "web.errors"),  # a channel reaching up to web
        ("assistant/wiring.py", "actions.context"),  # the wiring reaching up to a surface
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, importer: str, imported: str) -> None:
    file = tmp_path / importer
    file.parent.mkdir(parents=True)
    file.write_text(f"def late():\n    import {imported}\n")
    for package in OURS:
        (tmp_path / package).mkdir(exist_ok=True)
    assert violations(tmp_path) == [
        f"{importer}:2: {owner(importer[:-3].replace('/', '.'))[1]} must not import {imported}"
    ]


def test_tests_share_helpers_through_support_modules_not_each_other() -> None:
    """A test module imports helpers from tests/support.py (or a fixture), not from a test."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                last = node.module.split(".")[-1]
                if node.module.startswith("tests.") and (
                    last == "conftest" or last.startswith("test_")
                ):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}")
    assert wrong == []


def test_every_group_of_actions_is_in_the_table() -> None:
    found = {f"actions.{path.parent.name}" for path in (ROOT / "actions").glob("*/__init__.py")}
    assert found == set(ACTION_GROUPS)


def base_of_the_actions_reaching_into_a_group(root: Path) -> list[str]:
    """Which group each module at the top of actions/ imports, as "importer -> imported"."""
    base = {name for name in modules(root) if name.count(".") == 1 and name.startswith("actions.")}
    return sorted(
        f"{name} -> {target}"
        for name, targets in import_graph(root).items()
        if name in base
        for target in targets
        if any(target == g or target.startswith(g + ".") for g in ACTION_GROUPS)
    )


def test_the_base_of_the_actions_imports_no_group() -> None:
    assert base_of_the_actions_reaching_into_a_group(ROOT) == []


def test_the_check_catches_the_base_reaching_into_a_group(tmp_path: Path) -> None:
    for package in OURS:
        (tmp_path / package).mkdir()
    (tmp_path / "actions" / "money").mkdir()
    (tmp_path / "actions" / "money" / "__init__.py").write_text("")
    (tmp_path / "actions" / "money" / "read_back.py").write_text("")
    (tmp_path / "actions" / "context.py").write_text("def late():\n    from actions import money\n")
    (tmp_path / "actions" / "replies.py").write_text("import actions.money.read_back\n")
    assert base_of_the_actions_reaching_into_a_group(tmp_path) == [
        "actions.context -> actions.money",
        "actions.replies -> actions.money.read_back",
    ]
