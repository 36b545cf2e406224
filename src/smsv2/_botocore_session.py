"""The model loader shared by the botocore and aiobotocore sessions smsv2 creates.

(Those sessions are botocore's own, not boto3's: boto3 adds nothing a `pinpoint-sms-voice-v2` client
uses, but importing it costs about 120 ms.) Every such session gets one process-wide data loader per
`AWS_DATA_PATH`, so the service's JSON model (about 9 MiB once loaded) is read once and shared by
every client, and it skips botocore's listing of every service on disk (about 24 ms), which only
serves to check the name of the one service these sessions load.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import botocore.session
    from botocore.loaders import Loader

_loaders: dict[tuple[str, str | None], Loader] = {}
_lock = threading.Lock()


class _Listing:
    """botocore's list of installed services, listed only if a name other than ours is asked."""

    def __init__(self, ours: str, listing: Callable[[], list[str]]) -> None:
        self._ours = ours
        self._listing = listing

    def __contains__(self, name: object) -> bool:
        return name == self._ours or name in self._listing()

    def __iter__(self) -> Iterator[str]:
        return iter(self._listing())


@functools.cache
def _loader_class(service_name: str) -> type[Loader]:
    from botocore.loaders import Loader

    class OneServiceLoader(Loader):
        """botocore's loader; checking our own service's name lists no directory."""

        def list_available_services(self, type_name: str) -> list[str]:
            # botocore calls this to check a name before loading its model (and the session
            # to list services); other clients of the session (STS for an assume-role
            # profile...) still get the full listing.
            listing = functools.partial(super().list_available_services, type_name)
            if self.list_api_versions(service_name, type_name):
                return cast("list[str]", _Listing(service_name, listing))
            return listing()

    return OneServiceLoader


def shared_loader(service_name: str, data_path: str | None) -> Loader:
    """One loader (one cache of loaded models) per service and AWS_DATA_PATH, for the process."""
    with _lock:
        loader = _loaders.get((service_name, data_path))
        if loader is None:
            # The search paths botocore's create_loader makes of AWS_DATA_PATH.
            paths = None
            if data_path is not None:
                paths = [
                    os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)
                ]
            loader = _loader_class(service_name)(extra_search_paths=paths)
            _loaders[(service_name, data_path)] = loader
        return loader


def use_shared_loader(session: botocore.session.Session, service_name: str) -> None:
    """Give a session smsv2 created (botocore's or aiobotocore's) the process-wide loader."""
    data_path: object = session.get_config_variable("data_path")
    path = data_path if isinstance(data_path, str) else None
    session.register_component("data_loader", shared_loader(service_name, path))
