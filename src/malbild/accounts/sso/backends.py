"""Authentication backends: the OpenID Connect login and the password login beside it.

AUTHENTICATION_BACKENDS lists both (conf/base.py). `OidcBackend` answers only the callback of
an SSO login (mozilla-django-oidc's view passes the `nonce`), never a username and password;
`LocalPasswordBackend` answers only passwords and refuses them for people of an organisation
whose local login is switched off (MALBILD_SSO_ONLY_ORGANISATIONS)."""

import jwt
import requests
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from malbild.core.security import security_event

from ..lockout import client_ip
from . import config
from .config import local_login_refused
from .services import SsoRefused, sso_user_for

#: The request attribute the login form reads to say why a correct password was refused.
LOCAL_LOGIN_REFUSED = "malbild_local_login_refused"
#: The request attribute the callback view stores in the session after the login.
ID_TOKEN_ATTRIBUTE = "malbild_oidc_id_token"
ID_TOKEN_CLAIMS = ("iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "sub", "auth_time")


class LocalPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and local_login_refused(user):
            security_event(
                "login.local_refused",
                user_id=user.pk,
                ip=client_ip(request) if request is not None else None,
                path=getattr(request, "path", None),
            )
            if request is not None:
                setattr(request, LOCAL_LOGIN_REFUSED, True)
            return None
        return user


def check_id_token_claims(payload: dict, *, client_id: str) -> None:
    """The checks of OpenID Connect Core 3.1.3.7 that mozilla-django-oidc leaves out (it
    verifies the signature, the algorithm, the nonce and an `exp` that is present): the issuer
    is ours, we are an audience (and the authorised party when there are several), `exp` and
    `iat` are there."""
    if payload.get("iss") != config.issuer():
        raise SsoRefused("wrong_issuer")
    audience = payload.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client_id not in audiences:
        raise SsoRefused("wrong_audience")
    if len(audiences) > 1 and payload.get("azp") != client_id:
        raise SsoRefused("wrong_authorised_party")
    if "exp" not in payload or "iat" not in payload:
        raise SsoRefused("no_expiry")


class OidcBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not config.enabled():
            return None
        if "username" in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SsoRefused as exc:
            reason = exc.reason
        except SuspiciousOperation as exc:  # bad signature, algorithm or nonce
            reason = f"invalid_token: {exc}"
        except jwt.PyJWTError as exc:  # expired, not yet valid, malformed
            reason = f"invalid_token: {type(exc).__name__}"
        except requests.RequestException as exc:  # the provider did not answer or refused
            reason = f"provider_error: {type(exc).__name__}"
        security_event("sso.failed", reason=reason, ip=client_ip(request), path=request.path)
        return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (a signed userinfo answer has none)
            check_id_token_claims(payload, client_id=self.OIDC_RP_CLIENT_ID)
        return payload

    def store_tokens(self, access_token, id_token):
        # Kept on the request: the login may start a new session, the callback view stores it.
        setattr(self.request, ID_TOKEN_ATTRIBUTE, id_token)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = self.get_userinfo(access_token, id_token, payload)
            if str(info.get("sub")) != str(payload.get("sub")):
                raise SsoRefused("userinfo_subject_mismatch")
            claims.update({k: v for k, v in info.items() if k not in ID_TOKEN_CLAIMS})
        user, how = sso_user_for(issuer=config.issuer(), claims=claims)
        self.request.malbild_sso_matched_by = how
        return user
