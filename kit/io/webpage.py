"""Fetch one published web page on the user's machine and keep its main text.

The main text is extracted with trafilatura (a maintained, widely used extractor: it keeps the
article and drops menus, footers, share buttons and related-news lists), rather than with
hand-written rules that would break on the next publisher's markup. The page is fetched with the
standard library so that a timeout, a refused connection or an HTTP error is one line.
"""

from __future__ import annotations

import hashlib
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

import trafilatura

from ..errors import KitError

#: a page larger than this is not a readout: refuse it rather than read it into memory
MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = "readout-kit/0.1 (fetches a page on its user's request)"


@dataclass(frozen=True)
class Page:
    """One fetched page: where it was, its title, its main text, when, and the raw bytes' sha256."""

    url: str
    title: str
    text: str
    retrieved: str  # ISO 8601, UTC, to the second: 2026-02-04T12:00:00Z
    sha256: str  # of the raw bytes as served, so a later fetch shows whether the page changed


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _download(url: str, timeout: float) -> bytes:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KitError(f"{url}: not a web address; give one that starts with http:// or https://")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as err:
        raise KitError(f"{url}: the server answered {err.code} {err.reason}; check the address") from None
    except urllib.error.URLError as err:
        raise KitError(f"{url}: could not fetch the page ({err.reason}); check the address and "
                       "your network connection") from None
    except (TimeoutError, socket.timeout):
        raise KitError(f"{url}: no answer within {timeout:g} s; try again later or raise the "
                       "timeout") from None
    except (OSError, ValueError) as err:  # a reset connection, a malformed address
        raise KitError(f"{url}: could not fetch the page ({err}); check the address") from None
    if len(raw) > MAX_BYTES:
        raise KitError(f"{url}: the page is over {MAX_BYTES // (1024 * 1024)} MB; "
                       "give the address of the article itself")
    return raw


def extract(raw: bytes | str, url: str = "") -> tuple[str, str]:
    """The (title, main text) of an HTML page; paragraphs of the text are separated by newlines.

    ``favor_precision`` because a readout is judged by what it says: a related headline taken for
    text is worse than a short line missed. Comments are never part of a readout.
    """
    doc = trafilatura.bare_extraction(raw, url=url or None, with_metadata=True,
                                      include_comments=False, include_tables=True,
                                      favor_precision=True)
    if doc is None:
        return "", ""
    title = (getattr(doc, "title", None) or "").strip()
    text = (getattr(doc, "text", None) or "").strip()
    return title, text


def fetch_page(url: str, *, timeout: float = 20) -> Page:
    """Fetch ``url`` and extract its main text; a network failure or an empty page is a KitError."""
    raw = _download(url, timeout)
    retrieved = _now()
    title, text = extract(raw, url)
    if not text:
        raise KitError(f"{url}: no main text could be extracted from the page; open it in a "
                       "browser and check it is the article itself")
    return Page(url=url, title=title, text=text, retrieved=retrieved,
                sha256=hashlib.sha256(raw).hexdigest())
