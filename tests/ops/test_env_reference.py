"""Every environment variable the portal reads is in the reference (.env.example)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = {"os.environ.get", "os.getenv", "env_bool", "env_list"}


def variables_read(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in READERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def portal_sources() -> list[Path]:
    apps = ["saker_trygg", "organisation", "samverkan", "lagesbild"]
    files = [p for app in apps for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    return files + [ROOT / "deploy" / "gunicorn.conf.py"]


def test_every_environment_variable_read_is_in_the_env_reference():
    reference = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", reference, re.MULTILINE))
    read = set().union(*(variables_read(path) for path in portal_sources()))

    assert "DJANGO_SECRET_KEY" in read  # the scan finds the settings' reads
    assert sorted(read - listed) == []
