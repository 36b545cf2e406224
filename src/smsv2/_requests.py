"""Building requests: a call's arguments validated into its request model before anything is sent.

Generated methods call these with an explicit mapping of their parameters; both the sync core
and any other core send what they build.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

from pydantic import ValidationError

from smsv2._errors_base import problems_from_pydantic
from smsv2.errors import FieldProblem, RequestValidationError

if TYPE_CHECKING:
    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation, Pagination

# The constraint that caps how many IDs the service accepts in one request's ID list.
_BATCH_LIMIT_FIELD = "max_length"


def build_request(operation: Operation[object], arguments: Mapping[str, object]) -> RequestModel:
    """Validate the call's arguments into its request model; nothing is sent on failure."""
    params = {k: v for k, v in arguments.items() if v is not None}
    try:
        request = operation.request_model().model_validate(params)
    except ValidationError as exc:
        problems = problems_from_pydantic(exc.errors(include_input=False))
    else:
        problem = e164_problem(getattr(request, "destination_phone_number", None))
        if problem is None:
            return request
        problems = [problem]
    # Raised outside the except block: pydantic's error (which holds the input) stays unreachable.
    raise RequestValidationError(operation.name, problems)


_NOT_E164 = (
    "must be E.164 with a leading '+' and the country code; "
    "convert national formats with smsv2.normalize_phone_number()"
)


def e164_problem(destination: object) -> FieldProblem | None:
    """Why a model-valid `destination_phone_number` is refused, or None (bulk checks it too)."""
    if not isinstance(destination, str) or destination.startswith("+"):
        return None
    # The model's pattern makes "+" optional, but the API reference asks for E.164: without
    # it "2065550100" could be a US number or +20 (Egypt). Refuse rather than guess.
    return FieldProblem("destination_phone_number", _NOT_E164)


def build_page_requests(
    pagination: Pagination[object, object],
    arguments: Mapping[str, object],
    *,
    page_size: object = None,
) -> list[RequestModel]:
    """The first request of every batch of a paginated call, all validated up front.

    A bad ID in a later batch therefore fails before the first request is sent.
    """
    operation = pagination.operation
    if page_size is not None and not is_count(page_size, minimum=1):
        raise RequestValidationError(
            operation.name, [FieldProblem("page_size", "must be an integer of at least 1")]
        )
    try:
        return [
            build_request(operation, {**batch, pagination.limit: page_size})
            for batch in _batches(operation, arguments, pagination.batch_keys)
        ]
    except RequestValidationError as exc:
        # The caller passed page_size, not the request's limit member.
        problems = [
            FieldProblem("page_size" if p.field == pagination.limit else p.field, p.message)
            for p in exc.problems
        ]
    raise RequestValidationError(operation.name, problems)


def is_count(value: object, *, minimum: int) -> bool:
    """Whether `value` is an int (not a bool) of at least `minimum`: page sizes, item caps."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _batches(
    operation: Operation[object], arguments: Mapping[str, object], batch_keys: Sequence[str]
) -> list[dict[str, object]]:
    """Split ID lists longer than the service's per-request cap into several requests."""
    base = {k: v for k, v in arguments.items() if v is not None}
    if not batch_keys:
        return [base]
    fields = operation.request_model().model_fields
    chunked: list[list[tuple[str, object]]] = []
    for key in batch_keys:
        values = base.get(key)
        if values is None or isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            continue  # validation names the argument
        items = list(cast("Sequence[object]", values))
        cap = _max_length(fields[key].metadata)
        if cap is None or len(items) <= cap:
            continue
        unique = _unique(items)
        chunked.append([(key, unique[i : i + cap]) for i in range(0, len(unique), cap)])
    if not chunked:
        return [base]
    return [{**base, **dict(combo)} for combo in itertools.product(*chunked)]


def _unique(items: list[object]) -> list[object]:
    # Repeats in one batch are refused by some operations and add nothing.
    try:
        return list(dict.fromkeys(items))
    except TypeError:  # an unhashable item is not an ID: validation will name it
        return items


def _max_length(metadata: Sequence[object]) -> int | None:
    for item in metadata:
        value = getattr(item, _BATCH_LIMIT_FIELD, None)
        if isinstance(value, int):
            return value
    return None
