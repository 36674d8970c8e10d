"""Robust download of official list files over HTTP(S).

:func:`fetch` downloads one :class:`~interdict.sources.registry.Download` into a
directory and returns a :class:`FetchResult`. Its contract:

* **Streaming, bounded.** The body is streamed (httpx) into a temporary file
  ``.<filename>.<random>.part`` in ``dest_dir`` while its SHA-256 is computed. A
  declared ``Content-Length`` over :attr:`DownloadOptions.max_bytes` fails before any
  byte is read; a body that grows past the limit (decoded bytes, so a compression bomb
  counts too) is aborted at once. Neither is retried.
* **Complete or nothing.** After the stream ends, the bytes received on the wire must
  equal the declared ``Content-Length`` (a truncated body is an error), the body must
  not be empty, and, when ``expected_sha256`` is given, the digest must match. Only
  then is the temporary file flushed, fsynced and moved over ``dest_dir/filename``
  with :func:`os.replace` (atomic on POSIX and Windows). Every failure, including
  ``KeyboardInterrupt``, removes the temporary file: the final name never holds a
  partial file and an existing good file is never damaged.
* **Retries.** Connection errors, timeouts, broken or truncated transfers, HTTP 408,
  429 and 5xx are retried up to :attr:`DownloadOptions.retries` times (so at most
  ``retries + 1`` requests), waiting :func:`retry_delay`: exponential backoff
  ``backoff_base * 2**(n-1)`` capped at ``backoff_max``, or the server's
  ``Retry-After`` (seconds or HTTP date) if longer, capped at ``retry_after_max``.
  Any other status (404, 403, 410, a 3xx left after following redirects, 206 …)
  fails at once with a :class:`~interdict.errors.DownloadError` naming the status.
* **Conditional GET.** With a ``previous`` result for the same URL whose file still
  exists with the recorded size, the request carries ``If-None-Match`` (its ETag)
  and ``If-Modified-Since`` (its Last-Modified). A ``304 Not Modified`` answer
  returns ``not_modified=True`` with the previous digest, size and download time;
  the existing file is not touched. A 304 to an unconditional request is an error.
* **Redirects** are followed; an ``https`` URL that redirects to plain ``http`` is
  refused (no silent TLS downgrade of an official list).
* **Progress.** ``progress(received, total)`` is called with ``(0, total)`` when the
  body starts and then with strictly increasing counts of bytes received on the wire;
  ``total`` is the declared ``Content-Length`` or ``None``. A retry starts again at 0.
* **Errors.** Everything the network or the server can cause raises
  :class:`~interdict.errors.DownloadError` carrying the URL; nothing else escapes
  except programming errors and exceptions raised by the ``progress`` callback.

``fetch`` never reads settings and has no global state: timeouts, limits and the
User-Agent come from a frozen :class:`DownloadOptions`. A caller may pass its own
``httpx.Client`` (connection reuse, tests with ``httpx.MockTransport``); its TLS
settings then apply instead of :attr:`DownloadOptions.verify_tls`, while timeouts,
User-Agent and redirects are still set per request.

:class:`FetchResult` round-trips through :meth:`FetchResult.to_dict` /
:meth:`FetchResult.from_dict` so the caller can persist it and pass it back as
``previous`` on the next update.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from interdict import __version__
from interdict.errors import ConfigurationError, DownloadError, InputError
from interdict.sources.registry import Download

__all__ = [
    "DownloadOptions",
    "FetchResult",
    "ProgressCallback",
    "fetch",
    "fetch_all",
    "parse_retry_after",
    "retry_delay",
]

#: ``progress(received_bytes, total_bytes_or_None)``.
ProgressCallback = Callable[[int, int | None], None]

MIB = 1024 * 1024

_RETRYABLE_STATUS = frozenset({408, 429, *range(500, 600)})


@dataclass(frozen=True, slots=True)
class DownloadOptions:
    """How :func:`fetch` talks to the server. All durations are in seconds.

    ``retries`` counts the attempts after the first one. ``backoff_base`` is the
    first retry delay (doubled for each further retry, capped at ``backoff_max``);
    tests set it to 0. ``retry_after_max`` caps how long a ``Retry-After`` header
    may make us wait.
    """

    connect_timeout: float = 30.0
    read_timeout: float = 120.0
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    retry_after_max: float = 120.0
    max_bytes: int = 512 * MIB
    user_agent: str = f"interdict/{__version__} (+https://github.com/interdict)"
    verify_tls: bool = True

    def __post_init__(self) -> None:
        for name in ("connect_timeout", "read_timeout"):
            if not getattr(self, name) > 0:
                raise ConfigurationError(f"download option {name} must be > 0")
        for name in ("backoff_base", "backoff_max", "retry_after_max"):
            if not getattr(self, name) >= 0:
                raise ConfigurationError(f"download option {name} must be >= 0")
        if self.retries < 0:
            raise ConfigurationError("download option retries must be >= 0")
        if self.max_bytes <= 0:
            raise ConfigurationError("download option max_bytes must be > 0")
        if not self.user_agent.strip():
            raise ConfigurationError("download option user_agent must not be empty")

    def timeout(self) -> httpx.Timeout:
        """The httpx timeout: ``connect_timeout`` to connect, ``read_timeout`` otherwise."""
        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one successful :func:`fetch`.

    ``path`` is the final file, ``sha256`` and ``size`` describe its content (decoded,
    as stored). ``etag`` and ``last_modified`` are the validators the server sent, kept
    verbatim for the next conditional request. ``not_modified`` is true when the
    server answered 304 and the existing file was kept; ``downloaded_at`` (ISO 8601,
    UTC) is when the file's bytes were downloaded, so a 304 keeps the previous value.
    """

    path: Path
    url: str
    sha256: str
    size: int
    etag: str | None
    last_modified: str | None
    not_modified: bool
    downloaded_at: str

    def to_dict(self) -> dict[str, str | int | bool | None]:
        """A JSON-ready dict; :meth:`from_dict` reads it back."""
        data = asdict(self)
        data["path"] = str(self.path)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> FetchResult:
        """Read back :meth:`to_dict`; :class:`InputError` names a missing or bad field."""

        def optional(name: str) -> str | None:
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise InputError("expected a string", record="fetch result", field=name)
            return value

        def required(name: str) -> str:
            value = optional(name)
            if value is None:
                raise InputError("missing", record="fetch result", field=name)
            return value

        size = data.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise InputError("expected a non-negative integer", record="fetch result", field="size")
        not_modified = data.get("not_modified", False)
        if not isinstance(not_modified, bool):
            raise InputError("expected a boolean", record="fetch result", field="not_modified")
        return cls(
            path=Path(required("path")),
            url=required("url"),
            sha256=required("sha256"),
            size=size,
            etag=optional("etag"),
            last_modified=optional("last_modified"),
            not_modified=not_modified,
            downloaded_at=required("downloaded_at"),
        )


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date).

    ``None`` when absent or unparsable; a date in the past gives 0.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def retry_delay(retry: int, retry_after: float | None, options: DownloadOptions) -> float:
    """Seconds to wait before retry number ``retry`` (1 for the first retry).

    Exponential backoff ``backoff_base * 2**(retry-1)`` capped at ``backoff_max``; a
    server's ``Retry-After`` wins when longer, capped at ``retry_after_max``.
    """
    exponent = min(max(retry - 1, 0), 30)
    backoff = min(options.backoff_base * 2.0**exponent, options.backoff_max)
    if retry_after is None:
        return backoff
    return max(backoff, min(max(retry_after, 0.0), options.retry_after_max))


