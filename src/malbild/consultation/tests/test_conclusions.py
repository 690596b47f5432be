"""The strategist's own words in the consultation summary: the assessment (bedömning) and the
proposed decision (förslag till beslut) on the round. Only those who manage rounds write
them, until the adoption decision is recorded; a too long text is refused naming the field
in Swedish and changes nothing; the service writes only the two fields and refuses a stale
edit; the summary (page, selector, API) shows them; the API hides them from those who may not
see the summary yet; the round's history names the change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from malbild.consultation import selectors, services
from malbild.consultation.models import CONCLUSION_MAX_LENGTH, ConsultationRound
from malbild.core.events import event_label
from malbild.core.locking import expect_version
from malbild.core.models import AuditEntry
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only

pytestmark = pytest.mark.django_db

CONCLUSION_FIELDS = set(services.CONCLUSION_FIELDS)

API = "/api/v1/organisations/alingsas/consultations"


def fresh(round_):
    return ConsultationRound.objects.get(pk=round_.pk)


def url(name, round_):
    return reverse(
        f"consultation:{name}", kwargs={"org": round_.organisation.slug, "pk": round_.pk}
    )


def adopt(round_, access, ks):
    services.consultation_round_close(access=access, round=fresh(round_))
    services.consultation_round_revise(access=access, round=fresh(round_), label="Reviderad")
    services.consultation_round_adopt(
        access=access,
        round=fresh(round_),
        decision={"body": ks, "date": datetime.date(2018, 9, 3), "kind": "adoption"},
    )


# Service ------------------------------------------------------------------------------------


def test_service_writes_only_the_two_texts_and_refuses_stale(round_, strategist_access):
    def write(r, text):
        return services.consultation_round_conclusions_update(
            access=strategist_access, round=r, assessment=text, proposal="Nämnden antar planen."
        )

    assert_writes_only(
        ConsultationRound, lambda: write(fresh(round_), "Svaren är positiva."), CONCLUSION_FIELDS
    )
    saved = fresh(round_)
    assert saved.assessment == "Svaren är positiva." and saved.proposal == "Nämnden antar planen."

    def stale(instance):
        with expect_version(instance, instance.lock_version):
            write(instance, "Något annat")

    assert_stale_refused(fresh(round_), stale)
    # None leaves a text as it is
    services.consultation_round_conclusions_update(
        access=strategist_access, round=fresh(round_), proposal="Ny formulering"
    )
    saved = fresh(round_)
    assert saved.assessment == "Svaren är positiva." and saved.proposal == "Ny formulering"


@pytest.mark.parametrize("who", ["reader", "editor", "respondent"])
def test_only_managers_write(round_, request, access_of, who):
    with pytest.raises(PermissionDenied):
        services.consultation_round_conclusions_update(
            access=access_of(request.getfixturevalue(who)), round=round_, assessment="x"
        )
    assert fresh(round_).assessment == ""


def test_too_long_refused_naming_the_field(round_, strategist_access):
    with translation.override("sv"), pytest.raises(ValidationError) as exc:
        services.consultation_round_conclusions_update(
            access=strategist_access,
            round=round_,
            assessment="a" * (CONCLUSION_MAX_LENGTH + 1),
            proposal="b" * (CONCLUSION_MAX_LENGTH + 1),
        )
    errors = exc.value.message_dict
    assert errors["assessment"] == [
        "Bedömningen får vara högst 20\u00a0000 tecken (den har 20\u00a0001)."
    ]
    assert errors["proposal"] == [
        "Förslaget till beslut får vara högst 20\u00a0000 tecken (det har 20\u00a0001)."
    ]
    assert fresh(round_).assessment == "" and fresh(round_).proposal == ""


def test_editable_until_the_adoption_decision(round_, strategist_access, ks):
    services.consultation_round_conclusions_update(
        access=strategist_access, round=fresh(round_), assessment="Före beslut"
    )
    services.consultation_round_close(access=strategist_access, round=fresh(round_))
    # closed, not yet adopted: still editable
    services.consultation_round_conclusions_update(
        access=strategist_access, round=fresh(round_), assessment="Efter stängning"
    )
    services.consultation_round_revise(access=strategist_access, round=fresh(round_), label="R")
    services.consultation_round_adopt(
        access=strategist_access,
        round=fresh(round_),
        decision={"body": ks, "date": datetime.date(2018, 9, 3), "kind": "adoption"},
    )
    assert not fresh(round_).conclusions_editable
    with translation.override("sv"), pytest.raises(ValidationError) as exc:
        services.consultation_round_conclusions_update(
            access=strategist_access, round=fresh(round_), assessment="För sent"
        )
    assert "Antagandebeslutet är registrerat" in exc.value.messages[0]
    assert fresh(round_).assessment == "Efter stängning"


def test_history_names_the_change(round_, strategist_access):
    services.consultation_round_conclusions_update(
        access=strategist_access, round=round_, assessment="Bedömd"
    )
    entry = AuditEntry.objects.get(event="consultation.conclusions_updated")
    assert set(entry.changes) == {"assessment"}
    with translation.override("sv"):
        assert event_label("consultation.conclusions_updated") == (
            "Remissammanställningens bedömning och förslag till beslut ändrade"
        )


def test_summary_selector_has_both_keys(round_, strategist_access):
    services.consultation_round_conclusions_update(
        access=strategist_access, round=round_, assessment="Bra svar", proposal="Anta"
    )
    summary = selectors.summary_build(round=fresh(round_))
    assert summary["assessment"] == "Bra svar" and summary["proposal"] == "Anta"


# Pages --------------------------------------------------------------------------------------


def test_strategist_writes_them_through_the_form(client, round_, strategist):
    client.force_login(strategist)
    page = client.get(url("conclusions", round_))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'for="id_assessment"' in html and "Bedömning" in html
    assert 'for="id_proposal"' in html and "Förslag till beslut" in html
    summary = client.get(url("summary", round_)).content.decode()
    assert url("conclusions", round_) in summary
    assert "Ingen bedömning är skriven ännu." in summary
    response = client.post(
        url("conclusions", round_),
        {
            "assessment": "Svaren är **positiva**.\n\n- fler e-tjänster",
            "proposal": "Kommunfullmäktige antar planen.",
            "lock_version": fresh(round_).lock_version,
        },
    )
    assert response.status_code == 302 and response["Location"] == url("summary", round_)
    summary = client.get(url("summary", round_)).content.decode()
    assert "<strong>positiva</strong>" in summary and "<li>fler e-tjänster</li>" in summary
    assert "Kommunfullmäktige antar planen." in summary
    assert '<h2 id="assessment-heading">Bedömning</h2>' in summary
    assert '<h2 id="proposal-heading">Förslag till beslut</h2>' in summary
    detail = client.get(url("round-detail", round_)).content.decode()
    assert "Remissammanställningens bedömning och förslag till beslut ändrade" in detail


def test_form_error_in_swedish_and_nothing_saved(client, round_, strategist):
    client.force_login(strategist)
    response = client.post(
        url("conclusions", round_),
        {
            "assessment": "a" * (CONCLUSION_MAX_LENGTH + 1),
            "proposal": "Anta",
            "lock_version": fresh(round_).lock_version,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_assessment_error"' in html
    assert "Bedömning: Bedömningen får vara högst 20\u00a0000 tecken (den har 20\u00a0001)." in html
    assert fresh(round_).assessment == "" and fresh(round_).proposal == ""


def test_stale_form_shows_the_conflict_page(client, round_, strategist, strategist_access):
    client.force_login(strategist)
    old_version = fresh(round_).lock_version
    services.consultation_round_conclusions_update(
        access=strategist_access, round=fresh(round_), assessment="Kollegans text"
    )
    response = client.post(
        url("conclusions", round_),
        {"assessment": "Min text", "proposal": "", "lock_version": old_version},
    )
    assert response.status_code == 409
    assert "Kollegans text" in response.content.decode()
    assert fresh(round_).assessment == "Kollegans text"


@pytest.mark.parametrize("who", ["reader", "editor", "respondent", "outsider"])
def test_others_may_not_write(client, round_, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("conclusions", round_)).status_code in (403, 404)
    response = client.post(url("conclusions", round_), {"assessment": "x", "proposal": "y"})
    assert response.status_code in (403, 404)
    assert fresh(round_).assessment == ""


def test_after_adoption_the_page_is_read_only(client, round_, strategist, strategist_access, ks):
    adopt(round_, strategist_access, ks)
    client.force_login(strategist)
    page = client.get(url("conclusions", round_)).content.decode()
    assert "Antagandebeslutet är registrerat" in page and "<textarea" not in page
    assert url("conclusions", round_) not in client.get(url("summary", round_)).content.decode()
    response = client.post(
        url("conclusions", round_),
        {"assessment": "För sent", "proposal": "", "lock_version": fresh(round_).lock_version},
    )
    assert response.status_code == 200
    assert fresh(round_).assessment == ""


# API ----------------------------------------------------------------------------------------


def test_api_patch_and_read(client, round_, strategist, reader, strategist_access):
    client.force_login(strategist)
    detail = client.get(f"{API}/{round_.pk}")
    assert detail.json()["assessment"] == "" and detail.json()["conclusions_editable"] is True
    response = client.patch(
        f"{API}/{round_.pk}",
        {"assessment": "Svaren är positiva.", "proposal": "Anta planen."},
        content_type="application/json",
        headers={"If-Match": detail["ETag"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["assessment"] == "Svaren är positiva."
    assert response.json()["proposal"] == "Anta planen."
    # a field left out stays
    response = client.patch(
        f"{API}/{round_.pk}", {"proposal": "Ny"}, content_type="application/json"
    )
    assert response.json()["assessment"] == "Svaren är positiva."
    summary = client.get(f"{API}/{round_.pk}/summary").json()
    assert summary["assessment"] == "Svaren är positiva." and summary["proposal"] == "Ny"
    # a reader sees them only once the round is closed, and never writes them
    client.force_login(reader)
    assert client.get(f"{API}/{round_.pk}").json()["assessment"] is None
    assert all(r["assessment"] is None for r in client.get(API).json()["items"])
    refused = client.patch(f"{API}/{round_.pk}", {"proposal": "x"}, content_type="application/json")
    assert refused.status_code == 403
    services.consultation_round_close(access=strategist_access, round=fresh(round_))
    assert client.get(f"{API}/{round_.pk}").json()["assessment"] == "Svaren är positiva."
    assert fresh(round_).proposal == "Ny"


def test_api_errors(client, round_, strategist, strategist_access, ks):
    client.force_login(strategist)
    stale = client.patch(
        f"{API}/{round_.pk}",
        {"assessment": "x"},
        content_type="application/json",
        headers={"If-Match": '"999"'},
    )
    assert stale.status_code == 409
    too_long = client.patch(
        f"{API}/{round_.pk}",
        {"assessment": "a" * (CONCLUSION_MAX_LENGTH + 1)},
        content_type="application/json",
        headers={"Accept-Language": "sv"},
    )
    assert too_long.status_code == 422
    assert any("Bedömningen får vara högst" in str(e) for e in too_long.json()["detail"])
    adopt(round_, strategist_access, ks)
    late = client.patch(
        f"{API}/{round_.pk}", {"assessment": "För sent"}, content_type="application/json"
    )
    assert late.status_code == 422
    assert client.get(f"{API}/{round_.pk}").json()["conclusions_editable"] is False
    assert fresh(round_).assessment == ""
