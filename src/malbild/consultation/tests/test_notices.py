"""The e-mail of a remiss: the invitation to each consultee's respondents (deadline, response
page, consulted version, .ics) and to a secret link's address (with the personal link); the
reminder before the deadline, sent once by `send_reminders`; the notice of an extension to
those who have not answered; the receipt of a submitted response; the strategists' notices
(by default in the digest) of responses and of who is late; English for those who chose it,
nothing for "not at all", nothing when the transaction rolls back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from malbild.accounts.constants import Role
from malbild.consultation import services
from malbild.consultation.permissions import Responder
from malbild.core.tests.factories import UserFactory
from malbild.notifications.constants import Delivery, OutboxStatus
from malbild.notifications.models import NotificationPreference, OutboxMessage

pytestmark = pytest.mark.django_db

BASE = "https://malbild.example"


def _open(version, strategist_access, bodies, **kwargs):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss: Handlingsplan digital målbild",
        sent_on=datetime.date(2018, 2, 28),
        deadline=datetime.date(2018, 4, 5),
        bodies=bodies,
        **kwargs,
    )


def test_invitation_to_each_respondent_with_deadline_version_and_ics(
    org,
    body,
    other_body,
    version,
    strategist_access,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    kfn = UserFactory(username="kfn", role=Role.RESPONDENT, organisation=org, bodies=[body])
    english = UserFactory(
        username="mn", role=Role.RESPONDENT, organisation=org, bodies=[other_body], language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _open(version, strategist_access, [body, other_body])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([kfn.email, english.email])
    consultee = round_.consultees.get(body=body)
    base = f"{BASE}/o/{org.slug}/consultations/{round_.pk}/consultees/{consultee.pk}/"
    sv = next(m for m in mailoutbox if m.to == [kfn.email])
    assert sv.subject == "Remiss: Remiss: Handlingsplan digital målbild – svara senast 5 april 2018"
    assert base in sv.body and base + "version/" in sv.body and base + "deadline.ics" in sv.body
    assert "Kultur- och fritidsnämnden" in sv.body and "5 april 2018" in sv.body
    en = next(m for m in mailoutbox if m.to == [english.email])
    assert en.subject.startswith("Consultation: ") and "5 April 2018" in en.subject
    message = OutboxMessage.objects.get(email=english.email)
    assert message.language == "en" and message.kind == "consultation.invitation"


def test_nothing_on_rollback(
    org, body, version, strategist_access, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="kfn", role=Role.RESPONDENT, organisation=org, bodies=[body])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _open(version, strategist_access, [body])
        raise RuntimeError
    assert not OutboxMessage.objects.exists() and not mailoutbox


def test_not_at_all_gets_nothing(
    org, body, version, strategist_access, mailoutbox, django_capture_on_commit_callbacks
):
    kfn = UserFactory(username="kfn", role=Role.RESPONDENT, organisation=org, bodies=[body])
    NotificationPreference.objects.create(
        user=kfn, kind="consultation.invitation", delivery=Delivery.NONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        _open(version, strategist_access, [body])
    assert not mailoutbox


def test_consultee_added_is_invited(
    org, round_, ks, strategist_access, mailoutbox, django_capture_on_commit_callbacks
):
    ksau = UserFactory(username="ksau", role=Role.RESPONDENT, organisation=org, bodies=[ks])
    with django_capture_on_commit_callbacks(execute=True):
        services.consultee_add(access=strategist_access, round=round_, body=ks)
    [sent] = mailoutbox
    assert sent.to == [ksau.email] and sent.subject.startswith("Remiss: ")


def test_secret_link_with_address_sends_the_personal_link(
    org,
    round_,
    external_body,
    strategist_access,
    mailoutbox,
    consultee_of,
    django_capture_on_commit_callbacks,
):
    consultee = consultee_of(external_body)
    with django_capture_on_commit_callbacks(execute=True):
        link, raw = services.secret_link_create(
            access=strategist_access, consultee=consultee, email="registrator@sambruk.se"
        )
    [sent] = mailoutbox
    assert sent.to == ["registrator@sambruk.se"]
    assert f"{BASE}/o/{org.slug}/remiss/{raw}/" in sent.body
    assert f"{BASE}/o/{org.slug}/remiss/{raw}/version/" in sent.body
    stored = OutboxMessage.objects.get(kind="consultation.link_invitation")
    assert stored.status == OutboxStatus.SENT and raw not in stored.text_body  # erased
    assert link.email == "registrator@sambruk.se"


def test_secret_link_refuses_an_invalid_address(
    round_, external_body, strategist_access, consultee_of
):
    with pytest.raises(ValidationError) as exc:
        services.secret_link_create(
            access=strategist_access, consultee=consultee_of(external_body), email="inte en adress"
        )
    assert "email" in exc.value.message_dict
    assert not consultee_of(external_body).links.exists()


def _submit(consultee, access):
    responder = Responder(access=access)
    services.response_save_draft(
        responder=responder, consultee=consultee, data={"position": "supports"}
    )
    response = consultee.responses.get()
    return services.response_submit(responder=responder, response=response)


def test_reminder_once_to_those_who_have_not_answered(
    org,
    body,
    other_body,
    external_body,
    round_,
    respondent,
    strategist_access,
    access_of,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mn = UserFactory(username="mn", role=Role.RESPONDENT, organisation=org, bodies=[other_body])
    services.secret_link_create(
        access=strategist_access, consultee=consultee_of(external_body), email="reg@sambruk.se"
    )
    _submit(consultee_of(body), access_of(respondent))  # KFN has answered
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2018-03-30")  # 6 days before: too early
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2018-03-31")
        call_command("send_reminders", date="2018-04-01")  # again: nothing new
    assert sorted(m.to[0] for m in mailoutbox) == sorted([mn.email, "reg@sambruk.se"])
    sent = next(m for m in mailoutbox if m.to == [mn.email])
    assert sent.subject == (
        "Påminnelse: remissvaret om ”Remiss: Handlingsplan digital målbild” ska vara inne "
        "5 april 2018"
    )
    link_mail = next(m for m in mailoutbox if m.to == ["reg@sambruk.se"])
    assert "personliga länken" in link_mail.body


def test_extension_tells_those_who_have_not_answered(
    org,
    body,
    other_body,
    round_,
    respondent,
    strategist_access,
    access_of,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mn = UserFactory(username="mn", role=Role.RESPONDENT, organisation=org, bodies=[other_body])
    _submit(consultee_of(body), access_of(respondent))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_round_extend(
            access=strategist_access,
            round=round_,
            new_deadline=datetime.date(2018, 4, 20),
            reason="Valår",
        )
    [sent] = mailoutbox
    assert sent.to == [mn.email] and "20 april 2018" in sent.subject
    assert "5 april 2018" in sent.body and "20 april 2018" in sent.body
    # The reminder before the new deadline is due again (once).
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2018-04-16")
    assert [m.to for m in mailoutbox] == [[mn.email]]


def test_receipt_and_strategist_digest(
    org,
    body,
    round_,
    respondent,
    strategist,
    strategist_access,
    access_of,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(consultee_of(body), access_of(respondent))
    [receipt] = mailoutbox
    assert receipt.to == [respondent.email] and receipt.subject.startswith("Kvitto: ")
    held = OutboxMessage.objects.get(kind="consultation.response_received")
    assert held.recipient == strategist and held.status == OutboxStatus.DIGEST
    assert held.subject == "Remissvar från Kultur- och fritidsnämnden: " + round_.title
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert mailoutbox[-1].to == [strategist.email] and held.subject in mailoutbox[-1].body


def test_receipt_through_a_secret_link(
    round_,
    external_body,
    strategist_access,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # The link must still work today: the round's deadline lies ahead.
    round_.deadline = timezone.localdate() + datetime.timedelta(days=30)
    type(round_).objects.filter(pk=round_.pk).update(deadline=round_.deadline)
    consultee = consultee_of(external_body)
    link, _raw = services.secret_link_create(
        access=strategist_access, consultee=consultee, email="reg@sambruk.se"
    )
    responder = Responder(link=link)
    services.response_save_draft(
        responder=responder, consultee=consultee, data={"position": "supports"}
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(responder=responder, response=consultee.responses.get())
    assert [m.to for m in mailoutbox] == [["reg@sambruk.se"]]


def test_late_list_to_the_strategists_once(
    round_, strategist, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=strategist, kind="consultation.late", delivery=Delivery.IMMEDIATE
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2018-04-06")
        call_command("send_reminders", date="2018-04-07")
    late = [m for m in mailoutbox if m.to == [strategist.email]]
    assert len(late) == 1
    assert late[0].subject == "3 remissinstanser har inte svarat på ”" + round_.title + "”"
    assert "Föreningen Sambruk" in late[0].body


def test_link_address_from_the_page_and_the_api(
    client,
    org,
    round_,
    external_body,
    strategist,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    round_.deadline = timezone.localdate() + datetime.timedelta(days=30)
    type(round_).objects.filter(pk=round_.pk).update(deadline=round_.deadline)
    consultee = consultee_of(external_body)
    client.force_login(strategist)
    page = reverse(
        "consultation:link-create", kwargs={"org": org.slug, "pk": round_.pk, "cid": consultee.pk}
    )
    overview = client.get(
        reverse("consultation:round-detail", kwargs={"org": org.slug, "pk": round_.pk})
    )
    assert "Skicka länken med e-post till (valfritt)" in overview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page, {"email": "reg@sambruk.se"}).status_code == 200
        bad = client.post(page, {"email": "fel"}, follow=True)
    assert "Länkmottagarens e-postadress: ange en giltig adress." in bad.content.decode()
    api = (
        f"/api/v1/organisations/{org.slug}/consultations/{round_.pk}"
        f"/consultees/{consultee.pk}/links"
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(api, {"email": "dnr@sambruk.se"}, content_type="application/json")
        assert r.status_code == 201 and r.json()["email"] == "dnr@sambruk.se"
        bad = client.post(api, {"email": "fel"}, content_type="application/json")
        assert bad.status_code == 422 and "email" in bad.content.decode()
        assert client.post(api).status_code == 201  # no address: no e-mail
    assert [m.to for m in mailoutbox] == [["reg@sambruk.se"], ["dnr@sambruk.se"]]
    assert consultee.links.count() == 3


def test_reminder_days_from_the_form_and_the_api(client, org, version, strategist, body):
    client.force_login(strategist)
    create = reverse("consultation:round-create", kwargs={"org": org.slug})
    page = client.get(create).content.decode()
    assert "Påminnelse (dagar före sista svarsdag)" in page and 'value="5"' in page
    data = {
        "version": version.pk,
        "title": "Remiss",
        "sent_on": "2018-02-28",
        "deadline": "2018-04-05",
        "reminder_days": "10",
        "bodies": [body.pk],
    }
    bad = client.post(create, {**data, "reminder_days": "-1"})
    assert bad.status_code == 200 and not version.consultation_rounds.exists()
    assert client.post(create, data).status_code == 302
    round_ = version.consultation_rounds.get()
    assert round_.reminder_days == 10
    api = f"/api/v1/organisations/{org.slug}/consultations/{round_.pk}"
    assert client.get(api).json()["reminder_days"] == 10


def _ics(sent) -> tuple[str, str, str]:
    """(file name, MIME type, unfolded content) of a sent message's only attachment, read
    from the MIME message as a mail client would."""
    [part] = [p for p in sent.message().walk() if p.get_filename()]
    content = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return (
        part.get_filename(),
        part.get_content_type(),
        content.replace("\r\n", "\n").replace("\n ", ""),
    )


def test_invitation_carries_the_deadline_as_an_ics_attachment_in_each_language(
    org,
    body,
    other_body,
    version,
    strategist_access,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    kfn = UserFactory(username="kfn", role=Role.RESPONDENT, organisation=org, bodies=[body])
    english = UserFactory(
        username="mn", role=Role.RESPONDENT, organisation=org, bodies=[other_body], language="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _open(version, strategist_access, [body, other_body])
    title = "Remiss: Handlingsplan digital målbild"
    sv = next(m for m in mailoutbox if m.to == [kfn.email])
    name, mimetype, content = _ics(sv)
    assert name == f"remiss-{round_.pk}.ics" and mimetype == "text/calendar"
    assert "DTSTART;VALUE=DATE:20180405" in content and "DTEND;VALUE=DATE:20180406" in content
    assert f"SUMMARY:Sista svarsdag för remiss: {title}" in content
    consultee = round_.consultees.get(body=body)
    response_url = f"{BASE}/o/{org.slug}/consultations/{round_.pk}/consultees/{consultee.pk}/"
    assert f"URL:{response_url}" in content and "Remissvar: " in content
    en = next(m for m in mailoutbox if m.to == [english.email])
    _name, _type, content = _ics(en)
    assert f"SUMMARY:Consultation deadline: {title}" in content
    assert "Response: " in content and "DTSTART;VALUE=DATE:20180405" in content
    # The file is kept with the message in the outbox.
    stored = OutboxMessage.objects.get(email=english.email).attachments.get()
    assert stored.mimetype == "text/calendar" and b"SUMMARY:Consultation deadline" in bytes(
        stored.content
    ).replace(b"\r\n ", b"")


def test_extension_carries_the_new_deadline_as_ics(
    org,
    other_body,
    round_,
    strategist_access,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mn = UserFactory(username="mn", role=Role.RESPONDENT, organisation=org, bodies=[other_body])
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_round_extend(
            access=strategist_access,
            round=round_,
            new_deadline=datetime.date(2018, 4, 20),
            reason="Valår",
        )
    [sent] = [m for m in mailoutbox if m.to == [mn.email]]
    _name, mimetype, content = _ics(sent)
    assert mimetype == "text/calendar" and "DTSTART;VALUE=DATE:20180420" in content
    assert f"UID:consultation-{round_.pk}-{org.pk}@malbild" in content  # the same event
    consultee = round_.consultees.get(body=other_body)
    response = f"{BASE}/o/{org.slug}/consultations/{round_.pk}/consultees/{consultee.pk}/"
    assert response in sent.body and f'href="{response}"' in sent.alternatives[0].content


@pytest.mark.parametrize(
    ("language", "subject_start", "summary", "personal"),
    [
        ("sv", "Remiss: ", "SUMMARY:Sista svarsdag för remiss: ", "Länken nedan är personlig"),
        ("en", "Consultation: ", "SUMMARY:Consultation deadline: ", "The link below is personal"),
    ],
)
def test_secret_link_mail_in_the_chosen_language_with_the_ics(
    language,
    subject_start,
    summary,
    personal,
    org,
    round_,
    external_body,
    strategist_access,
    mailoutbox,
    consultee_of,
    django_capture_on_commit_callbacks,
):
    consultee = consultee_of(external_body)
    with django_capture_on_commit_callbacks(execute=True):
        link, raw = services.secret_link_create(
            access=strategist_access,
            consultee=consultee,
            email="registrator@sambruk.se",
            language=language,
        )
    assert link.language == language
    [sent] = mailoutbox
    assert sent.subject.startswith(subject_start) and personal in sent.body
    assert f'<html lang="{language}">' in sent.alternatives[0].content
    name, mimetype, content = _ics(sent)
    assert name == f"remiss-{round_.pk}.ics" and mimetype == "text/calendar"
    assert summary + round_.title in content and "DTSTART;VALUE=DATE:20180405" in content
    assert raw not in content  # the calendar file holds no personal link
    stored = OutboxMessage.objects.get(kind="consultation.link_invitation")
    assert stored.language == language and stored.attachments.count() == 1
    # Later mail to the address (here: the reminder) is in its language too.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2018-03-31")
    [reminder] = mailoutbox
    assert reminder.to == ["registrator@sambruk.se"]
    assert OutboxMessage.objects.get(kind="consultation.reminder").language == language


def test_secret_link_language_from_the_page_and_the_api(
    client,
    org,
    round_,
    external_body,
    strategist,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    round_.deadline = timezone.localdate() + datetime.timedelta(days=30)
    type(round_).objects.filter(pk=round_.pk).update(deadline=round_.deadline)
    consultee = consultee_of(external_body)
    client.force_login(strategist)
    overview = client.get(
        reverse("consultation:round-detail", kwargs={"org": org.slug, "pk": round_.pk})
    ).content.decode()
    assert f'<label for="link-language-{consultee.pk}">E-postens språk</label>' in overview
    assert '<option value="en">engelska</option>' in overview
    page = reverse(
        "consultation:link-create", kwargs={"org": org.slug, "pk": round_.pk, "cid": consultee.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        shown = client.post(page, {"email": "reg@sambruk.se", "language": "en"})
        bad = client.post(page, {"email": "x@sambruk.se", "language": "de"}, follow=True)
    assert shown.status_code == 200
    assert "skickas med e-post till reg@sambruk.se (på engelska)" in shown.content.decode()
    assert "Språket i e-posten till länkens mottagare: välj sv eller en." in bad.content.decode()
    api = (
        f"/api/v1/organisations/{org.slug}/consultations/{round_.pk}"
        f"/consultees/{consultee.pk}/links"
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            api, {"email": "dnr@sambruk.se", "language": "en"}, content_type="application/json"
        )
        assert r.status_code == 201 and r.json()["language"] == "en"
        default = client.post(api, {"email": "sv@sambruk.se"}, content_type="application/json")
        assert default.status_code == 201 and default.json()["language"] == "sv"
        bad = client.post(
            api, {"email": "x@sambruk.se", "language": "de"}, content_type="application/json"
        )
        assert bad.status_code == 422 and "language" in bad.content.decode()
    languages = dict(
        OutboxMessage.objects.filter(kind="consultation.link_invitation").values_list(
            "email", "language"
        )
    )
    assert languages == {"reg@sambruk.se": "en", "dnr@sambruk.se": "en", "sv@sambruk.se": "sv"}
    assert consultee.links.count() == 3  # the refused ones created nothing
    assert mailoutbox[0].subject.startswith("Consultation: ")


def test_secret_link_language_changed_on_the_page_and_in_the_api(
    client,
    org,
    round_,
    external_body,
    strategist,
    strategist_access,
    consultee_of,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from malbild.core.models import AuditEntry

    consultee = consultee_of(external_body)
    link, _raw = services.secret_link_create(
        access=strategist_access, consultee=consultee, email="reg@sambruk.se"
    )
    quiet, _raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    client.force_login(strategist)
    detail = reverse("consultation:round-detail", kwargs={"org": org.slug, "pk": round_.pk})
    html = client.get(detail).content.decode()
    assert (
        f'<label for="link-language-{link.pk}-current">'
        "Språket i e-posten till reg@sambruk.se</label>"
    ) in html
    assert f"link-language-{quiet.pk}-current" not in html  # no address: nothing to choose
    page = reverse(
        "consultation:link-language", kwargs={"org": org.slug, "pk": round_.pk, "link": link.pk}
    )
    assert client.get(page).status_code == 405
    answer = client.post(page, {"language": "en"}, follow=True)
    assert "E-post till reg@sambruk.se skickas nu på engelska." in answer.content.decode()
    link.refresh_from_db()
    assert link.language == "en"
    entry = AuditEntry.objects.get(event="consultation.link_language_changed")
    assert entry.changes == {"language": ["sv", "en"]}
    refused = client.post(page, {"language": "de"}, follow=True).content.decode()
    assert "Språket i e-posten till länkens mottagare: välj sv eller en." in refused
    # Later mail to the address follows the new language.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2018-03-31")
    [reminder] = mailoutbox
    assert reminder.to == ["reg@sambruk.se"] and reminder.subject.startswith("Reminder")
    # The API: PATCH with the link's version; another language refused naming the field.
    api = f"/api/v1/organisations/{org.slug}/consultations/{round_.pk}/links/{link.pk}"
    r = client.patch(api, {"language": "sv"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["language"] == "sv"
    assert r.json()["email"] == "reg@sambruk.se" and "token" not in r.json()
    assert r["ETag"] == f'"{r.json()["lock_version"]}"'
    bad = client.patch(api, {"language": "de"}, content_type="application/json")
    assert bad.status_code == 422 and "language" in bad.content.decode()
    quiet_api = f"/api/v1/organisations/{org.slug}/consultations/{round_.pk}/links/{quiet.pk}"
    none = client.patch(quiet_api, {"language": "en"}, content_type="application/json")
    assert none.status_code == 422 and "email" in none.content.decode()
    stale = client.patch(
        api, {"language": "en"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 409
    link.refresh_from_db()
    assert link.language == "sv"
