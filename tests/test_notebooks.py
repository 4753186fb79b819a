"""The conventions every notebook keeps (CONTRIBUTING.md); nbval runs them, this checks form."""

import ast
import builtins
import re

import pytest
from project import ROOT, load, source, tool

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
MARKERS = {"NBVAL_CHECK_OUTPUT", "NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION"}

sync_colab = tool("sync_colab")
lesson_time = tool("lesson_time")
# Lessons still longer than one class, being trimmed or split: each must really be over a limit,
# so the list shrinks as they are fixed.
OVER_ONE_CLASS = set()


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def markdown(nb):
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00_index.ipynb") in NOTEBOOKS
    assert LESSONS, "no lesson notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
class TestNotebook:
    def test_metadata(self, path):
        nb = load(path)
        assert nb["nbformat"] == 4
        assert nb["metadata"]["kernelspec"]["name"] == "python3"
        assert "widgets" not in nb["metadata"], "widget state stored: run tools/refresh_outputs.py"

    def test_opening_cell(self, path):
        first = source(code_cells(load(path))[0])
        assert first in (sync_colab.opening_cell(False), sync_colab.opening_cell(True)), (
            "the first code cell must be the standard opening cell: run tools/sync_colab.py")

    def test_tensorflow_only_after_a_quiet_start(self, path):
        # start(tensorflow=True) imports TensorFlow with its native start-up lines filtered out;
        # a lesson importing it later with start(tensorflow=False) would show them as a red box.
        cells = [source(c) for c in code_cells(load(path))]
        uses_tf = any(re.search(r"^\s*(import|from) (keras|tensorflow)\b|keras_tools", c, re.M)
                      for c in cells[1:])
        if uses_tf:
            assert "start(tensorflow=True)" in cells[0], "a TensorFlow lesson's opening cell"

    def test_no_shell_cells(self, path):
        for cell in code_cells(load(path)):
            for line in source(cell).splitlines():
                assert not line.lstrip().startswith(("!", "%%bash", "%%sh", "%sx", "%system")), line

    def test_no_control_characters(self, path):
        # A LaTeX command written in a Python string without r"" (\times, \frac, \beta) turns
        # into a tab, form feed or backspace and silently breaks the formula.
        for i, cell in enumerate(load(path)["cells"]):
            bad = sorted({repr(ch) for ch in source(cell) if ch in "\t\a\b\v\f\r"})
            assert not bad, f"cell {i} contains {', '.join(bad)}: {source(cell)[:80]!r}"

    def test_nbval_markers_are_exact(self, path):
        for cell in code_cells(load(path)):
            for line in source(cell).splitlines():
                if "NBVAL_" in line:
                    name = line.strip().removeprefix("#").strip()
                    assert line.strip() == f"# {name}" and name in MARKERS, (
                        f"{line!r}: a marker must be alone on its line: '# NBVAL_CHECK_OUTPUT'")

    def test_ran_top_to_bottom_without_errors_or_warnings(self, path):
        counts = [c["execution_count"] for c in code_cells(load(path))]
        assert counts == list(range(1, len(counts) + 1)), (
            "stored outputs must come from one top-to-bottom run: run tools/refresh_outputs.py")
        for cell in code_cells(load(path)):
            for out in cell["outputs"]:
                assert out["output_type"] != "error", source(cell)[:80]
                plain = out.get("data", {}).get("text/plain", "")
                text = "".join(out.get("text", "")) + "".join(plain)
                assert not re.search(r"Warning|WARNING|Traceback", text), text[:300]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
class TestLessonStructure:
    def test_sections(self, path):
        md = markdown(load(path))
        for heading in ("You will learn", "Summary", "Exercises"):
            assert re.search(rf"^#+ .*{heading}", md, re.M | re.I), f"no '{heading}' heading"
        assert "<details>" in md, "exercise solutions belong in collapsed <details> blocks"
        assert re.search(r"[\uac00-\ud7a3]", md), "key terms carry their Korean name"

    def test_exercises_have_self_checks(self, path):
        code = "\n".join(source(c) for c in code_cells(load(path)))
        assert re.search(r"\bcheck_\w+\(", code), "no exercise self-check is called"

    def test_plot_then_widget(self, path):
        cells = code_cells(load(path))
        has_png = [any("image/png" in o.get("data", {}) for o in c["outputs"]) for c in cells]
        widget_cells = [i for i, c in enumerate(cells) if "interact(" in source(c)]
        assert widget_cells, "no widget"
        first = widget_cells[0]
        assert any(has_png[:first]), "draw the widget's figure statically before the widget"
        for i in widget_cells:
            assert "# NBVAL_IGNORE_OUTPUT" in source(cells[i]).splitlines(), (
                "a widget cell must carry # NBVAL_IGNORE_OUTPUT")

    def test_listed_in_index_and_readme(self, path):
        assert path.name in markdown(load(ROOT / "notebooks" / "00_index.ipynb"))
        assert f"notebooks/{path.name}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_one_lesson_is_one_class(path):
    s = lesson_time.stats(path)
    within = (s["words"] <= lesson_time.MAX_WORDS and s["code_lines"] <= lesson_time.MAX_CODE_LINES
              and s["minutes"] <= lesson_time.MAX_MINUTES)
    if path.stem in OVER_ONE_CLASS:
        assert not within, f"{path.stem} fits one class now: remove it from OVER_ONE_CLASS"
    else:
        assert within, (f"{s['words']} words (max {lesson_time.MAX_WORDS}), {s['code_lines']} "
                        f"code lines (max {lesson_time.MAX_CODE_LINES}), {s['minutes']} minutes "
                        f"(max {lesson_time.MAX_MINUTES}): trim, or make a section optional")


