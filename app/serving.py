"""uvicorn with Nagle's algorithm off on every connection, also when workers share one socket."""

from __future__ import annotations

import socket
import sys
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

STARTUP_FAILURE = 3  # uvicorn's exit code when a single worker could not start


class NoDelayConfig(uvicorn.Config):
    """uvicorn's settings, with a shared socket whose connections send at once.

    For `--workers N` uvicorn binds the shared socket as `socket.socket(family)`, protocol 0,
    and asyncio sets TCP_NODELAY only on connections whose socket says TCP. Every kept-alive
    request then waited for the client's delayed ACK (about 40 ms on Linux) before the body
    left, after the headers. One worker (asyncio's own socket) never had the delay.
    """

    def bind_socket(self) -> socket.socket:
        """uvicorn's socket, re-wrapped as TCP with TCP_NODELAY (inherited by connections)."""
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return sock  # a Unix socket: no Nagle
        tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        tcp.set_inheritable(True)
        return tcp


def run(app: str, **options: Any) -> None:
    """What `uvicorn.run(app, **options)` does, with the no-delay socket for several workers."""
    config = NoDelayConfig(app, **options)
    server = uvicorn.Server(config=config)
    try:
        if config.workers > 1:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            server.run()
    except KeyboardInterrupt:
        pass
    if config.workers == 1 and not server.started:
        sys.exit(STARTUP_FAILURE)
