"""The document page leads on to the next steps of the thread: consultation and follow-up,
with the document (and its newest version) preselected."""

from malbild.strategy import services
from malbild.strategy.tests.factories import DocumentFactory


def test_document_page_links_to_consultation_and_followup(client, org, strategist, access_of):
    doc = DocumentFactory(organisation=org)
    version = services.version_freeze(access=access_of(strategist), document=doc)
    client.force_login(strategist)
    html = client.get(f"/o/{org.slug}/documents/{doc.pk}/").content.decode()
    assert f"/o/{org.slug}/consultations/new/?document={doc.pk}" in html
    assert f"/o/{org.slug}/follow-up/new/?document={doc.pk}" in html
    form = client.get(f"/o/{org.slug}/consultations/new/?document={doc.pk}").context["form"]
    assert form.initial["version"] == version.pk
    response = client.get(f"/o/{org.slug}/follow-up/new/?document={doc.pk}")
    assert response.context["form"].fields["document"].initial == doc.pk
