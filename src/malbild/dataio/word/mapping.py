"""Which part of a Word file becomes what in Målbild: the proposal, and the outline a mapping
gives. Pure functions over `reader.Block`s and plain dicts (no database), so the heuristics
are tested on their own.

The proposal (`propose`):
- headings become sections (chapters), except the focus areas (insatsområden): the headings
  directly under a heading named "Insatsområden" (or "Fokusområden", "Målområden", "Strategiska
  områden"), and any heading whose text holds a goal ("Mål: …") or indicators ("Exempel på
  indikatorer", "Indikatorer", "Mått", "Mätetal"); headings below a focus area are its text;
- under a focus area, a paragraph starting "Mål:" / "Målet är" is its goal, else the first
  paragraph is; a paragraph "Exempel på mätetal: a, b, c.", the list after a heading or
  paragraph naming indicators, and a table whose first column is "Indikator" are its
  indicators (one per item or row); a focus area's heading repeated later (a chapter of
  indicator tables, as Målbild's own Word export has) continues the same focus area;
- everything else is text of the element above it (after a goal: of its focus area);
  consecutive text paragraphs are one element
  (so a long chapter is one row of the preview). The document's title is left out.

`build_outline(elements)` turns a (possibly corrected) mapping into the sections, focus areas
with goals and indicators, and the document's indicators that the confirmation creates, with
the problems named by the element's number ("Del 12: …").
"""

import re
from dataclasses import asdict, dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .reader import Block

#: The most elements one preview maps (each is two form fields; Django accepts 1,000).
MAX_ELEMENTS = 400

SECTION_MAX = 300
TITLE_MAX = 300
GOAL_MAX = 500
INDICATOR_MAX = 300


class Role(models.TextChoices):
    SECTION = "section", gettext_lazy("Section (chapter)")
    FOCUS_AREA = "focus_area", gettext_lazy("Focus area")
    GOAL = "goal", gettext_lazy("Goal of the focus area")
    INDICATOR = "indicator", gettext_lazy("Indicators (one per item)")
    BODY = "body", gettext_lazy("Text of the element above")
    IGNORE = "ignore", gettext_lazy("Leave out")


KIND_LABELS = {
    "title": gettext_lazy("Title"),
    "heading": gettext_lazy("Heading"),
    "paragraph": gettext_lazy("Paragraph"),
    "list": gettext_lazy("List"),
    "table": gettext_lazy("Table"),
}

_AREA_PARENT = re.compile(
    r"^(insatsområden|fokusområden|målområden|strategiska områden|prioriterade områden)$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.+)$", re.DOTALL)
_GOAL_PREFIX = re.compile(r"^(?:mål|målet|målsättning|effektmål)\s*:\s*", re.IGNORECASE)
_GOAL_START = re.compile(r"^(?:mål\s*:|målet är|målsättning\s*:|effektmål\s*:)", re.IGNORECASE)
_INDICATOR_PREFIX = re.compile(
    r"^(?:exempel på\s+)?(?:indikatorer|indikator|mätetal|mått|nyckeltal)\s*:\s*",
    re.IGNORECASE,
)
_INDICATOR_HEADING = re.compile(
    r"^(?:exempel på\s+)?(?:indikatorer|indikator|mätetal|mått|nyckeltal)\s*:?$", re.IGNORECASE
)
_INDICATOR_LEAD = re.compile(r"(indikator|mätetal|mått|nyckeltal)[^.]*:$", re.IGNORECASE)
_INDICATOR_COLUMN = re.compile(
    r"^(?:indikator|indikatorer|mätetal|mått|nyckeltal|namn)$", re.IGNORECASE
)


def _is_indicator_table(kind: str, text: str) -> bool:
    """A table whose first column is headed "Indikator" (or "Mått", "Mätetal", …)."""
    if kind != "table":
        return False
    first = text.split("\n", 1)[0].split(" | ", 1)[0].strip()
    return bool(_INDICATOR_COLUMN.match(first))


