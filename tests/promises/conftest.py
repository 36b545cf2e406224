"""The bulk fixtures (fake HTTP server, real redis-server, real Celery worker) for this suite."""

from tests.bulk.conftest import celery_env, http_client, redis_server, redis_url, server

__all__ = ["celery_env", "http_client", "redis_server", "redis_url", "server"]
