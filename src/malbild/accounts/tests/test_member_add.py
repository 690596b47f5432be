"""Adding a person by e-mail reveals nothing about other organisations' accounts: an address
that belongs to another municipality's user gives that account the role, a new address
creates an account, and the answer is the same in both cases; names and usernames of the
existing account are never shown on the form's answer."""

from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.models import User


def add(client, org, **data):
    url = reverse("organisation:member-create", kwargs={"org": org.slug})
    return client.post(url, {"role": Role.READER, **data}, follow=True)


def test_existing_and_new_addresses_get_the_same_answer(client, org, admin_user, outsider):
    outsider.email = "ute@annan.example"
    outsider.save(update_fields=["email"])
    admin_user.refresh_from_db()
    client.force_login(admin_user)

    existing = add(client, org, email="UTE@annan.example", first_name="Fel", last_name="Namn")
    new = add(client, org, email="ny@example.org")
    for response in (existing, new):
        assert response.redirect_chain[-1][0] == reverse(
            "organisation:member-list", kwargs={"org": org.slug}
        )
        assert "Personen har lagts till." in response.content.decode()
    # the existing account got the role (no second account, names not overwritten) …
    assert User.objects.filter(email__iexact="ute@annan.example").count() == 1
    outsider.refresh_from_db()
    assert outsider.memberships.filter(organisation=org, role=Role.READER).exists()
    assert outsider.first_name != "Fel"
    # … and the new one was created without a usable password
    created = User.objects.get(email="ny@example.org")
    assert not created.has_usable_password()


def test_another_organisations_username_is_never_an_error(client, org, admin_user, outsider):
    admin_user.refresh_from_db()
    client.force_login(admin_user)
    response = add(client, org, email=f"{outsider.username}@example.org")
    html = response.content.decode()
    assert "already exists" not in html and "finns redan" not in html
    assert response.status_code == 200
