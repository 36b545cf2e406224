"""Generated methods build their requests from explicit arguments; paginators get what they need."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import smsv2
from smsv2._generated import client as generated_client
from smsv2._generated import operations as ops
from smsv2._generated.models import DescribePoolsResult, PoolInformation
from smsv2._model_base import RequestModel
from smsv2._operation import Pagination
from smsv2._requests import build_request
from smsv2.pagination import Paginator

from .stub import POOL_INFO, StubService

CLIENT_SOURCE = Path(inspect.getfile(generated_client))
PAGE_OPTIONS = {"page_size", "max_items"}


def generated_methods() -> list[ast.FunctionDef]:
    tree = ast.parse(CLIENT_SOURCE.read_text())
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    return [n for n in cls.body if isinstance(n, ast.FunctionDef)]


def test_no_generated_method_passes_locals() -> None:
    calls = [
        node
        for method in generated_methods()
        for node in ast.walk(method)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]
    assert calls, "the generated methods call their request builders"
    assert not [c for c in calls if c.func.id == "locals"]  # type: ignore[attr-defined]


def test_every_parameter_reaches_the_request_by_name() -> None:
    methods = generated_methods()
    assert len(methods) == len(ops.OPERATIONS) + len(paginations())
    for method in methods:
        params = {a.arg for a in method.args.kwonlyargs} - PAGE_OPTIONS
        first, second = method.body[1:]  # after the docstring: build, then send
        assert isinstance(first, ast.Assign) and isinstance(first.value, ast.Call)
        mapping = first.value.args[1]
        assert isinstance(mapping, ast.Dict), method.name
        keys = [k.value for k in mapping.keys if isinstance(k, ast.Constant)]
        values = [v.id for v in mapping.values if isinstance(v, ast.Name)]
        assert keys == values, method.name
        assert set(keys) == params, method.name
        assert isinstance(second, ast.Return)


def paginations() -> list[Pagination[object, object]]:
    return [v for v in vars(ops).values() if isinstance(v, Pagination)]


def test_the_generator_emits_each_paginators_attribute_names() -> None:
    for spec in paginations():
        request_fields = spec.operation.request_model().model_fields
        result_fields = spec.operation.result_model().model_fields  # type: ignore[attr-defined]
        assert spec.items in result_fields, spec.operation.name
        assert spec.output_token in result_fields
        assert {spec.input_token, spec.limit, *spec.batch_keys} <= set(request_fields)


def test_a_paginator_needs_only_a_fetch_callable_and_its_requests() -> None:
    sent: list[RequestModel] = []

    def fetch(request: RequestModel) -> DescribePoolsResult:
        sent.append(request)
        token = getattr(request, "next_token", None)
        pool = PoolInformation.model_validate({**POOL_INFO, "PoolId": f"pool-{token or 0}"})
        return DescribePoolsResult(pools=[pool], next_token=None if token else "1")

    first = build_request(ops.DESCRIBE_POOLS, {"owner": "SELF"})
    paginator: Paginator[PoolInformation, DescribePoolsResult] = Paginator(
        fetch, [first], ops.DESCRIBE_POOLS_PAGES
    )
    assert [p.pool_id for p in paginator] == ["pool-0", "pool-1"]
    assert [getattr(r, "next_token", None) for r in sent] == [None, "1"]
    assert repr(paginator) == "<Paginator DescribePools>"


def test_a_request_is_built_before_anything_is_sent() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": []}))
    with pytest.raises(smsv2.errors.RequestValidationError):
        stub.client().create_pool(origination_identity="", iso_country_code="US", message_type="X")  # type: ignore[arg-type]
    assert stub.calls == []
