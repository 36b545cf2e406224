"""What both transports decide before any I/O: the options' checks, the region, the config.

`_transport` (boto3) and `_async_transport` (aiobotocore) only create and close their
client; everything they decide is here, once:

* `Settings.checked`: every option's type and form, at construction, naming the
  option ([`ClientOptionError`][smsv2.errors.ClientOptionError]); a profile that does not exist too;
  then the options kept, the region resolved (`AWS_REGION` before
  `AWS_DEFAULT_REGION`, as the AWS SDKs document) and the config merged with smsv2's own;
* `setup_error`: botocore's failures while creating a client as typed setup errors;
* `prepare`: what every client smsv2 calls gets, however it was made (log redaction, the
  record of each response's status and request id);
* `raw_success`: which responses skip botocore's parser (a 200 body goes to pydantic-core).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast

from smsv2 import _log_redaction
from smsv2.errors import ClientOptionError, ClientSetupError

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.model import Shape
    from botocore.parsers import ResponseParser, ResponseParserFactory

SERVICE_NAME: Final[Literal["pinpoint-sms-voice-v2"]] = "pinpoint-sms-voice-v2"
RAW_BODY_KEY = "__smsv2_raw_body__"
NO_REGION = "no AWS region: pass region_name= or set AWS_REGION / AWS_DEFAULT_REGION"

ConfigT = TypeVar("ConfigT", bound="Config")


@dataclass(frozen=True)
class ResponseSeen:
    """What came back for one attempt, recorded before botocore parses it."""

    status: int
    request_id: str | None


_last_response: ContextVar[ResponseSeen | None] = ContextVar("smsv2_response", default=None)


def start_attempt() -> None:
    """Forget the previous attempt's response (each attempt records its own)."""
    _last_response.set(None)


def last_response() -> ResponseSeen | None:
    """This attempt's HTTP status and request id, if a response came back."""
    return _last_response.get()


def _record_response(response_dict: Mapping[str, Any] | None = None, **_: Any) -> None:
    # Runs in the caller's thread and context (an aiobotocore handler runs in the caller's
    # task), so the attempt reads it right after.
    if response_dict is None:
        return
    status: object = response_dict.get("status_code")
    headers: object = response_dict.get("headers")
    request_id: object = None
    if isinstance(headers, Mapping):
        request_id = cast("Mapping[str, object]", headers).get("x-amzn-requestid")
    if isinstance(status, int):
        _last_response.set(ResponseSeen(status, str(request_id) if request_id else None))


ClientT = TypeVar("ClientT")


def prepare(client: ClientT) -> ClientT:
    """What every client smsv2 calls gets, however it was made: log redaction, response
    records, and no retries of its own.

    botocore's retry handler (every retry mode registers it under one id) would repeat a send
    answered 500 on a handed-in client, behind smsv2's back: a message sent twice. smsv2's
    retry policy, which knows what is safe to repeat, replaces it on this client only.
    """
    _log_redaction.install()
    meta: object = getattr(client, "meta", None)
    events: object = getattr(meta, "events", None)
    register: object = getattr(events, "register", None)
    if callable(register):  # stand-ins for a boto3 client in tests may have no event system
        register(
            f"before-parse.{SERVICE_NAME}", _record_response, unique_id="smsv2-record-response"
        )
        unregister = cast("Callable[..., object]", getattr(events, "unregister"))  # noqa: B009
        unregister(f"needs-retry.{SERVICE_NAME}", unique_id=f"retry-config-{SERVICE_NAME}")
    return client


def where_of(
    client: object, region_name: str | None, endpoint_url: str | None
) -> tuple[str | None, str | None]:
    """A botocore client's region and endpoint, or the configured ones where it lacks them."""
    meta: object = getattr(client, "meta", None)
    region: object = getattr(meta, "region_name", None)
    endpoint: object = getattr(meta, "endpoint_url", None)
    return (
        region if isinstance(region, str) else region_name,
        endpoint if isinstance(endpoint, str) else endpoint_url,
    )


def raw_success(response: Mapping[str, Any], shape: Shape | None) -> dict[str, Any] | None:
    """A 200 response with its body untouched, for pydantic-core; None for botocore's parser."""
    if response.get("status_code") != 200 or shape is None:
        return None
    headers = response.get("headers", {})
    return {
        RAW_BODY_KEY: response.get("body", b""),
        "ResponseMetadata": {
            "RequestId": headers.get("x-amzn-requestid", ""),
            "HTTPStatusCode": 200,
            "HTTPHeaders": headers,
        },
    }


def parser_defaults(factory: ResponseParserFactory) -> dict[str, Any]:
    """The keyword arguments `set_parser_defaults` gave the factory (botocore keeps them in
    an undeclared attribute that its own `create_parser` passes to each parser)."""
    return dict(getattr(factory, "_defaults", {}))


