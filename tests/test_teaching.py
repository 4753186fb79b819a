"""teaching/NN_name.md: one teacher note per lesson, kept in step with its notebook.

Each note has, in this order, the parts in PARTS. Its timing table lists every `##` heading of
the lesson exactly once, with minutes that add up to the lesson's minutes by the rule
(tools/lesson_time.py; optional sections 0). Sections it names as `**§ heading**` must exist.
When a lesson changes, the failure messages say what to change in its note, with suggested
minutes per section.
"""

import json
import math
import re

import pytest
from project import ROOT, source, tool

TEACHING = ROOT / "teaching"
LESSONS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if not p.name.startswith("00_"))
NOTES = sorted(p for p in TEACHING.glob("*.md") if p.name != "README.md")
PARTS = ["Learning objectives", "Prerequisites", "Timing plan", "Common misconceptions",
         "Discussion questions", "When short of time", "Slow cells on a CPU"]
HEADING = re.compile(r"^(#{2,3}) (.+?)\s*$", re.M)
REFERENCE = re.compile(r"\*\*§ (.+?)\*\*")
ROW = re.compile(r"^\|\s*(.+?)\s*\|\s*(\d+)[^|]*\|\s*$")

lesson_time = tool("lesson_time")


def cells(lesson):
    return json.loads(lesson.read_text(encoding="utf-8"))["cells"]


def headings(lesson, levels=(2,)):
    """The lesson's headings of the given levels, in order, without the #s."""
    return [m.group(2) for c in cells(lesson) if c["cell_type"] == "markdown"
            for m in HEADING.finditer(source(c)) if len(m.group(1)) in levels]


def optional(heading):
    return "(optional)" in heading.lower()


def suggested_minutes(lesson):
    """{heading: minutes}: the lesson's minutes shared out over its `##` sections in proportion to
    what the rule counts in each (words, code lines, widgets, exercises), at least 1 minute per
    section, 0 for optional ones; the same split the notes' tables started from."""
    lt = lesson_time
    raw, current, exercises = {}, None, False
    for cell in lt.class_cells(cells(lesson)):
        src = source(cell)
        if cell["cell_type"] == "markdown":
            text = lt.HEADER.sub("", re.sub(r"```.*?```", "", src, flags=re.S))
            parts = re.split(r"^(## .+?)\s*$", text, flags=re.M)
            words = len(lt.WORD.findall(parts[0]))
            raw[current] = raw.get(current, 0) + words / lt.WORDS_PER_MINUTE
            for head, body in zip(parts[1::2], parts[2::2]):
                current = head[3:].strip()
                exercises = exercises or "Exercises" in current
                words = len(lt.WORD.findall(head + body))
                raw[current] = raw.get(current, 0) + words / lt.WORDS_PER_MINUTE
        else:
            lines = sum(1 for line in src.splitlines()
                        if line.strip() and not line.strip().startswith("#"))
            checks = exercises * len(re.findall(r"\bcheck_\w+\(", src))
            raw[current] = (raw.get(current, 0) + lines / lt.CODE_LINES_PER_MINUTE
                            + ("interact(" in src) * lt.MINUTES_PER_WIDGET
                            + checks * lt.MINUTES_PER_EXERCISE)
    names = headings(lesson)
    live = [n for n in names if not optional(n)]
    if live:  # what comes before the first heading (title, opening cell) goes to the first one
        raw[live[0]] = raw.get(live[0], 0) + raw.pop(None, 0)
    total = lesson_time.stats(lesson)["minutes"]
    share = sum(raw.get(n, 0) for n in live) or 1
    exact = {n: max(1.0, total * raw.get(n, 0) / share) for n in live}
    minutes = {n: max(1, math.floor(exact[n])) for n in live}
    while live and sum(minutes.values()) < total:
        minutes[max(live, key=lambda n: exact[n] - minutes[n])] += 1
    while sum(minutes.values()) > total and any(m > 1 for m in minutes.values()):
        minutes[max((n for n in live if minutes[n] > 1), key=lambda n: minutes[n] - exact[n])] -= 1
    return {n: minutes.get(n, 0) for n in names}


def suggested_table(lesson):
    rows = [f"| {n} | {m}{' (optional)' if optional(n) else ''} |"
            for n, m in suggested_minutes(lesson).items()]
    total = lesson_time.stats(lesson)["minutes"]
    return "\n".join(["| Section | Minutes |", "|---|---|", *rows, f"| **Total** | {total} |"])


def parts(text):
    """{part heading: its text} for the note's `##` parts, and their order."""
    found = re.split(r"^## (.+?)\s*$", text, flags=re.M)
    return dict(zip(found[1::2], found[2::2])), found[1::2]


def timing_rows(text):
    """[(section, minutes)] of the timing table, and the total row's minutes (or None)."""
    body = parts(text)[0].get("Timing plan", "")
    rows, total = [], None
    for line in body.splitlines():
        match = ROW.match(line.strip())
        if not match:
            continue
        if match.group(1) == "**Total**":
            total = int(match.group(2))
        else:
            rows.append((match.group(1), int(match.group(2))))
    return rows, total


def note_of(lesson):
    return TEACHING / f"{lesson.stem}.md"


