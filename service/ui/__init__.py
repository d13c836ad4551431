"""The analyst page, `GET /ui`: three static files served by a small Starlette app.

`service/service.py` mounts `app` on the `Stance` service at `/ui` (BentoML's
`mount_asgi_app`), so the page comes from the same server and port as the API,
needs nothing from the internet, and calls the API routes from the browser.
The page is not secret and `service/auth.py` lets it load without the bearer
token; every API call it makes still needs one when `STANCE_API_TOKEN` is set.
"""

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

STATIC = Path(__file__).parent / "static"
FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
# Only this server's own files and API; no inline script, no framing. Article text is
# rendered as text by app.js; this policy is a second wall should that ever slip.
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
}


def _serve(name: str, media_type: str):
    async def endpoint(_: Request) -> Response:
        return Response((STATIC / name).read_bytes(), media_type=media_type, headers=HEADERS)

    return endpoint


app = Starlette(
    routes=[
        Route(path, _serve(name, media_type), methods=["GET", "HEAD"], name=name)
        for path, (name, media_type) in FILES.items()
    ]
)
