"""Pages of the consultation round: list, opening a round, the overview with its actions,
the response pages (for respondents by account and for holders of a secret link), comment
handling, and the summary as HTML, PDF and DOCX.

One module per seam; `urls.py` and tests keep using `views.<Name>` from this package:
- `rounds`: the list, opening, the overview, extend/close/revise/adopt, the calendar file;
- `consultees`: adding a consultee, issuing and revoking secret links;
- `handling`: comment handling, dispositions, the assessment and proposed decision, and the
  summary (HTML, PDF, DOCX);
- `respondent`: who answers (account or secret link) and the link holder's way in;
- `responses`, `comments`, `attachments`: the response pages;
- `version`: the consulted version for consultees (page, PDF/Word, calendar file);
- `_common`: `RoundMixin`, shared by the strategist and reader pages.
"""

from ._common import RoundMixin
from .attachments import AttachmentAddView, AttachmentDeleteView, AttachmentDownloadView
from .comments import CommentAddView, CommentDeleteView, CommentEditView, CommentMixin
from .consultees import ConsulteeAddView, LinkCreateView, LinkLanguageView, LinkRevokeView
from .handling import (
    ConclusionsView,
    DispositionView,
    HandlingView,
    SummaryDocxView,
    SummaryPdfView,
    SummaryView,
)
from .respondent import LINK_SESSION_KEY, LinkEnterView, ResponderMixin
from .responses import CorrectView, DeclineView, ResponseSaveView, ResponseView, SubmitView
from .rounds import (
    RoundAdoptView,
    RoundCloseView,
    RoundCreateView,
    RoundDetailView,
    RoundExtendView,
    RoundIcsView,
    RoundListView,
    RoundReviseView,
)
from .version import ConsultedVersionFileView, ConsultedVersionView, ConsulteeIcsView

__all__ = [
    "LINK_SESSION_KEY",
    "AttachmentAddView",
    "AttachmentDeleteView",
    "AttachmentDownloadView",
    "CommentAddView",
    "CommentDeleteView",
    "CommentEditView",
    "CommentMixin",
    "ConclusionsView",
    "ConsultedVersionFileView",
    "ConsultedVersionView",
    "ConsulteeIcsView",
    "ConsulteeAddView",
    "CorrectView",
    "DeclineView",
    "DispositionView",
    "HandlingView",
    "LinkCreateView",
    "LinkEnterView",
    "LinkLanguageView",
    "LinkRevokeView",
    "ResponderMixin",
    "ResponseSaveView",
    "ResponseView",
    "RoundAdoptView",
    "RoundCloseView",
    "RoundCreateView",
    "RoundDetailView",
    "RoundExtendView",
    "RoundIcsView",
    "RoundListView",
    "RoundMixin",
    "RoundReviseView",
    "SubmitView",
    "SummaryDocxView",
    "SummaryPdfView",
    "SummaryView",
]
