"""tools/grade.py: a class report from a folder of submissions, bad ones included, and the checks'
machine-readable record of verdicts it reads."""

import csv
import io
import json
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest
from project import ROOT, source, tool

from helpers import checks
from helpers.checks import lesson01, lesson02
from helpers.gates import INPUTS, NAND, OR, perceptron_learning_rule, truth_table

grade = tool("grade")
make_student = tool("make_student")

CELL_TIMEOUT = 10  # s; the longest cell of the light submissions takes about 1 s
L01, L02 = "01_perceptron_logic_gates", "02_activation_functions"
EXERCISES_01 = ["check_weighted_sum", "check_nor", "check_and3", "check_xnor", "check_one_line",
                "check_learned_nand"]
EXERCISES_02 = ["check_leaky_relu", "check_collapsed_layer", "check_sigmoid_layers",
                "check_softmax", "check_activation_choices"]


def teacher(stem):
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))


def light(stem):
    """The student edition of a lesson with only what its exercises need: the title cell, the
    opening cell, the imports cell and the Exercises section (the lesson's figures left out)."""
    nb = make_student.student_notebook(teacher(stem), stem)
    cells = nb["cells"]
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    keep = [0, code[0], code[1], *make_student.exercise_range(cells)]
    nb["cells"] = [cells[i] for i in keep]
    return nb


def cell_of(nb, check):
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and f"{check}(" in source(c))


def fill(nb, check, *replacements):
    """Replace text in the exercise cell that calls ``check``."""
    cell = cell_of(nb, check)
    text = source(cell)
    for old, new in replacements:
        assert old in text, (check, old)
        text = text.replace(old, new)
    cell["source"] = text
    return nb


def write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def said(check, *answer):
    """(verdict, reason) the check gives this answer here, from its record."""
    before = len(checks.RECORD)
    check(*answer)
    (entry,) = checks.RECORD[before:]
    return ("pass" if entry["passed"] else "not yet"), entry["message"]


# ------------------------------------------------------------------- the answers

RIGHT_01 = {
    "check_weighted_sum": [("answer = ...", "answer = 0.1")],
    "check_nor": [("w = ...\nb = ...", "w = [-0.6, -0.6]\nb = 0.5")],
    "check_and3": [("w = ...\nb = ...", "w = [0.5, 0.5, 0.5]\nb = -1.2")],
    "check_xnor": [("return ...", "return NAND(NAND(x1, x2), OR(x1, x2))")],
    "check_one_line": [("answer = ...", 'answer = {"AND", "OR", "NAND", "NOR"}')],
    "check_learned_nand": [("result = ...\nlast_mistake_epoch = ...",
                            "result = perceptron_learning_rule(INPUTS, truth_table(NAND)[:, 2], "
                            "lr=0.25, epochs=20)\nlast_mistake_epoch = 5")],
}
CHOICES = {"hidden layers of a deep image classifier": "relu",
           "output: is this e-mail spam (yes or no)?": "sigmoid",
           "output: which of 10 clothing classes is this?": "softmax",
           "output: the price of a house": "identity"}
RIGHT_02 = {
    "check_leaky_relu": [("    ...  # your code here",
                          "    x = np.asarray(x, dtype=float)\n"
                          "    return np.where(x >= 0, x, negative_slope * x)")],
    "check_collapsed_layer": [("W_single = ...\nb_single = ...",
                               "W_single = V1 @ V2\nb_single = c1 @ V2 + c2")],
    "check_sigmoid_layers": [("layers = ...", "layers = 10")],
    "check_softmax": [("    ...  # your code here",
                       "    e = np.exp(a - np.max(a, axis=-1, keepdims=True))\n"
                       "    return e / e.sum(axis=-1, keepdims=True)")],
    "check_activation_choices": [(f'"{place}": ...,', f'"{place}": "{choice}",')
                                 for place, choice in CHOICES.items()],
}


def my_leaky_relu(x, negative_slope=0.2):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, x, negative_slope * x)


def my_softmax(a):
    e = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def xnor(x1, x2):
    return NAND(NAND(x1, x2), OR(x1, x2))


def right_01():
    return [said(lesson01.check_weighted_sum, 0.1), said(lesson01.check_nor, [-0.6, -0.6], 0.5),
            said(lesson01.check_and3, [0.5, 0.5, 0.5], -1.2), said(lesson01.check_xnor, xnor),
            said(lesson01.check_one_line, {"AND", "OR", "NAND", "NOR"}),
            said(lesson01.check_learned_nand,
                 perceptron_learning_rule(INPUTS, truth_table(NAND)[:, 2], lr=0.25, epochs=20),
                 5)]


