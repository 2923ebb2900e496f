"""kit.io.webpage against a real HTTP server on 127.0.0.1 serving publisher-like pages written for
these tests (tests/fixtures/pages/: menus, share buttons, related news, footers around the text)."""

from __future__ import annotations

import hashlib
import re
import socket
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kit.errors import KitError
from kit.io.webpage import Page, fetch_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


class _Handler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/slow":  # answers after the client has given up
            time.sleep(2)
            try:
                self.send_error(503)
            except OSError:
                pass
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def site():
    """The base URL of a server on 127.0.0.1 (port chosen by the OS) serving tests/fixtures/pages."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(PAGES)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_ministry_page_keeps_the_article_and_drops_the_furniture(site):
    """The article's paragraphs come back in order; menu, share buttons, related news, editor line
    and footer do not."""
    page = fetch_page(f"{site}/ministry_readout.html")
    assert "Foreign Minister Arlen Voss Holds Talks with Counterpart Mira Solberg" == page.title
    assert page.text.index("On the afternoon of 12 March 2026") < page.text.index(
        "welcomes the agreement to open a direct ferry line") < page.text.index(
        "agreed to stay in close contact")
    for furniture in ("Consular Services", "Share on Weibo", "Font size", "Related News",
                      "Memorandum on Fisheries Research", "Harbour Tariffs", "Privacy Policy",
                      "All rights reserved", "Harbour Road", "Search the site"):
        assert furniture not in page.text, furniture


def test_presidency_page_drops_see_also_headlines_and_licence_footer(site):
    """A second publisher's layout: the lead and body are text, the 'See also' list is not."""
    page = fetch_page(f"{site}/presidency_news.html")
    assert "Telephone conversation with President of Ostmark Halvard Brenn" == page.title
    assert "the invitation was accepted with gratitude" in page.text
    assert "warm and friendly atmosphere" in page.text
    for furniture in ("Governor of the Northern Province", "Condolences to the President of Lusara",
                      "harbour defence", "Creative Commons", "Mobile version", "Sign in"):
        assert furniture not in page.text, furniture


def test_page_records_url_time_and_sha256_of_the_raw_bytes(site):
    """Provenance: the URL asked for, an ISO UTC retrieval time, the sha256 of the bytes served."""
    url = f"{site}/ministry_readout.html"
    page = fetch_page(url)
    assert isinstance(page, Page)
    assert url == page.url
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", page.retrieved)
    expected = hashlib.sha256((PAGES / "ministry_readout.html").read_bytes()).hexdigest()
    assert expected == page.sha256


def test_utf8_cyrillic_text_is_decoded(site):
    """Non-Latin text comes back as text, not mojibake."""
    page = fetch_page(f"{site}/cyrillic_page.html")
    assert "Телефонный разговор с Президентом Остмарка" == page.title
    assert "межправительственной комиссии в мае" in page.text
    assert "Creative Commons" not in page.text


def test_page_with_no_main_text_is_one_line(site):
    """A page of menus and footer only is refused in one line naming the URL."""
    url = f"{site}/menu_only.html"
    with pytest.raises(KitError) as err:
        fetch_page(url)
    message = str(err.value)
    assert 1 == len(message.splitlines())
    assert message.startswith(url) and "no main text" in message


def test_http_error_is_one_line(site):
    """A 404 is one line that names the URL and the status."""
    url = f"{site}/no-such-page.html"
    with pytest.raises(KitError) as err:
        fetch_page(url)
    assert 1 == len(str(err.value).splitlines())
    assert f"{url}: the server answered 404" in str(err.value)


def test_refused_connection_is_one_line():
    """Nothing listening on the port: one line, not a traceback."""
    with socket.socket() as s:  # a port that was free a moment ago and has no listener now
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/readout.html"
    with pytest.raises(KitError) as err:
        fetch_page(url, timeout=5)
    assert 1 == len(str(err.value).splitlines())
    assert str(err.value).startswith(f"{url}: could not fetch the page")


def test_timeout_is_one_line(site):
    """A server slower than the timeout: one line saying so."""
    with pytest.raises(KitError) as err:
        fetch_page(f"{site}/slow", timeout=0.5)
    assert 1 == len(str(err.value).splitlines())
    assert "0.5 s" in str(err.value) or "timed out" in str(err.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "not a url", ""])
def test_only_web_addresses_are_fetched(url):
    """Local files and other schemes are refused before any fetch."""
    with pytest.raises(KitError) as err:
        fetch_page(url)
    assert "http:// or https://" in str(err.value)
