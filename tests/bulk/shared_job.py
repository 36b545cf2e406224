"""One of several processes sending the same job through Redis (the shared-rate test).

python tests/bulk/shared_job.py ENDPOINT ORIGINATION COUNT RATE REDIS_URL
"""

from __future__ import annotations

import json
import sys

import smsv2
from smsv2.integrations.redis import RedisClaims, RedisRateLimiter
from tests.bulk.bulk_job import job
from tests.bulk.conftest import KEY_SECRET


def main() -> None:
    endpoint, origination, count, rate, redis_url = sys.argv[1:6]
    client = smsv2.Client(region_name="us-east-1", endpoint_url=endpoint)
    run = client.send_bulk(
        job(origination, int(count)),
        parts_per_second=float(rate),
        limiter=RedisRateLimiter(redis_url),
        claims=RedisClaims(redis_url, secret=KEY_SECRET),
        concurrency=2,
    )
    summary = run.wait()
    print(json.dumps({s.value: n for s, n in summary.counts.items()}), flush=True)


if __name__ == "__main__":
    main()
