"""The model loader shared by the botocore and aiobotocore sessions smsv2 creates.

(Those sessions are botocore's own, not boto3's: boto3 adds nothing a ``pinpoint-sms-voice-v2``
client uses, but importing it costs about 120 ms.) Every such session gets one process-wide data loader per
``AWS_DATA_PATH``, so the service's JSON model (about 9 MiB once loaded) is read once and shared
by every client, and it skips botocore's listing of every service on disk (about 24 ms), which
only serves to check the name of the one service these sessions load.
"""

from __future__ import annotations

import functools
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import botocore.session
    from botocore.loaders import Loader

_loaders: dict[tuple[str, str | None], Loader] = {}
_lock = threading.Lock()


@functools.cache
def _loader_class(service_name: str) -> type[Loader]:
    from botocore.loaders import Loader

    class OneServiceLoader(Loader):
        """botocore's loader, for sessions that load no other service's model."""

        def list_available_services(self, type_name: str) -> list[str]:
            # botocore calls this only to check the service name before loading its model.
            if self.list_api_versions(service_name, type_name):
                return [service_name]
            listed: list[str] = super().list_available_services(type_name)
            return listed

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
