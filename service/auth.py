"""Optional bearer-token auth: with `STANCE_API_TOKEN` set, every route but health and the page needs it.

The analyst page (`GET /ui`, static files that hold no data) loads without the
token so it can ask for it; the API calls it makes are checked like any other.
"""

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

OPEN_PATHS = frozenset({"/readyz", "/livez", "/healthz"})
PAGE_PREFIX = "/ui"


def is_open(scope: Scope) -> bool:
    """Health checks, and reading the page's own files."""
    path = scope["path"]
    if path in OPEN_PATHS:
        return True
    reads_page = path == PAGE_PREFIX or path.startswith(PAGE_PREFIX + "/")
    return reads_page and scope.get("method") in ("GET", "HEAD")


class BearerTokenMiddleware:
    """Answer 401 to requests without `Authorization: Bearer <token>`; no-op when token is unset."""

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.expected is None or scope["type"] != "http" or is_open(scope):
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"authorization", b"")
        if hmac.compare_digest(given, self.expected):
            await self.app(scope, receive, send)
            return
        body = b'{"error": "missing or wrong bearer token: send Authorization: Bearer <STANCE_API_TOKEN>"}'
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"www-authenticate", b"Bearer"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
