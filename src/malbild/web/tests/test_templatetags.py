"""Template helpers: Markdown is sanitised and its headings nest under the page's; amounts are
formatted in kronor; audit field names are shown by their verbose names."""

import re

from malbild.core.models import AuditEntry
from malbild.web.templatetags.malbild import audit_field_label, render_markdown, sek


def test_markdown_is_sanitised_and_headings_demoted():
    html = render_markdown("# Rubrik\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))")
    assert "<h4>Rubrik</h4>" in html
    assert "<script" not in html and "javascript:" not in html


def test_sek():
    assert sek(1250000) == "1\u00a0250\u00a0000\u00a0kr"
    assert sek(None) == ""


def test_audit_field_label():
    entry = AuditEntry(model="actionplan.activity")
    assert audit_field_label("start_year", entry) in {"start year", "startår"}
    assert audit_field_label("nonexistent", entry) == "nonexistent"
    assert audit_field_label("x", AuditEntry(model="nope.nothing")) == "x"


def test_error_pages_use_the_site_layout(client, org, reader):
    """404 and 403 pages have the site's landmarks and a way back."""
    reader.refresh_from_db()
    client.force_login(reader)
    response = client.get("/o/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<main id="main"' in html and 'href="/"' in html


def test_pages_are_swedish_unless_english_chosen(client, org, reader):
    """An English-language browser still gets Swedish; the language switch gives English."""
    reader.refresh_from_db()
    client.force_login(reader)
    url = f"/o/{org.slug}/"
    assert 'lang="sv"' in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302
    assert 'lang="en"' in client.get(url).content.decode()


def test_markdown_headings_nest_without_gaps():
    """Kristianstad's agenda jumps from ### to ######: axe's heading-order (#10)."""
    html = render_markdown("### 1.2 Insatsområden\n\ntext\n\n###### Digital agenda\n\n#### Mer")
    assert re.findall(r"<h(\d)>", html) == ["4", "6", "5"]
    assert re.findall(r"<h(\d)>", render_markdown("# A\n\n## B", base=2)) == ["2", "3"]
    assert re.findall(r"<h(\d)>", render_markdown("# A\n## B\n### C\n#### D", base=5)) == [
        "5",
        "6",
        "6",
        "6",
    ]
