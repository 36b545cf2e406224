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
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sized
from types import FrameType
from typing import TYPE_CHECKING

from smsv2._errors_base import FieldProblem, RequestValidationError
from smsv2.bulk._journal import HEAD, Journal, job_fingerprint
from smsv2.bulk._limits import CapTracker, warn_daily_caps
from smsv2.bulk._message import OutboundMessage
from smsv2.bulk._outcome import BulkOutcome, BulkProgress, BulkStatus, BulkSummary
from smsv2.bulk._rate import AdaptiveBackoff, LocalRateLimiter, RateLimiter, Rates, RateTable
from smsv2.bulk._sender import Claims, Prepared, Sender

if TYPE_CHECKING:
    from smsv2.client import Client

Item = OutboundMessage | Mapping[str, object]
_Result = tuple[Prepared, BulkOutcome | BaseException | None]
#: How often on_progress is called at most (seconds); it is also called once at the end.
PROGRESS_INTERVAL = 0.25


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
        client: Client,
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
        self._journal: Journal | None = None
        if journal is not None:
            self._journal = Journal(journal, run=uuid.uuid4().hex)
            # The job's first messages identify it: checked before anything is sent.
            head = list(itertools.islice(iterator, HEAD))
            try:
                self._journal.bind_job(
                    job_fingerprint([_head_key(i, m) for i, m in enumerate(head)])
                )
            except BaseException:
                self._journal.close()
                raise
            iterator = itertools.chain(head, iterator)
        self._messages: Iterator[Item] = iterator
        self._sender = Sender(
            client,
            rates=rates,
            limiter=limiter or LocalRateLimiter(),
            backoff=AdaptiveBackoff(),
            stop=self._stop,
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
        keys: set[str] = set()
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
                    if isinstance(prepared, Prepared) and prepared.key in keys:
                        prepared = _duplicate(prepared)
                    if isinstance(prepared, BulkOutcome):
                        yield self._count(prepared)
                        continue
                    keys.add(prepared.key)
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
                keys.discard(prepared.key)
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
            if self._journal is not None:
                self._journal.close()
            self._restore_sigint(previous_handler)
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


def _head_key(index: int, item: Item) -> str:
    if isinstance(item, OutboundMessage):
        return item.key_or_hash
    try:
        return OutboundMessage.model_validate(item).key_or_hash
    except Exception:
        return f"<invalid {index}>"


def _duplicate(prepared: Prepared) -> BulkOutcome:
    problem = FieldProblem("key", "repeats a message of this job that is in flight; not sent")
    return BulkOutcome(
        prepared.key,
        BulkStatus.INVALID,
        error=RequestValidationError("SendTextMessage", [problem]),
        problems=(problem,),
        message=prepared.message,
    )


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


__all__ = ["PROGRESS_INTERVAL", "BulkRun"]
