"""`wijkstem serve --workers N`: every connection sends its response at once (TCP_NODELAY).

Without it a kept-alive request waited for the client's delayed ACK, about 40 ms, between the
headers and the body: the PostgreSQL half of `make load` (4 workers) paid it, SQLite (1 worker)
did not.
"""

from __future__ import annotations

import asyncio
import os
import socket

import uvicorn

from app.serving import NoDelayConfig


def _as_worker_sees_it(sock: socket.socket) -> socket.socket:
    # multiprocessing hands the socket to each worker as (fd, family, type, proto).
    return socket.socket(sock.family, sock.type, sock.proto, fileno=os.dup(sock.fileno()))


async def _nodelay_of_accepted(listening: socket.socket) -> int:
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            conn = transport.get_extra_info("socket")
            accepted.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
    host, port = listening.getsockname()[:2]
    _, writer = await asyncio.open_connection(host, port)
    try:
        return await asyncio.wait_for(accepted, 10)
    finally:
        writer.close()
        server.close()


def _accepted_nodelay(config: uvicorn.Config) -> int:
    listening = config.bind_socket()
    worker = _as_worker_sees_it(listening)
    listening.close()
    return asyncio.run(_nodelay_of_accepted(worker))


def test_connections_of_the_shared_worker_socket_send_without_delay() -> None:
    config = NoDelayConfig("app.main:app", host="127.0.0.1", port=0, workers=2)
    assert _accepted_nodelay(config) != 0


def test_uvicorn_alone_would_leave_nagle_on_which_is_why_serving_exists() -> None:
    # If uvicorn fixes this itself one day, this fails and app.serving can go.
    config = uvicorn.Config("app.main:app", host="127.0.0.1", port=0, workers=2)
    assert _accepted_nodelay(config) == 0
