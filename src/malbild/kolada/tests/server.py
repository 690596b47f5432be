"""A local Kolada for the tests: an HTTP server on 127.0.0.1 (a free port, a thread) that
answers from the recorded responses (malbild.kolada.recorded) — never the internet.

`kolada_server` (a fixture: import it into the test module) points KOLADA_BASE_URL at it and
makes backoff and the rate limit instant. Scripted answers come first: `server.script(path,
[(status, headers, body, delay), …])` answers the next requests of `path` with them, then the
recorded ones. `server.next_style` rewrites the pagination link: "relative" (as recorded,
"/v3/…?page=2"), "query" ("?page=2…", relative to the page), "absolute" ("http://…") or
"next_page" (the v2 key name).
"""

import json
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from malbild.kolada.recorded import RecordedKolada


class LocalKolada:
    def __init__(self):
        self.recorded = RecordedKolada()
        self.scripts: dict[str, deque] = defaultdict(deque)
        self.next_style = "relative"
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                owner.handle(self)

            def log_message(self, format, *args):  # silence the test output
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def script(self, path: str, answers: list[tuple]) -> None:
        self.scripts[path].extend(answers)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        self.requests.append(request.path)
        headers: dict = {}
        delay = 0.0
        if self.scripts[url.path]:
            status, headers, body, delay = self.scripts[url.path].popleft()
        else:
            status, body = self.recorded.answer(url.path, parse_qs(url.query))
            body = self.restyle(body)
        if delay:
            time.sleep(delay)
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                request.send_header(key, value)
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def restyle(self, body: dict) -> dict:
        nxt = body.get("next_url") if isinstance(body, dict) else None
        if not nxt:
            return body
        if self.next_style == "absolute":
            body["next_url"] = self.url + nxt
        elif self.next_style == "query":
            body["next_url"] = "?" + nxt.split("?", 1)[1]
        elif self.next_style == "next_page":
            body["next_page"] = body.pop("next_url")
        return body

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def kolada_server(settings):
    server = LocalKolada()
    settings.KOLADA_BASE_URL = server.url + "/v3"
    settings.KOLADA_RECORDED_DIR = ""
    settings.KOLADA_BACKOFF = 0
    settings.KOLADA_MIN_INTERVAL = 0
    settings.KOLADA_TIMEOUT = 5
    yield server
    server.stop()
