"""How long a lesson takes in class, computed from the notebook itself (the rule: CONTRIBUTING.md).

    python tools/lesson_time.py           # a table: words, code lines, widgets, exercises, minutes
    python tools/lesson_time.py --write   # put the minutes into README.md, the index and each
                                          # lesson's title cell
    python tools/lesson_time.py --check   # exit 1 if any of those is out of date
"""

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# The rule, applied to every cell outside the sections marked "(optional)": a class reads and
# discusses prose at about 180 words a minute and walks through code at about 15 lines a minute;
# each widget is played with for a minute, each checked exercise takes two. The sum is rounded up
# to the next 5 minutes. Words: markdown outside code blocks. Code lines: non-blank lines of code
# cells that are not comments.
WORDS_PER_MINUTE = 180
CODE_LINES_PER_MINUTE = 15
MINUTES_PER_WIDGET = 1
MINUTES_PER_EXERCISE = 2
MAX_MINUTES, MAX_WORDS, MAX_CODE_LINES = 45, 3000, 300  # one class

WORD = re.compile(r"[A-Za-z0-9\uac00-\ud7a3]+(?:['’-][A-Za-z]+)*")
HEADER = re.compile(r"^\*About \d+ minutes of class time\b.*\*$", re.M)
HEADER_TEXT = ("*About {minutes} minutes of class time ({words:,} words, {code_lines} lines of "
               "code, {widgets} widget{s_w}, {exercises} checked exercise{s_e}; the rule is in "
               "CONTRIBUTING.md).*")


def _source(cell):
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def class_cells(cells):
    """The cells a class goes through: all but those of sections marked optional, from a heading
    such as "## Going further (optional)" to the next heading of the same level or above."""
    kept, skipping_level = [], None
    for cell in cells:
        if cell["cell_type"] == "markdown":
            heading = re.match(r"^(#{1,6}) (.*)", _source(cell))
            if heading:
                level = len(heading.group(1))
                if skipping_level is not None and level <= skipping_level:
                    skipping_level = None
                if skipping_level is None and "(optional)" in heading.group(2).lower():
                    skipping_level = level
        if skipping_level is None:
            kept.append(cell)
    return kept


def stats(path):
    """Words of prose, code lines, widgets, checked exercises and minutes of one notebook (its
    optional sections left out)."""
    cells = class_cells(json.loads(Path(path).read_text(encoding="utf-8"))["cells"])
    prose = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    prose = HEADER.sub("", re.sub(r"```.*?```", "", prose, flags=re.S))
    code = [_source(c) for c in cells if c["cell_type"] == "code"]
    code_lines = sum(1 for src in code for line in src.splitlines()
                     if line.strip() and not line.strip().startswith("#"))
    exercises_at = next((i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                         and re.search(r"^#+ .*Exercises", _source(c), re.M)), len(cells))
    exercises = sum(len(re.findall(r"\bcheck_\w+\(", _source(c)))
                    for c in cells[exercises_at:] if c["cell_type"] == "code")
    widgets = sum("interact(" in src for src in code)
    words = len(WORD.findall(prose))
    raw = (words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE
           + widgets * MINUTES_PER_WIDGET + exercises * MINUTES_PER_EXERCISE)
    return {"words": words, "code_lines": code_lines, "widgets": widgets,
            "exercises": exercises, "minutes": 5 * math.ceil(raw / 5)}


def lessons():
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("00_"))


def header_line(path):
    s = stats(path)
    return HEADER_TEXT.format(s_w="" if s["widgets"] == 1 else "s",
                              s_e="" if s["exercises"] == 1 else "s", **s)


def _table_row_minutes(text, name, minutes):
    """Set the Minutes column of the table row that links to `name` (the 4th column)."""
    def fix(match):
        cols = match.group(0).split(" | ")
        cols[3] = re.sub(r"^\d+", str(minutes), cols[3])  # keeps a closing " |"
        return " | ".join(cols)
    link = rf"\[[^\]]+\]\((?:notebooks/)?{re.escape(name)}\)"
    pattern = re.compile(rf"^\| \d\d \| {link} \| .*$", re.M)
    return pattern.sub(fix, text)


def updated_files():
    """{path: new text} for every file whose minutes are out of date."""
    changed = {}
    readme = ROOT / "README.md"
    index = NOTEBOOKS / "00_index.ipynb"
    readme_text = readme.read_text(encoding="utf-8")
    index_nb = json.loads(index.read_text(encoding="utf-8"))
    index_cells = index_nb["cells"]
    for path in lessons():
        s = stats(path)
        readme_text = _table_row_minutes(readme_text, path.name, s["minutes"])
        for cell in index_cells:
            if cell["cell_type"] == "markdown":
                cell["source"] = _table_row_minutes(_source(cell), path.name,
                                                    s["minutes"]).splitlines(keepends=True)
        nb = json.loads(path.read_text(encoding="utf-8"))
        title = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        text, line = _source(title), header_line(path)
        if HEADER.search(text):
            text = HEADER.sub(line, text)
        else:  # after the title's first paragraph
            head, _, rest = text.partition("\n\n")
            text = f"{head}\n\n{line}\n\n{rest}" if rest else f"{head}\n\n{line}\n"
        title["source"] = text.splitlines(keepends=True)
        new = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        if new != path.read_text(encoding="utf-8"):
            changed[path] = new
    if readme_text != readme.read_text(encoding="utf-8"):
        changed[readme] = readme_text
    new_index = json.dumps(index_nb, indent=1, ensure_ascii=False) + "\n"
    if new_index != index.read_text(encoding="utf-8"):
        changed[index] = new_index
    return changed


def main(argv):
    if "--write" in argv or "--check" in argv:
        changed = updated_files()
        for path, text in changed.items():
            print(("out of date: " if "--check" in argv else "updated: ")
                  + str(path.relative_to(ROOT)))
            if "--write" in argv:
                path.write_text(text, encoding="utf-8")
        return 1 if ("--check" in argv and changed) else 0
    print("| lesson | words | code lines | widgets | exercises | minutes |")
    print("|---|---|---|---|---|---|")
    for path in lessons():
        s = stats(path)
        print(f"| {path.stem} | {s['words']:,} | {s['code_lines']} | {s['widgets']} | "
              f"{s['exercises']} | {s['minutes']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
