"""Deployment hardening (docs/security.md, "Deployment"): the Content-Security-Policy and the
other security headers on pages, `Cache-Control: private, no-store` for signed-in users (not
for static files), the API documentation served from our own static files under the CSP, a
503 (Swedish page or the API's JSON) with `Retry-After` while the database is down, and
`check --deploy` silent with the documented production environment."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

import malbild

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
def test_a_page_carries_the_csp_and_the_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == CSP_DIRECTIVES
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    # An anonymous visitor's page may be cached (nothing personal on it).
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_signed_in_users_pages_are_not_stored(client, strategist, org):
    client.force_login(strategist)

    for url in ("/", f"/o/{org.slug}/", "/api/v1/organisations"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


@pytest.mark.django_db
def test_static_files_keep_their_own_caching(client, strategist):
    client.force_login(strategist)

    response = client.get("/static/malbild/malbild.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_has_an_inline_style_or_script():
    """Every HTML page template uses CSS classes and script files (the CSP forbids inline
    ones). The PDF template (rendered by WeasyPrint, never served as a page) may keep its
    own; e-mail templates (`<app>/mail/`, read in mail programs, which need inline styles and
    never see the CSP) are not pages; a JSON data block (`<script type="application/json">`)
    is not executed and allowed."""
    pdf_only = {"reports/report_print.html"}
    problems = []
    for path in Path(malbild.__file__).parent.glob("*/templates/**/*.html"):
        name = "/".join(path.parts[path.parts.index("templates") + 1 :])
        if name.split("/")[1:2] == ["mail"]:
            assert "<script" not in path.read_text(), f"{name}: a script in an e-mail"
            continue
        text = path.read_text()
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{name}: style attribute")
        if name not in pdf_only and re.search(
            r"<style\b|<script(?![^>]*\b(?:src=|type=\"application/json\"))", text
        ):
            problems.append(f"{name}: inline <style> or <script>")
    assert not problems, problems


@pytest.mark.django_db
def test_the_api_documentation_is_served_from_our_static_files(client):
    """Swagger UI comes from django-ninja's bundled static files (no CDN), its only inline
    script is a JSON data block (not executed, so the CSP allows it) and the page's assets are
    there."""
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert directives(response["Content-Security-Policy"]) == CSP_DIRECTIVES
    assert "cdn" not in html.lower() and "https://" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    for source in sources:
        assert source.startswith("/static/"), source
        assert client.get(source).status_code == 200, source
    for attrs in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert not re.search(r"\sstyle\s*=", html)


@pytest.fixture
def database_down(monkeypatch):
    """Every query of the request fails as with the database server gone."""

    def broken(*args, **kwargs):
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    def down():
        monkeypatch.setattr(connection, "cursor", broken)
        monkeypatch.setattr(connection, "ensure_connection", broken)

    return down


@pytest.fixture
def client():
    """A client that gets the answer a browser would get, even where Django's handler turned
    an exception (here raised in the session and authentication middleware, before any view)
    into a page — the default test client re-raises it instead."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_page_answers_a_swedish_503_while_the_database_is_down(
    client, strategist, org, database_down, caplog
):
    client.force_login(strategist)
    database_down()

    with caplog.at_level("ERROR", logger="malbild.health"):
        response = client.get(f"/o/{org.slug}/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="sv">' in html and "tillfälligt otillgänglig" in html
    assert "10.0.0.5" not in html
    assert "Connection refused" in caplog.text
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_the_api_answers_503_json_while_the_database_is_down(client, strategist, database_down):
    client.force_login(strategist)
    database_down()

    response = client.get("/api/v1/organisations", headers={"accept-language": "en"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "The service is temporarily unavailable. Try again later."}


def documented_production_environment(tmp_path) -> dict[str, str]:
    """The environment docs/guide/operations.md documents for production."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="malbild.conf.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="malbild.example.se",
        CSRF_TRUSTED_ORIGINS="https://malbild.example.se",
        DEBUG="0",
        SECURE_SSL_REDIRECT="1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        SECURE_HSTS_SECONDS="31536000",
        MALBILD_BASE_URL="https://malbild.example.se",
        MALBILD_VAR_DIR=str(tmp_path),
        PYTHONPATH=os.pathsep.join([str(Path(malbild.__file__).parent.parent)] + sys.path),
    )
    # Test machinery only (the browser tests' conftest sets the latter for Playwright).
    env.pop("MALBILD_ALLOW_INSECURE_KEY", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def test_check_deploy_prints_no_warning_with_the_documented_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=documented_production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_every_assessment_status_has_a_colour_and_a_shape():
    """#10 §3: "Enligt plan", "Risk för avvikelse", "Avviker" were identical grey badges; each
    status has its own colour and a shape (never colour alone, WCAG 1.4.1)."""
    from malbild.followup.constants import Status

    css = (Path(malbild.__file__).parent / "web/static/malbild/malbild.css").read_text()
    colours, shapes = {}, {}
    for status in Status.values:
        colour = re.search(rf"\.status--{status}\b[^{{]*\{{[^}}]*color:\s*([^;]+);", css)
        shape = re.search(rf"\.status--{status}::before[^{{]*\{{\s*content:\s*\"([^\"]+)\"", css)
        assert colour and shape, status
        colours[status], shapes[status] = colour[1], shape[1]
    assert len(set(colours.values())) == len(colours)
    assert len(set(shapes.values())) == len(shapes)