class _TransientFailure(Exception):
    """One attempt failed in a way worth retrying."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _target(download: Download, dest_dir: Path) -> Path:
    name = download.filename
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\0" in name:
        raise DownloadError(f"unsafe file name {name!r}", url=download.url)
    return dest_dir / name


def _usable_previous(
    previous: FetchResult | None, download: Download, target: Path
) -> FetchResult | None:
    """``previous`` if a conditional request may rely on it: same URL, file intact."""
    if previous is None or previous.url != download.url:
        return None
    if previous.etag is None and previous.last_modified is None:
        return None
    try:
        size = target.stat().st_size
    except OSError:
        return None
    return previous if target.is_file() and size == previous.size else None


def _request_headers(options: DownloadOptions, previous: FetchResult | None) -> dict[str, str]:
    headers = {"User-Agent": options.user_agent}
    if previous is not None:
        if previous.etag is not None:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified is not None:
            headers["If-Modified-Since"] = previous.last_modified
    return headers


def _status_text(response: httpx.Response) -> str:
    phrase = response.reason_phrase
    return f"HTTP {response.status_code} {phrase}".rstrip()


def _declared_length(response: httpx.Response, url: str) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit():
        raise DownloadError(f"invalid Content-Length {value!r}", url=url)
    return int(value)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _not_modified(
    response: httpx.Response, download: Download, target: Path, previous: FetchResult | None
) -> FetchResult:
    if previous is None:
        raise DownloadError("HTTP 304 Not Modified to an unconditional request", url=download.url)
    if not target.is_file():
        raise DownloadError(f"HTTP 304 Not Modified but {target} is gone", url=download.url)
    return FetchResult(
        path=target,
        url=download.url,
        sha256=previous.sha256,
        size=previous.size,
        etag=response.headers.get("ETag", previous.etag),
        last_modified=response.headers.get("Last-Modified", previous.last_modified),
        not_modified=True,
        downloaded_at=previous.downloaded_at,
    )


def _receive(
    response: httpx.Response,
    download: Download,
    target: Path,
    options: DownloadOptions,
    progress: ProgressCallback | None,
    expected_sha256: str | None,
) -> FetchResult:
    """Stream a 200 body into a temporary file and move it over ``target``."""
    url = download.url
    declared = _declared_length(response, url)
    if declared is not None and declared > options.max_bytes:
        raise DownloadError(
            f"declared size {declared} bytes exceeds the limit of {options.max_bytes} bytes",
            url=url,
        )
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as exc:
        raise DownloadError(
            f"cannot create a temporary file in {target.parent}: {exc}", url=url
        ) from exc
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            reported = 0
            if progress is not None:
                progress(0, declared)
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise DownloadError(
                        f"body exceeds the limit of {options.max_bytes} bytes", url=url
                    )
                digest.update(chunk)
                out.write(chunk)
                received = response.num_bytes_downloaded
                if progress is not None and received > reported:
                    progress(received, declared)
                    reported = received
            out.flush()
            os.fsync(out.fileno())
        received = response.num_bytes_downloaded
        if declared is not None and received != declared:
            raise _TransientFailure(f"truncated body: received {received} of {declared} bytes")
        if size == 0:
            raise DownloadError("empty body", url=url)
        sha256 = digest.hexdigest()
        if expected_sha256 is not None and sha256 != expected_sha256.strip().lower():
            raise DownloadError(
                f"sha256 mismatch: expected {expected_sha256}, received {sha256}", url=url
            )
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DownloadError(f"cannot write {target}: {exc}", url=url) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return FetchResult(
        path=target,
        url=url,
        sha256=sha256,
        size=size,
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        not_modified=False,
        downloaded_at=_now_iso(),
    )


def _attempt(
    client: httpx.Client,
    download: Download,
    target: Path,
    options: DownloadOptions,
    previous: FetchResult | None,
    progress: ProgressCallback | None,
    expected_sha256: str | None,
) -> FetchResult:
    """One request; raises :class:`_TransientFailure` when a retry may help."""
    url = download.url
    try:
        with client.stream(
            "GET",
            url,
            headers=_request_headers(options, previous),
            timeout=options.timeout(),
            follow_redirects=True,
        ) as response:
            if url.lower().startswith("https:") and response.url.scheme != "https":
                raise DownloadError(f"refusing redirect to insecure {response.url}", url=url)
            status = response.status_code
            if status == 304:
                return _not_modified(response, download, target, previous)
            if status in _RETRYABLE_STATUS:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                raise _TransientFailure(_status_text(response), retry_after)
            if status != 200:
                raise DownloadError(_status_text(response), url=url)
            return _receive(response, download, target, options, progress, expected_sha256)
    except httpx.ConnectTimeout as exc:
        raise _TransientFailure(
            f"connect timed out after {options.connect_timeout:g} s (ConnectTimeout)"
        ) from exc
    except httpx.TimeoutException as exc:
        raise _TransientFailure(
            f"timed out: no data for {options.read_timeout:g} s ({type(exc).__name__})"
        ) from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise _TransientFailure(f"{type(exc).__name__}: {exc}") from exc
    except httpx.HTTPError as exc:
        raise DownloadError(f"{type(exc).__name__}: {exc}", url=url) from exc


def _make_client(options: DownloadOptions) -> httpx.Client:
    return httpx.Client(
        timeout=options.timeout(),
        verify=options.verify_tls,
        follow_redirects=True,
        headers={"User-Agent": options.user_agent},
    )


def fetch(
    download: Download,
    dest_dir: Path,
    *,
    options: DownloadOptions,
    previous: FetchResult | None = None,
    progress: ProgressCallback | None = None,
    client: httpx.Client | None = None,
    expected_sha256: str | None = None,
) -> FetchResult:
    """Download ``download.url`` to ``dest_dir / download.filename`` (see module docstring).

    Raises :class:`~interdict.errors.DownloadError` on any failure, after retrying the
    transient ones; the file under the final name is then left as it was.
    """
    target = _target(download, dest_dir)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot create {dest_dir}: {exc}", url=download.url) from exc
    conditional = _usable_previous(previous, download, target)
    http = client if client is not None else _make_client(options)
    try:
        retry = 0
        while True:
            try:
                return _attempt(
                    http, download, target, options, conditional, progress, expected_sha256
                )
            except _TransientFailure as failure:
                retry += 1
                if retry > options.retries:
                    raise DownloadError(
                        f"gave up after {retry} attempt(s): {failure.reason}", url=download.url
                    ) from failure
                time.sleep(retry_delay(retry, failure.retry_after, options))
    finally:
        if client is None:
            http.close()


def fetch_all(
    downloads: Iterable[Download],
    dest_dir: Path,
    *,
    options: DownloadOptions,
    previous: Mapping[str, FetchResult] | None = None,
    progress_factory: Callable[[Download], ProgressCallback | None] | None = None,
    client: httpx.Client | None = None,
) -> dict[str, FetchResult]:
    """:func:`fetch` each download in turn over one shared client, keyed by file name.

    ``previous`` is keyed by file name too. The first failure raises its
    :class:`~interdict.errors.DownloadError`; files fetched before it stay in place
    (each one was replaced atomically). Duplicate file names are refused up front.
    """
    items = list(downloads)
    seen: set[str] = set()
    for item in items:
        if item.filename in seen:
            raise DownloadError(f"duplicate file name {item.filename!r}", url=item.url)
        seen.add(item.filename)
    old = previous if previous is not None else {}
    http = client if client is not None else _make_client(options)
    try:
        results: dict[str, FetchResult] = {}
        for item in items:
            results[item.filename] = fetch(
                item,
                dest_dir,
                options=options,
                previous=old.get(item.filename),
                progress=progress_factory(item) if progress_factory is not None else None,
                client=http,
            )
        return results
    finally:
        if client is None:
            http.close()