@dataclass
class Element:
    """One row of the preview: what the file has (`kind`, `level`) and the user's mapping
    (`role`, `text`, editable; `original` is the text as read)."""

    kind: str
    role: str
    text: str
    level: int = 0
    original: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def strip_number(text: str) -> tuple[str, str]:
    """("5.3", "E-tjänster …") of "5.3 E-tjänster …"; ("", text) without a number."""
    match = _NUMBER.match(text.strip())
    if match:
        return match.group(1), match.group(2).strip()
    return "", text.strip()


def _heading_name(text: str) -> str:
    return strip_number(text)[1].strip().rstrip(":").strip()


def _is_indicator_paragraph(text: str) -> bool:
    return bool(_INDICATOR_PREFIX.match(text))


def _subtree_end(blocks: list[Block], i: int) -> int:
    level = blocks[i].level
    j = i + 1
    while j < len(blocks) and not (blocks[j].kind == "heading" and blocks[j].level <= level):
        j += 1
    return j


def _focus_area_indexes(blocks: list[Block]) -> set[int]:
    areas: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading" or not _AREA_PARENT.match(_heading_name(block.text)):
            continue
        end = _subtree_end(blocks, i)
        children = [
            j
            for j in range(i + 1, end)
            if blocks[j].kind == "heading"
            and not _INDICATOR_HEADING.match(_heading_name(blocks[j].text))
        ]
        if children:
            top = min(blocks[j].level for j in children)
            areas.update(j for j in children if blocks[j].level == top)
    # Headings whose own text (before the next heading) holds a goal or indicators.
    last_heading = None
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            if _INDICATOR_HEADING.match(_heading_name(block.text)):
                if last_heading is not None:
                    areas.add(last_heading)
                continue
            last_heading = i
        elif (
            last_heading is not None
            and block.kind == "paragraph"
            and (_GOAL_START.match(block.text) or _is_indicator_paragraph(block.text))
        ):
            areas.add(last_heading)
    # A focus area never contains another: keep the outermost.
    for i in sorted(areas):
        if i in areas:
            areas -= set(range(i + 1, _subtree_end(blocks, i)))
    return areas


def propose(blocks: list[Block] | tuple[Block, ...]) -> list[Element]:
    """The proposed mapping of `blocks` (see the module docstring)."""
    blocks = list(blocks)
    areas = _focus_area_indexes(blocks)
    elements: list[Element] = []
    area_end = -1  # the block index where the current focus area's text ends
    goal_given = False
    explicit_goal = False
    expect_indicators = False
    seen_areas: set[str] = set()

    def add(kind, role, text, level=0):
        if (
            role == Role.BODY
            and kind == "paragraph"
            and elements
            and elements[-1].role == Role.BODY
            and elements[-1].kind == "paragraph"
        ):
            elements[-1].text += "\n\n" + text
            elements[-1].original = elements[-1].text
            return
        elements.append(Element(kind=kind, role=role, text=text, level=level, original=text))

    for i, block in enumerate(blocks):
        in_area = i < area_end
        if block.kind == "title":
            add("title", Role.IGNORE, block.text)
            continue
        if block.kind == "heading":
            if in_area and _INDICATOR_HEADING.match(_heading_name(block.text)):
                add("heading", Role.IGNORE, block.text, block.level)
                expect_indicators = True
                continue
            expect_indicators = False
            if i in areas:
                area_end = _subtree_end(blocks, i)
                end_texts = [b.text for b in blocks[i + 1 : area_end] if b.kind == "paragraph"]
                explicit_goal = any(_GOAL_START.match(t) for t in end_texts)
                # A focus area's heading repeated (e.g. in a chapter of indicator tables)
                # continues it: its goal was given the first time.
                key = " ".join(block.text.lower().split())
                goal_given = key in seen_areas
                seen_areas.add(key)
                add("heading", Role.FOCUS_AREA, block.text, block.level)
            elif in_area:
                add("heading", Role.BODY, block.text, block.level)
            else:
                add("heading", Role.SECTION, block.text, block.level)
            continue
        if block.kind == "paragraph":
            if _is_indicator_paragraph(block.text):
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                if following is not None and _is_indicator_table(following.kind, following.text):
                    add("paragraph", Role.IGNORE, block.text)  # the table's caption
                elif _INDICATOR_PREFIX.sub("", block.text).strip():
                    add("paragraph", Role.INDICATOR, block.text)
                    expect_indicators = False
                else:
                    add("paragraph", Role.IGNORE, block.text)
                    expect_indicators = True
                continue
            if (
                in_area
                and not goal_given
                and (_GOAL_START.match(block.text) if explicit_goal else True)
            ):
                goal_given = True
                add("paragraph", Role.GOAL, block.text)
                continue
            expect_indicators = bool(_INDICATOR_LEAD.search(block.text))
            add("paragraph", Role.BODY, block.text)
            continue
        if block.kind == "list":
            role = Role.INDICATOR if expect_indicators else Role.BODY
            expect_indicators = False
            add("list", role, block.text)
            continue
        if _is_indicator_table(block.kind, block.text):
            expect_indicators = False
            add(block.kind, Role.INDICATOR, block.text)
            continue
        add(block.kind, Role.BODY, block.text)
    return elements


