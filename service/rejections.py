"""Count requests the API refuses for size before any model sees them.

Pydantic rejects a quote over 5,000 characters, a request over 256 quotes and
an article over 200,000 characters while parsing the body, so the handlers
never run. This middleware watches the answers of the classifying routes: a
400 whose message is pydantic's length rule ("should have at most") counts in
`stance_requests_rejected_total{route,reason="size"}`. Quotes refused one by
one inside a handler (language) are counted with `monitoring.record_rejected`.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

WATCHED = frozenset({"/classify", "/classify_article", "/explain"})
SIZE_RULE = b"should have at most"


class SizeRejectionCounter:
    """ASGI middleware: looks at 400 answers of the classifying routes, changes nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in WATCHED:
            await self.app(scope, receive, send)
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif status == 400 and SIZE_RULE in message.get("body", b""):
                from service.monitoring import metrics

                metrics().requests_rejected.labels(route=scope["path"], reason="size").inc()
            await send(message)

        await self.app(scope, receive, watch)