def right_01_notebook():
    nb = light(L01)
    for check, replacements in RIGHT_01.items():
        fill(nb, check, *replacements)
    return nb


def collapsed():
    v1 = np.array([[1.0, -2.0], [0.5, 0.0], [2.0, 1.0]])
    c1 = np.array([0.5, -1.0])
    v2 = np.array([[3.0, 1.0, 0.0, -1.0], [1.0, 2.0, -0.5, 0.0]])
    c2 = np.array([0.0, 1.0, 2.0, -3.0])
    return v1 @ v2, c1 @ v2 + c2


def placeholder_02():
    def my_leaky_relu(x, negative_slope=0.2):
        ...  # as handed out

    def my_softmax(a):
        ...

    return [said(lesson02.check_leaky_relu, my_leaky_relu),
            said(lesson02.check_collapsed_layer, ..., ...),
            said(lesson02.check_sigmoid_layers, ...),
            said(lesson02.check_softmax, my_softmax),
            said(lesson02.check_activation_choices, {
                "hidden layers of a deep image classifier": ...,
                "output: is this e-mail spam (yes or no)?": ...,
                "output: which of 10 clothing classes is this?": ...,
                "output: the price of a house": ...})]


# ------------------------------------------------------------------- the submissions

def make_submissions(folder):
    """Thirteen submissions, and the report rows expected for each, in the order of their
    paths."""
    expected = {}

    # alice: lesson 01, the whole student notebook, every answer right
    nb = make_student.student_notebook(teacher(L01), L01)
    for check, replacements in RIGHT_01.items():
        fill(nb, check, *replacements)
    write(folder / "alice" / f"{L01}.ipynb", nb)
    expected["alice"] = [(L01, e, *v) for e, v in zip(EXERCISES_01, right_01())]

    # bob: lesson 01, two wrong answers, the rest left as they were
    nb = light(L01)
    fill(nb, "check_weighted_sum", ("answer = ...", "answer = 0.7"))
    fill(nb, "check_nor", ("w = ...\nb = ...", "w = [0.6, 0.6]\nb = -0.5"))
    write(folder / "bob" / "lesson 01.ipynb", nb)
    expected["bob"] = [(L01, e, *v) for e, v in zip(EXERCISES_01, [
        said(lesson01.check_weighted_sum, 0.7), said(lesson01.check_nor, [0.6, 0.6], -0.5),
        said(lesson01.check_and3, ..., ...), said(lesson01.check_xnor, lambda x1, x2: ...),
        said(lesson01.check_one_line, ...), said(lesson01.check_learned_nand, ..., ...)])]

    # carol: lesson 02, every answer right
    nb = light(L02)
    for check, replacements in RIGHT_02.items():
        fill(nb, check, *replacements)
    write(folder / "carol" / f"{L02}.ipynb", nb)
    expected["carol"] = [(L02, e, *v) for e, v in zip(EXERCISES_02, [
        said(lesson02.check_leaky_relu, my_leaky_relu),
        said(lesson02.check_collapsed_layer, *collapsed()),
        said(lesson02.check_sigmoid_layers, 10),
        said(lesson02.check_softmax, my_softmax),
        said(lesson02.check_activation_choices, CHOICES)])]

    # dan: lesson 02, one wrong number, nothing else done; no lesson in the file name, so it is
    # found from the title cell, and the student from the folder
    nb = light(L02)
    fill(nb, "check_sigmoid_layers", ("layers = ...", "layers = 9"))
    write(folder / "dan" / "homework.ipynb", nb)
    placeholders = placeholder_02()
    placeholders[2] = said(lesson02.check_sigmoid_layers, 9)
    expected["dan"] = [(L02, e, *v) for e, v in zip(EXERCISES_02, placeholders)]

    # erin: not JSON at all
    (folder / "erin").mkdir()
    (folder / "erin" / f"{L01}.ipynb").write_text('{"cells": [', encoding="utf-8")

    # frank: lesson 03 handed in under lesson 01's name
    write(folder / "frank" / f"{L01}.ipynb",
          make_student.student_notebook(teacher("03_forward_pass"), "03"))

    # gina: a notebook of no lesson, directly in the folder: the student is the file's name
    write(folder / "gina.ipynb", nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# My shopping list"),
        nbformat.v4.new_code_cell("print('apples')")]))

    # hank: lesson 01, a cell that raises; the exercises after it still run
    nb = right_01_notebook()
    fill(nb, "check_nor", ("w = [-0.6, -0.6]", "w = [-0.6, -0.6] + 1"))
    write(folder / "hank" / f"{L01}.ipynb", nb)
    expected["hank"] = [(L01, e, *v) for e, v in zip(EXERCISES_01, right_01())]
    expected["hank"][1] = (L01, "check_nor", "error",
                           'TypeError: can only concatenate list (not "int") to list')

    # ivan: lesson 01, an endless loop in exercise 3
    nb = right_01_notebook()
    fill(nb, "check_and3", ("b = -1.2", "b = -1.2\nwhile True:\n    pass"))
    write(folder / "ivan" / f"{L01}.ipynb", nb)
    stop = f"time limit {CELL_TIMEOUT} s per cell"
    expected["ivan"] = [(L01, e, *v) for e, v in zip(EXERCISES_01, right_01()[:2])] + [
        (L01, "check_and3", "error", stop)] + [
        (L01, e, "error", f"did not run: stopped earlier ({stop})") for e in EXERCISES_01[3:]]

    # judy: lesson 01, the cell of exercise 4 deleted
    nb = right_01_notebook()
    nb["cells"].remove(cell_of(nb, "check_xnor"))
    write(folder / "judy" / f"{L01}.ipynb", nb)
    expected["judy"] = [(L01, e, *v) for e, v in zip(EXERCISES_01, right_01())]
    expected["judy"][3] = (L01, "check_xnor", "error", "check cell deleted or did not run")

    # ken: lesson 01, the kernel dies in exercise 5
    nb = right_01_notebook()
    fill(nb, "check_one_line", ("answer = {", "import os\nos._exit(1)\nanswer = {"))
    write(folder / "ken" / f"{L01}.ipynb", nb)
    expected["ken"] = [(L01, e, *v) for e, v in zip(EXERCISES_01, right_01()[:4])] + [
        (L01, "check_one_line", "error", "kernel died"),
        (L01, "check_learned_nand", "error", "did not run: stopped earlier (kernel died)")]

    # lena: lesson 02 as handed out, nothing done, directly in the folder
    write(folder / "lena.ipynb", light(L02))
    expected["lena"] = [(L02, e, *v) for e, v in zip(EXERCISES_02, placeholder_02())]

    # mona: valid JSON, but not a notebook
    write(folder / "mona" / f"{L02}.ipynb", {"cells": "none"})

    return expected


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    expected = make_submissions(folder)
    out = tmp_path_factory.mktemp("report")
    printed = io.StringIO()
    start = time.monotonic()
    assert grade.main([str(folder), "--out", str(out / "report.csv"), "--summary",
                       str(out / "summary.csv"), "--cell-timeout", str(CELL_TIMEOUT)],
                      out=printed) == 0
    seconds = time.monotonic() - start
    with open(out / "report.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    with open(out / "summary.csv", encoding="utf-8", newline="") as file:
        table = list(csv.DictReader(file))
    return expected, rows, table, printed.getvalue(), seconds, folder


def rows_of(rows, student):
    return [(r["lesson"], r["exercise"], r["verdict"], r["reason"]) for r in rows
            if r["student"] == student]


def test_there_are_enough_submissions(graded):
    folder = graded[-1]
    assert len(list(folder.rglob("*.ipynb"))) >= 12


def test_the_report_has_the_columns_and_every_row_is_one_line(graded):
    rows = graded[1]
    assert list(rows[0]) == ["student", "lesson", "exercise", "verdict", "reason"]
    assert all(r["verdict"] in ("pass", "not yet", "error") for r in rows)
    assert all("\n" not in r["reason"] and r["reason"] for r in rows)
    students = [r["student"] for r in rows]
    assert sorted(set(students)) == ["alice", "bob", "carol", "dan", "erin", "frank", "gina",
                                     "hank", "ivan", "judy", "ken", "lena", "mona"]


@pytest.mark.parametrize("student", ["alice", "bob", "carol", "dan", "hank", "ivan", "judy",
                                     "ken", "lena"])
def test_the_rows_of_a_submission_that_ran(graded, student):
    expected, rows = graded[0], graded[1]
    assert rows_of(rows, student) == expected[student]


def test_the_rows_of_submissions_that_cannot_run(graded):
    rows = graded[1]
    erin = rows_of(rows, "erin")
    assert [r[:3] for r in erin] == [(L01, e, "error") for e in EXERCISES_01]
    assert {r[3] for r in erin} == {"not a notebook: NotJSONError: Notebook does not appear to "
                                    "be JSON: '{\"cells\": ['"}
    frank = rows_of(rows, "frank")
    assert [r[:3] for r in frank] == [(L01, e, "error") for e in EXERCISES_01]
    assert {r[3] for r in frank} == {"wrong lesson: its title cell is 03_forward_pass, its file "
                                     "name says 01_perceptron_logic_gates"}
    assert rows_of(rows, "gina") == [("", "", "error", "unknown lesson: neither its title cell "
                                      "(# NN · ...) nor its file name (NN_....ipynb) names a "
                                      "lesson with exercises")]
    mona = rows_of(rows, "mona")
    assert [r[:3] for r in mona] == [(L02, e, "error") for e in EXERCISES_02]
    assert all(r[3].startswith("not a notebook: ") for r in mona)


def test_the_summary_counts_each_exercise(graded):
    expected, rows, table, printed = graded[:4]
    assert [(t["lesson"], t["exercise"]) for t in table] == (
        [(L01, e) for e in EXERCISES_01] + [(L02, e) for e in EXERCISES_02])
    for t in table:
        mine = [r for r in rows if (r["lesson"], r["exercise"]) == (t["lesson"], t["exercise"])]
        assert int(t["students"]) == len(mine) == int(t["passed"]) + int(t["not_yet"]) + int(
            t["error"])
        assert int(t["passed"]) == sum(r["verdict"] == "pass" for r in mine)
    counts = {(t["lesson"], t["exercise"]): (t["passed"], t["not_yet"], t["error"],
                                             t["students"]) for t in table}
    # lesson 01: alice, bob, erin, frank, hank, ivan, judy, ken
    assert counts[L01, "check_weighted_sum"] == ("5", "1", "2", "8")
    assert counts[L01, "check_nor"] == ("4", "1", "3", "8")
    assert counts[L01, "check_and3"] == ("4", "1", "3", "8")
    assert counts[L01, "check_xnor"] == ("3", "1", "4", "8")
    assert counts[L01, "check_one_line"] == ("3", "1", "4", "8")
    assert counts[L01, "check_learned_nand"] == ("3", "1", "4", "8")
    # lesson 02: carol, dan, lena, mona
    assert counts[L02, "check_sigmoid_layers"] == ("1", "2", "1", "4")
    assert counts[L02, "check_softmax"] == ("1", "2", "1", "4")
    assert f"{L01:<28} {'check_weighted_sum':<28} {'5 of 8':>8} {1:>7} {2:>5}" in printed
    assert "not matched to a lesson: gina" in printed


def test_time_per_notebook_is_printed(graded):
    printed, seconds = graded[3], graded[4]
    assert printed.count(" s)\n") == 13
    print(f"\ngrade.py took {seconds:.1f} s for 13 submissions:\n{printed}")


@pytest.mark.parametrize("isolate", [False, True], ids=["guard cell", "namespace"])
def test_a_notebook_runs_without_network_in_a_folder_that_is_deleted(tmp_path, isolate):
    if isolate and not grade.can_unshare():
        pytest.skip("no network namespace on this machine: the guard cell alone is used")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in [
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('pypi.org', 443), timeout=5)\n"
        "except OSError as err:\n"
        "    print('refused:', err)",
        "import os\n"
        "open('litter.txt', 'w').close()\n"
        "print(os.getcwd())"]])
    if isolate:  # below the guard: the namespace has no route anywhere
        nb.cells.append(nbformat.v4.new_code_cell(
            "import _socket\nprint(_socket.socket().connect_ex(('1.1.1.1', 80)))"))
    assert grade.run(nb, cell_timeout=30, isolate=isolate) == ([], None, None)
    if isolate:
        assert nb.cells[2].outputs[0]["text"] == "101\n"  # ENETUNREACH
    assert nb.cells[0].outputs[0]["text"] == ("refused: [Errno 101] no network while the notebook "
                                              "is graded\n")
    folder = Path(nb.cells[1].outputs[0]["text"].strip())
    assert folder.name.startswith("grade-") and not folder.exists()


