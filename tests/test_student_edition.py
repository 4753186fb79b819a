"""tools/make_student.py: the student edition keeps every lesson as it is but the solutions, and
each student notebook still runs top to bottom, its self-checks saying "not yet"."""

import hashlib
import os
import re

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager
from project import ROOT, load, source, tool

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
make_student = tool("make_student")


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    before = digest(ROOT / "notebooks")
    assert make_student.main([str(out)]) == 0
    assert digest(ROOT / "notebooks") == before, "the teacher's notebooks must stay untouched"
    return out / "notebooks"


@pytest.mark.parametrize("teacher", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_solution_is_left_and_the_rest_is_unchanged(edition, teacher):
    ours, theirs = load(teacher)["cells"], load(edition / teacher.name)["cells"]
    assert len(ours) == len(theirs)
    exercises = make_student.exercise_range(ours)
    if teacher.name != "00_index.ipynb":
        assert len(exercises), "no cell starts with an '## Exercises' heading"
    for i, (t, s) in enumerate(zip(ours, theirs)):
        if s["cell_type"] == "markdown":
            assert "<details>" not in source(s) and "Solution" not in source(s), f"cell {i}"
            assert "colab.research.google.com" not in source(s), f"cell {i}: Colab badge"
        elif i in exercises:
            assert source(s) == source(t) and s["outputs"] == [] and s["execution_count"] is None
            if re.search(r"\bcheck_\w+\(", source(s)):
                assert "..." in source(s), f"cell {i}: an answer cell without its placeholder"
        else:
            assert s == t, f"cell {i} changed"
    if teacher.name != "00_index.ipynb":
        assert any(re.search(r"\bcheck_\w+\(", source(c)) for c in theirs[exercises.start:])
        assert make_student.NOTE in source(theirs[0])


def test_a_filled_in_answer_is_refused(tmp_path):
    nb = load(NOTEBOOKS[1])
    cells = nb["cells"]
    answer = next(i for i in make_student.exercise_range(cells)
                  if cells[i]["cell_type"] == "code" and "..." in source(cells[i]))
    cells[answer]["source"] = source(cells[answer]).replace("...", "42")
    with pytest.raises(ValueError, match=rf"cell {answer}: .*may hold a solution"):
        make_student.student_notebook(nb, NOTEBOOKS[1].name)


@pytest.mark.parametrize("lesson", NOTEBOOKS[1:], ids=lambda p: p.stem)
def test_each_student_notebook_runs_and_its_checks_say_not_yet(edition, lesson):
    nb = nbformat.read(edition / lesson.name, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    # this Python, as nbval's kernels; the asynchronous manager lets nbclient's timeout act
    km = AsyncKernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME,
                            kernel_spec_manager=NbvalKernelspecManager())
    NotebookClient(nb, km=km, timeout=300,
                   resources={"metadata": {"path": str(edition)}}).execute(env=env)
    answers = [c for i, c in enumerate(nb.cells) if i in make_student.exercise_range(nb.cells)
               and c.cell_type == "code" and re.search(r"\bcheck_\w+\(", c.source)]
    for cell in answers:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "Not yet" in printed, (cell.source, printed)
