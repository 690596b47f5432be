"""Helpers for API tests: an authenticated JSON client per user (personal token)."""

from django.test import Client

from malbild.accounts.services import api_token_create

BASE = "/api/v1"


def token_for(user) -> dict[str, str]:
    """Headers authenticating as `user` with a fresh read-write personal token (the role
    decides what it may do)."""
    _token, raw = api_token_create(user=user, name="test", scope="write")
    return {"Authorization": f"Bearer {raw}"}


class ApiClient:
    """JSON requests to /api/v1 as one user (token auth), or anonymous when user is None."""

    def __init__(self, user=None, language: str = "en"):
        self.client = Client()
        self.headers = token_for(user) if user is not None else {}
        self.headers["Accept-Language"] = language

    def _call(self, method: str, path: str, data=None, **params):
        url = path if path.startswith("/api/") else BASE + path
        kwargs = {"headers": self.headers}
        if method == "get":
            return self.client.get(url, data or params or None, **kwargs)
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def get(self, path, **params):
        return self._call("get", path, **params)

    def post(self, path, data=None):
        return self._call("post", path, data if data is not None else {})

    def patch(self, path, data):
        return self._call("patch", path, data)

    def put(self, path, data):
        return self._call("put", path, data)

    def delete(self, path):
        return self._call("delete", path)
