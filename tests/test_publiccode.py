"""publiccode.yml at the repository root is valid against the publiccode.yml standard,
version 0.4 (https://yml.publiccode.tools/schema.core.html): every mandatory key is present,
values are of the allowed ones (platforms, categories, development status, software type,
maintenance type, SPDX licence, BCP 47 languages), the descriptions respect their lengths,
and it says what the project says of itself (licence and version in pyproject.toml). No
validator of the standard is published on PyPI, so the rules are checked here."""

import datetime
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
CATEGORIES = {
    "accounting",
    "agile-project-management",
    "applicant-tracking",
    "application-development",
    "appointment-scheduling",
    "backup",
    "billing-and-invoicing",
    "blog",
    "budgeting",
    "business-intelligence",
    "business-process-management",
    "cad",
    "call-center-management",
    "cloud-management",
    "collaboration",
    "communications",
    "compliance-management",
    "contact-management",
    "content-management",
    "crm",
    "customer-service-and-support",
    "data-analytics",
    "data-collection",
    "data-visualization",
    "digital-asset-management",
    "document-management",
    "donor-management",
    "e-commerce",
    "e-signature",
    "email-management",
    "email-marketing",
    "employee-management",
    "enterprise-project-management",
    "enterprise-social-networking",
    "erp",
    "event-management",
    "facility-management",
    "feedback-and-reviews-management",
    "financial-reporting",
    "fleet-management",
    "fundraising",
    "gamification",
    "geographic-information-systems",
    "grant-management",
    "graphic-design",
    "help-desk",
    "hr",
    "ide",
    "identity-management",
    "instant-messaging",
    "inventory-management",
    "it-asset-management",
    "it-development",
    "it-management",
    "it-security",
    "it-service-management",
    "knowledge-management",
    "learning-management-system",
    "marketing",
    "mind-mapping",
    "mobile-marketing",
    "mobile-payment",
    "network-management",
    "office",
    "online-booking",
    "online-community",
    "payment-management",
    "payroll",
    "predictive-analysis",
    "procurement",
    "productivity-suite",
    "project-collaboration",
    "project-management",
    "property-management",
    "real-estate-management",
    "remote-support",
    "resource-management",
    "sales-management",
    "security",
    "simulation",
    "social-media-management",
    "survey",
    "task-management",
    "taxes-management",
    "test-management",
    "time-management",
    "time-tracking",
    "translation",
    "video-conferencing",
    "video-editing",
    "visitor-management",
    "voip",
    "warehouse-management",
    "web-collaboration",
    "web-conferencing",
    "website-builder",
    "whistleblowing",
    "workflow-management",
}
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _load() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_mandatory_top_level_keys():
    data = _load()
    for key in (
        "publiccodeYmlVersion", "name", "url", "platforms", "categories",
        "developmentStatus", "softwareType", "description", "legal", "maintenance",
        "localisation",
    ):  # fmt: skip
        assert key in data, key
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["url"].startswith("https://")


def test_values_are_among_the_allowed():
    data = _load()
    assert set(data["platforms"]) <= PLATFORMS and data["platforms"]
    assert set(data["categories"]) <= CATEGORIES and data["categories"]
    assert data["developmentStatus"] in DEVELOPMENT_STATUS
    assert data["softwareType"] in SOFTWARE_TYPES
    datetime.date.fromisoformat(data["releaseDate"])


def test_descriptions_in_swedish_and_english_respect_the_lengths():
    description = _load()["description"]
    assert {"sv", "en"} <= set(description)
    for language, text in description.items():
        assert BCP47.match(language)
        assert 0 < len(text["shortDescription"]) <= 150, language
        assert 150 <= len(text["longDescription"]) <= 10_000, language
        assert text["features"] and all(len(f) <= 100 for f in text["features"]), language


def test_legal_maintenance_localisation_and_dependencies():
    data = _load()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert data["legal"]["license"] == project["license"]
    assert data["softwareVersion"] == project["version"]
    maintenance = data["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in ("internal", "community"):
        assert maintenance["contacts"] and all(c["name"] for c in maintenance["contacts"])
    localisation = data["localisation"]
    assert isinstance(localisation["localisationReady"], bool)
    assert all(BCP47.match(lang) for lang in localisation["availableLanguages"])
    assert {"sv", "en"} <= set(localisation["availableLanguages"])
    for dependency in data["dependsOn"]["open"]:
        assert dependency["name"]
        assert set(dependency) <= {"name", "versionMin", "versionMax", "version", "optional"}


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_dependencies_are_those_the_project_runs_on():
    """The versions given are the ones the code really needs: Python from pyproject's
    requires-python, Django from its dependency, and the oldest PostgreSQL and SQLite the
    installed Django accepts (its backends' `minimum_database_version`)."""
    from django.db.backends.postgresql.features import DatabaseFeatures as PostgreSQL
    from django.db.backends.sqlite3.features import DatabaseFeatures as SQLite

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    depends = {d["name"]: d for d in _load()["dependsOn"]["open"]}
    assert project["requires-python"] == f">={depends['Python']['versionMin']}"
    django = next(d for d in project["dependencies"] if d.startswith("Django"))
    assert f">={depends['Django']['versionMin']}" in django
    assert _version(depends["PostgreSQL"]["versionMin"]) == PostgreSQL.minimum_database_version
    assert _version(depends["SQLite"]["versionMin"]) == SQLite.minimum_database_version
    assert depends["PostgreSQL"]["optional"] and depends["SQLite"]["optional"]
