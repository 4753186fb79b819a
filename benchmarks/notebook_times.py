"""How long each notebook takes under nbval, and how long `import helpers` takes.

    .venv/bin/python benchmarks/notebook_times.py              # every notebook
    .venv/bin/python benchmarks/notebook_times.py 01 05        # some (by number)
    .venv/bin/python benchmarks/notebook_times.py --repeat 3   # median of 3 sessions

Runs the notebooks as the test suite does: one pytest session, nbval starting a fresh kernel for
each notebook. A notebook's time is the sum of its cells' setup, call and teardown (pytest's JUnit
report), so it includes starting and stopping its kernel; the session's wall time adds pytest's own
start-up and collection, paid once per run. Prints a Markdown table (the README's "Speed" section
quotes it). Run it on an otherwise idle machine; on a virtual machine, whose speed drifts by 10-20 %
from one minute to the next, take the median of several sessions (--repeat).
"""

import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The budget each lesson promises (seconds under nbval on an idle 2-core CPU), and the whole
# collection's (the session's wall time).
BUDGET = {"00": 20, "01": 20, "02": 30, "03": 30, "04": 30, "05": 45, "06": 45, "07": 45,
          "08": 45, "09": 45, "10": 20, "11": 20, "12": 20, "13": 20}
BUDGET_ALL = 150


def import_time(repeats=7):
    code = ("import time; t = time.perf_counter(); import helpers, helpers.setup; "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 cwd=ROOT, check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def nbval_session(paths):
    """Wall time of one pytest session over paths, and {notebook stem: (seconds, passed)}."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "-q", f"--junitxml={report}",
                        *map(str, paths)], cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        cases = ET.parse(report).getroot().iter("testcase")
        seconds, passed = defaultdict(float), defaultdict(lambda: True)
        for case in cases:
            stem = case.get("classname").removeprefix("notebooks.").removesuffix(".ipynb")
            seconds[stem] += float(case.get("time"))
            if case.find("failure") is not None or case.find("error") is not None:
                passed[stem] = False
    return wall, {stem: (seconds[stem], passed[stem]) for stem in seconds}


def main(argv):
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    selected = [a for a in argv if a.isdigit() and len(a) == 2]
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if selected:
        notebooks = [p for p in notebooks if p.name[:2] in selected]
    print(f"`import helpers`: {import_time() * 1000:.0f} ms (median of 7 fresh processes)\n")
    sessions = [nbval_session(notebooks) for _ in range(repeat)]
    wall = statistics.median(w for w, _ in sessions)
    kind = f"median of {repeat} sessions" if repeat > 1 else "one session"
    print(f"| notebook | nbval time (s), {kind} | budget (s) | within budget | passed |")
    print("|---|---|---|---|---|")
    total = 0.0
    for path in notebooks:
        runs = [times.get(path.stem, (float("nan"), False)) for _, times in sessions]
        seconds = statistics.median(s for s, _ in runs)
        passed = all(p for _, p in runs)
        total += seconds
        budget = BUDGET.get(path.name[:2], 20)
        print(f"| {path.stem} | {seconds:.1f} | {budget} | {'yes' if seconds <= budget else 'NO'} "
              f"| {'yes' if passed else 'NO'} |")
    print(f"| **all, one session** (wall) | **{wall:.0f}** | {BUDGET_ALL} | "
          f"{'yes' if wall <= BUDGET_ALL else 'NO'} | |")
    print(f"\npytest's start-up and collection, once per session: {wall - total:.1f} s")
    if repeat > 1:
        print("session wall times (s): " + ", ".join(f"{w:.0f}" for w, _ in sessions))


if __name__ == "__main__":
    main(sys.argv[1:])
