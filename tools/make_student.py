"""Write the student edition of the collection: every notebook without the solutions.

    python tools/make_student.py OUTDIR               # OUTDIR/notebooks/*.ipynb and OUTDIR/docs/
    python tools/make_student.py OUTDIR --from DIR    # another folder of notebooks

Each notebook is copied as it is, except:
  * the solutions, the ``<details>`` blocks of the markdown cells, are removed;
  * the code cells of the Exercises section are reset: outputs cleared, source kept, which in the
    teacher's notebooks is the answer placeholder (``answer = ...``). An exercise cell that calls
    a check without a ``...`` placeholder may hold a solution: the tool stops and names it;
  * the title cell says it is the student edition, and loses its "Open in Colab" badge (the
    badge opens the teacher's notebook).
The teacher's notebooks are only read.
"""

import argparse
import ast
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DETAILS = re.compile(r"\n*<details>.*?</details>\n*", re.S)
BADGE = re.compile(r"\n*\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)\n*")
CHECK_CALL = re.compile(r"\bcheck_\w+\(")
NOTE = "*Student edition: the solutions are left out.*"


def _source(cell):
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _set_source(cell, text):
    cell["source"] = text.splitlines(keepends=True)


def exercise_range(cells):
    """Indices of the cells of the Exercises section: its heading up to the next heading of the
    same level or above (an optional section after it stays lesson content)."""
    for i, cell in enumerate(cells):
        heading = cell["cell_type"] == "markdown" and re.match(r"^(#+) .*Exercises", _source(cell))
        if heading:
            level = len(heading.group(1))
            for j in range(i + 1, len(cells)):
                next_heading = re.match(r"^(#+) ", _source(cells[j]))
                if cells[j]["cell_type"] == "markdown" and next_heading \
                        and len(next_heading.group(1)) <= level:
                    return range(i, j)
            return range(i, len(cells))
    return range(0)


def _only_imports(code):
    try:
        return all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.parse(code).body)
    except SyntaxError:
        return False


def student_notebook(nb, name="notebook"):
    """The student edition of one notebook (a new dict; `nb` is left as it was)."""
    nb = json.loads(json.dumps(nb))
    cells = nb["cells"]
    exercises = exercise_range(cells)
    for i, cell in enumerate(cells):
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            _set_source(cell, DETAILS.sub("\n\n", text).strip("\n") + "\n" if "<details>" in text
                        else text)
        elif i in exercises:
            if CHECK_CALL.search(text) and "..." not in text:
                raise ValueError(f"{name}, cell {i}: an exercise cell calls a check but has no "
                                 "'...' placeholder; it may hold a solution. Put the placeholder "
                                 "back in the teacher's notebook.")
            if not CHECK_CALL.search(text) and not _only_imports(text):
                raise ValueError(f"{name}, cell {i}: an exercise code cell that is neither an "
                                 "answer cell (a check with '...') nor imports.")
            cell["outputs"], cell["execution_count"] = [], None
    title = next(c for c in cells if c["cell_type"] == "markdown")
    head, _, rest = BADGE.sub("\n\n", _source(title)).strip("\n").partition("\n\n")
    _set_source(title, f"{head}\n\n{NOTE}\n\n{rest}".rstrip("\n") + "\n")
    return nb


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--from", dest="source", type=Path, default=ROOT / "notebooks")
    args = parser.parse_args(argv)
    out = args.outdir / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.source.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(student_notebook(nb, path.name), indent=1, ensure_ascii=False) + "\n"
        (out / path.name).write_text(text, encoding="utf-8")
        print(f"wrote {out / path.name}")
    if (ROOT / "docs").is_dir():  # the index links to ../docs/
        shutil.copytree(ROOT / "docs", args.outdir / "docs", dirs_exist_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
