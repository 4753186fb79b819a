"""A class report: run every submitted notebook and collect the verdicts of its self-checks.

    python tools/grade.py SUBMISSIONS_DIR --out report.csv [--summary summary.csv]
                          [--cell-timeout 120] [--notebook-timeout 600] [--lesson 01]

Submissions: every ``*.ipynb`` under SUBMISSIONS_DIR. The student is the first folder under
SUBMISSIONS_DIR (``SUBMISSIONS_DIR/alice/anything/01.ipynb`` is alice's), or, for a notebook
directly in SUBMISSIONS_DIR, the file's name without ``.ipynb`` (``SUBMISSIONS_DIR/bob.ipynb``).

Lesson: the number in the notebook's title cell (``# 01 · Perceptron and logic gates``), else
the two digits its file name starts with (``01_perceptron_logic_gates.ipynb``, ``01.ipynb``).
When both are there and differ, or ``--lesson`` asks for another one, the submission is the wrong
lesson and is not run. Its exercises are those of the teacher's notebook of that lesson in
notebooks/ (``--lessons DIR`` for another folder): the ``check_...`` functions its Exercises
section calls, in order.

Each notebook runs, a copy in a new temporary folder (its working directory, deleted after), in a
fresh Jupyter kernel of this Python, with a time limit per cell and per notebook; cells that raise
do not stop the run. No network: where the machine allows it (Linux, as root or with unprivileged
user namespaces), the kernel runs in a network namespace of its own (``unshare --net``), with no
network at all; everywhere, a first cell added by the grader makes internet socket connections
and name lookups fail, and the kernel's proxy variables point nowhere. The first line the grader
prints says which. The cell alone stops a lesson or a submission from reaching the network by
accident, not code written to get around it. The kernel's self-checks append each verdict to a
file of the temporary folder as they give it (``helpers.checks``, variable
``HELPERS_CHECKS_RECORD``); the last verdict of each check counts. The report says what the
self-checks said: it is no exam, and code in a submission could write a verdict of its own.

The report (``--out``), one row per student, lesson and exercise:
  student   the student (see above)
  lesson    the teacher's notebook name without .ipynb (``01_perceptron_logic_gates``); empty
            when the lesson is unknown
  exercise  the check's name (``check_nor``); empty on a row about a whole submission of an
            unknown lesson
  verdict   ``pass``, ``not yet`` or ``error``
  reason    one line: the check's praise or hint, or what went wrong: ``check cell deleted or did
            not run``, ``ZeroDivisionError: division by zero`` (the exception in the exercise's
            cell), ``time limit 120 s per cell``, ``kernel died``, ``did not run: stopped
            earlier (kernel died)``, ``not a notebook: ...``, ``wrong lesson: ...``,
            ``unknown lesson: ...``
The summary (stdout, and ``--summary``): per lesson and exercise, how many students passed, did
not yet, had an error, and of how many.
"""

import argparse
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

import make_student  # tools/make_student.py, beside this file
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from traitlets import Bool

from helpers.checks import RECORD_VARIABLE  # the file helpers.checks appends each verdict to

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = ["student", "lesson", "exercise", "verdict", "reason"]
SUMMARY_COLUMNS = ["lesson", "exercise", "passed", "not_yet", "error", "students"]
PASS, NOT_YET, ERROR = "pass", "not yet", "error"
CHECK_CALL = re.compile(r"\b(check_\w+)\(")
TITLE_NUMBER = re.compile(r"#\s+(\d{2})\b")
NAME_NUMBER = re.compile(r"(\d{2})(?!\d)")
NOT_RUN = "check cell deleted or did not run"
THIS_KERNEL = "grade-this-python"

# The grader's first cell: internet sockets and name lookups fail, nothing is printed.
NO_NETWORK = """\
def _no_network():
    import socket
    inet = (socket.AF_INET, socket.AF_INET6)
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(*args, **kwargs):
        raise OSError(101, "no network while the notebook is graded")

    def guarded_connect(self, address):
        if self.family in inet:
            refuse()
        return connect(self, address)

    def guarded_connect_ex(self, address):
        return 101 if self.family in inet else connect_ex(self, address)

    socket.socket.connect, socket.socket.connect_ex = guarded_connect, guarded_connect_ex
    socket.getaddrinfo = socket.create_connection = refuse


_no_network()
del _no_network
"""

