"""Guard tests: public API, CLI help, import hygiene."""

import subprocess
import sys

import typer.main

import unspin
from unspin.cli import app


def test_all_is_complete_and_sorted():
    """Everything __init__ imports for users is in __all__ (httpx-style), and __all__ is sorted."""
    import types

    exported = {
        name
        for name, value in vars(unspin).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert exported == set(unspin.__all__)
    assert unspin.__all__ == sorted(unspin.__all__)


def test_every_cli_command_has_help():
    group = typer.main.get_command(app)

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, cmd

    commands = list(walk(group, []))
    assert len(commands) >= 4
    for path, cmd in commands:
        assert (cmd.help or "").strip(), f"`unspin {' '.join(path)}` has no help text"


def test_import_unspin_stays_light():
    code = "import sys, unspin; bad = [m for m in ('typer', 'click', 'fastapi', 'starlette', 'pyspark', 'torch', 'sklearn') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
