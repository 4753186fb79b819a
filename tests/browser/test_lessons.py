"""Every lesson opened in JupyterLab in a real browser, run top to bottom and played with.

nbval runs the cells but never draws them; these tests look at what a learner sees: no error or
stderr box, widgets that render as controls, and a first widget whose every control changes the
figure or text beside it. Run them with `pytest -m browser` (CI does).
"""

import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Images on the web that an offline machine cannot load; a console error about them is expected.
EXTERNAL_IMAGES = ("https://colab.research.google.com/assets/colab-badge.svg",)
# Errors of the interfaces themselves, seen on every page, with or without a lesson open:
# Notebook 7.6's keyboard-shortcut plugin reads the settings schema of a plugin it has not loaded.
UPSTREAM_ERRORS = {
    "notebook": re.compile(r"page error: Cannot read properties of undefined \(reading 'schema'\)"
                           r"\n.*/static/notebook/notebook_core\.", re.S),
}
BROKEN_WIDGET = re.compile(r"Error displaying widget|Loading widget|interactive\(children=")
RUN_TIMEOUT_MS = 240_000  # the slowest lesson runs in well under a minute

# Waits for the lesson's notebook panel and its kernel, and keeps the panel as window.lesson (the
# shell's current widget follows the focus, which the widgets move).
READY = """(path) => {
    const app = window.jupyterapp;
    if (!app) { return false; }
    const panel = Array.from(app.shell.widgets("main")).find(
        w => w.context && w.context.path === path && w.sessionContext);
    if (!panel || !panel.context.isReady) { return false; }
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== "idle") { return false; }
    window.lesson = panel;
    return panel.id;
}"""

RUN_ALL = """async () => {
    const app = window.jupyterapp;
    app.shell.activateById(window.lesson.id);
    await app.commands.execute("notebook:clear-all-cell-outputs");
    void app.commands.execute("notebook:run-all-cells");
}"""

# True when every code cell has run and the kernel rests.
FINISHED = """() => {
    const panel = window.lesson;
    const kernel = panel.sessionContext.session.kernel;
    const cells = panel.content.widgets.filter(cell => cell.model.type === "code");
    return kernel.status === "idle" && cells.every(cell => cell.model.executionCount !== null);
}"""

CELLS = """() => window.lesson.content.widgets.map((cell, index) => {
    const isCode = cell.model.type === "code";
    const outputs = isCode ? cell.model.outputs.toJSON() : [];
    const area = cell.node.querySelector(".jp-OutputArea");
    return {
        index,
        code: isCode,
        source: cell.model.sharedModel.getSource(),
        errors: outputs.filter(o => o.output_type === "error").map(o => o.ename + ": " + o.evalue),
        stderr: outputs.filter(o => o.output_type === "stream" && o.name === "stderr")
                       .map(o => [].concat(o.text).join("")),
        text: area ? area.textContent : "",
        interactive: cell.node.querySelectorAll(".jp-OutputArea .widget-interact").length,
    };
})"""


def cell_locator(page, panel_id, index):
    return page.locator(f"[id='{panel_id}'] .jp-Notebook .jp-Cell").nth(index)


def output_snapshot(cell):
    """What the learner sees beside a widget: its text and its images."""
    area = cell.locator(".widget-interact .widget-output, .widget-interact .jp-OutputArea").first
    images = area.locator("img").evaluate_all("nodes => nodes.map(n => n.src)")
    return area.text_content(), images


