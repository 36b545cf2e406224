"""A DeliveryTracker store in Redis: shared by every process and host using the server."""

from __future__ import annotations

from typing import cast

from redis import Redis

from smsv2._public import publish
from smsv2.errors import ClientOptionError
from smsv2.events._tracker import MessageState, dump_state, load_state
from smsv2.integrations._redis_common import connect, guarded

__all__ = ["RedisTrackerStore"]

# KEYS: state hash, open set, final sorted set, final counter.
# ARGV: expected version ("" for new), state text, "1" if final, message id, remember_final,
# state key prefix. Compare-and-set and retention in one atomic step.
_SAVE = """
local current = redis.call('HGET', KEYS[1], 'v')
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', (tonumber(current) or 0) + 1, 's', ARGV[2])
if ARGV[3] ~= '1' then
  redis.call('SADD', KEYS[2], ARGV[4])
  return 1
end
redis.call('SREM', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[4]), ARGV[4])
local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
if extra > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, extra - 1)) do
    redis.call('DEL', ARGV[6] .. id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, extra - 1)
end
return 1
"""


class RedisTrackerStore:
    """States in Redis, under `prefix`: several processes or hosts may track into one.

    Each save is one Lua script: a compare-and-set on the state's version, and, for a final
    state, the retention of the last `remember_final` final states (older ones deleted).
    One Redis server (not a cluster: the script touches keys it computes). For durability
    across restarts, run redis-server with AOF persistence (`appendonly yes`).
    """

    def __init__(
        self, redis: Redis | str, *, prefix: str = "smsv2:tracker", remember_final: int = 100_000
    ) -> None:
        if remember_final < 0:
            raise ClientOptionError("remember_final", "must be >= 0")
        # A URL or a client; the same helper as the bulk integration. Every command below
        # goes through guarded(): a Redis failure is a CoordinationError (cause masked).
        self._redis: Redis = connect(redis)
        self._prefix = prefix
        self._remember_final = remember_final
        self._save = self._redis.register_script(_SAVE)

    def _state_key(self, message_id: str) -> str:
        return f"{self._prefix}:state:{message_id}"

    def load(self, message_id: str) -> tuple[MessageState | None, object]:
        key = self._state_key(message_id)
        found = cast(
            "list[bytes | None]",
            guarded("reading a state", lambda: self._redis.hmget(key, "v", "s")),
        )
        version, text = found
        if version is None or text is None:
            return None, None
        return load_state(text), version.decode()

    def save(self, state: MessageState, version: object) -> bool:
        keys = [
            self._state_key(state.message_id),
            f"{self._prefix}:open",
            f"{self._prefix}:final",
            f"{self._prefix}:seq",
        ]
        args = [
            "" if version is None else str(version),
            dump_state(state),
            "1" if state.is_final else "0",
            state.message_id,
            self._remember_final,
            f"{self._prefix}:state:",
        ]
        return bool(guarded("saving a state", lambda: self._save(keys=keys, args=args)))

    def _states(self, ids: list[bytes]) -> list[MessageState]:
        states: list[MessageState] = []
        for raw in ids:
            state, _ = self.load(raw.decode())
            if state is not None:
                states.append(state)
        return states

    def open_states(self) -> list[MessageState]:
        members = guarded(
            "reading the open set", lambda: self._redis.smembers(f"{self._prefix}:open")
        )
        return self._states(sorted(cast("set[bytes]", members)))

    def final_states(self) -> list[MessageState]:
        final = guarded(
            "reading the final states",
            lambda: self._redis.zrange(f"{self._prefix}:final", 0, -1),  # pyright: ignore[reportUnknownMemberType,reportUnknownLambdaType]
        )
        return self._states(cast("list[bytes]", final))


publish("smsv2.integrations.redis", __all__, globals())
