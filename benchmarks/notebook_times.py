"""How long each notebook takes under nbval, and how long `import helpers` takes.

    .venv/bin/python benchmarks/notebook_times.py              # every notebook
    .venv/bin/python benchmarks/notebook_times.py 01 05        # some (by number)

Prints a Markdown table (the README's "Speed" section quotes it). Each notebook runs alone in a
fresh pytest process, exactly as the test suite runs it; the wall time includes starting the
kernel. Run it on an otherwise idle machine.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The budget each lesson promises (seconds under nbval on an idle 2-core CPU), and the whole
# collection's.
BUDGET = {"00": 20, "01": 20, "02": 30, "03": 30, "04": 30, "05": 45, "06": 45, "07": 45,
          "08": 45, "09": 45, "10": 20, "11": 20, "12": 20, "13": 20}
BUDGET_ALL = 150


def import_time(repeats=7):
    code = ("import time; t = time.perf_counter(); import helpers, helpers.setup; "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 cwd=ROOT, check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def nbval_time(path):
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", str(path)], cwd=ROOT,
                            capture_output=True, text=True)
    return time.perf_counter() - start, result.returncode == 0


def main(selected):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if selected:
        notebooks = [p for p in notebooks if p.name[:2] in selected]
    print(f"`import helpers`: {import_time() * 1000:.0f} ms (median of 7 fresh processes)\n")
    print("| notebook | nbval wall time (s) | budget (s) | within budget | passed |")
    print("|---|---|---|---|---|")
    total = 0.0
    for path in notebooks:
        seconds, passed = nbval_time(path)
        total += seconds
        budget = BUDGET.get(path.name[:2], 20)
        print(f"| {path.stem} | {seconds:.1f} | {budget} | {'yes' if seconds < budget else 'NO'} "
              f"| {'yes' if passed else 'NO'} |", flush=True)
    print(f"| **all** | **{total:.0f}** | {BUDGET_ALL} | {'yes' if total < BUDGET_ALL else 'NO'} "
          "| |")


if __name__ == "__main__":
    main(sys.argv[1:])