def wait_for_change(page, cell, before, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        after = output_snapshot(cell)
        if after != before and page.evaluate(FINISHED):
            return after
    raise AssertionError(f"{what}: the output beside the widget did not change in {timeout} s")


def play_with_first_widget(page, panel_id, index, notebook_7=False):
    """Change every control of the widget in cell `index`; each change must redraw the output."""
    cell = cell_locator(page, panel_id, index)
    cell.scroll_into_view_if_needed()
    snapshot = output_snapshot(cell)
    assert snapshot[0].strip() or snapshot[1], "the widget shows no output at all"
    played = []
    handles = cell.locator(".widget-interact .noUi-handle, .widget-interact .ui-slider-handle")
    for i in range(handles.count()):
        handle = handles.nth(i)
        name = f"slider {i + 1}"
        now = float(handle.get_attribute("aria-valuenow") or 0)
        top = float(handle.get_attribute("aria-valuemax") or now + 1)
        direction = -1 if now >= top else 1
        if not notebook_7:  # Notebook 7 moves focus to the next cell on arrow keys instead
            handle.focus()
            page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
            snapshot = wait_for_change(page, cell, snapshot, f"{name}, arrow key")
            now = float(handle.get_attribute("aria-valuenow") or 0)
            direction = -1 if now >= top else 1
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 + 40 * direction,
                        box["y"] + box["height"] / 2, steps=5)
        page.mouse.up()
        snapshot = wait_for_change(page, cell, snapshot, f"{name}, dragged")
        played.append(name)
    selects = cell.locator(".widget-interact select")
    for i in range(selects.count()):
        select = selects.nth(i)
        values = select.locator("option").evaluate_all("nodes => nodes.map(n => n.value)")
        current = select.input_value()
        select.select_option(next(v for v in values if v != current))
        snapshot = wait_for_change(page, cell, snapshot, f"dropdown {i + 1}")
        played.append(f"dropdown {i + 1}")
    boxes = cell.locator(".widget-interact input[type=checkbox]")
    for i in range(boxes.count()):
        boxes.nth(i).click()
        snapshot = wait_for_change(page, cell, snapshot, f"checkbox {i + 1}")
        played.append(f"checkbox {i + 1}")
    assert played, "the first widget has no control this test knows (slider, dropdown, checkbox)"
    return played


def run_notebook(page, server, name, interface):
    # ?reset: JupyterLab starts from an empty workspace, without the tabs of the previous test
    url = f"{server.url}/{'lab/tree' if interface == 'lab' else 'notebooks'}/{name}"
    page.goto(f"{url}?reset&token={server.token}")
    panel_id = page.wait_for_function(READY, arg=name, timeout=60_000, polling=500).json_value()
    page.evaluate(RUN_ALL)
    page.wait_for_function(FINISHED, timeout=RUN_TIMEOUT_MS, polling=500)
    return panel_id, page.evaluate(CELLS)


def check_notebook(page, server, name, interface="lab"):
    console_errors = []

    def on_console(message):
        if message.type == "error" and not message.location.get("url", "").startswith(
                EXTERNAL_IMAGES):
            console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(f"page error: {error}\n{error.stack}"))
    start = time.monotonic()
    panel_id, cells = run_notebook(page, server, name, interface)
    code = [c for c in cells if c["code"]]
    assert code, "no code cells found"
    problems = [f"cell {c['index']}: {line}" for c in code for line in c["errors"] + c["stderr"]]
    assert not problems, "error or stderr outputs:\n" + "\n".join(problems)
    widget_cells = [c for c in code if "interact(" in c["source"]]
    for c in widget_cells:
        broken = BROKEN_WIDGET.search(c["text"])
        assert not broken, f"cell {c['index']}: the widget did not render ({broken.group()})"
        assert c["interactive"] == 1, f"cell {c['index']}: no widget controls were drawn"
    played = []
    if widget_cells:
        played = play_with_first_widget(page, panel_id, widget_cells[0]["index"],
                                        interface == "notebook")
    known = UPSTREAM_ERRORS.get(interface)
    console_errors = [e for e in console_errors if not (known and known.match(e))]
    assert not console_errors, "browser console errors:\n" + "\n".join(console_errors)
    return time.monotonic() - start, played


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def saving_evidence(page, folder, test_name, error):
    """Keep a screenshot and the page's text of a failure, and say where they are."""
    stem = re.sub(r"[^\w.-]+", "_", test_name)
    try:
        page.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
        (folder / f"{stem}.txt").write_text(page.locator("body").text_content() or "")
    except Exception as e:  # the page itself may be what broke
        (folder / f"{stem}.txt").write_text(f"no screenshot or text: {e}")
    return AssertionError(f"{error}\n(screenshot and page text: {folder / stem}.png / .txt)")


def check(page, jupyter, evidence_folder, request, path, interface):
    server = jupyter(interface)
    try:
        seconds, played = check_notebook(page, server, path.name, interface)
    except AssertionError as error:
        raise saving_evidence(page, evidence_folder, request.node.name, error) from None
    finally:
        server.shut_down_kernels()
    print(f"\n{path.stem} in {interface}: {seconds:.1f} s, played: {', '.join(played) or '-'}")
    return played


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_in_jupyterlab(page, jupyter, evidence_folder, request, path):
    check(page, jupyter, evidence_folder, request, path, "lab")


def test_lesson_01_in_notebook_7(page, jupyter, evidence_folder, request):
    assert check(page, jupyter, evidence_folder, request, NOTEBOOKS[1], "notebook")
