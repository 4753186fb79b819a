"""The conventions every notebook keeps (CONTRIBUTING.md); nbval runs them, this checks form."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
MARKERS = {"NBVAL_CHECK_OUTPUT", "NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION"}



def _tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync_colab = _tool("sync_colab")
lesson_time = _tool("lesson_time")
# Lessons still longer than one class, being trimmed or split: each must really be over a limit,
# so the list shrinks as they are fixed.
OVER_ONE_CLASS = {"12_keras_training_toolkit"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


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
