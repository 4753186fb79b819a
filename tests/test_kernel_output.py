"""What a learner sees in Jupyter: the opening cell leaves no red stderr box (conftest.py checks
every other cell of every notebook the same way)."""

import importlib.metadata
import json
import subprocess
import sys

from kernel import run_in_kernel
from project import ROOT, tool

sync_colab = tool("sync_colab")


def streams(outputs, name):
    return "".join(c["text"] for kind, c in outputs if kind == "stream" and c["name"] == name)


def tensorflow_wheel():
    for name in ("tensorflow", "tensorflow-cpu"):
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            pass
    raise AssertionError("TensorFlow is not installed")


def test_opening_cell_of_a_tensorflow_lesson_writes_nothing_to_stderr():
    outputs = run_in_kernel(sync_colab.opening_cell(True), cwd=ROOT / "notebooks")
    assert streams(outputs, "stderr") == "", f"with {tensorflow_wheel()}: {outputs}"
    assert streams(outputs, "stdout").startswith("Ready (local, seed 42): Python "), outputs


def test_a_later_xla_compilation_writes_nothing_to_stderr():
    """TensorFlow 2.16-2.20 log XLA's first compilation in a process whatever the log level; the
    opening cell takes that first compilation, so lesson 06's jit_compile=True fit stays clean."""
    outputs = run_in_kernel(sync_colab.opening_cell(True) + "\n"
                            "import tensorflow as tf\n"
                            "f = tf.function(lambda x: 2.0 * x, jit_compile=True)\n"
                            "print(float(f(tf.constant(1.5))))", cwd=ROOT / "notebooks")
    assert streams(outputs, "stderr") == "", f"with {tensorflow_wheel()}: {outputs}"
    assert streams(outputs, "stdout").endswith("3.0\n"), outputs


def test_start_up_noise_is_dropped_and_anything_else_is_shown():
    """TensorFlow 2.21's full wheel prints the first two lines at import; 2.20 does not, so the
    filter itself is tested with native writes to file descriptor 2."""
    outputs = run_in_kernel(
        "import os\n"
        "from helpers.setup import _without_start_up_noise\n"
        "with _without_start_up_noise():\n"
        "    os.write(2, b'WARNING: All log messages before absl::InitializeLog() is called are "
        "written to STDERR\\n')\n"
        "    os.write(2, b'I0000 00:00:1795669635.332729   28462 cudart_stub.cc:31] Could not find "
        "cuda drivers on your machine, GPU will not be used.\\n')\n"
        "    os.write(2, b'E0000 something really went wrong\\n')\n"
        "print('done')")
    assert streams(outputs, "stderr") == "E0000 something really went wrong\n", outputs
    assert streams(outputs, "stdout") == "done\n"


def test_nbval_fails_a_notebook_cell_that_writes_to_stderr(tmp_path):
    """The repository's conftest.py must still reach nbval's kernels (it patches nbval's kernel
    start): a cell writing natively to stderr fails, its neighbours pass."""
    cells = ["import os\nos.write(2, b'native message\\n')", "print('fine')",
             "import sys\nprint('a warning', file=sys.stderr)"]
    notebook = {"nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}},
                "cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "source": src,
                           "execution_count": None, "outputs": []}
                          for i, src in enumerate(cells)]}
    path = tmp_path / "probe.ipynb"
    path.write_text(json.dumps(notebook))
    command = [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "-p", "conftest", "-q",
               "-rf", str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "2 failed, 1 passed" in result.stdout, result.stdout[-2000:]
    assert "native message" in result.stdout and "a warning" in result.stdout
