"""The comments of a draft response: adding, changing and removing one (account or secret
link).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.web.mixins import (
    apply_validation_error,
    posted_version,
    versioned_form,
    with_version_field,
)

from .. import services
from ..constants import ResponseStatus
from ..forms import CommentForm
from ..models import Comment
from .respondent import ResponderMixin


class CommentAddView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        form = CommentForm(request.POST, version=self.round.version)
        if form.is_valid():
            try:
                with transaction.atomic():  # a refused comment leaves no empty draft behind
                    response = services.response_save_draft(
                        responder=self.responder, consultee=self.consultee, data={}
                    )
                    comment = services.comment_add(
                        responder=self.responder, response=response, data=form.cleaned_data
                    )
                return self.back(_("The comment has been added."), f"#comment-{comment.pk}")
            except ValidationError as exc:
                apply_validation_error(form, exc)
        return self.page(comment_form=form, status=400)


class CommentMixin(ResponderMixin):
    def get_comment(self) -> Comment:
        return get_object_or_404(
            Comment.objects.select_related("response__consultee__round"),
            pk=self.kwargs["comment"],
            response__consultee=self.consultee,
            response__status=ResponseStatus.DRAFT,
        )


class CommentEditView(CommentMixin):
    def render_form(self, form, comment, status=200):
        return render(
            self.request,
            "consultation/comment_form.html",
            {
                "form": form,
                "comment": comment,
                "round": self.round,
                "consultee": self.consultee,
                "back_url": self.url(),
                "organisation": self.organisation,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        self.require_write()
        comment = self.get_comment()
        form = with_version_field(
            CommentForm(version=self.round.version, instance=comment), comment
        )
        return self.render_form(form, comment)

    def post(self, request, *args, **kwargs):
        self.require_write()
        comment = self.get_comment()
        form = versioned_form(CommentForm, request.POST, comment, version=self.round.version)
        if form.is_valid():
            try:
                with expect_version(comment, posted_version(form)):
                    services.comment_update(
                        responder=self.responder, comment=comment, data=form.cleaned_data
                    )
                return self.back(_("The comment has been saved."), f"#comment-{comment.pk}")
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                saved = CommentForm(instance=exc.current, version=self.round.version)
                return self.conflict(form, saved, exc.current)
        return self.render_form(form, comment, status=400)


class CommentDeleteView(CommentMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        services.comment_delete(responder=self.responder, comment=self.get_comment())
        return self.back(_("The comment has been removed."))
