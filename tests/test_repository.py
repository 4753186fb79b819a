"""Promises the project makes as a whole: a light import, the README's commands, setup."""

import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
NUMPY_ONLY = sorted(p.stem for p in (ROOT / "helpers").glob("*.py")
                    if p.stem not in ("__init__", "keras_tools"))


def imported_after(statement):
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout
    return set(out.split())


def test_import_helpers_is_light():
    modules = imported_after("import helpers")
    assert "tensorflow" not in modules and "keras" not in modules
    assert "matplotlib" not in modules and "numpy" not in modules


@pytest.mark.parametrize("module", NUMPY_ONLY)
def test_numpy_modules_never_import_tensorflow(module):
    modules = imported_after(f"import helpers.{module}")
    assert "tensorflow" not in modules and "keras" not in modules


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    commands = [b for b in blocks if "requirements-lock.txt" in b]
    assert len(commands) == 2, "exactly two install-and-go commands"
    lab, test = commands
    assert "jupyter lab" in lab and lab.endswith("notebooks/00_index.ipynb")
    assert test.endswith("pytest")
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_lock_pins_every_requirement():
    pinned = {re.split(r"[=;\s]", line)[0].lower().replace("_", "-")
              for line in (ROOT / "requirements-lock.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name = re.split(r"[<>=~!;\s#]", line)[0].lower()
        if name:
            assert name in pinned or (name == "tensorflow" and "tensorflow-cpu" in pinned), name
    for tool in ("pytest", "nbval", "nbmake", "jupyterlab", "ipykernel"):
        assert tool in pinned


def test_start_seeds_everything(capsys):
    from helpers.setup import start

    start(tensorflow=False, seed=7)
    first = (random.random(), np.random.rand())
    start(tensorflow=False, seed=7)
    assert (random.random(), np.random.rand()) == first
    assert capsys.readouterr().out.startswith("Ready (local, seed 7): Python ")


def test_start_with_tensorflow_is_deterministic(capsys):
    from helpers.setup import start

    start(tensorflow=True, seed=3)
    import keras

    a = keras.random.normal((3,)).numpy()
    start(tensorflow=True, seed=3)
    np.testing.assert_array_equal(keras.random.normal((3,)).numpy(), a)
    assert "TensorFlow 2." in capsys.readouterr().out


def test_shared_checks_give_a_verdict(capsys):
    from helpers.checks import check_close, check_equal

    check_close(np.array([1.0, 2.0]), [1.0, 2.0])
    check_close(np.array([1.0, 2.5]), [1.0, 2.0])
    check_close(np.array([1.0]), [1.0, 2.0])
    check_close(..., 1.0)
    check_equal([0, 1, 1, 0], [0, 1, 1, 0])
    check_equal([0, 1, 1, 1], [0, 1, 1, 0])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✅") and lines[4].startswith("✅")
    assert "off by up to 0.5" in lines[1]
    assert "shape (1,); expected shape (2,)" in lines[2]
    assert "still empty" in lines[3]
    assert "1 of 4 entries" in lines[5]


def test_widget_controls_build():
    from helpers import widgets

    assert widgets.float_slider("w1", 0.5, -1, 1).value == 0.5
    assert widgets.log_slider("lr", 0.1, -3, 1).value == pytest.approx(0.1)
    assert widgets.dropdown("f", ["relu", "tanh"]).value == "relu"
    assert widgets.int_slider("steps", 30, 1, 100).value == 30
    assert widgets.selection_slider("lambda", [0, 0.01, 0.1]).value == 0
    assert widgets.selection_slider("lambda", [0, 0.01, 0.1], value=0.1).value == 0.1
    assert widgets.checkbox("show", 1).value is True


def test_interact_runs_the_function_once_and_returns_nothing():
    from helpers import widgets

    calls = []
    slider = widgets.float_slider("a", 0.3, 0, 1)
    assert widgets.interact(lambda a: calls.append(a), a=slider) is None
    assert calls == [0.3]
