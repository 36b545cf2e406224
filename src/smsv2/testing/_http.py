"""A small HTTP/1.1 server: one selector thread frames requests, a bounded pool answers them.

Why not `http.server`: it holds a thread per connection for the connection's lifetime, so
idle or slow clients cost threads, and its framing errors are HTML tracebacks. Here idle and
half-sent requests cost no thread (the selector buffers them), every framing error becomes an
answer built by the caller (JSON for the fake), and each answer is written with one
`sendall` on a TCP_NODELAY socket (no Nagle / delayed-ACK stall on keep-alive).
"""

from __future__ import annotations

import contextlib
import http
import logging
import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from smsv2._public import publish

log = logging.getLogger("smsv2.testing.server")


@dataclass(frozen=True)
class HttpLimits:
    """Resource bounds of the server (all times in seconds)."""

    #: Handler threads (the only threads besides the selector thread).
    threads: int = 16
    #: Listen backlog: connections the kernel queues before ``accept``.
    backlog: int = 128
    #: A request must arrive completely within this time of its first byte.
    read_timeout: float = 10.0
    #: A keep-alive connection with no request in progress is closed after this time.
    idle_timeout: float = 60.0
    #: Writing one answer may take at most this long.
    write_timeout: float = 10.0
    max_header_bytes: int = 64 * 1024
    max_body_bytes: int = 16 * 1024 * 1024
    #: Further connections are closed at once.
    max_connections: int = 512


@dataclass(frozen=True)
class Request:
    """One framed request; header names are lower-cased."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Response:
    """One answer; `headers` must not include Content-Length or Connection."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Hold:
    """Answer nothing and keep the connection open for `seconds` (None: until the client
    closes it, at most the idle timeout), then close it. Costs no handler thread."""

    seconds: float | None


@dataclass(frozen=True)
class Stream:
    """Answer 200 with `headers`, then write each chunk as `chunks` yields it until it
    ends, the client goes away or the server stops (server-sent events). The generator must
    yield at least every second or so; the stream holds one handler thread meanwhile."""

    headers: list[tuple[str, str]]
    chunks: Generator[bytes, None, None]


#: Answers a request; None means "close the connection without an answer".
Handler = Callable[[Request], "Response | Hold | Stream | None"]
#: Builds the answer to a request that could not be framed (status, reason).
ErrorAnswer = Callable[[int, str], Response]


@dataclass(eq=False)
class _Conn:
    sock: socket.socket
    last_active: float
    buf: bytearray = field(default_factory=bytearray)
    started: float | None = None  # first byte of the request being received
    continued: bool = False  # "100 Continue" sent for the request being received
    hold_until: float | None = None  # held without an answer until then (see Hold)


@dataclass(frozen=True)
class _Framed:
    request: Request | None
    error: str | None = None


class _FrameError(Exception):
    pass


