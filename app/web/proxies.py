"""The real client address behind trusted reverse proxies (X-Forwarded-For and Forwarded)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    """Parse the trusted proxies setting (addresses or networks) once."""
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _address(text: str) -> Address | None:
    text = text.strip().strip('"')
    if text.startswith("["):  # Forwarded: for="[2001:db8::1]:4711"
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: Address | None, trusted: tuple[Network, ...]) -> bool:
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in trusted)


def _forwarded_for(header: str) -> list[str]:
    """The `for=` values of an RFC 7239 Forwarded header, in order."""
    hops = []
    for element in header.split(","):
        for pair in element.split(";"):
            name, _, value = pair.partition("=")
            if name.strip().lower() == "for":
                hops.append(value)
    return hops


def hops(headers: Iterable[tuple[bytes, bytes]]) -> list[str]:
    """The addresses the proxies reported, oldest first (Forwarded wins over X-Forwarded-For)."""
    forwarded: list[str] = []
    x_forwarded: list[str] = []
    for name, value in headers:
        text = value.decode("latin-1")
        if name.lower() == b"forwarded":
            forwarded += _forwarded_for(text)
        elif name.lower() == b"x-forwarded-for":
            x_forwarded += text.split(",")
    return forwarded or x_forwarded


def real_client(peer: str, reported: list[str], trusted: tuple[str, ...]) -> str:
    """The client address: walk the reported hops from the right while each one is trusted.

    Only a peer inside a trusted network may name another address; the first untrusted hop
    is the client (a proxy appends what it saw, so whatever a client writes itself lies
    further left and is never believed). A hop that is no address stops the walk at the last
    trusted proxy.
    """
    allowed = networks(trusted)
    current = _address(peer)
    if not allowed or not _is_trusted(current, allowed):
        return peer
    for hop in reversed(reported):
        candidate = _address(hop)
        if candidate is None:
            return str(current)
        current = candidate
        if not _is_trusted(current, allowed):
            return str(current)
    return str(current)
