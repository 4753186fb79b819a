"""Shared by the tests: where the repository is, its tools as modules, and notebook JSON."""

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"


def tool(name):
    """tools/<name>.py as a module, imported as `python tools/<name>.py` would see its
    neighbours (tools/ on the path), so a tool may import another."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    return importlib.import_module(name)


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell):
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)
