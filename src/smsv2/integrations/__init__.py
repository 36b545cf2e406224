"""Integrations with other systems: `smsv2.integrations.redis` (a rate limit and
idempotency keys shared by several processes, `smsv2[redis]`) and
`smsv2.integrations.celery` (a task sending one message through them, `smsv2[celery]`).
"""

__all__: list[str] = []
