"""Editing the self-assessment's structure: adding a section, adding a question, removing an
unanswered question (an answered one is refused with a clear reason) and moving questions up
and down without JavaScript, through services, pages and the API; only strategists, other
organisations 404, rejected input changes nothing, and the question-set page reads a fixed
number of queries whatever the number of questions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from malbild.api.tests.helpers import ApiClient
from malbild.core.models import AuditEntry
from malbild.followup import services
from malbild.followup.models import Question, QuestionSection, SelfAssessmentAnswer

from .factories import QuestionFactory, QuestionSectionFactory, QuestionSetFactory
from .test_views import login

Q = "/organisations/alingsas/followup"


def rev(name, pk):
    return reverse(f"followup:{name}", kwargs={"org": "alingsas", "pk": pk})


@pytest.fixture
def qset(org):
    qs = QuestionSetFactory(organisation=org, name="Självskattning e-förvaltning")
    section = QuestionSectionFactory(question_set=qs, title="Digitala tjänster", order=1)
    questions = [QuestionFactory(section=section, order=n, text=f"Fråga {n}?") for n in (1, 2, 3)]
    return {"set": qs, "section": section, "questions": questions}


def texts(section):
    return list(section.questions.order_by("order", "id").values_list("text", flat=True))


def test_services_add_move_and_remove(qset, strategist, access_of, plan):
    st = access_of(strategist)
    section = services.section_create(access=st, question_set=qset["set"], title=" Ledning ")
    assert (section.title, section.order) == ("Ledning", 2)
    q = services.question_create(access=st, section=section, text="Finns en digital agenda?")
    assert q.order == 1
    q1, q2, q3 = qset["questions"]
    services.question_move(access=st, question=q3, direction="up")
    assert texts(qset["section"]) == ["Fråga 1?", "Fråga 3?", "Fråga 2?"]
    services.question_move(access=st, question=q1, direction="down")
    assert texts(qset["section"]) == ["Fråga 3?", "Fråga 1?", "Fråga 2?"]
    with pytest.raises(ValidationError) as exc:
        services.question_move(access=st, question=q2, direction="down")
    assert "direction" in exc.value.message_dict
    services.question_delete(access=st, question=q2)
    assert texts(qset["section"]) == ["Fråga 3?", "Fråga 1?"]
    assert AuditEntry.objects.filter(model="followup.question", action="delete").count() == 1


def test_answered_question_cannot_be_removed(qset, strategist, access_of, plan):
    st = access_of(strategist)
    q = qset["questions"][0]
    period = plan["period"]
    services.period_update(access=st, period=period, data={"question_set": qset["set"]})
    services.self_assessment_save(access=st, period=period, answers={q.pk: ("fully", "")})
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.question_delete(access=st, question=q)
    assert "answered in 1 period(s) and cannot be removed" in " ".join(exc.value.messages)
    assert Question.objects.filter(pk=q.pk).exists()
    assert SelfAssessmentAnswer.objects.count() == 1


def test_rejected_writes_change_nothing(qset, strategist, editor, access_of):
    st, ed = access_of(strategist), access_of(editor)
    with pytest.raises(PermissionDenied):
        services.question_create(access=ed, section=qset["section"], text="Ny?")
    with pytest.raises(PermissionDenied):
        services.section_create(access=ed, question_set=qset["set"], title="Ny")
    with pytest.raises(PermissionDenied):
        services.question_delete(access=ed, question=qset["questions"][0])
    with pytest.raises(PermissionDenied):
        services.question_move(access=ed, question=qset["questions"][1], direction="up")
    with pytest.raises(ValidationError) as exc:
        services.question_create(access=st, section=qset["section"], text="   ")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.section_create(access=st, question_set=qset["set"], title="")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.question_move(access=st, question=qset["questions"][0], direction="sideways")
    assert Question.objects.count() == 3 and QuestionSection.objects.count() == 1
    assert texts(qset["section"]) == ["Fråga 1?", "Fråga 2?", "Fråga 3?"]


def test_pages(client, qset, strategist, plan, access_of):
    login(client, strategist)
    detail = rev("question-set-detail", qset["set"].pk)
    html = client.get(detail).content.decode()
    assert rev("section-create", qset["set"].pk) in html
    assert rev("question-create", qset["section"].pk) in html
    assert (
        'name="direction" value="up"' in html
        and rev("question-delete", qset["questions"][0].pk) in html
    )
    # Add a section and a question; a blank one is refused next to the field.
    bad = client.post(rev("section-create", qset["set"].pk), {"title": ""})
    assert bad.status_code == 200 and "title" in bad.context["form"].errors
    assert (
        client.post(rev("section-create", qset["set"].pk), {"title": "Teknik"}).status_code == 302
    )
    bad = client.post(rev("question-create", qset["section"].pk), {"text": " "})
    assert bad.status_code == 200 and "text" in bad.context["form"].errors
    assert Question.objects.count() == 3
    resp = client.post(rev("question-create", qset["section"].pk), {"text": "Fråga 4?"})
    assert resp.status_code == 302
    assert texts(qset["section"])[-1] == "Fråga 4?"
    # Move with a button.
    q1, q2, q3 = qset["questions"]
    resp = client.post(rev("question-move", q2.pk), {"direction": "up"})
    assert resp.status_code == 302 and resp["Location"].endswith(f"#q-{q2.pk}")
    assert texts(qset["section"])[:2] == ["Fråga 2?", "Fråga 1?"]
    assert client.get(rev("question-move", q2.pk)).status_code == 405
    # Remove: confirm, then post.
    page = client.get(rev("question-delete", q3.pk))
    assert page.status_code == 200 and "Fråga 3?" in page.content.decode()
    assert client.post(rev("question-delete", q3.pk)).status_code == 302
    assert not Question.objects.filter(pk=q3.pk).exists()
    # An answered question: the page explains, and a post is refused.
    st = access_of(strategist)
    services.period_update(access=st, period=plan["period"], data={"question_set": qset["set"]})
    services.self_assessment_save(access=st, period=plan["period"], answers={q1.pk: ("not", "")})
    page = client.get(rev("question-delete", q1.pk))
    assert page.context["answer_count"] == 1
    assert "besvarats en gång och kan inte tas bort" in page.content.decode()  # Swedish UI
    refused = client.post(rev("question-delete", q1.pk))
    assert refused.status_code == 400 and Question.objects.filter(pk=q1.pk).exists()


def test_permissions(client, qset, editor, outsider):
    q = qset["questions"][1]
    login(client, editor)
    html = client.get(rev("question-set-detail", qset["set"].pk)).content.decode()
    assert "direction" not in html
    assert client.get(rev("question-create", qset["section"].pk)).status_code == 403
    assert client.get(rev("section-create", qset["set"].pk)).status_code == 403
    assert client.get(rev("question-delete", q.pk)).status_code == 403
    assert client.post(rev("question-delete", q.pk)).status_code == 403
    assert client.post(rev("question-move", q.pk), {"direction": "up"}).status_code == 403
    assert client.post(rev("question-create", qset["section"].pk), {"text": "x"}).status_code == 403
    login(client, outsider)
    for name, pk in [
        ("question-set-detail", qset["set"].pk),
        ("question-create", qset["section"].pk),
        ("question-delete", q.pk),
    ]:
        assert client.get(rev(name, pk)).status_code == 404
    assert client.post(rev("question-move", q.pk), {"direction": "up"}).status_code == 404
    assert texts(qset["section"]) == ["Fråga 1?", "Fråga 2?", "Fråga 3?"]


def test_question_set_page_query_count(client, qset, strategist, django_assert_num_queries):
    login(client, strategist)
    page = rev("question-set-detail", qset["set"].pk)
    client.get(page)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    for n in range(3):
        section = QuestionSectionFactory(question_set=qset["set"], order=n + 2)
        for m in range(5):
            QuestionFactory(section=section, order=m)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200


def test_api(qset, strategist, editor, outsider, plan, access_of):
    st = ApiClient(strategist)
    sets = st.get(f"{Q}/question-sets")
    assert sets.status_code == 200 and sets.json()[0]["name"] == "Självskattning e-förvaltning"
    detail = st.get(f"{Q}/question-sets/{qset['set'].pk}").json()
    assert [q["text"] for q in detail["sections"][0]["questions"]] == [
        "Fråga 1?",
        "Fråga 2?",
        "Fråga 3?",
    ]
    bad = st.post(f"{Q}/question-sets/{qset['set'].pk}/sections", {"title": ""})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "title"
    created = st.post(f"{Q}/question-sets/{qset['set'].pk}/sections", {"title": "Teknik"})
    assert created.status_code == 201 and created.json()["order"] == 2
    section_id = created.json()["id"]
    q = st.post(f"{Q}/sections/{section_id}/questions", {"text": "Har ni en e-legitimation?"})
    assert q.status_code == 201 and q.json()["order"] == 1
    assert (
        ApiClient(editor).post(f"{Q}/sections/{section_id}/questions", {"text": "x"}).status_code
        == 403
    )
    assert ApiClient(outsider).get(f"{Q}/question-sets/{qset['set'].pk}").status_code == 404
    q3 = qset["questions"][2]
    moved = st.post(f"{Q}/questions/{q3.pk}/move", {"direction": "up"})
    assert [x["text"] for x in moved.json()["sections"][0]["questions"]] == [
        "Fråga 1?",
        "Fråga 3?",
        "Fråga 2?",
    ]
    assert st.post(f"{Q}/questions/{q3.pk}/move", {"direction": "x"}).status_code == 422
    edited = st.put(f"{Q}/questions/{q3.pk}", {"text": "Fråga tre?"})
    assert edited.status_code == 200 and edited.json()["text"] == "Fråga tre?"
    acc = access_of(strategist)
    services.period_update(access=acc, period=plan["period"], data={"question_set": qset["set"]})
    services.self_assessment_save(access=acc, period=plan["period"], answers={q3.pk: ("fully", "")})
    refused = st.delete(f"{Q}/questions/{q3.pk}")
    assert refused.status_code == 422 and Question.objects.filter(pk=q3.pk).exists()
    assert st.delete(f"{Q}/questions/{qset['questions'][0].pk}").status_code == 204
    assert Question.objects.filter(section=qset["section"]).count() == 2