class HttpServer:
    """Serve `handler` on `(host, port)` until `stop`."""

    def __init__(
        self,
        address: tuple[str, int],
        handler: Handler,
        error_answer: ErrorAnswer,
        limits: HttpLimits | None = None,
    ) -> None:
        self.limits = limits or HttpLimits()
        if self.limits.threads < 1:
            raise ValueError("threads must be at least 1")
        self._handler = handler
        self._error_answer = error_answer
        self._listen = socket.create_server(address, backlog=max(self.limits.backlog, 1))
        self._listen.setblocking(False)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        # (connection, close it, hold it this many seconds without an answer)
        self._returned: queue.SimpleQueue[tuple[_Conn, bool, float | None]] = queue.SimpleQueue()
        self._selector = selectors.DefaultSelector()
        self._conns: set[_Conn] = set()
        self._pool = ThreadPoolExecutor(self.limits.threads, thread_name_prefix="smsv2-fake")
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        """The bound (host, port)."""
        host, port = self._listen.getsockname()[:2]
        return str(host), int(port)

    def start(self) -> None:
        """Serve on a background thread."""
        self._thread = threading.Thread(target=self._loop, name="smsv2-fake-io", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, finish the answers in progress, close every socket."""
        self._stopping.set()
        self._wake()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._pool.shutdown(wait=True)
        while not self._returned.empty():
            self._returned.get_nowait()[0].sock.close()
        self._selector.close()
        self._listen.close()
        self._wake_r.close()
        self._wake_w.close()

    # --- selector thread ---------------------------------------------------------------
    def _loop(self) -> None:
        self._selector.register(self._listen, selectors.EVENT_READ)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        next_sweep = time.monotonic() + 0.25
        try:
            while not self._stopping.is_set():
                for key, _ in self._selector.select(timeout=0.25):
                    if key.fileobj is self._listen:
                        self._accept()
                    elif key.fileobj is self._wake_r:
                        self._drain_wake()
                    else:
                        conn = key.data
                        assert isinstance(conn, _Conn)
                        self._readable(conn)
                now = time.monotonic()
                if now >= next_sweep:
                    self._sweep(now)
                    next_sweep = now + 0.25
        finally:
            for conn in list(self._conns):
                self._close(conn)

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listen.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as err:  # e.g. out of file descriptors: keep serving the others
                log.warning("smsv2 fake: accept failed: %s", err.strerror)
                return
            if len(self._conns) >= self.limits.max_connections:
                sock.close()
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            # A timeout keeps the fd non-blocking for the selector and bounds sendall.
            sock.settimeout(self.limits.write_timeout)
            conn = _Conn(sock, last_active=time.monotonic())
            self._conns.add(conn)
            self._selector.register(sock, selectors.EVENT_READ, conn)

    def _drain_wake(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        while not self._returned.empty():
            conn, close, hold = self._returned.get_nowait()
            if close:
                self._close(conn)
                continue
            conn.last_active = time.monotonic()
            if hold is not None:
                conn.hold_until = conn.last_active + hold
                self._selector.register(conn.sock, selectors.EVENT_READ, conn)
                continue
            conn.continued = False
            conn.started = conn.last_active if conn.buf else None
            if not self._frame(conn):
                self._selector.register(conn.sock, selectors.EVENT_READ, conn)

    def _readable(self, conn: _Conn) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError, TimeoutError):
            return
        except OSError:
            self._unregister(conn)
            self._close(conn)
            return
        now = time.monotonic()
        conn.last_active = now
        if conn.hold_until is not None:  # the client gave up or sent more: done holding
            self._close(conn)
            return
        if not data:
            self._unregister(conn)
            if conn.buf.strip():
                # The client stopped sending in the middle of a request.
                self._submit(conn, _Framed(None, "the request ended before its body"))
            else:
                self._close(conn)
            return
        if conn.started is None:
            conn.started = now
        conn.buf += data
        self._frame(conn, registered=True)

    def _frame(self, conn: _Conn, *, registered: bool = False) -> bool:
        """Hand a complete request (or a framing error) to the pool; False: need more bytes."""
        try:
            request = self._parse(conn)
        except _FrameError as err:
            framed = _Framed(None, str(err))
        else:
            if request is None:
                return False
            framed = _Framed(request)
        if registered:
            self._unregister(conn)
        self._submit(conn, framed)
        return True

    def _parse(self, conn: _Conn) -> Request | None:
        buf = conn.buf
        while buf.startswith(b"\r\n"):  # stray CRLF between requests is allowed
            del buf[:2]
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            if len(buf) > self.limits.max_header_bytes:
                raise _FrameError("the request headers are too large")
            if not buf:
                conn.started = None
            return None
        if end > self.limits.max_header_bytes:
            raise _FrameError("the request headers are too large")
        try:
            head = bytes(buf[:end]).decode("latin-1")
        except UnicodeDecodeError as err:  # pragma: no cover - latin-1 decodes any byte
            raise _FrameError("the request headers are not text") from err
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _FrameError("malformed request line")
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                raise _FrameError("malformed header line")
            key = name.lower()
            if key in headers and key == "content-length":
                raise _FrameError("more than one Content-Length")
            headers[key] = value.strip()
        if "transfer-encoding" in headers:
            raise _FrameError("Transfer-Encoding is not supported; send Content-Length")
        length = _content_length(headers.get("content-length"), self.limits.max_body_bytes)
        total = end + 4 + length
        if len(buf) < total:
            if not conn.continued and headers.get("expect", "").lower() == "100-continue":
                conn.continued = True
                with contextlib.suppress(OSError):
                    conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            return None
        body = bytes(buf[end + 4 : total])
        del buf[:total]
        return Request(method, target, version, headers, body)

    def _sweep(self, now: float) -> None:
        limits = self.limits
        for conn in list(self._conns):
            if conn.sock.fileno() < 0 or not self._is_registered(conn):
                continue  # closed, or with a handler thread
            if conn.hold_until is not None:
                if now >= conn.hold_until:
                    self._close(conn)
            elif conn.started is not None:
                if now - conn.started > limits.read_timeout:
                    self._unregister(conn)
                    self._submit(conn, _Framed(None, "the request was not received in time"))
            elif now - conn.last_active > limits.idle_timeout:
                self._unregister(conn)
                self._close(conn)

    def _is_registered(self, conn: _Conn) -> bool:
        try:
            self._selector.get_key(conn.sock)
        except (KeyError, ValueError):
            return False
        return True

    def _unregister(self, conn: _Conn) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(conn.sock)

    def _close(self, conn: _Conn) -> None:
        self._unregister(conn)
        self._conns.discard(conn)
        conn.sock.close()

    def _submit(self, conn: _Conn, framed: _Framed) -> None:
        try:
            self._pool.submit(self._answer, conn, framed)
        except RuntimeError:  # the pool is shutting down
            self._close(conn)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closed by stop()
            self._wake_w.send(b"x")

    # --- handler threads ---------------------------------------------------------------
    def _answer(self, conn: _Conn, framed: _Framed) -> None:
        close = True
        hold: float | None = None
        try:
            if framed.request is None:
                response: Response | Hold | Stream | None = self._error_answer(
                    400, framed.error or "bad request"
                )
            else:
                close = not _keep_alive(framed.request)
                try:
                    response = self._handler(framed.request)
                except Exception:
                    log.exception("smsv2 fake: the request handler failed")
                    response = self._error_answer(500, "internal failure in the fake")
            if response is None:
                close = True  # drop the connection without an answer
            elif isinstance(response, Stream):
                close = True
                self._stream(conn.sock, response)
            elif isinstance(response, Hold):
                close = False
                seconds = response.seconds
                hold = self.limits.idle_timeout if seconds is None else seconds
            else:
                conn.sock.sendall(_encode(response, close))
        except OSError:
            close = True
        finally:
            self._returned.put((conn, close or self._stopping.is_set(), hold))
            self._wake()

    def _stream(self, sock: socket.socket, stream: Stream) -> None:
        try:
            sock.sendall(_head(200, [*stream.headers, ("Connection", "close")]))
            for chunk in stream.chunks:
                if self._stopping.is_set():
                    return
                sock.sendall(chunk)
        finally:
            stream.chunks.close()


def _content_length(value: str | None, limit: int) -> int:
    if value is None:
        return 0
    if not value.isdigit() or not value.isascii():
        raise _FrameError("Content-Length is not a non-negative integer")
    if len(value) > 18 or int(value) > limit:
        raise _FrameError(f"the body is larger than {limit} bytes")
    return int(value)


def _keep_alive(request: Request) -> bool:
    connection = request.headers.get("connection", "").lower()
    if request.version == "HTTP/1.0":
        return connection == "keep-alive"
    return connection != "close"


def _encode(response: Response, close: bool) -> bytes:
    headers = [*response.headers, ("Content-Length", str(len(response.body)))]
    if close:
        headers.append(("Connection", "close"))
    return _head(response.status, headers) + response.body


def _head(status: int, headers: list[tuple[str, str]]) -> bytes:
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    lines = [f"HTTP/1.1 {status} {phrase}"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


publish("smsv2.testing", ["HttpLimits"], globals())
