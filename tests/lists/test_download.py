"""Tests of :mod:`interdict.lists.download` against a real HTTP server on 127.0.0.1.

The server runs in a background thread and answers each path from a script of
replies (the last one repeats); it records the headers of every request so a test
can count attempts and check conditional headers. Nothing reaches the network.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.errors import ConfigurationError, DownloadError, InputError
from interdict.lists.download import (
    DownloadOptions,
    FetchResult,
    fetch,
    fetch_all,
    parse_retry_after,
    retry_delay,
)
from interdict.sources.registry import Download

pytestmark = pytest.mark.timeout(30)

FAST = DownloadOptions(connect_timeout=2.0, read_timeout=2.0, retries=3, backoff_base=0.0)
BODY = b"<?xml version='1.0'?><list>" + b"<entry/>" * 40_000 + b"</list>"


@dataclass
class Reply:
    """One scripted answer. ``mode``: normal, truncate, hang or stream (no length)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    mode: str = "normal"


Script = list[Reply] | Callable[[dict[str, str]], Reply]


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.scripts: dict[str, Script] = {}
        self.requests: dict[str, list[dict[str, str]]] = {}
        self.release = threading.Event()
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def route(self, path: str, *replies: Reply) -> Download:
        self.scripts[path] = list(replies)
        return Download(self.url(path), path.rsplit("/", 1)[-1])

    def count(self, path: str) -> int:
        return len(self.requests.get(path, []))

    def next_reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            seen = self.requests.setdefault(path, [])
            seen.append(headers)
            script = self.scripts.get(path)
            if script is None:
                return Reply(404, b"no such file")
            if callable(script):
                return script(headers)
            return script[min(len(seen), len(script)) - 1]

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up mid-answer are expected here; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, format: str, *args: object) -> None:
        """No access log on stderr."""

    def do_GET(self) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = self.server.next_reply(self.path, headers)
        if reply.mode == "hang":
            self.server.release.wait(10)
            return
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        if reply.mode == "truncate":
            self.send_header("Content-Length", str(len(reply.body) + 10_000))
        elif reply.mode != "stream":
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.mode == "stream":
            chunk = b"x" * 65_536
            try:
                for _ in range(256):  # at most 16 MiB, stops when the client hangs up
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        self.wfile.write(reply.body)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    srv = FakeServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield srv
    finally:
        srv.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def only_files(directory: Path) -> list[str]:
    """Every entry in ``directory``, temporary files included."""
    return sorted(p.name for p in directory.iterdir())


# --- success ---------------------------------------------------------------------


def test_200_writes_file_with_digest_and_metadata(server: FakeServer, tmp_path: Path) -> None:
    download = server.route(
        "/lists/consolidated.xml",
        Reply(
            body=BODY, headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"}
        ),
    )
    result = fetch(download, tmp_path / "un", options=FAST)
    assert result.path == tmp_path / "un" / "consolidated.xml"
    assert result.path.read_bytes() == BODY
    assert (result.sha256, result.size) == (sha(BODY), len(BODY))
    assert (result.etag, result.last_modified) == ('"v1"', "Tue, 24 Nov 2026 10:00:00 GMT")
    assert result.not_modified is False
    assert result.url == download.url
    assert datetime.fromisoformat(result.downloaded_at).utcoffset() == UTC.utcoffset(None)
    assert only_files(tmp_path / "un") == ["consolidated.xml"]
    sent = server.requests["/lists/consolidated.xml"][0]
    assert sent["user-agent"].startswith("interdict/")
    assert "if-none-match" not in sent
    assert "if-modified-since" not in sent


def test_gzip_encoded_body_is_stored_decoded_and_not_seen_as_truncated(
    server: FakeServer, tmp_path: Path
) -> None:
    download = server.route(
        "/x.xml", Reply(body=gzip.compress(BODY), headers={"Content-Encoding": "gzip"})
    )
    result = fetch(download, tmp_path, options=FAST)
    assert result.path.read_bytes() == BODY
    assert (result.sha256, result.size) == (sha(BODY), len(BODY))


