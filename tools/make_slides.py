"""Slides from the lessons: one reveal.js deck per lesson, and the metadata RISE presents from.

    python tools/make_slides.py OUTDIR   # OUTDIR/index.html, OUTDIR/NN_name.html, OUTDIR/assets/
    python tools/make_slides.py --sync   # write the slide types (and RISE's settings)
    python tools/make_slides.py --check  # only report; exit 1 if a notebook is out of step

Every lesson but 00_index (a map, not a class) gets a deck. Slides follow the lesson's headings
by one rule, slide_types(): a `#`/`##` heading starts a slide, a deeper one a sub-slide (reached
with the down arrow), and a slide that would be taller than the screen goes on in a sub-slide.
RISE (jupyterlab-rise, for presenting live in JupyterLab) reads that rule's result from the
notebooks, where --sync writes it (each cell's metadata.slideshow.slide_type, and the notebook's
metadata.rise; nothing else; --check also names headings that do not open their cell, which RISE
shows mid-slide).

The decks are built by nbconvert's SlidesExporter from the stored outputs (nothing is run), from
a copy of the notebook with the same rule applied after changes that metadata cannot express: a
cell is split before each heading, and between paragraphs where it is taller than a slide; a code
cell whose outputs would not fit beside it shows them on the next slide; what is still taller
than a slide is scaled down; the tests' `# NBVAL_...` markers are left out. A deck opens
offline: reveal.js, MathJax 3 and the theme are copied from tools/slides/assets/ into
OUTDIR/assets/ (tools/slides/README.md says where they come from).
"""

import argparse
import base64
import copy
import html
import json
import math
import re
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SLIDES = Path(__file__).resolve().parent / "slides"  # the nbconvert template and the assets

# A slide is WIDTH x HEIGHT CSS pixels. The sizes below are those of the theme,
# tools/slides/assets/reveal/dist/theme/lessons.css (change both together); the browser tests
# (tests/browser/test_decks_in_browser.py) check that every slide really fits.
WIDTH, HEIGHT = 1280, 720
BUDGET = 680  # estimated pixels of content per slide: HEIGHT less the top padding and a margin
TEXT_LINE, TEXT_CHARS = 27, 110  # prose: 20 px type, about 110 characters a line
HEADING_LINE = 50
CODE_LINE, CODE_CHARS = 20, 120  # code and text output: 16 px monospace
IMAGE_WIDTH = 1232
IMAGE_HEIGHT, IMAGE_HEIGHT_ALONE = 400, 620  # figures beside their code / on a slide of their own
CELL_GAP = 8
# RISE's settings for the lessons: its slides are JupyterLab's cells, laid out by JupyterLab, so
# one taller than the screen scrolls (the decks split it instead).
RISE = {"scroll": True}
OUTPUTS_TAG = "deck-outputs"  # a code cell's outputs shown on a slide of their own
ZOOM_TAG = "deck-zoom-{}"  # scaled down to that many percent, in steps of 5 (lessons.css)

REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(https?://[^)]*\)")  # ![alt](https://...)
HEADING = re.compile(r"(#{1,6})\s+(.*)")
NEW_BLOCK = re.compile(r"[-*+] |\d+\. |[|<>$]")  # a list item, table row, tag, quote, formula
NBVAL_MARKER = re.compile(r"^# NBVAL_[A-Z_]+\n?", re.M)  # for the tests, not for the class


def source(cell):
    return "".join(cell["source"])


def prose_lines(text):
    """(line, inside a fenced code block, a <details> block or a $$ formula?) for each line."""
    fenced = details = formula = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            yield line, True
            continue
        if not fenced:
            details += stripped.count("<details") - stripped.count("</details>")
            formula ^= stripped.count("$$") % 2 == 1
        yield line, fenced or details > 0 or formula


def headings(cell):
    """The (level, title) of each heading in a markdown cell, code blocks and solutions left out."""
    if cell["cell_type"] != "markdown":
        return []
    found = (HEADING.match(line) for line, inside in prose_lines(source(cell)) if not inside)
    return [(len(m.group(1)), m.group(2)) for m in found if m]


def png_size(data):
    """Width and height of a base64 PNG, read from its header."""
    data = "".join(data).replace("\n", "")
    return struct.unpack(">II", base64.b64decode(data[:44])[16:24])


def lines_height(text, line, chars):
    return sum(line * max(1, math.ceil(len(row) / chars)) for row in text.splitlines())


def markdown_height(text):
    """Estimated height of markdown on a slide: the lines of a paragraph flow together."""
    height, flowing, in_fence = 0, 0, False
    for line in text.splitlines() + [""]:
        stripped = line.strip()
        if flowing and (in_fence or not stripped or NEW_BLOCK.match(stripped)):
            height += TEXT_LINE * math.ceil(flowing / TEXT_CHARS)
            flowing = 0
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif in_fence:
            height += CODE_LINE
        elif HEADING.match(line):
            height += HEADING_LINE
        elif not stripped or re.fullmatch(r"[\s|:-]+|</details>", stripped):
            height += CELL_GAP  # blank lines, table rules, closing tags: margins only
        elif "$$" in stripped or stripped.startswith("|"):
            height += lines_height(stripped, TEXT_LINE * (1 + ("$$" in stripped)), TEXT_CHARS)
        else:
            flowing += len(stripped) + 1
    return height + CELL_GAP


def cell_height(cell):
    """Estimated height of a cell on a slide, in CSS pixels (solutions counted unfolded)."""
    if cell["cell_type"] == "markdown":
        return markdown_height(source(cell))
    alone = OUTPUTS_TAG in cell.get("metadata", {}).get("tags", [])
    height = 0 if alone else lines_height(source(cell), CODE_LINE, CODE_CHARS) + 10 + CELL_GAP
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            width, tall = png_size(data["image/png"])
            box = IMAGE_HEIGHT_ALONE if alone else IMAGE_HEIGHT
            height += min(tall * min(1, IMAGE_WIDTH / width), box) + 4
        else:
            text = output.get("text") or data.get("text/plain") or output.get("traceback") or ""
            height += lines_height("".join(text), CODE_LINE, CODE_CHARS) + 4
    return height + CELL_GAP


def slide_types(cells):
    """Each cell's slide type, "slide", "subslide" or "-": the one rule behind decks and RISE.

    - A markdown cell that opens with a `#` or `##` heading starts a slide; one that opens with a
      deeper heading starts a sub-slide.
    - In the Exercises section every markdown cell starts a sub-slide: an exercise, or a solution
      (its `<details>` block and what follows it), so no solution shares its exercise's slide.
    - A code cell's outputs split from it (OUTPUTS_TAG) start a sub-slide.
    - Any other cell continues the slide, unless the slide's estimated height (cell_height) would
      pass BUDGET: then it starts a sub-slide.
    """
    types, used, exercises = [], 0, False
    for cell in cells:
        found, height = headings(cell), cell_height(cell)
        first = bool(found) and source(cell).lstrip().startswith("#")
        if not types or (first and found[0][0] <= 2):
            kind = "slide"
        elif (first or (exercises and cell["cell_type"] == "markdown") or used + height > BUDGET
              or OUTPUTS_TAG in cell.get("metadata", {}).get("tags", [])):
            kind = "subslide"
        else:
            kind = "-"
        used = used + height if kind == "-" else height
        for level, title in found:
            if level <= 2:
                exercises = title.startswith("Exercises")
        types.append(kind)
    return types


def set_slide_types(nb):
    """Write slide_types() into the cells' metadata.slideshow.slide_type, and RISE's settings
    into the notebook's metadata.rise; True if anything changed.

    "-" (continue the slide) is the default of RISE and nbconvert, so it is left unwritten."""
    rise = dict(nb["metadata"].get("rise", {}), **RISE)
    changed = nb["metadata"].get("rise") != rise
    if changed:
        nb["metadata"] = dict(sorted({**nb["metadata"], "rise": rise}.items()))
    for cell, kind in zip(nb["cells"], slide_types(nb["cells"])):
        meta = cell.setdefault("metadata", {})
        if meta.get("slideshow", {}).get("slide_type", "-") == kind:
            continue
        changed = True
        slideshow = {k: v for k, v in meta.get("slideshow", {}).items() if k != "slide_type"}
        if kind != "-":
            slideshow["slide_type"] = kind
        meta.pop("slideshow", None)
        if slideshow:
            meta["slideshow"] = dict(sorted(slideshow.items()))
        cell["metadata"] = dict(sorted(meta.items()))  # nbformat's key order
    return changed


def lessons(folder):
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb") if p.name[:2] != "00")


def mid_cell_headings(nb):
    """(cell index, heading) of `#`-`###` headings that do not open their cell: RISE shows them
    mid-slide (the decks split such cells)."""
    found = []
    for index, cell in enumerate(nb["cells"]):
        opens = source(cell).lstrip().startswith("#")
        found += [(index, f"{'#' * level} {title}") for k, (level, title) in
                  enumerate(headings(cell)) if level <= 3 and (k or not opens)]
    return found


def sync(folder, write):
    """The lessons whose slide metadata is out of step; with write=True, bring them in step."""
    stale = []
    for path in lessons(folder):
        nb = json.loads(path.read_text(encoding="utf-8"))
        if set_slide_types(nb):
            stale.append(path)
            if write:
                text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
                path.write_text(text, encoding="utf-8")
    return stale


def split_markdown(text):
    """A markdown cell's text cut before each heading and, where a part is taller than a slide,
    between paragraphs; never inside a code block, a solution or a formula."""
    parts = [[]]
    for line, inside in prose_lines(text):
        match = None if inside else HEADING.match(line)
        if match and len(match.group(1)) <= 3 and "".join(parts[-1]).strip():
            parts.append([])
        parts[-1].append(line)
    pieces = []
    for lines in parts:
        paragraphs = [[]]
        for line, inside in prose_lines("\n".join(lines)):
            paragraphs[-1].append(line)
            if not inside and not line.strip():
                paragraphs.append([])
        piece = []
        for paragraph in paragraphs:
            if piece and markdown_height("\n".join(piece + paragraph)) > BUDGET:
                pieces.append(piece)
                piece = []
            piece += paragraph
        pieces.append(piece)
    return [part for part in ("\n".join(p).strip("\n") for p in pieces) if part.strip()]


def deck_cells(cell):
    """The cells of the deck's copy that show `cell`."""
    if cell["cell_type"] == "markdown":
        text = REMOTE_IMAGE.sub(r"\1", source(cell))  # a deck loads nothing from the web
        return [dict(cell, id=f"{cell.get('id', 'md')}-{k}", source=part,
                     metadata=copy.deepcopy(cell.get("metadata", {})))  # each part its own
                for k, part in enumerate(split_markdown(text))]
    if cell["cell_type"] != "code":
        return [cell]
    cell = dict(cell, source=NBVAL_MARKER.sub("", source(cell)))
    if not cell.get("outputs") or cell_height(cell) <= BUDGET:
        return [cell]
    meta = cell.get("metadata", {})
    outputs = dict(cell, id=f"{cell.get('id', 'code')}-outputs",
                   metadata=dict(meta, tags=[*meta.get("tags", []), OUTPUTS_TAG]))
    return [dict(cell, outputs=[]), outputs]


def deck_notebook(nb):
    """The copy a deck is built from: cells split (deck_cells), slide types set, cells still
    taller than a slide tagged to be scaled down, and the lesson's title as the deck's."""
    nb = copy.deepcopy(nb)
    nb["cells"] = [part for cell in nb["cells"] for part in deck_cells(cell)]
    set_slide_types(nb)
    for cell in nb["cells"]:
        height = cell_height(cell)
        if height > BUDGET:
            percent = max(50, 5 * math.floor(20 * BUDGET / height))
            cell["metadata"].setdefault("tags", []).append(ZOOM_TAG.format(percent))
    titles = headings(nb["cells"][0])
    if titles:
        nb["metadata"]["title"] = titles[0][1]
    return nb


def exporter():
    """nbconvert's SlidesExporter, set to load everything from OUTDIR/assets/."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_input_tags = {OUTPUTS_TAG}
    slides = SlidesExporter(
        config=config, extra_template_basedirs=[str(SLIDES)], template_name="offline_reveal",
        reveal_url_prefix="assets/reveal", reveal_theme="lessons", reveal_transition="none",
        reveal_number="c/t", reveal_width=str(WIDTH), reveal_height=str(HEIGHT),
        mathjax_url="assets/mathjax/tex-svg-full.js", exclude_input_prompt=True,
        exclude_output_prompt=True)
    # Figures have no alt text in the notebooks either; nbconvert gives them a stock one.
    slides.log.addFilter(lambda record: "Alternative text is missing" not in record.getMessage())
    return slides


def build(outdir, folder=NOTEBOOKS):
    """Write one deck per lesson, an index page and the assets into outdir; return the decks."""
    import nbformat

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SLIDES / "assets", outdir / "assets", dirs_exist_ok=True)
    slides = exporter()
    decks, links = [], []
    for path in lessons(folder):
        nb = deck_notebook(json.loads(path.read_text(encoding="utf-8")))
        nb = nbformat.reads(json.dumps(nb), as_version=4)
        page, _ = slides.from_notebook_node(nb)
        deck = outdir / f"{path.stem}.html"
        deck.write_text(page, encoding="utf-8")
        decks.append(deck)
        title = html.escape(nb.metadata.get("title", path.stem))
        links.append(f'<li><a href="{deck.name}">{title}</a></li>')
    (outdir / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><meta charset="utf-8"><title>Slides</title>\n'
        '<body style="font-family: sans-serif"><h1>Slides</h1>\n<ul>\n' + "\n".join(links)
        + "\n</ul>\n</body></html>\n", encoding="utf-8")
    return decks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, help="where to write the decks")
    parser.add_argument("--sync", action="store_true", help="write the slide metadata")
    parser.add_argument("--check", action="store_true", help="exit 1 if it is out of step")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="the lessons' folder (default: notebooks/)")
    args = parser.parse_args(argv)
    if args.sync or args.check:
        stale = sync(args.notebooks, write=args.sync)
        for path in stale:
            print(f"{'synced' if args.sync else 'out of step'}: {path.name}")
        for path in lessons(args.notebooks):
            for index, heading in mid_cell_headings(json.loads(path.read_text("utf-8"))):
                print(f"note: {path.name}, cell {index}: {heading!r} does not open its cell, "
                      "so RISE shows it mid-slide (the decks split the cell there)")
        if args.check and stale:
            print("Run: python tools/make_slides.py --sync")
            return 1
        return 0
    if args.outdir is None:
        parser.error("give OUTDIR, --sync or --check")
    for deck in build(args.outdir, args.notebooks):
        print(deck)
    return 0


if __name__ == "__main__":
    sys.exit(main())
