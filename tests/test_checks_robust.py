"""Every exercise self-check answers a malformed answer with a hint, never a traceback."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import numpy as np
import pytest
from verdicts import wrong

import helpers.checks

LESSONS = [importlib.import_module(f"helpers.checks.{m.name}")
           for m in pkgutil.iter_modules(helpers.checks.__path__) if m.name.startswith("lesson")]
CHECKS = [(module.__name__.rsplit(".", 1)[1], name, fn) for module in LESSONS
          for name, fn in inspect.getmembers(module, inspect.isfunction)
          if name.startswith("check_") and fn.__module__ == module.__name__]

# Answers a learner might type by mistake: a string, strings in a list, the wrong container,
# a NaN, an empty list, a ragged list, a number where a function or class was asked for.
MALFORMED = ["0.5", ["a", "b"], {"x": "y"}, [[1, "a"]], float("nan"), [], [[1, 2], [3]], 7,
             np.array(["1", "2"])]


# Arguments the lesson passes along with the answer (data of the exercise, not the answer).
GIVEN = {"W": np.array([[0.5, -1.0], [2.0, 0.0]]), "A": np.array([[0.0, 1.5], [3.0, 0.5]]),
         "val_losses": [1.0, 0.9, 0.95, 0.97, 0.99], "patience": 3}


def test_every_lesson_has_a_checks_module():
    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    lessons = sorted(p.name[:2] for p in notebooks.glob("[0-9][0-9]_*.ipynb") if p.name[:2] != "00")
    assert sorted(m.__name__[-2:] for m in LESSONS) == lessons and len(CHECKS) > 40


@pytest.mark.parametrize("lesson, name, check", CHECKS, ids=[f"{m}.{n}" for m, n, _ in CHECKS])
@pytest.mark.parametrize("answer", MALFORMED, ids=repr)
def test_malformed_answers_get_a_hint(capsys, lesson, name, check, answer):
    required = [p.name for p in inspect.signature(check).parameters.values()
                if p.default is inspect.Parameter.empty]
    wrong(capsys, check, *[GIVEN.get(name, answer) for name in required])