# The outline of a mapping ------------------------------------------------------------------


@dataclass
class IndicatorPlan:
    name: str
    definition: str = ""


@dataclass
class GoalPlan:
    title: str
    description: str = ""


@dataclass
class FocusAreaPlan:
    number: str
    title: str
    #: The focus area's goal as the file words it (its first goal, in full).
    goal_text: str = ""
    description: str = ""
    goals: list[GoalPlan] = field(default_factory=list)
    indicators: list[IndicatorPlan] = field(default_factory=list)


@dataclass
class SectionPlan:
    heading: str
    body: str = ""


@dataclass
class Outline:
    summary: str = ""
    sections: list[SectionPlan] = field(default_factory=list)
    focus_areas: list[FocusAreaPlan] = field(default_factory=list)
    #: Indicators outside every focus area (of the document as a whole).
    indicators: list[IndicatorPlan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "sections": len(self.sections),
            "focus_areas": len(self.focus_areas),
            "goals": sum(len(a.goals) for a in self.focus_areas),
            "indicators": len(self.indicators) + sum(len(a.indicators) for a in self.focus_areas),
        }

    def as_dict(self) -> dict:
        return {**asdict(self), "counts": self.counts}


def _cut(text: str, limit: int) -> tuple[str, str]:
    """`text` as (at most `limit` characters, the rest): cut after a sentence or a word."""
    text = text.strip()
    if len(text) <= limit:
        return text, ""
    head = text[:limit]
    for mark in (". ", "; ", ", ", " "):
        at = head.rfind(mark)
        if at > limit // 3:
            return text[: at + 1].strip(), text[at + 1 :].strip()
    return head, text[limit:].strip()


def indicator_items(kind: str, text: str) -> list[str]:
    """The indicators an element names: a list's items (one a line); a table's first column
    (below its heading); a paragraph's text after "Exempel på mätetal:", split at commas,
    semicolons and full stops (or at lines)."""
    if kind == "table":
        rows = [line.split(" | ") for line in text.splitlines() if line.strip()]
        if rows and _INDICATOR_COLUMN.match(rows[0][0].strip()):
            rows = rows[1:]
        return [r[0].strip()[:1].upper() + r[0].strip()[1:] for r in rows if r[0].strip()]
    lines = [line.strip(" \t-•–*·") for line in text.splitlines()]
    lines = [line for line in lines if line]
    if kind == "list" or len(lines) > 1:
        items = [_INDICATOR_PREFIX.sub("", line).strip() for line in lines]
    else:
        rest = _INDICATOR_PREFIX.sub("", text.strip())
        items = re.split(r"\s*[;,]\s+|\.\s+|\.$|;$", rest)
    out = []
    for item in items:
        item = item.strip().rstrip(".;,").strip()
        if item:
            out.append(item[:1].upper() + item[1:])
    return out


