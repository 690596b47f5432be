"""Writes of the self-assessment: question sets (copied from the SKL template), their
sections and questions (add, edit, move, remove while unanswered), and a period's answers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.services import model_create, model_delete, model_update

from ..constants import Answer
from ..models import (
    FollowUpPeriod,
    Question,
    QuestionSection,
    QuestionSet,
    SelfAssessmentAnswer,
)
from ..skl import SKL_TEMPLATE, SKL_TEMPLATE_NAME
from ._common import _lock_open, _require_strategist


@transaction.atomic
def question_set_create_from_template(*, access: Access, name: str = "") -> QuestionSet:
    """Copy the built-in SKL e-government self-assessment into the organisation."""
    _require_strategist(access)
    org = access.organisation
    qs = model_create(
        model=QuestionSet,
        actor=access.user,
        data={"organisation": org, "name": name or SKL_TEMPLATE_NAME},
        event="followup.question_set_copied",
    )
    for s_order, (title, questions) in enumerate(SKL_TEMPLATE, start=1):
        section = model_create(
            model=QuestionSection,
            actor=access.user,
            data={"organisation": org, "question_set": qs, "order": s_order, "title": title},
        )
        for q_order, text in enumerate(questions, start=1):
            model_create(
                model=Question,
                actor=access.user,
                data={"organisation": org, "section": section, "order": q_order, "text": text},
            )
    return qs


def _question_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    if len(text) > 500:
        raise ValidationError({"text": _("A question has at most 500 characters.")})
    return text


@transaction.atomic
def question_update(*, access: Access, question: Question, text: str) -> Question:
    """Edit a question's wording."""
    _require_strategist(access)
    access.require_same_org(question)
    return model_update(
        instance=question,
        actor=access.user,
        data={"text": _question_text(text)},
        fields=("text",),
        event="followup.question_updated",
    )


@transaction.atomic
def question_create(*, access: Access, section: QuestionSection, text: str) -> Question:
    """Add a question at the end of a section."""
    _require_strategist(access)
    access.require_same_org(section)
    text = _question_text(text)
    last = section.questions.order_by("-order").values_list("order", flat=True).first() or 0
    return model_create(
        model=Question,
        actor=access.user,
        data={
            "organisation": section.organisation,
            "section": section,
            "order": last + 1,
            "text": text,
        },
    )


@transaction.atomic
def question_delete(*, access: Access, question: Question) -> None:
    """Remove a question that has not been answered in any period; answered questions stay,
    so that earlier periods keep their answers."""
    _require_strategist(access)
    access.require_same_org(question)
    question = Question.objects.select_for_update().get(pk=question.pk)
    answered = question.answers.count()
    if answered:
        raise ValidationError(
            _(
                "The question has been answered in %(n)s period(s) and cannot be removed; "
                "edit its wording instead."
            )
            % {"n": answered}
        )
    model_delete(instance=question, actor=access.user)


@transaction.atomic
def question_move(*, access: Access, question: Question, direction: str) -> Question:
    """Move a question one step up or down within its section. The section's questions are
    renumbered 1, 2, 3 … in their shown order; only the changed orders are written."""
    _require_strategist(access)
    access.require_same_org(question)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a question up or down.")})
    siblings = list(
        Question.objects.select_for_update()
        .filter(section_id=question.section_id)
        .order_by("order", "id")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise ValidationError(
            {
                "direction": _("The question is already first in its section.")
                if direction == "up"
                else _("The question is already last in its section.")
            }
        )
    siblings[index], siblings[other] = siblings[other], siblings[index]
    moved = question
    for order, q in enumerate(siblings, start=1):
        if q.order != order:
            # The moved question itself is saved from the caller's copy, so an edit made
            # from a stale version of it is refused.
            q = model_update(
                instance=question if q.pk == question.pk else q,
                actor=access.user,
                data={"order": order},
                fields=("order",),
                event="followup.question_moved",
            )
        if q.pk == question.pk:
            moved = q
    return moved


@transaction.atomic
def section_create(*, access: Access, question_set: QuestionSet, title: str) -> QuestionSection:
    """Add a section at the end of a self-assessment."""
    _require_strategist(access)
    access.require_same_org(question_set)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    if len(title) > 300:
        raise ValidationError({"title": _("A title has at most 300 characters.")})
    last = question_set.sections.order_by("-order").values_list("order", flat=True).first() or 0
    return model_create(
        model=QuestionSection,
        actor=access.user,
        data={
            "organisation": question_set.organisation,
            "question_set": question_set,
            "order": last + 1,
            "title": title,
        },
    )


@transaction.atomic
def self_assessment_save(
    *, access: Access, period: FollowUpPeriod, answers: dict[int, tuple[str, str]]
) -> int:
    """Answer the period's self-assessment (question id → (answer, comment)); the
    organisation answers as a whole, so strategists do. Returns the number of answers."""
    _require_strategist(access)
    access.require_same_org(period)
    period = _lock_open(period)
    if period.question_set_id is None:
        raise ValidationError({"question_set": _("The period has no self-assessment.")})
    questions = {
        q.pk: q for q in Question.objects.filter(section__question_set_id=period.question_set_id)
    }
    existing = {a.question_id: a for a in SelfAssessmentAnswer.objects.filter(period=period)}
    count = 0
    for qid, (answer, comment) in answers.items():
        question = questions.get(int(qid))
        if question is None:
            raise ValidationError({"answers": _("Unknown question.")})
        if not answer:
            continue
        if answer not in Answer.values:
            raise ValidationError({f"answer_{qid}": _("Choose an answer.")})
        current = existing.get(question.pk)
        data = {"answer": answer, "comment": (comment or "").strip()}
        if current is None:
            model_create(
                model=SelfAssessmentAnswer,
                actor=access.user,
                data={
                    **data,
                    "period": period,
                    "question": question,
                    "organisation": period.organisation,
                },
            )
        elif current.answer != data["answer"] or current.comment != data["comment"]:
            model_update(instance=current, actor=access.user, data=data, fields=data.keys())
        count += 1
    audit_record(
        actor=access.user,
        instance=period,
        action="update",
        message=_("Self-assessment answered (%(n)s answers).") % {"n": count},
        event="followup.self_assessment_saved",
    )
    return count
