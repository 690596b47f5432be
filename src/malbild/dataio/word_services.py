"""Start a steering document from a Word file (issue #13 §2): the contract.

- `word_import_create` reads the uploaded DOCX and keeps it with the proposed mapping (a
  `WordImport`); nothing else is written. A file that cannot be used (not a DOCX, empty, too
  large, password-protected or damaged, no headings) is refused with a ValidationError on
  `file` and nothing is stored.
- `word_import_remap` stores the user's corrected mapping (title, kind, what each part becomes
  and its text); the preview shows what that mapping creates.
- `word_import_confirm` creates the document from the stored mapping — all or nothing, one
  transaction, through `strategy.services.document_create_with_items` — and keeps the Word
  file as the document's attachment. The caller passes the fingerprint of the preview it
  showed: a mapping changed since then is refused, so what is created is what was seen.

Only strategists and administrators create documents.
"""

import hashlib
import json
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.strategy import services as strategy_services
from malbild.strategy.constants import DocumentKind
from malbild.strategy.models import SteeringDocument

from .models import WordImport, WordImportState
from .word import mapping
from .word.reader import WordFileError, read_docx

MAX_WORD_BYTES = getattr(settings, "MALBILD_WORD_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def require_create(access: Access) -> None:
    if not access.can_edit_documents:
        raise PermissionDenied(
            _("Only a strategist or an administrator may create a document from a Word file.")
        )


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB.") % {"mb": MAX_WORD_BYTES // (1024 * 1024)}


def fingerprint(word_import: WordImport) -> str:
    """A digest of the mapping as stored (title, kind, every part's role and text)."""
    payload = json.dumps(
        [
            word_import.title,
            word_import.kind,
            [[e.get("role"), e.get("text")] for e in word_import.elements],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def outline(word_import: WordImport) -> mapping.Outline:
    """What the stored mapping creates (pure: no queries)."""
    result = mapping.build_outline(word_import.elements)
    if not word_import.title.strip():
        result.errors.insert(0, _("Title: give the document a title."))
    return result


def _default_title(title: str, filename: str) -> str:
    return (title or PurePath(filename or "").stem.replace("_", " ").strip() or "")[:300]


@transaction.atomic
def word_import_create(
    *, access: Access, filename: str, content: bytes, kind: str = ""
) -> WordImport:
    """Read the Word file and keep it with its proposed mapping (see the module docstring)."""
    require_create(access)
    if len(content) > MAX_WORD_BYTES:
        raise ValidationError({"file": too_large_message()})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if PurePath(filename or "").suffix.lower() not in ("", ".docx"):
        message = _("Choose a Word document (.docx); the file is “%(name)s”.")
        raise ValidationError({"file": message % {"name": filename}})
    if kind and kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of document.")})
    try:
        word = read_docx(content)
    except WordFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if not any(b.kind == "heading" for b in word.blocks):
        raise ValidationError(
            {
                "file": _(
                    "No headings found in the file. Målbild recognises the styles “Heading 1” "
                    "to “Heading 9” (“Rubrik 1” … in Swedish Word) and bold numbered "
                    "paragraphs (“5.3 E-tjänster”); use them for the chapters and upload the "
                    "file again."
                )
            }
        )
    elements = mapping.propose(word.blocks)
    if len(elements) > mapping.MAX_ELEMENTS:
        raise ValidationError(
            {
                "file": _(
                    "The file has %(n)s parts; one preview maps at most %(max)s. Upload the "
                    "chapters with the strategy's structure on their own."
                )
                % {"n": len(elements), "max": mapping.MAX_ELEMENTS}
            }
        )
    name = PurePath(filename or "").name or "dokument.docx"
    if not name.lower().endswith(".docx"):
        name += ".docx"
    return WordImport.objects.create(
        organisation=access.organisation,
        user=access.user,
        created_by=access.user,
        filename=name[-200:],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        title=_default_title(word.title, name),
        kind=kind or DocumentKind.DIGITAL_AGENDA,
        elements=[e.as_dict() for e in elements],
    )


def word_import_get(*, access: Access, uid) -> WordImport:
    """The Word import `uid` of the access's organisation, without its file (Http404 otherwise)."""
    require_create(access)
    return get_object_or_404(
        WordImport.objects.for_access(access).select_related("document").defer("content"),
        uid=uid,
    )


def _require_preview(word_import: WordImport) -> None:
    if word_import.state != WordImportState.PREVIEW:
        raise ValidationError(_("A document has already been created from this file."))


@transaction.atomic
def word_import_remap(
    *, access: Access, word_import: WordImport, title: str, kind: str, parts: list[dict]
) -> WordImport:
    """Store the corrected mapping: `parts` has one {"role", "text"} per element, in order."""
    access.require_same_org(word_import)
    require_create(access)
    _require_preview(word_import)
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choose one of the kinds of document.")]
    if len(title) > 300:
        errors["title"] = [_("The title may be at most 300 characters.")]
    if len(parts) != len(word_import.elements):
        errors["elements"] = [
            _("Give what each of the %(n)s parts becomes, in the file's order.")
            % {"n": len(word_import.elements)}
        ]
    else:
        for n, part in enumerate(parts, start=1):
            if part.get("role") not in mapping.Role.values:
                errors.setdefault("elements", []).append(
                    _("Part %(n)s: choose what the part becomes.") % {"n": n}
                )
            if len(part.get("text") or "") > 20000:
                errors.setdefault("elements", []).append(
                    _("Part %(n)s: the text may be at most 20,000 characters.") % {"n": n}
                )
    if errors:
        raise ValidationError(errors)
    word_import.title = " ".join(title.split())
    word_import.kind = kind
    word_import.elements = [
        {**element, "role": part["role"], "text": (part.get("text") or "").strip()}
        for element, part in zip(word_import.elements, parts, strict=True)
    ]
    word_import.save(update_fields=["title", "kind", "elements", "modified_at"])
    return word_import


def word_import_confirm(
    *, access: Access, word_import: WordImport, fingerprint_seen: str
) -> SteeringDocument:
    """Create the document the preview with `fingerprint_seen` showed (see the module
    docstring); a ValidationError names why nothing was created."""
    access.require_same_org(word_import)
    require_create(access)
    with transaction.atomic():
        current = WordImport.objects.select_for_update().get(pk=word_import.pk)
        _require_preview(current)
        if fingerprint_seen != fingerprint(current):
            raise ValidationError(
                {
                    "fingerprint": _(
                        "The mapping has changed since the preview was shown; check it again."
                    )
                }
            )
        plan = outline(current)
        if plan.errors:
            raise ValidationError({"elements": plan.errors})
        data = plan.as_dict()
        document = strategy_services.document_create_with_items(
            access=access,
            data={"title": current.title, "kind": current.kind, "summary": plan.summary},
            sections=data["sections"],
            focus_areas=data["focus_areas"],
            indicators=data["indicators"],
            source=_("the Word file “%(name)s”") % {"name": current.filename},
            attachment=(
                current.filename,
                bytes(current.content),
                _("The Word file the document was created from"),
            ),
        )
        # (The attachment is stored last: nothing after this update may fail and orphan it.)
        WordImport.objects.filter(pk=current.pk).update(
            state=WordImportState.DONE, document=document
        )
    word_import.state = WordImportState.DONE
    word_import.document = document
    return document
