"""User Markdown in a Word document: the sanitised HTML of `malbild.web`'s `markdown` filter
turned into real Word paragraphs — headings (Heading n, offset below the section's level),
bullet and numbered lists (List Bullet / List Number, nested up to three levels, each
numbered list starting at 1), bold, italic, code, quotes, line breaks and tables — instead of
the Markdown source or HTML tags as text. Written on `html.parser`; the HTML it reads has
passed nh3's allow-list, so only those tags occur."""

from html.parser import HTMLParser

from malbild.web.templatetags.malbild import render_markdown

HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "blockquote", "pre", "hr"}


def markdown_html(text: str, *, base: int) -> str:
    """The sanitised HTML of `text`, its first heading level `base` (2–6)."""
    return str(render_markdown(text, base))


def add_markdown(doc, text: str, *, level: int) -> None:
    """Append `text` (Markdown) to `doc` under a heading of `level`: its headings become
    Heading level+1, level+2, …"""
    parser = _WordWriter(doc)
    parser.feed(markdown_html(text, base=min(max(level + 1, 2), 6)))
    parser.close()


class _WordWriter(HTMLParser):
    def __init__(self, doc):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.paragraph = None
        self.lists: list[dict] = []  # {"tag": "ul"|"ol", "num_id": int|None}
        self.bold = self.italic = self.code = 0
        self.quote = self.pre = 0
        self.href: str | None = None
        self.link_text = ""
        self.table: list[list[tuple[str, bool]]] | None = None
        self.cell: list[str] | None = None
        self.cell_is_header = False

    # -- structure ---------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        if self.table is not None:
            self._table_start(tag)
            return
        if tag in HEADINGS:
            self.paragraph = self.doc.add_paragraph(style=f"Heading {min(HEADINGS[tag], 9)}")
        elif tag in ("ul", "ol"):
            self.paragraph = None
            self.lists.append({"tag": tag, "num_id": None})
        elif tag == "li":
            self.paragraph = self._list_paragraph()
        elif tag == "p":
            if not (self.lists and self.paragraph is not None and not self.paragraph.text):
                self.paragraph = self._new_paragraph()
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag == "pre":
            self.pre += 1
            self.paragraph = self._new_paragraph()
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "br":
            if self.paragraph is not None:
                self.paragraph.add_run().add_break()
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.link_text = ""
        elif tag == "table":
            self.paragraph = None
            self.table = []

    def handle_endtag(self, tag):
        if self.table is not None:
            self._table_end(tag)
            return
        if tag in HEADINGS or tag in ("p", "li", "pre"):
            if tag == "pre":
                self.pre = max(self.pre - 1, 0)
            self.paragraph = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "code":
            self.code = max(self.code - 1, 0)
        elif tag == "a":
            href, self.href = self.href, None
            if href and href.removeprefix("mailto:") != self.link_text.strip():
                self._run(f" ({href})")

    def handle_data(self, data):
        if self.table is not None:
            if self.cell is not None:
                self.cell.append(data)
            return
        if not self.pre:
            collapsed = " ".join(data.split())
            if collapsed and data[:1].isspace():
                collapsed = " " + collapsed
            if collapsed and data[-1:].isspace():
                collapsed += " "
            if not collapsed:  # whitespace between tags
                text = self.paragraph.text if self.paragraph is not None else ""
                if not text or text.endswith(" "):
                    return
                collapsed = " "
            if self.paragraph is None or not self.paragraph.text:
                collapsed = collapsed.lstrip()
            if not collapsed:
                return
            data = collapsed
        if self.href is not None:
            self.link_text += data
        if self.paragraph is None:
            self.paragraph = self._new_paragraph()
        if self.pre:
            lines = data.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self.paragraph.add_run().add_break()
                if line:
                    self._run(line)
        else:
            self._run(data)

    # -- helpers -----------------------------------------------------------------------------
    def _new_paragraph(self):
        style = "Quote" if self.quote else None
        return self.doc.add_paragraph(style=style) if style else self.doc.add_paragraph()

    def _list_paragraph(self):
        if not self.lists:
            return self._new_paragraph()
        depth = min(len(self.lists), 3)
        current = self.lists[-1]
        base = "List Number" if current["tag"] == "ol" else "List Bullet"
        style = base if depth == 1 else f"{base} {depth}"
        paragraph = self.doc.add_paragraph(style=style)
        if current["tag"] == "ol":
            if current["num_id"] is None:
                current["num_id"] = _restarted_numbering(self.doc, paragraph)
            if current["num_id"] is not None:
                _set_num_id(paragraph, current["num_id"], depth - 1)
        return paragraph

    def _run(self, text: str):
        run = self.paragraph.add_run(text)
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True
        if self.code:
            run.font.name = "Courier New"
        return run

    def _table_start(self, tag):
        if tag == "tr":
            self.table.append([])
        elif tag in ("th", "td"):
            self.cell = []
            self.cell_is_header = tag == "th"

    def _table_end(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            if self.table:
                self.table[-1].append((" ".join("".join(self.cell).split()), self.cell_is_header))
            self.cell = None
        elif tag == "table":
            rows, self.table = [r for r in self.table if r], None
            if rows:
                _word_table(self.doc, rows)
            self.paragraph = None


def _word_table(doc, rows: list[list[tuple[str, bool]]]) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for r in rows:
        cells = table.add_row().cells
        for cell, (text, header) in zip(cells, r, strict=False):
            cell.text = text
            if header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _restarted_numbering(doc, paragraph) -> int | None:
    """A new numbering instance of the List Number style's list, restarting at 1 (Word
    otherwise continues one list's numbers in the next)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style = paragraph.style
    num_pr = style.element.pPr.find(qn("w:numPr")) if style.element.pPr is not None else None
    if num_pr is None or num_pr.find(qn("w:numId")) is None:
        return None
    style_num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    numbering = doc.part.numbering_part.element
    abstract = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == style_num_id:
            abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    if abstract is None:
        return None
    new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_id))
    abstract_ref = OxmlElement("w:abstractNumId")
    abstract_ref.set(qn("w:val"), abstract)
    num.append(abstract_ref)
    for ilvl in range(3):
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), str(ilvl))
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
    numbering.append(num)
    return new_id


def _set_num_id(paragraph, num_id: int, ilvl: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.find(qn("w:numPr"))
    if num_pr is None:
        num_pr = OxmlElement("w:numPr")
        p_pr.append(num_pr)
    for child in list(num_pr):
        num_pr.remove(child)
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), str(ilvl))
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(num_id))
    num_pr.append(level)
    num_pr.append(number)
