"""The slide decks of tools/make_slides.py in a real browser, and RISE presenting a lesson.

Every deck is opened from disk in Chromium at 1280 x 720 with the network cut off: it must load
(reveal.js and MathJax from its own assets/, no console error) and every slide, solutions
unfolded, must fit the screen without scrolling. A slide that does not is named in the failure,
with a screenshot of it. RISE (jupyterlab-rise) is tried on a synced copy of lesson 01 in the
JupyterLab server of conftest.py: its slides must be the rule's, and a cell must run there.
Run with `pytest -m browser`.
"""

import json
import re

import pytest
from project import ROOT, tool

pytestmark = pytest.mark.browser

make_slides = tool("make_slides")
LESSONS = make_slides.lessons(ROOT / "notebooks")

READY = "() => window.Reveal && Reveal.isReady() && window.MathJax && MathJax.startup"
# Every slide, solutions unfolded: how far its content reaches, in the slide's own pixels.
MEASURE = """async () => {
    await MathJax.startup.promise;
    document.querySelectorAll(".reveal details").forEach(d => { d.open = true; });
    Reveal.layout();
    const scale = Reveal.getScale();
    return Reveal.getSlides().map(slide => {
        const {h, v} = Reveal.getIndices(slide);
        Reveal.slide(h, v);
        const box = slide.getBoundingClientRect();
        let bottom = box.top, right = box.left;
        for (const node of slide.querySelectorAll("*")) {
            const r = node.getBoundingClientRect();
            if (r.width && r.height) {
                bottom = Math.max(bottom, r.bottom);
                right = Math.max(right, r.right);
            }
        }
        const heading = slide.parentElement.querySelector("h1, h2") || slide.querySelector("h3");
        return {h, v, height: (bottom - box.top) / scale, width: (right - box.left) / scale,
                heading: heading ? heading.textContent.replace(/¶$/, "") : ""};
    });
}"""


RAN_FIRST_CELL = """(wanted) => {
    const prompt = document.querySelector(".reveal section.present .jp-CodeCell .jp-InputPrompt");
    return prompt && prompt.textContent.trim() === wanted;
}"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    pytest.importorskip("nbconvert", reason="nbconvert is not installed")
    folder = tmp_path_factory.mktemp("decks")
    return {deck.stem: deck for deck in make_slides.build(folder)}


@pytest.fixture
def slide_page(browser):
    context = browser.new_context(viewport={"width": make_slides.WIDTH,
                                            "height": make_slides.HEIGHT})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.requests_from_web = []

    def refuse(route):
        page.requests_from_web.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), refuse)  # not the local server
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda error: page.console_errors.append(f"page error: {error}"))
    yield page
    context.close()


def open_deck(page, deck):
    page.goto(deck.as_uri())
    page.wait_for_function(READY)
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_slide_fits(slide_page, decks, evidence_folder, lesson):
    page = slide_page
    slides = open_deck(page, decks[lesson.stem])
    assert not page.requests_from_web, f"the deck asked the web for {page.requests_from_web}"
    assert not page.console_errors, "browser console errors:\n" + "\n".join(page.console_errors)
    assert len(slides) > 5, f"only {len(slides)} slides"
    too_big = [s for s in slides if s["height"] > make_slides.HEIGHT + 0.5
               or s["width"] > make_slides.WIDTH + 0.5]
    if too_big:
        names = []
        for s in too_big:
            page.evaluate(f"() => Reveal.slide({s['h']}, {s['v']})")
            shot = evidence_folder / f"{lesson.stem}_slide_{s['h'] + 1}.{s['v'] + 1}.png"
            page.screenshot(path=str(shot))
            names.append(f"slide {s['h'] + 1}.{s['v'] + 1} in {s['heading']!r}: "
                         f"{s['width']:.0f} x {s['height']:.0f} px ({shot})")
        pytest.fail(f"{lesson.stem}: slides larger than {make_slides.WIDTH} x "
                    f"{make_slides.HEIGHT}:\n" + "\n".join(names))
    print(f"\n{lesson.stem}: {len(slides)} slides, tallest {max(s['height'] for s in slides):.0f}"
          " px")


def test_rise_presents_a_lesson_from_the_same_metadata(slide_page, jupyter):
    """jupyterlab-rise shows a lesson, synced by make_slides.py, as the rule's slides, and runs
    its cells there."""
    pytest.importorskip("jupyterlab_rise", reason="jupyterlab-rise is not installed")
    server = jupyter("lab")
    lesson = LESSONS[0]
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    make_slides.set_slide_types(nb)
    name = f"rise_{lesson.name}"  # a copy beside the server's others, with the metadata synced
    (server.folder / name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    expected = make_slides.slide_types(nb["cells"])
    page = slide_page
    try:
        # What JupyterLab's "Render as slideshow" button opens; reveal.js marks itself ready.
        page.goto(f"{server.url}/rise/{name}?token={server.token}")
        page.wait_for_selector(".reveal.ready .slides > section", timeout=90_000)
        counts = page.evaluate("""() => [
            document.querySelectorAll(".reveal .slides > section").length,
            document.querySelectorAll(".reveal .slides > section > section").length]""")
        # Presenting live: go to the first code cell (the opening cell) and run it there.
        cell = page.locator(".reveal section.present .jp-CodeCell")
        for _ in range(10):
            if cell.count():
                break
            page.keyboard.press("Space")
            page.wait_for_timeout(300)
        cell.first.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Escape")
        for _ in range(2):  # twice: the stored prompt already says [1]
            page.keyboard.press("Control+Enter")
            page.wait_for_timeout(500)
        page.wait_for_function(RAN_FIRST_CELL, arg="[2]:", timeout=90_000, polling=500)
        ran = cell.first.locator(".jp-OutputArea").text_content()
    finally:
        server.shut_down_kernels()
    assert counts == [expected.count("slide"), expected.count("slide") + expected.count("subslide")]
    assert "Python" in ran and "Error" not in ran, ran
