"""Promises the project makes as a whole: a light import, the README's commands, setup."""

import os
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from kernel import run_in_kernel
from packaging.specifiers import SpecifierSet
from packaging.version import Version

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


def requirements(path):
    """{name: specifier} of a requirements file (comments and markers dropped)."""
    found = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if line:
            name = re.split(r"[<>=~!\s]", line)[0]
            found[name.lower().replace("_", "-")] = line[len(name):].strip()
    return found


def test_lock_pins_every_requirement():
    pinned = requirements("requirements-lock.txt")
    wanted = {**requirements("requirements.txt"), **requirements("requirements-test.txt"),
              **requirements("requirements-browser.txt")}
    for name in wanted:
        if not name.startswith("-r"):
            assert name in pinned, name
    for tool in ("pytest", "nbval", "nbmake", "jupyterlab", "notebook", "playwright", "ruff"):
        assert tool in pinned


def test_lowest_constraints_are_the_floors_of_requirements_txt():
    specs = requirements("requirements.txt")
    assert all(spec.startswith(">=") for spec in specs.values()), specs
    floors = {name: spec.removeprefix(">=") for name, spec in specs.items()}
    lowest = requirements("constraints/lowest.txt")
    for name, floor in floors.items():
        assert lowest.get(name) == f"=={floor}" or lowest.get(name) == f"=={floor}.0", (
            f"requirements.txt says {name}>={floor}; constraints/lowest.txt pins "
            f"{lowest.get(name)}: CI must test the floor itself")
    # pyproject.toml's dependencies (what `pip install` of the helpers package asks for) agree
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for dependency in meta["project"]["dependencies"]:
        name, floor = dependency.split(">=")
        assert floors[name.lower()] == floor, (name, floor, floors[name.lower()])


def test_colab_versions_satisfy_requirements_txt():
    """On Colab, `pip install -r requirements.txt` must install nothing: Colab's versions fit."""
    colab = requirements("constraints/colab.txt")
    for name, spec in requirements("requirements.txt").items():
        assert name in colab, f"{name} is not preinstalled on Colab"
        version = Version(colab[name].removeprefix("=="))
        assert version in SpecifierSet(spec), f"Colab has {name} {version}, outside {spec}"


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


def test_interact_returns_nothing():
    from helpers import widgets

    assert widgets.interact(lambda a: None, a=widgets.float_slider("a", 0.3, 0, 1)) is None


def test_interact_runs_the_function_once_in_a_kernel():
    """ipywidgets 8 calls the function when the widget is made, 7.7 (Colab) when it is displayed:
    only a real kernel shows both doing what the lessons need, one call and no text repr."""
    outputs = run_in_kernel(
        "from helpers import widgets\n"
        "calls = []\n"
        "widgets.interact(lambda a: calls.append(a), a=widgets.float_slider('a', 0.3, 0, 1))\n"
        "print('calls:', calls)")
    streams = [c["text"] for kind, c in outputs if kind == "stream"]
    assert "".join(streams) == "calls: [0.3]\n", outputs
    shown = [c["data"] for kind, c in outputs if kind in ("display_data", "execute_result")]
    assert len(shown) == 1 and "application/vnd.jupyter.widget-view+json" in shown[0], shown


def test_ci_turns_a_skipped_test_into_a_failure(tmp_path):
    """.ci/run sets REQUIRE_NO_SKIPS=1: a pass whose tests were skipped (no Chromium, no ruff,
    no full data set) must fail instead of looking green."""
    (tmp_path / "test_probe.py").write_text(
        "import pytest\n\ndef test_probe():\n    pytest.skip('Chromium not found')\n")
    command = [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "-p", "conftest", "-q",
               str(tmp_path / "test_probe.py")]
    relaxed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                             env={k: v for k, v in os.environ.items() if k != "REQUIRE_NO_SKIPS"})
    strict = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "REQUIRE_NO_SKIPS": "1"})
    assert relaxed.returncode == 0, relaxed.stdout
    assert strict.returncode == 1 and "Chromium not found" in strict.stdout, strict.stdout
