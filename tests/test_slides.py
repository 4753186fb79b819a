"""tools/make_slides.py: one reveal.js deck per lesson, built from the notebook's stored outputs,
its slides following the headings, nothing loaded from the web; and the metadata RISE reads,
written by --sync (tried here on copies only). The decks are opened in Chromium by
tests/browser/test_decks_in_browser.py."""

import copy
import html
import json
import re
import shutil

import pytest
from project import ROOT, load, tool

bs4 = pytest.importorskip("bs4", reason="nbconvert (which brings bs4) is not installed")

make_slides = tool("make_slides")
LESSONS = make_slides.lessons(ROOT / "notebooks")
REMOTE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?"""
                    r"(?:https?:)?//", re.I)


def plain(text):
    """A heading's words, without markdown or HTML decoration."""
    return re.sub(r"[_\s]+", " ", re.sub(r"[`*¶]", "", text)).strip()


@pytest.fixture(scope="module")
def lessons(tmp_path_factory):
    """A copy of notebooks/ taken once, so that the decks and these tests see the same lessons."""
    folder = tmp_path_factory.mktemp("lessons") / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    return folder


@pytest.fixture(scope="module")
def decks(tmp_path_factory, lessons):
    out = tmp_path_factory.mktemp("slides")
    before = {p.name: p.read_bytes() for p in lessons.iterdir()}
    assert make_slides.main([str(out), "--notebooks", str(lessons)]) == 0
    assert {p.name: p.read_bytes() for p in lessons.iterdir()} == before, "a notebook changed"
    return out


def test_one_deck_per_lesson_and_an_index(decks):
    assert LESSONS and all(p.name[:2] != "00" for p in LESSONS)
    assert sorted(p.stem for p in decks.glob("*.html")) == sorted(
        [p.stem for p in LESSONS] + ["index"])
    index = (decks / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{p.stem}.html"' in index for p in LESSONS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_deck_follows_the_lesson(decks, lessons, lesson):
    page = (decks / f"{lesson.stem}.html").read_text(encoding="utf-8")
    nb = load(lessons / lesson.name)
    soup = bs4.BeautifulSoup(page, "html.parser")
    slides = soup.select(".reveal .slides > section")
    # every # and ## heading opens a slide (the first cell of its first sub-slide), in order
    wanted = [plain(title) for cell in nb["cells"] for level, title in make_slides.headings(cell)
              if level <= 2]
    openers = []
    for slide in slides:
        first = slide.find("section").find(class_="jp-Cell")
        heading = first.find(re.compile(r"^h[1-6]$")) if first else None
        if heading is not None and heading.name in ("h1", "h2"):
            openers.append(plain(heading.get_text()))
    assert openers == wanted
    found = [plain(h.get_text()) for h in soup.select(".reveal h1, .reveal h2")]
    assert found == wanted, "a # or ## heading that does not open a slide"
    # the stored outputs are there: every figure, and every printed line
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    figures = sum("image/png" in o.get("data", {}) for o in outputs)
    assert page.count('src="data:image/png;base64,') == figures
    text = html.unescape(soup.get_text())
    for output in outputs:
        if output.get("name") == "stdout":
            line = next((s for s in "".join(output["text"]).splitlines() if s.strip()), "")
            assert line.strip() in text, f"printed output missing: {line!r}"
    # the formulas are there for MathJax, which the deck loads from its own copy
    formulas = re.findall(r"\$\$(.+?)\$\$", "\n".join(
        make_slides.source(c) for c in nb["cells"] if c["cell_type"] == "markdown"), re.S)
    assert all(f.strip() in text for f in formulas), "a formula is missing"
    assert '<script src="assets/mathjax/tex-svg-full.js">' in page
    # nothing from the web: no script, style sheet or image from a URL, and every local file there
    assert not REMOTE.findall(page)
    for ref in re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', page):
        assert (decks / ref).is_file(), f"{ref} is not beside the deck"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_slide_is_estimated_taller_than_the_screen(lesson):
    nb = make_slides.deck_notebook(load(lesson))
    types = make_slides.slide_types(nb["cells"])
    used = 0
    for cell, kind in zip(nb["cells"], types):
        tags = cell["metadata"].get("tags", [])
        zoom = next((int(t.rsplit("-", 1)[1]) for t in tags if t.startswith("deck-zoom-")), 100)
        height = make_slides.cell_height(cell) * zoom / 100
        used = height if kind != "-" else used + height
        assert used <= make_slides.BUDGET * 1.05 and zoom >= 50, make_slides.source(cell)[:80]


def markdown(text, **extra):
    return {"cell_type": "markdown", "metadata": {}, "source": text, **extra}


def code(text, outputs=()):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": list(outputs),
            "execution_count": None}


def test_the_rule():
    cells = [markdown("# 01 · Title\n\nGoal."), markdown("## You will learn\n\n- a"),
             code("x = 1"), markdown("### A detail"), code("y = 2"),
             code("print('long')", [{"output_type": "stream", "name": "stdout",
                                     "text": "line\n" * 40}]),
             markdown("## Exercises"), markdown("**Exercise 1.**"), code("check(...)"),
             markdown("<details><summary>Solution</summary>\n\n## not a heading\n</details>")]
    assert make_slides.slide_types(cells) == [
        "slide", "slide", "-", "subslide", "-", "subslide", "slide", "subslide", "-", "subslide"]


