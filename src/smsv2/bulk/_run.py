"""`BulkRun`: drives a bulk job: takes messages lazily, sends them on worker threads, yields
outcomes in completion order, reports progress, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import itertools
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sized
from types import FrameType
from typing import TypedDict

from smsv2._errors_base import FieldProblem, RequestValidationError
from smsv2.bulk._journal import HEAD, Journal, job_fingerprint
from smsv2.bulk._limits import CapTracker, warn_daily_caps
from smsv2.bulk._message import OutboundMessage, check_key_secret
from smsv2.bulk._outcome import BulkOutcome, BulkProgress, BulkStatus, BulkSummary
from smsv2.bulk._port import BulkClient
from smsv2.bulk._rate import AdaptiveBackoff, LocalRateLimiter, RateLimiter, Rates, RateTable
from smsv2.bulk._sender import Claims, Prepared, Sender
from smsv2.telemetry import _bulk as telemetry

Item = OutboundMessage | Mapping[str, object]
_Result = tuple[Prepared, BulkOutcome | BaseException | None]
#: How often on_progress is called at most (seconds); it is also called once at the end.
PROGRESS_INTERVAL = 0.25


class BulkOptions(TypedDict, total=False):
    """The options of `Client.send_bulk` and `AsyncClient.send_bulk` (all optional)."""

    parts_per_second: Rates
    """The rate per origination identity in message parts per second: one number for every
    identity, or a mapping from identity to rate. Identities left out get the default for
    their number type (AWS's MPS table, looked up once per identity)."""
    concurrency: int
    """Requests in flight at once, so latency does not cap the rate (default 8)."""
    journal: str | os.PathLike[str] | None
    """A sqlite3 file recording who holds each message and what became of it: running the
    same job again (or in several processes at once) never sends a message twice, and what
    was in flight at a crash is reported OUTCOME_UNKNOWN. Without it, the journal is kept in
    memory for the run."""
    on_progress: Callable[[BulkProgress], None] | None
    """Called with a [`BulkProgress`][smsv2.bulk.BulkProgress] a few times a second and at the end."""
    resend_unknown: bool
    """Send again the messages whose outcome is unknown. They may have gone out already:
    this can send twice."""
    api_requests_per_second: float | None
    """The account's SendTextMessage request quota, if you want it enforced too."""
    total: int | None
    """The number of messages, for the ETA (`len(messages)` when it has one)."""
    stop_timeout: float
    """On Ctrl-C or `stop()`, how long sends in flight may finish (default 30 s)."""
    limiter: RateLimiter | None
    """Where the budget is kept (`smsv2.integrations.redis.RedisRateLimiter` shares it
    between processes); this process by default."""
    claims: Claims | None
    """Idempotency keys shared by several workers (`smsv2.integrations.redis.RedisClaims`);
    their secret then keys the default message keys."""


class BulkRun:
    """A bulk job. Iterate it for one [`BulkOutcome`][smsv2.bulk.BulkOutcome] per message, in
    completion order.

    Sending starts with the iteration and runs on `concurrency` worker threads; breaking out
    of the loop stops taking messages and lets the ones in flight finish. `summary` (or
    [`wait`][smsv2.bulk.BulkRun.wait]) runs the job to its end first if it was not iterated.

    The first Ctrl-C (SIGINT, when iterating on the main thread) stops taking messages, lets
    the sends in flight finish for up to `stop_timeout` seconds, leaves the journal
    consistent, prints the summary to stderr and then raises KeyboardInterrupt. A second
    Ctrl-C interrupts at once.
    """

    def __init__(
        self,
        client: BulkClient,
        messages: Iterable[Item],
        *,
        parts_per_second: Rates = None,
        concurrency: int = 8,
        journal: str | os.PathLike[str] | None = None,
        on_progress: Callable[[BulkProgress], None] | None = None,
        resend_unknown: bool = False,
        api_requests_per_second: float | None = None,
        total: int | None = None,
        stop_timeout: float = 30.0,
        limiter: RateLimiter | None = None,
        claims: Claims | None = None,
    ) -> None:
        _check_positive("concurrency", concurrency, integer=True)
        _check_positive("stop_timeout", stop_timeout)
        if api_requests_per_second is not None:
            _check_positive("api_requests_per_second", api_requests_per_second)
        rates = RateTable(client, parts_per_second)
        warn_daily_caps(messages, rates.info_of)  # advisory caps, read before anything is sent
        self._rates, self._caps = rates, CapTracker(rates.info_of)
        self._stop = threading.Event()
        self._interrupted = False
        self._concurrency = concurrency
        self._stop_timeout = stop_timeout
        self._on_progress = on_progress
        self._total = total if total is not None else _length(messages)
        iterator = iter(messages)
        self._journal = Journal(journal)
        try:
            secret = check_key_secret(claims.secret) if claims is not None else self._journal.secret
            # The job's first messages identify it: checked before anything is sent.
            head = list(itertools.islice(iterator, HEAD))
            self._journal.bind_job(
                job_fingerprint([_head_key(i, m, secret) for i, m in enumerate(head)])
            )
        except BaseException:
            self._journal.close()
            raise
        self._messages: Iterator[Item] = itertools.chain(head, iterator)
        self._sender = Sender(
            client,
            rates=rates,
            limiter=limiter or LocalRateLimiter(),
            backoff=AdaptiveBackoff(),
            stop=self._stop,
            secret=secret,
            api_requests_per_second=api_requests_per_second,
            journal=self._journal,
            claims=claims,
            resend_unknown=resend_unknown,
        )
        self._counts = dict.fromkeys(BulkStatus, 0)
        self._parts_sent = 0
        self._not_started = 0
        self._in_flight = 0
        self._taken: set[int] = set()  # ids of prepared messages a worker has started on
        self._started: float | None = None
        self._finished: float | None = None
        self._iterating = False
        self._samples: deque[tuple[float, int]] = deque(maxlen=int(5 / PROGRESS_INTERVAL) + 1)
        self._last_progress = 0.0

    # -- public ---------------------------------------------------------------------------------

    def __iter__(self) -> Generator[BulkOutcome, None, None]:
        if self._iterating or self._finished is not None:
            raise RuntimeError("a BulkRun can be iterated once")
        self._iterating = True
        return self._run()

    @property
    def summary(self) -> BulkSummary:
        """Counts, elapsed time and achieved rate (runs the job to its end if needed)."""
        if self._finished is None and not self._iterating:
            self.wait()
        end = self._finished if self._finished is not None else time.monotonic()
        return BulkSummary(
            counts=dict(self._counts),
            elapsed=end - self._started if self._started is not None else 0.0,
            parts_sent=self._parts_sent,
            not_started=self._not_started,
            interrupted=self._interrupted,
            rates=self._rates.resolved(),
        )

    def wait(self) -> BulkSummary:
        """Run the job to its end, dropping the outcomes; the summary."""
        for _ in self:
            pass
        return self.summary

    def stop(self) -> None:
        """Stop taking messages; the ones in flight finish (thread-safe)."""
        self._interrupted = True
        self._stop.set()

    # -- the loop -------------------------------------------------------------------------------

    def _run(self) -> Generator[BulkOutcome, None, None]:
        work: queue.SimpleQueue[Prepared | None] = queue.SimpleQueue()
        results: queue.SimpleQueue[_Result] = queue.SimpleQueue()
        self._telemetry = telemetry.run_started(
            self._sender._client, self._total, self._concurrency
        )
        workers = [
            threading.Thread(
                target=self._work, args=(work, results), daemon=True, name=f"smsv2-bulk-{n}"
            )
            for n in range(self._concurrency)
        ]
        for worker in workers:
            worker.start()
        previous_handler = self._install_sigint()
        window = self._concurrency * 2
        pending: dict[int, Prepared] = {}
        exhausted = False
        failure: BaseException | None = None
        deadline: float | None = None
        self._started = time.monotonic()
        try:
            while True:
                while not self._stop.is_set() and not exhausted and len(pending) < window:
                    try:
                        item = next(self._messages)
                    except StopIteration:
                        exhausted = True
                        break
                    except Exception as exc:  # the caller's iterable failed: stop, then re-raise
                        failure = exc
                        self._stop.set()
                        break
                    prepared = self._sender.prepare(item)
                    if isinstance(prepared, BulkOutcome):
                        yield self._count(prepared)
                        continue
                    pending[id(prepared)] = prepared
                    self._in_flight = len(pending)
                    work.put(prepared)
                if not pending:
                    break
                if self._stop.is_set() and deadline is None:
                    deadline = time.monotonic() + self._stop_timeout
                timeout = PROGRESS_INTERVAL
                if deadline is not None:
                    timeout = min(timeout, max(0.0, deadline - time.monotonic()))
                try:
                    prepared, result = results.get(timeout=timeout)
                except queue.Empty:
                    self._progress()
                    if deadline is not None and time.monotonic() >= deadline:
                        for late_id, late in pending.items():
                            if late_id in self._taken:
                                # Still sending at the deadline: the journal says "sending".
                                yield self._count(_unknown(late))
                            else:
                                self._not_started += 1
                        pending.clear()
                        break
                    continue
                del pending[id(prepared)]
                self._taken.discard(id(prepared))
                self._in_flight = len(pending)
                if isinstance(result, BaseException):
                    failure = failure or result
                    self._stop.set()
                elif result is None:
                    self._not_started += 1
                else:
                    yield self._count(result)
                self._progress()
        finally:
            self._stop.set()
            for _ in workers:
                work.put(None)
            self._drain(pending, results)
            self._finished = time.monotonic()
            self._iterating = False
            self._journal.close()
            self._restore_sigint(previous_handler)
            telemetry.run_finished(self._telemetry, self.summary)
            self._progress(final=True)
        if self._interrupted:
            print(f"smsv2 bulk run stopped: {self.summary}", file=sys.stderr, flush=True)
        if failure is not None:
            raise failure
        if self._interrupted and self._sigint_seen:
            raise KeyboardInterrupt

    def _drain(self, pending: dict[int, Prepared], results: queue.SimpleQueue[_Result]) -> None:
        """Left early (the loop was broken out of): let the sends in flight finish and count
        them, for up to `stop_timeout` seconds."""
        deadline = time.monotonic() + self._stop_timeout
        while pending:
            try:
                prepared, result = results.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return  # still sending at the deadline: the journal says "sending"
            pending.pop(id(prepared), None)
            if isinstance(result, BulkOutcome):
                self._count(result)
            else:
                self._not_started += 1

    def _work(
        self, work: queue.SimpleQueue[Prepared | None], results: queue.SimpleQueue[_Result]
    ) -> None:
        telemetry.join_run(self._telemetry)
        while True:
            prepared = work.get()
            if prepared is None:
                return
            self._taken.add(id(prepared))
            try:
                outcome: BulkOutcome | BaseException | None = self._sender.send(prepared)
            except BaseException as exc:  # handed to the loop, which stops and re-raises it
                outcome = exc
            results.put((prepared, outcome))

    def _count(self, outcome: BulkOutcome) -> BulkOutcome:
        telemetry.outcome_counted(self._telemetry, outcome)
        self._counts[outcome.status] += 1
        if outcome.status is BulkStatus.SENT and not outcome.previous:
            self._parts_sent += outcome.parts
            self._caps.count(outcome.message.origination_identity if outcome.message else None)
        return outcome

    def _progress(self, *, final: bool = False) -> None:
        if self._on_progress is None:
            return
        now = time.monotonic()
        if not final and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._samples.append((now, self._parts_sent))
        first_time, first_parts = self._samples[0]
        rate = (self._parts_sent - first_parts) / (now - first_time) if now > first_time else 0.0
        done = sum(self._counts.values())
        elapsed = now - (self._started or now)
        eta = None
        if self._total is not None and elapsed > 0 and done:
            remaining = max(0, self._total - done)
            eta = remaining / (done / elapsed)
        self._on_progress(
            BulkProgress(
                counts=dict(self._counts),
                done=done,
                in_flight=0 if final else self._in_flight,
                total=self._total,
                elapsed=elapsed,
                rate=rate,
                eta=0.0 if final and not self._interrupted else eta,
                finished=final,
                identities=self._caps.snapshot(),
            )
        )

    # -- Ctrl-C ---------------------------------------------------------------------------------

    _sigint_seen = False

    def _install_sigint(self) -> object:
        if threading.current_thread() is not threading.main_thread():
            return None
        previous = signal.getsignal(signal.SIGINT)

        def on_sigint(signum: int, frame: FrameType | None) -> None:
            if self._stop.is_set():
                raise KeyboardInterrupt  # the second Ctrl-C: stop waiting
            self._sigint_seen = True
            self.stop()

        signal.signal(signal.SIGINT, on_sigint)
        return previous

    def _restore_sigint(self, previous: object) -> None:
        if previous is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, previous)  # type: ignore[arg-type]


def _length(messages: Iterable[Item]) -> int | None:
    return len(messages) if isinstance(messages, Sized) else None


def _head_key(index: int, item: Item, secret: bytes) -> str:
    if isinstance(item, OutboundMessage):
        return item.key_under(secret)
    try:
        return OutboundMessage.model_validate(item).key_under(secret)
    except Exception:
        return f"<invalid {index}>"


def _unknown(prepared: Prepared) -> BulkOutcome:
    return BulkOutcome(
        prepared.key,
        BulkStatus.OUTCOME_UNKNOWN,
        parts=prepared.parts,
        attempts=1,
        message=prepared.message,
    )


def _check_positive(name: str, value: object, *, integer: bool = False) -> None:
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if number is None or (integer and not isinstance(number, int)) or not number > 0:
        kind = "a positive integer" if integer else "a positive number"
        raise RequestValidationError(None, [FieldProblem(name, f"must be {kind}")])


__all__ = ["PROGRESS_INTERVAL", "BulkOptions", "BulkRun"]
