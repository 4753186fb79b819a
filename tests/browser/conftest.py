"""A JupyterLab server on a copy of the lessons and a headless Chromium, for the browser tests.

The browser is Debian's `chromium` (apt-get install chromium), driven by Playwright for Python;
Playwright's own browser download is never used. The server listens on 127.0.0.1 only, on a free
port with a random token, with its settings, runtime files and the notebooks themselves in a
temporary folder, so nothing it does can touch the repository.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: sudo apt-get install chromium) and the test "
                "requirements (pip install -r requirements-browser.txt)")
# Settings a learner may have changed do not apply here: no autosave (the copy is thrown away
# anyway), and every cell rendered in full, so off-screen outputs can be read too.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@dataclass
class Server:
    url: str
    token: str
    folder: Path  # the copy of notebooks/ the server works on
    log: Path
    process: subprocess.Popen

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(base):
    """JupyterLab (which also serves Notebook 7) on a copy of the notebooks, in folder `base`."""
    folder = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    settings = base / "settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    # The kernels must forward native stderr as a learner's do (see the repository's conftest.py).
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env.update(JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(base / "config"),
               JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"))
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
               "--LabApp.expose_app_in_browser=True",
               "--JupyterNotebookApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI runs as root
    log = base / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", token, folder, log, process)
    deadline = time.monotonic() + 60
    while True:
        try:
            server.api("status")
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"JupyterLab did not start; its log: {log}\n"
                                   + log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.5)


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory):
    """jupyter("lab") or jupyter("notebook"): a server for that interface, started once.

    One server per interface: jupyter_server caches static files by name for all its apps, so once
    Notebook 7 has served a font, JupyterLab's request for its file of the same name gets a 403.
    """
    pytest.importorskip("jupyterlab", reason=f"JupyterLab is not installed: {INSTALL_HINT}")
    pytest.importorskip("notebook", reason=f"Notebook 7 is not installed: {INSTALL_HINT}")
    servers = {}

    def server(interface):
        if interface not in servers:
            servers[interface] = start_server(tmp_path_factory.mktemp(f"jupyter-{interface}"))
        return servers[interface]

    yield server
    for running in servers.values():
        running.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason=f"Playwright is not installed: {INSTALL_HINT}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            # No sandbox (CI runs as root); no calls home, which this offline machine refuses.
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def evidence_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-failures")
