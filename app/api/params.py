"""Query parameters as the person typed them.

A browser percent-encodes ``?q=尊老金``; ``curl`` and some webviews send the UTF-8 bytes raw, and the
ASGI server hands the query string on as Latin-1 text ("å°èé"), so the search found nothing and the
calculator said the city did not exist. A value that is Latin-1 only because of that is re-read as
UTF-8; a properly encoded value (already real characters) is left as it is.
"""

from __future__ import annotations

from starlette.datastructures import QueryParams
from starlette.requests import Request


def _utf8(value: str) -> str:
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def query_params(request: Request) -> QueryParams:
    """The request's query parameters, raw UTF-8 bytes read as UTF-8."""
    return QueryParams([(_utf8(k), _utf8(v)) for k, v in request.query_params.multi_items()])
