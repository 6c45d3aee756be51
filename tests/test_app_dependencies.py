"""Apps depend one way, crisis and background <- accounts <- journal <- allies.

Read from the source, so a new import can't slip in.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def modules_imported_by(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def imports_from(folder: str, apps: tuple[str, ...]) -> dict[str, set[str]]:
    """{file: the modules of `apps` it imports} for the app's code, migrations aside."""
    wrong = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        names = {name for name in modules_imported_by(path) if name.split(".")[0] in apps}
        if names:
            wrong[str(path.relative_to(ROOT))] = names
    return wrong


def test_the_checker_finds_an_import_inside_a_function(tmp_path):
    module = tmp_path / "late.py"
    module.write_text("def later():\n    from journal.models import Win\n    import allies.models\n")
    assert modules_imported_by(module) == {"journal.models", "allies.models"}


def test_crisis_imports_nothing_from_accounts_journal_or_allies():
    assert imports_from("crisis", ("accounts", "journal", "allies")) == {}


def test_accounts_imports_nothing_from_journal_or_allies():
    assert imports_from("accounts", ("journal", "allies")) == {}


@pytest.mark.parametrize("folder", ["journal/portability"])
def test_the_journals_export_and_import_import_nothing_from_allies(folder):
    # The allies app adds its sections to the export itself (allies/export.py).
    assert imports_from(folder, ("allies",)) == {}


def test_the_background_app_imports_nothing_from_the_product_apps():
    # Every app queues its emails and tasks through background/; it names their tasks only as strings in settings.
    assert imports_from("background", ("accounts", "journal", "allies")) == {}


@pytest.mark.parametrize("folder", ["crisis", "accounts", "journal", "allies"])
def test_nothing_the_offline_app_builds_on_imports_it(folder):
    # offline (the service worker's files, the offline page, waiting wins) sits on top of the journal.
    assert imports_from(folder, ("offline",)) == {}
