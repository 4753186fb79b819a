"""Re-run notebooks and store their outputs, under pytest so stored and tested outputs agree.

    python tools/refresh_outputs.py                       # every notebook
    python tools/refresh_outputs.py notebooks/01_*.ipynb  # some

Runs them with nbmake (``--overwrite``), then tidies what Jupyter front ends would stumble on:
widget state (``metadata.widgets`` stops GitHub from rendering a notebook), widget views whose
models are not saved, per-cell timing metadata, and editor-specific metadata.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def tidy(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = nb["metadata"]
    for key in ("widgets", "jupytext", "colab", "accelerator", "papermill"):
        meta.pop(key, None)
    meta["kernelspec"] = KERNELSPEC
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("collapsed", None)
        if cell["cell_type"] != "code":
            continue
        # A widget's stored view cannot be shown without its (unsaved) state, and its text
        # fallback is a long repr: drop the output, keep the rest (figures drawn by the cell).
        cell["outputs"] = [o for o in cell["outputs"] if WIDGET_VIEW not in o.get("data", {})]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(args):
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    cmd = [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:nbval",
           "-p", "no:cacheprovider", "--nbmake", "--overwrite", "--nbmake-timeout=300", "-q",
           *map(str, paths)]
    code = subprocess.call(cmd, cwd=ROOT)
    for path in paths:
        tidy(path)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
