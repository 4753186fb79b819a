"""Hooks for every test run from the repository, the notebooks under nbval included (a conftest.py
in tests/ would not reach them)."""

import os

import nbval.kernel
import pytest

# --- Notebooks: what a learner sees in Jupyter, stderr included ----------------------------------
# Jupyter shows everything a kernel writes to stderr as a red box, including what C++ code such as
# TensorFlow writes straight to the process's stderr: ipykernel forwards it into the notebook. It
# does so in every kernel except one started with PYTEST_CURRENT_TEST in its environment, as
# nbval's are. So that the tests see what a learner sees, nbval's kernels start without that
# variable (tests/test_kernel_output.py checks that this still works), and a cell that writes
# anything to stderr fails.

_start_new_kernel = nbval.kernel.start_new_kernel


def _start_kernel_as_jupyter_does(*args, **kwargs):
    kwargs.setdefault("env", {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"})
    return _start_new_kernel(*args, **kwargs)


nbval.kernel.start_new_kernel = _start_kernel_as_jupyter_does


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    outputs = getattr(item, "test_outputs", None) or []  # nbval keeps the outputs of each cell
    stderr = "".join(out.get("text", "") for out in outputs if out.get("name") == "stderr")
    if stderr.strip():
        pytest.fail(f"the cell wrote to stderr, which Jupyter shows as a red box:\n{stderr}",
                    pytrace=False)
    return result


# --- CI: a skipped test is a failed test (REQUIRE_NO_SKIPS=1, set by .ci/run) ---------------------

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(f"{report.nodeid}: {report.longrepr[-1] if report.longrepr else ''}")


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("REQUIRE_NO_SKIPS") == "1" and _skipped:
        print(f"\nREQUIRE_NO_SKIPS=1 and {len(_skipped)} tests were skipped:")
        print("\n".join(f"  {line}" for line in _skipped))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
