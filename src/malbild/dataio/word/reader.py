"""Read a DOCX into blocks in document order: the document's title, headings (the built-in
"Heading 1..9" styles, the Swedish templates' "Rubrik 1..9", an outline level, and as a
fallback a short bold numbered paragraph), paragraphs, lists (consecutive list paragraphs)
and tables (kept as text, one row a line). Pure: bytes in, blocks out; any file python-docx
cannot read raises `WordFileError` with a message for the user (never another exception)."""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

#: Limits against zip bombs: the unpacked size and the number of parts of the package.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2000

_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik", "titel"}
_TOC_STYLE = re.compile(r"^(?:toc|innehåll|innehållsförteckning)\b", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(?:list|liststycke|punktlista|numrerad lista)", re.IGNORECASE)
_NUMBERED_STYLE = re.compile(r"number|numrerad", re.IGNORECASE)
_NUMBERED_TEXT = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WordFileError(Exception):
    """The upload is not a DOCX that can be read; the message says why, for the user."""


@dataclass(frozen=True)
class Block:
    #: "title", "heading", "paragraph", "list" or "table"
    kind: str
    text: str
    level: int = 0
    items: tuple[str, ...] = field(default_factory=tuple)
    ordered: bool = False


@dataclass(frozen=True)
class WordContent:
    title: str
    blocks: tuple[Block, ...]


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", (text or "").replace("\r", "")).strip()


def _style_names(paragraph) -> tuple[str, str]:
    try:
        style = paragraph.style
    except Exception:  # noqa: BLE001 - a broken styles part reads as "no style"
        return "", ""
    if style is None:
        return "", ""
    return (style.name or "").strip(), (style.style_id or "").strip()


def _outline_level(paragraph) -> int | None:
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return None
    from docx.oxml.ns import qn

    lvl = p_pr.find(qn("w:outlineLvl"))
    if lvl is None:
        return None
    try:
        value = int(lvl.get(qn("w:val")))
    except (TypeError, ValueError):
        return None
    return value + 1 if 0 <= value <= 8 else None


def _is_list(paragraph, name: str, style_id: str) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    return bool(_LIST_STYLE.match(name) or _LIST_STYLE.match(style_id))


def _all_bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = False
    try:
        style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    except Exception:  # noqa: BLE001
        style_bold = False
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _heading_level(paragraph, text: str, name: str, style_id: str) -> int | None:
    for candidate in (name, style_id):
        match = _HEADING_STYLE.match(candidate.replace("-", " ").strip())
        if match:
            return int(match.group(1))
    level = _outline_level(paragraph)
    if level is not None:
        return level
    # The fallback: a short bold paragraph that starts with a chapter number ("5.3 E-tjänster").
    match = _NUMBERED_TEXT.match(text)
    if match and len(text) <= 150 and _all_bold(paragraph):
        return match.group(1).count(".") + 1
    return None


def _check_package(content: bytes) -> zipfile.ZipFile:
    if not content:
        raise WordFileError(_("The file is empty."))
    if content.startswith(_CFB_MAGIC):
        raise WordFileError(
            _(
                "The file is password-protected or in the old Word format (.doc). Remove the "
                "password, or save it as a Word document (.docx), and upload it again."
            )
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise WordFileError(
            _("The file is not a Word document (.docx), or it is damaged.")
        ) from exc
    if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise WordFileError(_("The file unpacks to more than Målbild reads (100 MB)."))
    if any(i.flag_bits & 0x1 for i in infos):
        raise WordFileError(
            _("The file is password-protected. Remove the password and upload it again.")
        )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise WordFileError(_("The file is not a Word document (.docx), or it is damaged."))
    return package


def _table_text(table) -> str:
    lines = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            # A merged cell is returned once per grid column: keep it once.
            if last is not None and cell._tc is last:
                continue
            last = cell._tc
            cells.append(_clean(" ".join(p.text for p in cell.paragraphs)))
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def read_docx(content: bytes) -> WordContent:
    """The blocks of the DOCX `content`, in document order (see the module docstring)."""
    _check_package(content)
    try:
        from docx import Document
        from docx.table import Table

        document = Document(io.BytesIO(content))
        title = _clean(document.core_properties.title or "")
        blocks: list[Block] = []
        pending: list[str] = []
        ordered = False

        def flush():
            nonlocal pending, ordered
            if pending:
                blocks.append(
                    Block(
                        kind="list", text="\n".join(pending), items=tuple(pending), ordered=ordered
                    )
                )
            pending, ordered = [], False

        for item in document.iter_inner_content():
            if isinstance(item, Table):
                flush()
                text = _table_text(item)
                if text:
                    blocks.append(Block(kind="table", text=text))
                continue
            text = _clean(item.text)
            if not text:
                continue
            name, style_id = _style_names(item)
            if _TOC_STYLE.match(name) or _TOC_STYLE.match(style_id):
                continue
            if name.lower() in _TITLE_STYLES or style_id.lower() in _TITLE_STYLES:
                flush()
                blocks.append(Block(kind="title", text=text))
                title = title or text
                continue
            level = _heading_level(item, text, name, style_id)
            if level is not None:
                flush()
                blocks.append(Block(kind="heading", text=text, level=level))
                continue
            if _is_list(item, name, style_id):
                if not pending:
                    ordered = bool(_NUMBERED_STYLE.search(name) or _NUMBERED_STYLE.search(style_id))
                pending.append(text)
                continue
            flush()
            blocks.append(Block(kind="paragraph", text=text))
        flush()
    except WordFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a damaged package raises, say it in words
        raise WordFileError(
            _("The file is not a Word document (.docx), or it is damaged.")
        ) from exc
    return WordContent(title=title[:300], blocks=tuple(blocks))