# ------------------------------------------------------------------- without a kernel

def test_the_exercises_are_the_checks_of_the_exercises_section():
    known = grade.lessons(ROOT / "notebooks")
    assert known["01"] == (L01, EXERCISES_01)
    assert known["02"] == (L02, EXERCISES_02)
    assert "00" not in known  # the index has no exercises


@pytest.mark.parametrize("relative, student", [
    ("alice/01_perceptron_logic_gates.ipynb", "alice"), ("alice/week 1/x.ipynb", "alice"),
    ("bob.ipynb", "bob")])
def test_the_student_is_the_folder_or_the_file(tmp_path, relative, student):
    assert grade.student_of(tmp_path / relative, tmp_path) == student


def test_which_lesson():
    known = grade.lessons(ROOT / "notebooks")
    nb = {"cells": [{"cell_type": "markdown", "source": "# 01 · Perceptron and logic gates"}]}
    assert grade.which_lesson(nb, Path("work.ipynb"), known) == ("01", None)
    assert grade.which_lesson({"cells": []}, Path("02_x.ipynb"), known) == ("02", None)
    assert grade.which_lesson(nb, Path("02.ipynb"), known)[1].startswith("wrong lesson")
    number, problem = grade.which_lesson(nb, Path("work.ipynb"), known, asked="02")
    assert number == "02" and problem == ("wrong lesson: it is 01_perceptron_logic_gates, the "
                                          "lesson asked for is 02_activation_functions")
    assert grade.which_lesson({"cells": []}, Path("x.ipynb"), known)[0] is None


