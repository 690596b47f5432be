"""The OpenID Connect provider of the tests: django-oauth-toolkit's OIDC mode, with the
claims of each person taken from `PEOPLE` instead of the provider's user row (the provider
runs in the same Django project, so its users are Målbild users without roles or e-mail —
never the accounts single sign-on finds or creates).

`MISCHIEF` makes the provider misbehave for one test: "tamper" changes the signed ID
token's payload after signing (its signature no longer matches), "audience" signs an ID
token for another client."""

import base64
import json

from oauth2_provider.oauth2_validators import OAuth2Validator

#: The provider's username → the claims it asserts about that person (sub included).
PEOPLE: dict[str, dict] = {}
MISCHIEF: dict[str, str | None] = {"mode": None}
#: Who is signed in at the provider. The provider shares the test client's session with
#: Målbild, so once Målbild has logged someone in, `request.user` at the provider is that
#: Målbild user; this stands for the provider's own session.
AT_PROVIDER: dict[str, str | None] = {"username": None}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Validator(OAuth2Validator):
    # Every claim is released whatever the scopes (groups has no standard scope).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        username = AT_PROVIDER["username"] or request.user.username
        return dict(PEOPLE.get(username, {}))

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        if MISCHIEF["mode"] == "audience":
            claims["aud"] = "another-client"
        return claims, expiration

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if MISCHIEF["mode"] != "tamper":
            return signed
        header, payload, signature = signed.split(".")
        claims = json.loads(_unb64(payload))
        claims["sub"] = "someone-else"
        return ".".join([header, _b64(json.dumps(claims).encode()), signature])
