"""Fixtures for the API tests: `api_as(user)` gives a token-authenticated JSON client."""

import pytest

from .helpers import ApiClient


@pytest.fixture
def api_as(db):
    def make(user=None, language: str = "en") -> ApiClient:
        return ApiClient(user, language=language)

    return make
