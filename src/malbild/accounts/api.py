"""API for the signed-in user: who am I, and personal API tokens (list, create, revoke).

A token is sent as `Authorization: Bearer mb_…`. Its key is returned once, when it is
created; only a hash is stored. Revoked tokens stop working at once (→ 401).
"""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from malbild.api.utils import Pagination, created, paginate

from . import services
from .models import ApiToken

router = Router()


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_superuser: bool


class TokenIn(Schema):
    name: str = Field(..., description="What the token is for, e.g. “Power BI report”")


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str = Field(..., description="The first characters of the key, to recognise it")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
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
def token_create(request, payload: TokenIn):
    token, raw = services.api_token_create(user=request.auth, name=payload.name)
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
