"""A loopback TCP proxy that delivers every chunk of the server's answers ``delay`` seconds late.

The benchmarks put it between a client and the fake's HTTP server to stand for a network round
trip. The delay lives in the proxy's event loop (a timer per chunk), not in sleeping server
threads: any number of requests can be in flight at once, so the delay adds latency without
capping throughput, and the clients are told apart by how well they overlap their requests.

Run:  python benchmarks/latency_proxy.py --target 127.0.0.1:PORT --delay 0.02
It prints ``listening on http://127.0.0.1:PORT`` and runs until its stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import Final

CHUNK: Final = 65536


async def _pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, delay: float) -> None:
    """Copy src to dst, each chunk written ``delay`` seconds after it was read (order kept)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def write() -> None:
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                break
            dst.write(data)
            await dst.drain()
        dst.close()

    writer = asyncio.create_task(write())
    try:
        while data := await src.read(CHUNK):
            queue.put_nowait((loop.time() + delay, data))
    except ConnectionError:
        pass
    finally:
        queue.put_nowait((loop.time() + delay, b""))
        with contextlib.suppress(ConnectionError):
            await writer


async def serve(target_host: str, target_port: int, delay: float) -> None:
    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_w.close()
            return
        # asyncio sets TCP_NODELAY on its TCP sockets: nothing here waits for Nagle.
        with contextlib.suppress(asyncio.CancelledError):  # connections still open at exit
            await asyncio.gather(_pump(client_r, server_w, 0.0), _pump(server_r, client_w, delay))

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes our stdin
    server.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--target", required=True, help="host:port of the server")
    parser.add_argument("--delay", type=float, required=True, help="seconds added per answer")
    opts = parser.parse_args(argv)
    host, _, port = opts.target.rpartition(":")
    asyncio.run(serve(host, int(port), opts.delay))
    return 0


if __name__ == "__main__":
    sys.exit(main())
