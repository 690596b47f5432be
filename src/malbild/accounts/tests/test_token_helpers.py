"""The shared hashed-token helpers (accounts/tokens.py) behind API tokens and secret links."""

from malbild.accounts.models import ApiToken
from malbild.accounts.tokens import hash_token, token_candidates, token_issue


def test_issue_gives_prefixed_random_token_and_its_sha256():
    raw, digest = token_issue("xx_")
    other, _ = token_issue("xx_")
    assert raw.startswith("xx_") and len(raw) > 40 and raw != other
    assert digest == hash_token(raw) and len(digest) == 64 and raw not in digest


def test_candidates_refuse_wrong_prefix_and_overlong_values(db):
    qs = ApiToken.objects.all()
    assert not token_candidates(
        qs, raw="mb_x", prefix="mb_", hash_field="key_hash"
    ).query.is_empty()
    for raw in (None, "", "rm_abc", "mb_" + "a" * 200):
        assert token_candidates(
            qs, raw=raw, prefix="mb_", hash_field="key_hash", max_length=100
        ).query.is_empty()