def test_judge_takes_the_last_verdict_and_reads_errors():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("check_a(1)"), nbformat.v4.new_code_cell("check_b(1)"),
        nbformat.v4.new_code_cell("check_c(1)")])
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="ValueError",
                                                  evalue="bad\nsecond line", traceback=[])]
    record = [{"check": "check_a", "passed": False, "message": "no"},
              {"check": "check_a", "passed": True, "message": "yes"}]
    assert grade.judge(nb, ["check_a", "check_b", "check_c", "check_d"], record) == [
        ("check_a", "pass", "yes"), ("check_b", "error", "ValueError: bad"),
        ("check_c", "error", "check cell deleted or did not run"),
        ("check_d", "error", "check cell deleted or did not run")]


# ------------------------------------------------------------------- the record of verdicts

def test_each_verdict_is_recorded_with_the_lesson_check_that_gave_it(capsys):
    before = len(checks.RECORD)
    lesson01.check_weighted_sum(0.1)           # its verdict comes through check_close
    lesson01.check_nor([0.6, 0.6], -0.5)
    checks.verdict(False, "", "called\n   directly")
    printed = capsys.readouterr().out
    assert checks.RECORD[before:] == [
        {"check": "check_weighted_sum", "passed": True,
         "message": "Correct: the weighted sum matches."},
        {"check": "check_nor", "passed": False,
         "message": printed.splitlines()[1].removeprefix("❌ Not yet: ")},
        {"check": None, "passed": False, "message": "called directly"}]
    assert printed.splitlines()[0] == "✅ Correct: the weighted sum matches."
    assert "wrong answer for input(s)" in printed.splitlines()[1]
    assert printed.splitlines()[-2:] == ["❌ Not yet: called", "   directly"]  # printed as given


def test_a_check_outside_helpers_is_not_the_name_recorded(capsys):
    def check_mine():
        lesson01.check_weighted_sum(...)

    before = len(checks.RECORD)
    check_mine()
    assert checks.RECORD[before:] == [{"check": "check_weighted_sum", "passed": False,
                                       "message": "replace the placeholder (...) with your "
                                                  "answer."}]
    assert capsys.readouterr().out == f"❌ Not yet: {checks.EMPTY}\n"


def test_with_the_variable_set_each_verdict_is_also_appended_to_a_file(tmp_path, monkeypatch,
                                                                        capsys):
    path = tmp_path / "record.jsonl"
    monkeypatch.setenv(checks.RECORD_VARIABLE, str(path))
    lesson01.check_weighted_sum(0.1)
    lesson02.check_sigmoid_layers(9)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == \
        checks.RECORD[-2:]
    monkeypatch.delenv(checks.RECORD_VARIABLE)
    lesson01.check_weighted_sum(0.1)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    assert capsys.readouterr().out.count("\n") == 3