UNSHARE = ["unshare", "--map-root-user", "--net", "--"]  # a new network namespace: no network


def can_unshare():
    """Whether this machine lets us start a program in a network namespace of its own (Linux
    with unprivileged user namespaces, or root)."""
    if not shutil.which("unshare"):
        return False
    try:
        done = subprocess.run([*UNSHARE, sys.executable, "-c", ""], capture_output=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


class _ThisPython(KernelSpecManager):
    """The kernel of the Python running the grader (its ipykernel), whatever kernels are
    installed; with ``isolate``, started in a network namespace of its own."""

    isolate = Bool(False)

    def get_kernel_spec(self, kernel_name):
        if kernel_name == THIS_KERNEL:
            argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
            return self.kernel_spec_class(argv=[*UNSHARE, *argv] if self.isolate else argv,
                                          display_name="Python (grader)", language="python")
        return super().get_kernel_spec(kernel_name)


def _source(cell):
    src = cell.get("source", "")
    return src if isinstance(src, str) else "".join(src)


def _one_line(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ----------------------------------------------------------------------------------------------
# Lessons and submissions
# ----------------------------------------------------------------------------------------------

def exercises(nb):
    """The names of the checks the Exercises section of a notebook calls, in order."""
    cells = nb["cells"]
    names = []
    for i in make_student.exercise_range(cells):
        if cells[i]["cell_type"] == "code":
            names += [n for n in CHECK_CALL.findall(_source(cells[i])) if n not in names]
    return names


def lessons(folder):
    """{"01": ("01_perceptron_logic_gates", [check names]), ...} for the teacher's notebooks
    that have exercises."""
    found = {}
    for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
        names = exercises(json.loads(path.read_text(encoding="utf-8")))
        if names:
            found[path.name[:2]] = (path.stem, names)
    return found


def student_of(path, root):
    """The first folder under the submissions folder, or the file's stem."""
    parts = Path(path).relative_to(root).parts
    return parts[0] if len(parts) > 1 else Path(path).stem


def title_number(nb):
    """The two digits of the title cell (``# 01 · ...``), or None."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            match = TITLE_NUMBER.match(_source(cell).lstrip())
            return match.group(1) if match else None
    return None


def name_number(path):
    """The two digits the file name starts with, or None."""
    match = NAME_NUMBER.match(Path(path).name)
    return match.group(1) if match else None


def _lesson_label(number, known):
    return known[number][0] if number in known else f"lesson {number}"


def which_lesson(nb, path, known, asked=None):
    """(lesson number, None) or (lesson number or None, the reason it cannot be graded)."""
    by_title, by_name = title_number(nb), name_number(path)
    number = by_title or by_name
    if by_title and by_name and by_title != by_name:
        return by_name, (f"wrong lesson: its title cell is {_lesson_label(by_title, known)}, its "
                         f"file name says {_lesson_label(by_name, known)}")
    if asked and number != asked:
        said = f"it is {_lesson_label(number, known)}" if number else "no lesson is named in it"
        return asked, f"wrong lesson: {said}, the lesson asked for is {known[asked][0]}"
    if number not in known:
        return None, ("unknown lesson: neither its title cell (# NN · ...) nor its file name "
                      "(NN_....ipynb) names a lesson with exercises")
    return number, None


# ----------------------------------------------------------------------------------------------
# Running one notebook
# ----------------------------------------------------------------------------------------------

def _kernel_env(record_file):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env[RECORD_VARIABLE] = str(record_file)  # helpers.checks appends each verdict to it
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "all_proxy"):
        env[name] = "http://127.0.0.1:9"  # the discard port: nothing answers
    env.pop("no_proxy", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel 6's debugger: no note on stderr
    env.pop("NO_PROXY", None)
    return env


def _in_slices(get_msg):
    """``get_msg`` of a kernel client's channel, polling at most 1 s at a time. zmq's asyncio
    poll now and then misses a message's arrival and then waits its whole timeout (seen: a widget
    cell whose reply came at once took the full time limit); a short poll looks again soon."""
    async def sliced(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = 1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=left)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
    return sliced


def _error_of(cell):
    """``"Name: first line"`` of the exception a cell raised, or None."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            first = (str(output.get("evalue", "")).strip().splitlines() or [""])[0]
            return _one_line(f"{output.get('ename', 'Error')}: {first}".rstrip(": "))
    return None


def run(nb, cell_timeout=120, notebook_timeout=600, isolate=False):
    """Run a notebook (a NotebookNode; it receives the outputs) in a fresh kernel in a temporary
    folder. Returns (the record of verdicts, the index of the cell where the run stopped or None,
    why it stopped or None); the grader's first cell counts as cell -1."""
    cells = nb.cells
    n = len(cells)
    with tempfile.TemporaryDirectory(prefix="grade-") as folder:
        nbformat.write(nb, Path(folder) / "submission.ipynb")  # the copy the kernel works beside
        record_file = Path(folder) / ".grade-record.jsonl"
        cells.append(nbformat.v4.new_code_cell(NO_NETWORK))
        specs = _ThisPython(isolate=isolate)
        # Unix sockets in the temporary folder, no TCP port (Windows has no ipc transport)
        where = {"transport": "ipc", "ip": str(Path(folder) / ".kernel")} if os.name == "posix" \
            else {}
        km = AsyncKernelManager(kernel_name=THIS_KERNEL, kernel_spec_manager=specs, **where)
        client = NotebookClient(nb, km=km, allow_errors=True, interrupt_on_timeout=False,
                                shutdown_kernel="immediate", timeout=math.ceil(cell_timeout),
                                resources={"metadata": {"path": folder}})
        deadline = time.monotonic() + notebook_timeout

        def execute(i):
            """Run cell i; None, or why the run must stop."""
            left = deadline - time.monotonic()
            per_notebook = f"time limit {notebook_timeout:g} s per notebook"
            if left <= 0:
                return per_notebook
            client.timeout = max(1, math.ceil(min(cell_timeout, left)))
            try:
                client.execute_cell(cells[i], i, store_history=i < n)
            except CellTimeoutError:
                return per_notebook if left <= cell_timeout else (f"time limit {cell_timeout:g} "
                                                                  f"s per cell")
            except DeadKernelError:
                return "kernel died"
            return None

        stopped_at, why = None, None
        try:
            with client.setup_kernel(env=_kernel_env(record_file), cwd=folder, cleanup_kc=True):
                for channel in (client.kc.shell_channel, client.kc.iopub_channel):
                    channel.get_msg = _in_slices(channel.get_msg)
                why = execute(n)  # no network
                stopped_at = -1 if why else None
                for i in range(n if why is None else 0):
                    if cells[i].cell_type == "code":
                        why = execute(i)
                        if why:
                            stopped_at = i
                            break
        finally:
            del cells[n:]
        record = []
        if record_file.exists():
            for line in record_file.read_text(encoding="utf-8").splitlines():
                try:
                    record.append(json.loads(line))
                except ValueError:  # a line cut short by a dying kernel
                    pass
    return [r for r in record if isinstance(r, dict)], stopped_at, why


def judge(nb, names, record, stopped_at=None, why=None):
    """(exercise, verdict, reason) for each check name, from the record and the cells."""
    last = {r.get("check"): r for r in record}
    rows = []
    for name in names:
        calls = [i for i, c in enumerate(nb.cells)
                 if c.cell_type == "code" and re.search(rf"\b{name}\(", c.source)]
        cell = calls[-1] if calls else None
        if name in last:
            passed = last[name].get("passed") is True
            rows.append((name, PASS if passed else NOT_YET,
                         _one_line(last[name].get("message", ""))))
        elif why and cell is not None and cell == stopped_at:
            rows.append((name, ERROR, why))
        elif why and cell is not None and cell > stopped_at:
            rows.append((name, ERROR, f"did not run: stopped earlier ({why})"))
        elif cell is not None and _error_of(nb.cells[cell]):
            rows.append((name, ERROR, _error_of(nb.cells[cell])))
        else:
            rows.append((name, ERROR, NOT_RUN))
    return rows


def grade_one(path, root, known, asked=None, cell_timeout=120, notebook_timeout=600,
              isolate=False):
    """The report rows of one submission (dicts with COLUMNS). Never raises for a bad one."""
    student = student_of(path, root)

    def rows_for(number, triples):
        lesson = known[number][0] if number in known else ""
        return [dict(zip(COLUMNS, (student, lesson, *t))) for t in triples]

    def every_exercise(number, reason):
        if number in known:
            return rows_for(number, [(name, ERROR, reason) for name in known[number][1]])
        return rows_for(number, [("", ERROR, reason)])

    try:
        nb = nbformat.reads(Path(path).read_text(encoding="utf-8"), as_version=4)
    except Exception as err:  # any file that is not a notebook is a row, not a crash
        return every_exercise(asked or name_number(path),
                              _one_line(f"not a notebook: {type(err).__name__}: {err}"))
    number, problem = which_lesson(nb, path, known, asked)
    if problem:
        return every_exercise(number, problem)
    try:
        record, stopped_at, why = run(nb, cell_timeout, notebook_timeout, isolate)
    except Exception as err:  # the kernel could not start, or the like
        return every_exercise(number, _one_line(f"not run: {type(err).__name__}: {err}"))
    return rows_for(number, judge(nb, known[number][1], record, stopped_at, why))


# ----------------------------------------------------------------------------------------------
# The report
# ----------------------------------------------------------------------------------------------

def summary(rows, known):
    """Per lesson and exercise (teacher's order): dicts with SUMMARY_COLUMNS."""
    order = [(stem, name) for stem, names in known.values() for name in names]
    counts = {key: {PASS: 0, NOT_YET: 0, ERROR: 0} for key in order}
    for row in rows:
        key = (row["lesson"], row["exercise"])
        if key in counts:
            counts[key][row["verdict"]] += 1
    return [dict(zip(SUMMARY_COLUMNS, (stem, name, c[PASS], c[NOT_YET], c[ERROR],
                                       sum(c.values()))))
            for (stem, name), c in counts.items() if sum(c.values())]


def print_summary(table, rows, out=sys.stdout):
    print(f"{'lesson':<28} {'exercise':<28} {'passed':>8} {'not yet':>7} {'error':>5}",
          file=out)
    for r in table:
        passed = f"{r['passed']} of {r['students']}"
        print(f"{r['lesson']:<28} {r['exercise']:<28} {passed:>8} {r['not_yet']:>7} "
              f"{r['error']:>5}", file=out)
    unknown = [r["student"] for r in rows if not r["lesson"]]
    if unknown:
        print(f"not matched to a lesson: {', '.join(unknown)}", file=out)


def write_csv(path, rows, columns):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, default=Path("report.csv"),
                        help="the report, one row per student, lesson and exercise")
    parser.add_argument("--summary", type=Path, help="also write the summary as CSV here")
    parser.add_argument("--cell-timeout", type=float, default=120,
                        help="seconds one cell may take (default 120)")
    parser.add_argument("--notebook-timeout", type=float, default=600,
                        help="seconds one notebook may take (default 600)")
    parser.add_argument("--lesson", help="the lesson every submission should be, e.g. 01")
    parser.add_argument("--lessons", type=Path, default=ROOT / "notebooks",
                        help="the teacher's notebooks (default: notebooks/)")
    args = parser.parse_args(argv)
    known = lessons(args.lessons)
    asked = args.lesson.zfill(2) if args.lesson else None
    if asked and asked not in known:
        parser.error(f"--lesson {args.lesson}: no lesson with exercises has that number "
                     f"(known: {', '.join(known)})")
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    isolate = can_unshare()
    print("network: off (each kernel in a network namespace of its own; sockets refused too)"
          if isolate else "network: internet sockets refused (no network namespace on this "
                          "machine)", file=out)
    rows = []
    for path in sorted(args.submissions.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        start = time.monotonic()
        these = grade_one(path, args.submissions, known, asked, args.cell_timeout,
                          args.notebook_timeout, isolate)
        rows += these
        passed = sum(r["verdict"] == PASS for r in these)
        print(f"{path.relative_to(args.submissions)}: {these[0]['lesson'] or '?'}, {passed} of "
              f"{len(these)} passed ({time.monotonic() - start:.1f} s)", file=out, flush=True)
    write_csv(args.out, rows, COLUMNS)
    table = summary(rows, known)
    if args.summary:
        write_csv(args.summary, table, SUMMARY_COLUMNS)
    print_summary(table, rows, out)
    print(f"wrote {args.out}" + (f" and {args.summary}" if args.summary else ""), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
