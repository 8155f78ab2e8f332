"""The live preview's web server: the standard library's threaded HTTP server, one page, a JSON API
and a server-sent event stream that tells the page when anything changed.

Server-sent events rather than a websocket: the push goes one way, the browser reconnects by itself,
and the standard library serves it with no framework. Only the project's ``build/`` folder is served
as files, by a path resolved inside it; requests naming another host are refused, so a web page
elsewhere cannot read the preview through a DNS name that points here.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, quote, unquote, urlsplit

from vanban.serve.preview import Preview

STATIC = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
FILE_TYPES = {
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".md": "text/markdown; charset=utf-8",
}
PING = 15.0  # seconds between keep-alive comments on the event stream


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False  # a second server on the same port must fail, not share it

    def __init__(self, address: tuple[str, int], preview: Preview, diff: DiffRunner, hosts: frozenset[str] | None) -> None:
        super().__init__(address, Handler)
        self.preview = preview
        self.diff = diff
        self.hosts = hosts  # the Host headers accepted; None: any (serving the network on purpose)


class DiffRunner:
    """``vanban diff`` for a document against the previous year or the last commit, as text."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def __call__(self, key: str, against: str) -> tuple[int, str]:
        state = self.preview.states.get(key)
        if state is None:
            return 404, "Không có văn bản này."
        document = state.document
        options = [o for o in document.options if o != "--year" and o != str(document.year)]
        if against == "commit":
            options = ["--year", str(document.year), "--rev", "HEAD", *options]
        else:
            options = ["--to", str(document.year), *options]
        outcome = self.preview.children.run("diff", options)
        text = "\n".join(part for part in (outcome.out.strip(), outcome.err.strip()) if part)
        return 200, text or "Không có gì thay đổi."


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal shows the server's own lines, not one per request

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.server.hosts is not None and self.headers.get("Host", "") not in self.server.hosts:
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, b"", "text/plain")
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == "/":
            return self._static("index.html")
        if path.startswith("/static/"):
            return self._static(path.removeprefix("/static/"))
        if path == "/api/documents":
            return self._json(self.server.preview.listing())
        if path.startswith("/api/document/"):
            found = self.server.preview.view(path.removeprefix("/api/document/"))
            return self._json(found) if found is not None else self._json({"error": "không có văn bản này"}, 404)
        if path.startswith("/api/diff/"):
            against = parse_qs(url.query).get("so-voi", ["nam-truoc"])[0]
            status, text = self.server.diff(path.removeprefix("/api/diff/"), "commit" if against == "commit" else "year")
            return self._json({"text": text}, status)
        if path == "/events":
            return self._events()
        if path.startswith("/build/"):
            return self._file(path.removeprefix("/build/"))
        return self._send(HTTPStatus.NOT_FOUND, "Không có trang này.".encode(), "text/plain; charset=utf-8")

    def _static(self, name: str) -> None:
        if name not in STATIC:
            return self._send(HTTPStatus.NOT_FOUND, b"", "text/plain")
        body = resources.files("vanban.serve").joinpath("static", name).read_bytes()
        self._send(HTTPStatus.OK, body, STATIC[name])

    def _file(self, relative: str) -> None:
        build = (self.server.preview.root / "build").resolve()
        target = (build / relative).resolve()
        kind = FILE_TYPES.get(target.suffix.lower())
        if kind is None or not target.is_relative_to(build) or not target.is_file():
            return self._send(HTTPStatus.NOT_FOUND, b"", "text/plain")
        extra = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(target.name)}"} if target.suffix == ".docx" else {}
        self._send(HTTPStatus.OK, target.read_bytes(), kind, extra)

    def _json(self, data: object, status: int = 200) -> None:
        self._send(HTTPStatus(status), json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """The event stream: one ``data: <version>`` whenever the state changes, comments in between."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        preview = self.server.preview
        version = -1
        try:
            while True:
                newer = preview.wait(version, PING)
                if preview.stopped:
                    return
                self.wfile.write(f"data: {newer}\n\n".encode() if newer != version else b": ping\n\n")
                self.wfile.flush()
                version = newer
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            return


def accepted_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a loopback server answers."""
    names = {host, "127.0.0.1", "localhost", "[::1]"}
    return frozenset(f"{n}:{port}" for n in names)
