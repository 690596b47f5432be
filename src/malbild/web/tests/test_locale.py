"""Swedish translations of the shared templates, the navigation and the account and
organisation pages: every message has a Swedish text with the same placeholders, and the
interface is Swedish by default with English on request."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from malbild.web.context_processors import NAVIGATION

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUES = [
    PACKAGE / app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    for app in ("web", "accounts", "organisation")
]
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d|\{\w*\}")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "sv"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()
    for entry in po:
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid))


def test_navigation_labels_are_translated():
    with translation.override("sv"):
        labels = {str(label) for _name, label in NAVIGATION}
    assert {"Översikt", "Åtgärder", "Organ", "Beslut"} <= labels


def test_base_template_in_swedish_and_english(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till huvudinnehållet" in html
    assert "Logga in" in html
    english = client.get(reverse("accounts:login"), headers={"cookie": "django_language=en"})
    assert "Skip to main content" in english.content.decode()


def test_language_switch_sets_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Welcome to Målbild" in client.get("/").content.decode()


def test_history_actions_are_translated():
    from malbild.core.models import AuditEntry

    with translation.override("sv"):
        assert str(AuditEntry.Action.CREATE.label) == "skapad"
        assert str(AuditEntry.Action.DELETE.label) == "borttagen"


def test_every_trans_string_of_the_shared_templates_is_in_the_web_catalogue():
    po = polib.pofile(str(CATALOGUES[0]))
    known = {entry.msgid for entry in po if entry.msgstr or entry.msgstr_plural}
    templates = [
        *sorted((PACKAGE / "web" / "templates" / "web").glob("*.html")),
        *sorted((PACKAGE / "web" / "templates" / "registration").glob("*.html")),
    ]
    pattern = re.compile(r"""\{% trans (["'])(.+?)\1""")
    found = {m.group(2) for path in templates for m in pattern.finditer(path.read_text())}
    assert found, "no {% trans %} strings found"
    assert sorted(found - known) == []
