"""API for the signed-in user: who am I, and personal API tokens (list, create, revoke).

A token is sent as `Authorization: Bearer mb_…`. Its key is returned once, when it is
created; only a hash is stored. Revoked and expired tokens stop working at once (→ 401).
A token is read-only (`scope: "read"`, the default: 403 for POST/PUT/PATCH/DELETE) or
read-write (`"write"`), and expires after `expires_in_days` (default
MALBILD_API_TOKEN_DEFAULT_DAYS = 90, at most MALBILD_API_TOKEN_MAX_DAYS = 365). Tokens are
revoked automatically when the user's password changes or the user's last role is revoked.

Creating a token needs the user's current `password` in the body — unless the request comes
from a browser session whose password was entered within MALBILD_REAUTH_MINUTES. A token can
therefore not mint further tokens without the password. A wrong password → 403 (and it counts
towards the login lockout). The answer carries `Cache-Control: no-store`.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from malbild.api.utils import InputSchema, Pagination, created, paginate

from . import services
from .middleware import auth_is_recent
from .models import ApiToken
from .reauth import confirm_password

router = Router()


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_superuser: bool


class TokenIn(InputSchema):
    name: str = Field(..., description="What the token is for, e.g. “Power BI report”")
    scope: Literal["read", "write"] = Field(
        "read", description="`read`: GET only; `write`: also POST, PUT, PATCH and DELETE"
    )
    expires_in_days: int | None = Field(
        None, description="Validity in days (default 90, at most 365; see the settings)"
    )
    password: str | None = Field(
        None,
        description="Your current password; required unless a browser session entered it "
        "within the last minutes",
    )


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str = Field(..., description="The first characters of the key, to recognise it")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None = Field(..., description="The token stops working then")
    scope: str = Field(..., description="`read` or `write`")
    is_active: bool


class TokenCreatedOut(TokenOut):
    key: str = Field(..., description="The full key. Shown only now: store it safely.")


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request):
    return request.auth


@router.get("/tokens", response=list[TokenOut], summary="List my API tokens")
@paginate(Pagination)
def token_list(request):
    return ApiToken.objects.filter(user=request.auth).order_by("-created_at", "-pk")


@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create an API token",
    description="Returns the key once; send it as `Authorization: Bearer <key>`.",
)
def token_create(request, payload: TokenIn, response: HttpResponse):
    response["Cache-Control"] = "no-store"
    fresh_session = getattr(request, "auth_token", None) is None and auth_is_recent(request)
    if not fresh_session and not confirm_password(request, payload.password):
        raise PermissionDenied(_("Confirm with your current password (field “password”)."))
    token, raw = services.api_token_create(
        user=request.auth,
        name=payload.name,
        scope=payload.scope,
        expires_in_days=payload.expires_in_days,
    )
    token.key = raw
    return created(token)


@router.delete(
    "/tokens/{token_id}",
    response=TokenOut,
    summary="Revoke an API token",
    description="The token stops working at once; it stays listed as revoked.",
)
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.auth)
    return services.api_token_revoke(user=request.auth, token=token)
