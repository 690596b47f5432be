"""`malbild setup`: creates the first organisation and its administrator from options or
answers to prompts; refuses a duplicate slug, a taken username, missing values with
--no-input and invalid values, each with a clear message and without creating anything."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership, User
from malbild.core.access import access_for
from malbild.organisation.models import Organisation

OPTIONS = {
    "name": "Alingsås kommun",
    "slug": "alingsas",
    "kolada_id": "1489",
    "population": "42000",
    "admin_username": "kommunadmin",
    "admin_password": "Ett-bra-losen-2026",
    "admin_email": "admin@alingsas.se",
}


def run(**options):
    out = StringIO()
    call_command("setup", interactive=False, stdout=out, **options)
    return out.getvalue()


def counts():
    return Organisation.objects.count(), User.objects.count(), Membership.objects.count()


def test_setup_with_options_creates_organisation_and_admin(db):
    output = run(**OPTIONS)
    org = Organisation.objects.get(slug="alingsas")
    assert (org.name, org.kolada_id, org.population) == ("Alingsås kommun", "1489", 42000)
    admin = User.objects.get(username="kommunadmin")
    assert admin.check_password("Ett-bra-losen-2026")
    assert admin.email == "admin@alingsas.se"
    assert access_for(admin, org).is_admin
    assert "Alingsås kommun" in output and "kommunadmin" in output


def test_setup_via_command_line_flags(db):
    call_command(
        "setup",
        "--no-input",
        "--name=Kristianstads kommun",
        "--kolada-id=1290",
        "--admin-username=ks-admin",
        "--admin-password=Ett-bra-losen-2026",
        stdout=StringIO(),
    )
    org = Organisation.objects.get(kolada_id="1290")
    assert org.slug == "kristianstads-kommun"  # derived from the name
    assert org.population is None
    assert Membership.objects.get(user__username="ks-admin").role == Role.ADMIN


def test_setup_refuses_a_duplicate_slug(db):
    run(**OPTIONS)
    before = counts()
    with pytest.raises(CommandError, match="slug 'alingsas' already exists"):
        run(**{**OPTIONS, "admin_username": "another-admin"})
    assert counts() == before


def test_setup_refuses_a_taken_username(db):
    run(**OPTIONS)
    before = counts()
    with pytest.raises(CommandError, match="user named 'kommunadmin' already exists"):
        run(**{**OPTIONS, "slug": "alingsas-2"})
    assert counts() == before


@pytest.mark.parametrize(
    "missing,flag",
    [
        ("name", "--name"),
        ("admin_username", "--admin-username"),
        ("admin_password", "--admin-password"),
    ],
)
def test_setup_without_input_names_the_missing_option(db, missing, flag):
    options = {k: v for k, v in OPTIONS.items() if k != missing}
    with pytest.raises(CommandError, match=flag):
        run(**options)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "overrides,flag",
    [
        ({"kolada_id": "14890"}, "--kolada-id"),
        ({"population": "many"}, "--population"),
        ({"admin_password": "123"}, "--admin-password"),
        ({"slug": "not a slug!"}, "--slug"),
    ],
)
def test_setup_with_invalid_values_creates_nothing(db, overrides, flag):
    with pytest.raises(CommandError, match=flag):
        run(**{**OPTIONS, **overrides})
    assert counts() == (0, 0, 0)


def test_setup_asks_for_missing_values(db, monkeypatch):
    answers = iter(["Västerviks kommun", "", "0883", "36000", "vv-admin", "vv@example.org"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    passwords = iter(["Ett-bra-losen-2026", "Ett-bra-losen-2026"])
    monkeypatch.setattr(
        "malbild.accounts.management.commands.setup.getpass.getpass",
        lambda prompt="": next(passwords),
    )
    call_command("setup", stdout=StringIO(), stderr=StringIO())
    org = Organisation.objects.get(slug="vasterviks-kommun")
    assert (org.kolada_id, org.population) == ("0883", 36000)
    admin = User.objects.get(username="vv-admin")
    assert admin.check_password("Ett-bra-losen-2026")
    assert access_for(admin, org).is_admin
