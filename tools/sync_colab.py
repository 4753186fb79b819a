"""Keep every Colab link and every opening cell in step with the repository address.

The address lives in one place, ``[project.urls] Repository`` in pyproject.toml. This
script rewrites, from it:
  * the "Open in Colab" badges in README.md and in each notebook's first cell, and the Binder link;
  * the first code cell of each notebook (the opening cell), keeping its
    ``tensorflow=True/False`` choice.

    python tools/sync_colab.py          # rewrite what is out of date
    python tools/sync_colab.py --check  # only report; exit 1 if anything is out of date
"""

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

OPENING_CELL = """\
# Setup: run this cell first. On Colab it installs the lesson helpers.
%matplotlib inline
import sys
if "google.colab" in sys.modules:
    import subprocess
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "git+{repo}"],
                   check=True)
from helpers.setup import start
start(tensorflow={tensorflow})"""

BADGE_RE = re.compile(
    r"\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]"
    r"\(https://colab\.research\.google\.com/github/[^)\s]*?/notebooks/([\w.-]+\.ipynb)\)"
)


BINDER_RE = re.compile(r"https://mybinder\.org/v2/gh/[^/\s]+/[^/\s]+/main")


def repository():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["project"]["urls"]["Repository"].rstrip("/")


def colab_badge(notebook_name, repo=None):
    path = (repo or repository()).removeprefix("https://github.com/")
    url = f"https://colab.research.google.com/github/{path}/blob/main/notebooks/{notebook_name}"
    return f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"


def opening_cell(tensorflow, repo=None):
    return OPENING_CELL.format(repo=repo or repository(), tensorflow=bool(tensorflow))


def _fix_badges(text, repo):
    path = repo.removeprefix("https://github.com/")
    text = BINDER_RE.sub(f"https://mybinder.org/v2/gh/{path}/main", text)
    return BADGE_RE.sub(lambda m: colab_badge(m.group(1), repo), text)


def _source(cell):
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def sync_notebook(path, repo):
    """Return the notebook's new JSON text, or None if it is already in step."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    cells = nb["cells"]
    first_md = next(c for c in cells if c["cell_type"] == "markdown")
    md = _source(first_md)
    badge = colab_badge(path.name, repo)
    md = _fix_badges(md, repo) if BADGE_RE.search(md) else md.rstrip("\n") + "\n\n" + badge
    first_md["source"] = md.splitlines(keepends=True)
    first_code = next(c for c in cells if c["cell_type"] == "code")
    uses_tf = "start(tensorflow=True)" in _source(first_code)
    first_code["source"] = opening_cell(uses_tf, repo).splitlines(keepends=True)
    new = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    return None if new == text else new


def main(argv):
    check = "--check" in argv
    repo = repository()
    stale = []
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if _fix_badges(text, repo) != text:
        stale.append(readme)
        if not check:
            readme.write_text(_fix_badges(text, repo), encoding="utf-8")
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        new = sync_notebook(path, repo)
        if new is not None:
            stale.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    for path in stale:
        print(("out of date: " if check else "updated: ") + str(path.relative_to(ROOT)))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