def _append(current: str, text: str) -> str:
    return f"{current}\n\n{text}".strip() if current else text


def _body_text(kind: str, text: str, level: int) -> str:
    """An element's text as Markdown, for a body: a heading in bold, a list as a list."""
    if kind == "heading":
        return f"**{text}**"
    if kind == "list":
        return "\n".join(f"- {line.strip()}" for line in text.splitlines() if line.strip())
    if kind == "table":
        return "\n".join(f"    {line}" for line in text.splitlines())
    return text


def build_outline(elements: list[dict]) -> Outline:
    """What the mapping `elements` (dicts of `Element`) creates, with its problems."""
    outline = Outline()
    area: FocusAreaPlan | None = None
    # Where text of "the element above" goes: (object, attribute).
    target: tuple[object, str] = (outline, "summary")

    def number(n: int) -> str:
        return _("Part %(n)s") % {"n": n}

    for n, element in enumerate(elements, start=1):
        role = element.get("role")
        kind = element.get("kind", "paragraph")
        text = (element.get("text") or "").strip()
        if role == Role.IGNORE:
            continue
        if role not in Role.values:
            outline.errors.append(
                _("%(part)s: choose what the part becomes.") % {"part": number(n)}
            )
            continue
        if not text:
            if role != Role.BODY:
                outline.errors.append(
                    _("%(part)s: the text is empty; write it or choose “Leave out”.")
                    % {"part": number(n)}
                )
            continue
        if role == Role.SECTION:
            heading = " ".join(text.split())
            if len(heading) > SECTION_MAX:
                outline.errors.append(
                    _("%(part)s: a section's heading may be at most %(max)s characters.")
                    % {"part": number(n), "max": SECTION_MAX}
                )
                continue
            section = SectionPlan(heading=heading)
            outline.sections.append(section)
            area = None
            target = (section, "body")
        elif role == Role.FOCUS_AREA:
            num, title = strip_number(" ".join(text.split()))
            if len(title) > TITLE_MAX:
                outline.errors.append(
                    _("%(part)s: a focus area's title may be at most %(max)s characters.")
                    % {"part": number(n), "max": TITLE_MAX}
                )
                continue
            same = [a for a in outline.focus_areas if (a.number, a.title) == (num, title)]
            if same:  # the heading repeated: the same focus area continues
                area = same[0]
            else:
                area = FocusAreaPlan(number=num, title=title)
                outline.focus_areas.append(area)
            target = (area, "description")
        elif role == Role.GOAL:
            if area is None:
                outline.errors.append(
                    _(
                        "%(part)s: a goal belongs to a focus area; choose a focus area above it "
                        "or map the part as text."
                    )
                    % {"part": number(n)}
                )
                continue
            full = _GOAL_PREFIX.sub("", text).strip() or text
            title, rest = _cut(full, GOAL_MAX)
            goal = GoalPlan(title=title, description=rest)
            area.goal_text = area.goal_text or full
            area.goals.append(goal)
            # What follows a goal paragraph describes the focus area (a goal is a sentence or
            # two; a longer one keeps its rest as the goal's description).
            target = (area, "description")
        elif role == Role.INDICATOR:
            items = indicator_items(kind, text)
            if not items:
                outline.errors.append(
                    _("%(part)s: no indicators found in the text.") % {"part": number(n)}
                )
                continue
            into = area.indicators if area is not None else outline.indicators
            for item in items:
                name, rest = _cut(item, INDICATOR_MAX)
                into.append(IndicatorPlan(name=name, definition=item if rest else ""))
            target = (into[-1], "definition")
        else:  # Role.BODY
            obj, attr = target
            setattr(obj, attr, _append(getattr(obj, attr), _body_text(kind, text, 0)))
    if not outline.sections and not outline.focus_areas:
        outline.errors.append(_("Choose at least one heading to become a section or a focus area."))
    return outline