def test_minutes_shown_everywhere_are_the_computed_ones():
    assert lesson_time.main(["--check"]) == 0, "run tools/lesson_time.py --write"


def test_colab_links_and_opening_cells_in_step():
    assert sync_colab.main(["--check"]) == 0, "run tools/sync_colab.py"


# ------------------------------------------------ no globals read inside functions
# A named function (def, methods included) reads only its parameters and locals, names of the
# functions it sits in, imports, functions and classes defined in the lesson, builtins and
# UPPER_CASE constants: data and models are passed in as arguments. Lambdas are not checked.
# Lessons still being fixed, as {"NN_name": {("function", "global"), ...}}. It must become
# empty: an entry that is no longer read fails, so the list only shrinks.
GLOBALS_PENDING = {}
NOTEBOOK_BUILTINS = {"display", "get_ipython"}   # provided by IPython


def lesson_code(nb):
    """The code cells joined in order, with IPython magics and shell lines blanked."""
    lines = []
    for cell in code_cells(nb):
        for line in source(cell).splitlines():
            lines.append("" if line.lstrip().startswith(("%", "!")) else line)
        lines.append("")
    return "\n".join(lines)


def _bound_names(function):
    """Names bound anywhere inside a def: parameters, assignments, loop and comprehension
    targets, imports, nested defs and classes, except-as; minus those declared global."""
    bound, declared_global = set(), set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node is not function:
                bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Global):
            declared_global.update(node.names)
    return bound - declared_global


def _loaded_names(function):
    """Names a def reads: in its body and its default values (not its decorators); an augmented
    assignment (x += 1) reads its target too."""
    parts = function.args.defaults + function.args.kw_defaults + function.body
    for part in parts:
        for node in ast.walk(part) if part is not None else ():
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                yield node.id
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                yield node.target.id


def globals_read(code):
    """(function, name) for each def, at any depth, that reads a module-level name it may not."""
    tree = ast.parse(code)
    allowed = set(dir(builtins)) | NOTEBOOK_BUILTINS
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            allowed.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            allowed.add(node.name)
    found = []

    def visit(node, enclosing):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                scope = enclosing | _bound_names(child)
                for name in _loaded_names(child):
                    if (name not in scope and name not in allowed and not name.isupper()
                            and (child.name, name) not in found):
                        found.append((child.name, name))
                visit(child, scope)
            else:
                visit(child, enclosing)

    visit(tree, frozenset())
    return found


def test_globals_read_finds_module_data_only():
    reads = """
import numpy as np
from math import pi
x_train, SCALE = np.zeros(3), 2.0
def helper(v):
    return v
def loss(w, x=x_train):            # a default taken from the data
    total = 0
    for k in range(3):
        total += helper(w[k]) * SCALE * pi
    squares = [v * v for v in x]
    def inner():
        return total + len(squares) + net.size   # total: enclosing; net: global
    return inner() + x_train.sum()
class Model:
    def predict(self, x):
        return x @ weights
counter = 0
def count():
    global counter
    counter += 1
f = lambda: x_train.mean()           # lambdas are not checked
"""
    assert globals_read(reads) == [("loss", "x_train"), ("loss", "net"), ("inner", "net"),
                                   ("predict", "weights"), ("count", "counter")]
    clean = """
import numpy as np
N = 3
def loss(w, x, t, lam=0.1):
    total = sum(np.sum(v ** 2) for v in w)
    try:
        y = x @ w[0]
    except ValueError as error:
        raise TypeError(str(error)) from None
    with open("data.txt") as handle:
        handle.read()
    best = None
    def better(z):
        return z if best is None else min(z, best)
    return better(float(np.mean((y - t) ** 2)) + lam * total / N + len(display.__name__))
"""
    assert globals_read(clean) == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_functions_read_no_globals(path):
    found = set(globals_read(lesson_code(load(path))))
    pending = GLOBALS_PENDING.get(path.stem, set())
    new = sorted(found - pending)
    assert not new, (f"{path.stem}: " + "; ".join(f"{f}() reads the global {g!r}" for f, g in new)
                     + ": pass it in as an argument (or make a true constant UPPER_CASE)")
    fixed = sorted(pending - found)
    assert not fixed, f"{path.stem}: {fixed} no longer read: remove them from GLOBALS_PENDING"