class OneJSONParser:
    """A response parser factory: one raw-success JSON parser (`json_parser`) for every JSON
    response, `base` (botocore's or aiobotocore's factory) for any other protocol.

    One parser for all: it keeps no state between responses, and a new one per response is a
    reference cycle left for the garbage collector.
    """

    def __init__(
        self, base: ResponseParserFactory, json_parser: Callable[..., ResponseParser]
    ) -> None:
        self._base = base
        self._json_parser = json_parser

    @functools.cached_property
    def _json(self) -> ResponseParser:
        return self._json_parser(**parser_defaults(self._base))

    def set_parser_defaults(self, **kwargs: Any) -> None:
        self._base.set_parser_defaults(**kwargs)
        self.__dict__.pop("_json", None)

    def create_parser(self, protocol_name: str) -> ResponseParser:
        if protocol_name == "json":
            return self._json
        return self._base.create_parser(protocol_name)


def _check_region(region_name: str) -> None:
    from botocore.exceptions import InvalidRegionError
    from botocore.utils import validate_region_name

    try:
        validate_region_name(region_name)
    except InvalidRegionError:
        failure = ClientOptionError("region_name", "is not a valid AWS region name")
    else:
        return
    raise failure


def _check_endpoint(endpoint_url: str) -> None:
    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    if not (is_valid_endpoint_url(endpoint_url) or is_valid_ipv6_endpoint_url(endpoint_url)):
        raise ClientOptionError("endpoint_url", "must be an http:// or https:// URL")


def only_one_client(name: str, client: object, *others: object) -> None:
    """A handed-in client excludes the options that would create one (session, region,
    profile)."""
    if client is not None and any(other is not None and other != "" for other in others):
        raise ClientOptionError(name, f"pass either {name} or session/region_name/profile_name")


def _check_type(option: str, value: object, wanted: type) -> None:
    if value is not None and not isinstance(value, wanted):
        raise ClientOptionError(
            option, f"must be a {wanted.__name__} or None, not {type(value).__name__}"
        )


def _check_profile(profile_name: str) -> None:
    import botocore.session

    # Reads the AWS config files (no network): a misspelt profile fails here, not mid-call.
    if profile_name not in botocore.session.Session().available_profiles:
        raise ClientOptionError("profile_name", "no profile of that name in the AWS config files")


@dataclass(frozen=True)
class Settings:
    """A transport's options, checked, as the client creation takes them."""

    region_name: str | None
    profile_name: str | None
    endpoint_url: str | None
    config: Config | None
    session_given: bool

    @classmethod
    def checked(
        cls,
        region_name: object,
        profile_name: object,
        endpoint_url: object,
        config: object,
        session: object,
        session_type: Callable[[], type | None],
    ) -> Settings:
        """Every option's type and form, before anything is created; a bad one is a
        `ClientOptionError` naming it. Values are never repeated (they could be anything).

        `session_type` gives the class a `session` must be (None when it cannot be loaded).
        """
        _check_type("region_name", region_name, str)
        _check_type("profile_name", profile_name, str)
        _check_type("endpoint_url", endpoint_url, str)
        if config is not None:
            from botocore.config import Config

            _check_type("config", config, Config)
        if session is not None and (wanted := session_type()) is not None:
            _check_type("session", session, wanted)
        if isinstance(region_name, str):
            _check_region(region_name)
        if isinstance(endpoint_url, str):
            _check_endpoint(endpoint_url)
        if isinstance(profile_name, str) and session is None:
            _check_profile(profile_name)
        return cls(
            cast("str | None", region_name),
            cast("str | None", profile_name),
            cast("str | None", endpoint_url),
            cast("Config | None", config),
            session is not None,
        )

    def region(self) -> str | None:
        """The region to ask for: the option, else `AWS_REGION` (as Lambda and many
        containers set it) when smsv2 makes the session; else botocore's chain
        (`AWS_DEFAULT_REGION`, the profile). A session handed in keeps its own region."""
        if self.region_name is not None or self.session_given:
            return self.region_name
        return os.environ.get("AWS_REGION") or None

    def client_kwargs(self, config_type: type[ConfigT]) -> dict[str, Any]:
        """`create_client`'s arguments: smsv2 owns retries, and its request models already
        checked every parameter (botocore's validator would only repeat the work)."""
        no_retries = config_type(
            retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False
        )
        config = self.config.merge(no_retries) if self.config is not None else no_retries
        return {"region_name": self.region(), "endpoint_url": self.endpoint_url, "config": config}


def setup_error(error: Exception) -> ClientSetupError:
    """A failure while creating a client, as a typed setup error naming the option where one
    is at fault. The caller raises it outside its `except`: botocore's text may quote a value
    (an endpoint URL can hold a password)."""
    from botocore.exceptions import InvalidRegionError, NoRegionError, ProfileNotFound

    if isinstance(error, NoRegionError):
        return ClientOptionError("region_name", NO_REGION)
    if isinstance(error, InvalidRegionError):
        return ClientOptionError("region_name", "is not a valid AWS region name")
    if isinstance(error, ProfileNotFound):
        return ClientOptionError("profile_name", "no profile of that name in the AWS config")
    return ClientSetupError(f"the client could not be created ({type(error).__name__})")