def test_a_cell_is_split_before_headings_never_inside_code_solutions_or_formulas():
    text = ("End of the last section.\n\n## 3. Next\n\nText.\n\n```python\n## a comment\n```\n\n"
            "<details><summary>Solution</summary>\n\n### inside\n</details>\n\n### 3.1 Part\n\n"
            "$$\nE = 1\n\n## x\n$$")
    parts = make_slides.split_markdown(text)
    assert [p.splitlines()[0] for p in parts] == ["End of the last section.", "## 3. Next",
                                                  "### 3.1 Part"]
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_a_long_cell_is_split_between_paragraphs():
    text = "\n\n".join(f"Paragraph {i}. " + "word " * 60 for i in range(30))
    parts = make_slides.split_markdown(text)
    assert len(parts) > 1 and all(make_slides.markdown_height(p) <= make_slides.BUDGET
                                  for p in parts)
    assert "\n\n".join(parts) == text


def test_the_parts_of_a_split_cell_keep_their_own_slide_types():
    # a synced cell already carries a slide type; its parts must not share one metadata dict
    cell = markdown("## 6. A section\n\n" + "\n\n".join("word " * 60 for _ in range(30)),
                    metadata={"slideshow": {"slide_type": "slide"}})
    deck = make_slides.deck_notebook({"metadata": {}, "cells": [markdown("# T"), cell]})
    kinds = [c["metadata"].get("slideshow", {}).get("slide_type", "-") for c in deck["cells"]]
    assert kinds[:2] == ["slide", "slide"] and set(kinds[2:]) == {"subslide"}, kinds
    assert cell["metadata"] == {"slideshow": {"slide_type": "slide"}}, "the original changed"


def test_outputs_too_tall_beside_their_code_go_to_the_next_slide():
    tall = code("print('x')\n# NBVAL_CHECK_OUTPUT", [{"output_type": "stream", "name": "stdout",
                                                      "text": "x\n" * 40}])
    nb = {"metadata": {}, "cells": [markdown("# T"), code("a = 1\n" * 20), tall]}
    deck = make_slides.deck_notebook(nb)
    assert [c["metadata"].get("slideshow", {}).get("slide_type", "-") for c in deck["cells"]] == [
        "slide", "-", "-", "subslide"]
    source_cell, outputs_cell = deck["cells"][2:]
    assert source_cell["outputs"] == [] and "NBVAL" not in source_cell["source"]
    assert outputs_cell["outputs"] == tall["outputs"]
    assert make_slides.OUTPUTS_TAG in outputs_cell["metadata"]["tags"]
    assert deck["metadata"]["title"] == "T" and nb["cells"][2] == tall, "the original changed"


@pytest.fixture
def lessons_copy(tmp_path):
    """A copy of the lessons without any slide metadata, as before the first --sync."""
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    for path in folder.glob("*.ipynb"):
        nb = load(path)
        for cell in nb["cells"]:
            cell["metadata"].pop("slideshow", None)
        nb["metadata"].pop("rise", None)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def test_sync_writes_the_slide_types_and_nothing_else(lessons_copy, capsys):
    before = {p.name: load(p) for p in lessons_copy.glob("*.ipynb")}
    assert make_slides.main(["--check", "--notebooks", str(lessons_copy)]) == 1
    assert "out of step: 01_" in capsys.readouterr().out
    assert make_slides.main(["--sync", "--notebooks", str(lessons_copy)]) == 0
    assert make_slides.main(["--check", "--notebooks", str(lessons_copy)]) == 0
    for path in lessons_copy.glob("*.ipynb"):
        nb = load(path)
        assert path.read_text(encoding="utf-8") == json.dumps(
            nb, indent=1, ensure_ascii=False) + "\n", "not written as the other tools write"
        if path.name.startswith("00"):
            assert nb == before[path.name], "the index has no deck and keeps no slide metadata"
            continue
        types = [c["metadata"].get("slideshow", {}).get("slide_type", "-") for c in nb["cells"]]
        assert types == make_slides.slide_types(nb["cells"])
        assert nb["metadata"]["rise"] == make_slides.RISE
        stripped = copy.deepcopy(nb)
        del stripped["metadata"]["rise"]
        for cell in stripped["cells"]:
            cell["metadata"].pop("slideshow", None)
        assert stripped == before[path.name], f"{path.name}: more than the slide types changed"


def test_sync_keeps_other_slideshow_settings():
    meta = {"slideshow": {"slide_type": "skip", "data": {"x": 1}}, "tags": ["a"]}
    nb = {"metadata": {"rise": {"theme": "sky"}},
          "cells": [markdown("# T"), markdown("## S", metadata=meta)]}
    assert make_slides.set_slide_types(nb)
    assert nb["cells"][1]["metadata"] == {"slideshow": {"data": {"x": 1}, "slide_type": "slide"},
                                          "tags": ["a"]}
    assert nb["metadata"]["rise"] == {"theme": "sky", **make_slides.RISE}
    assert not make_slides.set_slide_types(nb)


def test_check_names_headings_that_do_not_open_their_cell():
    nb = {"cells": [markdown("# T"), markdown("Text.\n\n## 2. Next\n\n### 2.1 Part")]}
    assert make_slides.mid_cell_headings(nb) == [(1, "## 2. Next"), (1, "### 2.1 Part")]


def test_synced_lessons_stay_in_step():
    """Once `make_slides.py --sync` has written a lesson's slide types (for RISE), they follow
    the lesson: a lesson edited since must be synced again."""
    synced = [p for p in LESSONS if any("slideshow" in c["metadata"] for c in load(p)["cells"])]
    stale = [p.name for p in make_slides.sync(ROOT / "notebooks", write=False) if p in synced]
    assert not stale, f"slide types out of step in {stale}: run python tools/make_slides.py --sync"