def read_note(lesson, required=True):
    """The note's text; a missing note fails the first test below, and the others leave it to it."""
    note = note_of(lesson)
    if not note.exists() and not required:
        return None
    if not note.exists():
        pytest.fail(f"notebooks/{lesson.name} has no teacher note: write teaching/{note.name} "
                    f"with the parts {PARTS} in this order (see teaching/01_*.md for the layout, "
                    f"and link it from README.md and notebooks/00_index.ipynb). Its timing "
                    f"table can start from:\n{suggested_table(lesson)}")
    return note.read_text(encoding="utf-8")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_has_a_note_with_its_parts_in_order(lesson):
    text = read_note(lesson)
    found, order = parts(text)
    missing = [p for p in PARTS if p not in found]
    assert not missing, f"teaching/{note_of(lesson).name}: add the parts {missing} (## headings)"
    assert [p for p in order if p in PARTS] == PARTS, (
        f"teaching/{note_of(lesson).name}: put its parts in this order: {PARTS}")
    questions = re.findall(r"^\d+\. ", found["Discussion questions"], re.M)
    assert 2 <= len(questions) <= 3, (
        f"teaching/{note_of(lesson).name}: give two or three numbered discussion questions, "
        f"not {len(questions)}")
    misconceptions = re.findall(r"^- .*(?:\n(?!- ).*)*", found["Common misconceptions"], re.M)
    assert misconceptions, f"teaching/{note_of(lesson).name}: list the common misconceptions"
    for item in misconceptions:
        assert REFERENCE.search(item), (
            f"teaching/{note_of(lesson).name}: say which section addresses this misconception, "
            f"as **§ heading**: {item[:120]!r}")


@pytest.mark.parametrize("note", NOTES, ids=lambda p: p.stem)
def test_every_note_has_its_lesson(note):
    assert (ROOT / "notebooks" / f"{note.stem}.ipynb").exists(), (
        f"teaching/{note.name} belongs to no lesson (there is no notebooks/{note.stem}.ipynb): "
        f"rename it after the lesson it is about, or delete it and its links in README.md and "
        f"notebooks/00_index.ipynb")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_timing_table_lists_every_section_once(lesson):
    text = read_note(lesson, required=False)
    if text is None:
        return
    rows, _ = timing_rows(text)
    listed = [name for name, _ in rows]
    sections = headings(lesson)
    suggested = suggested_minutes(lesson)
    name = f"teaching/{note_of(lesson).name}"
    problems = []
    for heading in sections:
        if heading not in listed:
            problems.append(f"add the row `| {heading} | {suggested[heading]} |` "
                            f"(a section of the lesson; heading verbatim)")
    for row in dict.fromkeys(listed):
        if row not in sections:
            problems.append(f"remove the row `| {row} |` (no such `##` heading in the lesson any "
                            f"more)")
        elif listed.count(row) > 1:
            problems.append(f"list `{row}` once, not {listed.count(row)} times")
    if not problems and listed != sections:
        problems.append(f"put the rows in the lesson's order: {sections}")
    for row, minutes in rows:
        if optional(row) and minutes != 0:
            problems.append(f"give the optional section `{row}` 0 minutes")
    assert not problems, (f"{name}, timing table:\n- " + "\n- ".join(problems)
                          + f"\nSuggested table for the lesson as it is now:\n"
                          f"{suggested_table(lesson)}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_minutes_add_up_to_the_lessons_minutes(lesson):
    text = read_note(lesson, required=False)
    if text is None:
        return
    rows, total = timing_rows(text)
    minutes = lesson_time.stats(lesson)["minutes"]
    name = f"teaching/{note_of(lesson).name}"
    assert total == minutes and sum(m for _, m in rows) == minutes, (
        f"{name}: the lesson now takes {minutes} minutes (tools/lesson_time.py), the timing "
        f"table's rows add up to {sum(m for _, m in rows)} and its total row says {total}. "
        f"Change the rows' minutes and the row `| **Total** | {minutes} |`; suggested:\n"
        f"{suggested_table(lesson)}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_section_the_note_refers_to_exists(lesson):
    text = read_note(lesson, required=False)
    if text is None:
        return
    sections = headings(lesson, levels=(2, 3))
    gone = sorted(set(REFERENCE.findall(text)) - set(sections))
    assert not gone, (
        f"teaching/{note_of(lesson).name} refers to sections that notebooks/{lesson.name} does "
        f"not have: {gone}. Point each **§ …** at one of the lesson's headings now:\n"
        + "\n".join(f"  {s}" for s in sections))


def test_the_list_of_notes_links_every_note():
    listing = (TEACHING / "README.md").read_text(encoding="utf-8")
    missing = [note.name for note in NOTES if f"]({note.name})" not in listing]
    stale = [name for name in re.findall(r"\]\((\d\d_\w+\.md)\)", listing)
             if not (TEACHING / name).exists()]
    assert not missing and not stale, (
        f"teaching/README.md: add a row for each of {missing} "
        f"(`| NN | [Lesson title](../notebooks/NN_name.ipynb) | [NN_name.md](NN_name.md) |`) "
        f"and remove the links to {stale}, which do not exist")