def test_expected_sha256_match_is_accepted(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/a.csv", Reply(body=b"a,b\n1,2\n"))
    result = fetch(download, tmp_path, options=FAST, expected_sha256=sha(b"a,b\n1,2\n").upper())
    assert result.size == 8


def test_progress_reports_increasing_counts_up_to_total(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/big.xml", Reply(body=BODY))
    calls: list[tuple[int, int | None]] = []
    fetch(download, tmp_path, options=FAST, progress=lambda n, total: calls.append((n, total)))
    counts = [n for n, _ in calls]
    assert calls[0] == (0, len(BODY))
    assert len(calls) >= 3
    assert all(a < b for a, b in itertools.pairwise(counts))
    assert counts[-1] == len(BODY)
    assert {total for _, total in calls} == {len(BODY)}


def test_existing_file_is_replaced_on_new_content(server: FakeServer, tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_bytes(b"old")
    download = server.route("/f.xml", Reply(body=b"new content"))
    result = fetch(download, tmp_path, options=FAST)
    assert result.path.read_bytes() == b"new content"
    assert only_files(tmp_path) == ["f.xml"]


# --- conditional GET ---------------------------------------------------------------

LAST_MODIFIED = "Tue, 24 Nov 2026 10:00:00 GMT"


def _conditional(headers: dict[str, str]) -> Reply:
    if headers.get("if-none-match") == '"v1"':
        return Reply(304)
    return Reply(body=BODY, headers={"ETag": '"v1"', "Last-Modified": LAST_MODIFIED})


def test_etag_round_trip_and_304_keeps_the_old_file(server: FakeServer, tmp_path: Path) -> None:
    server.scripts["/sdn.zip"] = _conditional
    download = Download(server.url("/sdn.zip"), "sdn.zip")
    first = fetch(download, tmp_path, options=FAST)
    stat_before = first.path.stat()

    second = fetch(download, tmp_path, options=FAST, previous=first)

    sent = server.requests["/sdn.zip"][1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == LAST_MODIFIED
    assert second.not_modified is True
    assert (second.sha256, second.size, second.etag) == (first.sha256, first.size, '"v1"')
    assert second.downloaded_at == first.downloaded_at
    assert second.path.read_bytes() == BODY
    stat_after = second.path.stat()
    assert (stat_after.st_ino, stat_after.st_mtime_ns) == (
        stat_before.st_ino,
        stat_before.st_mtime_ns,
    )
    assert only_files(tmp_path) == ["sdn.zip"]


def test_new_etag_downloads_again(server: FakeServer, tmp_path: Path) -> None:
    download = server.route(
        "/l.xml",
        Reply(body=b"v1", headers={"ETag": '"v1"'}),
        Reply(body=b"v2", headers={"ETag": '"v2"'}),
    )
    first = fetch(download, tmp_path, options=FAST)
    second = fetch(download, tmp_path, options=FAST, previous=first)
    assert server.requests["/l.xml"][1]["if-none-match"] == '"v1"'
    assert (second.not_modified, second.etag, second.path.read_bytes()) == (False, '"v2"', b"v2")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.unlink(), id="file-deleted"),
        pytest.param(lambda p: p.write_bytes(b"short"), id="file-size-changed"),
    ],
)
def test_no_conditional_request_when_previous_file_is_not_intact(
    server: FakeServer, tmp_path: Path, spoil: Callable[[Path], object]
) -> None:
    server.scripts["/sdn.zip"] = _conditional
    download = Download(server.url("/sdn.zip"), "sdn.zip")
    first = fetch(download, tmp_path, options=FAST)
    spoil(first.path)
    second = fetch(download, tmp_path, options=FAST, previous=first)
    assert "if-none-match" not in server.requests["/sdn.zip"][1]
    assert second.not_modified is False
    assert second.path.read_bytes() == BODY


def test_previous_for_another_url_is_ignored(server: FakeServer, tmp_path: Path) -> None:
    server.scripts["/sdn.zip"] = _conditional
    download = Download(server.url("/sdn.zip"), "sdn.zip")
    first = fetch(download, tmp_path, options=FAST)
    moved = Download(server.url("/sdn.zip?v=2"), "sdn.zip")
    server.scripts["/sdn.zip?v=2"] = _conditional
    fetch(moved, tmp_path, options=FAST, previous=first)
    assert "if-none-match" not in server.requests["/sdn.zip?v=2"][0]


def test_304_to_unconditional_request_fails(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/x.xml", Reply(304))
    with pytest.raises(DownloadError, match="304"):
        fetch(download, tmp_path, options=FAST)
    assert only_files(tmp_path) == []


# --- failures --------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_client_error_fails_fast_naming_the_status(
    server: FakeServer, tmp_path: Path, status: int
) -> None:
    (tmp_path / "x.xml").write_bytes(b"GOOD")
    download = server.route("/x.xml", Reply(status, b"nope"))
    with pytest.raises(DownloadError, match=f"HTTP {status}") as info:
        fetch(download, tmp_path, options=FAST)
    assert info.value.url == download.url
    assert download.url in str(info.value)
    assert server.count("/x.xml") == 1
    assert only_files(tmp_path) == ["x.xml"]
    assert (tmp_path / "x.xml").read_bytes() == b"GOOD"


def test_503_twice_then_200_succeeds(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/x.xml", Reply(503), Reply(503), Reply(body=b"ok"))
    result = fetch(download, tmp_path, options=FAST)
    assert result.path.read_bytes() == b"ok"
    assert server.count("/x.xml") == 3


def test_429_with_retry_after_is_retried(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/x.xml", Reply(429, headers={"Retry-After": "0"}), Reply(body=b"ok"))
    assert fetch(download, tmp_path, options=FAST).size == 2
    assert server.count("/x.xml") == 2


@pytest.mark.parametrize("retries", [0, 2])
def test_503_forever_fails_after_retries(server: FakeServer, tmp_path: Path, retries: int) -> None:
    (tmp_path / "x.xml").write_bytes(b"GOOD")
    download = server.route("/x.xml", Reply(503))
    options = DownloadOptions(retries=retries, backoff_base=0.0)
    with pytest.raises(DownloadError, match=rf"after {retries + 1} attempt.*HTTP 503"):
        fetch(download, tmp_path, options=options)
    assert server.count("/x.xml") == retries + 1
    assert (tmp_path / "x.xml").read_bytes() == b"GOOD"


def test_truncated_body_fails_and_keeps_the_good_file(server: FakeServer, tmp_path: Path) -> None:
    (tmp_path / "x.xml").write_bytes(b"GOOD")
    download = server.route("/x.xml", Reply(body=BODY[:5000], mode="truncate"))
    with pytest.raises(DownloadError, match="after 2 attempt"):
        fetch(download, tmp_path, options=DownloadOptions(retries=1, backoff_base=0.0))
    assert server.count("/x.xml") == 2
    assert only_files(tmp_path) == ["x.xml"]
    assert (tmp_path / "x.xml").read_bytes() == b"GOOD"


def test_truncated_then_complete_succeeds(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/x.xml", Reply(body=BODY[:5000], mode="truncate"), Reply(body=BODY))
    assert fetch(download, tmp_path, options=FAST).sha256 == sha(BODY)


def test_server_that_never_answers_times_out(server: FakeServer, tmp_path: Path) -> None:
    (tmp_path / "x.xml").write_bytes(b"GOOD")
    download = server.route("/x.xml", Reply(mode="hang"))
    options = DownloadOptions(read_timeout=0.5, retries=1, backoff_base=0.0)
    with pytest.raises(DownloadError, match=r"timed out: no data for 0.5 s \(ReadTimeout\)"):
        fetch(download, tmp_path, options=options)
    assert server.count("/x.xml") == 2
    assert only_files(tmp_path) == ["x.xml"]


def test_connection_refused_is_retried_then_fails(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    download = Download(f"http://127.0.0.1:{port}/x.xml", "x.xml")
    with pytest.raises(DownloadError, match=r"after 3 attempt.*ConnectError"):
        fetch(download, tmp_path, options=DownloadOptions(retries=2, backoff_base=0.0))
    assert only_files(tmp_path) == []


@pytest.mark.parametrize(
    ("reply", "match"),
    [
        pytest.param(Reply(body=b"y" * 2048), "declared size 2048", id="declared-length"),
        pytest.param(Reply(mode="stream"), "exceeds the limit", id="streamed-no-length"),
        pytest.param(
            Reply(body=gzip.compress(b"z" * 200_000), headers={"Content-Encoding": "gzip"}),
            "exceeds the limit",
            id="gzip-bomb",
        ),
    ],
)
def test_body_over_max_bytes_fails_without_retry(
    server: FakeServer, tmp_path: Path, reply: Reply, match: str
) -> None:
    (tmp_path / "x.xml").write_bytes(b"GOOD")
    download = server.route("/x.xml", reply)
    with pytest.raises(DownloadError, match=match):
        fetch(download, tmp_path, options=DownloadOptions(max_bytes=1024, backoff_base=0.0))
    assert server.count("/x.xml") == 1
    assert only_files(tmp_path) == ["x.xml"]
    assert (tmp_path / "x.xml").read_bytes() == b"GOOD"


def test_expected_sha256_mismatch_fails(server: FakeServer, tmp_path: Path) -> None:
    (tmp_path / "x.xml").write_bytes(b"GOOD")
    download = server.route("/x.xml", Reply(body=b"tampered"))
    with pytest.raises(DownloadError, match="sha256 mismatch"):
        fetch(download, tmp_path, options=FAST, expected_sha256=sha(b"original"))
    assert server.count("/x.xml") == 1
    assert only_files(tmp_path) == ["x.xml"]
    assert (tmp_path / "x.xml").read_bytes() == b"GOOD"


def test_empty_body_fails(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/x.xml", Reply(body=b""))
    with pytest.raises(DownloadError, match="empty body"):
        fetch(download, tmp_path, options=FAST)
    assert only_files(tmp_path) == []


def test_progress_callback_error_leaves_no_partial_file(server: FakeServer, tmp_path: Path) -> None:
    download = server.route("/x.xml", Reply(body=BODY))

    def cancel(received: int, total: int | None) -> None:
        if received > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch(download, tmp_path, options=FAST, progress=cancel)
    assert only_files(tmp_path) == []


@pytest.mark.parametrize("name", ["", ".", "..", "../x.xml", "a/b.xml", "a\\b.xml"])
def test_unsafe_file_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(DownloadError, match="unsafe file name"):
        fetch(Download("http://127.0.0.1:9/x", name), tmp_path, options=FAST)


def test_https_redirect_to_http_is_refused(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            return httpx.Response(302, headers={"Location": "http://lists.example/x.xml"})
        return httpx.Response(200, content=b"downgraded")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(DownloadError, match="insecure"):
        fetch(
            Download("https://lists.example/x.xml", "x.xml"), tmp_path, options=FAST, client=client
        )
    assert only_files(tmp_path) == []


# --- fetch_all -------------------------------------------------------------------


def test_fetch_all_keys_results_by_file_name(server: FakeServer, tmp_path: Path) -> None:
    server.scripts["/a.zip"] = _conditional
    a = Download(server.url("/a.zip"), "a.zip")
    b = server.route("/b.csv", Reply(body=b"b"))
    started: list[str] = []

    def factory(download: Download) -> Callable[[int, int | None], None]:
        started.append(download.filename)
        return lambda received, total: None

    first = fetch_all([a, b], tmp_path, options=FAST, progress_factory=factory)
    assert sorted(first) == ["a.zip", "b.csv"]
    assert started == ["a.zip", "b.csv"]
    second = fetch_all([a, b], tmp_path, options=FAST, previous=first)
    assert second["a.zip"].not_modified is True
    assert second["b.csv"].not_modified is False


def test_fetch_all_refuses_duplicate_file_names(tmp_path: Path) -> None:
    downloads = [Download("http://127.0.0.1:9/1", "x"), Download("http://127.0.0.1:9/2", "x")]
    with pytest.raises(DownloadError, match="duplicate"):
        fetch_all(downloads, tmp_path, options=FAST)


# --- options, results, retry timing ------------------------------------------------


def test_default_options() -> None:
    options = DownloadOptions()
    assert (options.connect_timeout, options.read_timeout, options.retries) == (30.0, 120.0, 3)
    assert options.max_bytes == 512 * 1024 * 1024
    assert options.verify_tls is True
    assert options.user_agent.startswith("interdict/")
    assert options.user_agent.endswith("(+https://github.com/interdict)")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"connect_timeout": 0},
        {"read_timeout": -1},
        {"retries": -1},
        {"max_bytes": 0},
        {"backoff_base": -0.1},
        {"user_agent": " "},
    ],
)
def test_invalid_options_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        DownloadOptions(**kwargs)  # type: ignore[arg-type]


def test_fetch_result_round_trips_through_dict(tmp_path: Path) -> None:
    result = FetchResult(
        tmp_path / "x", "http://h/x", "ab" * 32, 3, '"e"', None, True, "2026-01-01T00:00:00+00:00"
    )
    assert FetchResult.from_dict(result.to_dict()) == result


@pytest.mark.parametrize(
    ("change", "field_name"),
    [
        ({"size": -1}, "size"),
        ({"size": True}, "size"),
        ({"url": None}, "url"),
        ({"etag": 3}, "etag"),
    ],
)
def test_fetch_result_from_bad_dict_names_the_field(
    tmp_path: Path, change: dict[str, object], field_name: str
) -> None:
    data: dict[str, object] = {
        **FetchResult(tmp_path, "u", "s", 1, None, None, False, "t").to_dict(),
        **change,
    }
    with pytest.raises(InputError) as info:
        FetchResult.from_dict(data)
    assert info.value.field == field_name


NOW = datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("0", 0.0),
        (" 120 ", 120.0),
        ("Wed, 25 Nov 2026 08:00:30 GMT", 30.0),
        ("Wed, 25 Nov 2026 07:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(
    ("retry", "retry_after", "delay"),
    [
        (1, None, 1.0),
        (2, None, 2.0),
        (3, None, 4.0),
        (10, None, 30.0),  # capped at backoff_max
        (1, 5.0, 5.0),  # Retry-After longer than the backoff wins
        (3, 0.0, 4.0),  # backoff longer than Retry-After wins
        (1, 3600.0, 120.0),  # Retry-After capped at retry_after_max
    ],
)
def test_retry_delay_table(retry: int, retry_after: float | None, delay: float) -> None:
    assert retry_delay(retry, retry_after, DownloadOptions()) == delay


@given(
    retry=st.integers(min_value=1, max_value=10_000),
    retry_after=st.none() | st.floats(min_value=0, max_value=1e9),
    base=st.floats(min_value=0, max_value=10),
)
def test_retry_delay_is_bounded_and_grows(
    retry: int, retry_after: float | None, base: float
) -> None:
    options = DownloadOptions(backoff_base=base, backoff_max=60.0, retry_after_max=300.0)
    delay = retry_delay(retry, retry_after, options)
    assert 0.0 <= delay <= 300.0
    assert retry_delay(retry + 1, retry_after, options) >= delay
