"""Run code in a real Jupyter kernel of the test's own Python, as a learner's notebook runs it."""

import os
from queue import Empty

from nbval.kernel import CURRENT_ENV_KERNEL_NAME, start_new_kernel


def run_in_kernel(*cells, cwd=None, env=None, timeout=120):
    """Execute each cell in one fresh kernel; return the outputs as (msg_type, content) pairs.

    The kernel starts without PYTEST_CURRENT_TEST, so that, as in Jupyter, whatever the process
    writes to its stderr (C++ libraries included) reaches the outputs (see conftest.py).
    """
    env = {k: v for k, v in (env or os.environ).items() if k != "PYTEST_CURRENT_TEST"}
    km, kc = start_new_kernel(kernel_name=CURRENT_ENV_KERNEL_NAME, cwd=cwd, env=env)
    outputs = []
    try:
        for code in cells:
            msg_id = kc.execute(code)
            while True:
                try:
                    msg = kc.get_iopub_msg(timeout=timeout)
                except Empty:
                    raise TimeoutError(f"no output for {timeout} s from: {code[:80]!r}") from None
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
                if kind in ("stream", "display_data", "execute_result", "error"):
                    outputs.append((kind, msg["content"]))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return outputs
