"""The bulk fixtures (fake HTTP server, real redis-server, real Celery worker) for this suite."""

from tests.bulk.conftest import (  # noqa: F401 - fixtures, found by name
    celery_env,
    http_client,
    redis_server,
    redis_url,
    server,
)
