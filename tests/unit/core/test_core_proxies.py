"""The real client address behind trusted proxies: only trusted hops may name another."""

from __future__ import annotations

import pytest

from app.web.proxies import hops, real_client

TRUSTED = ("10.0.0.0/8", "2001:db8::/32")


def test_no_trusted_proxies_means_the_peer_is_the_client() -> None:
    """By default nothing a request says about its origin is believed."""
    assert real_client("10.0.0.2", ["192.0.2.1"], ()) == "10.0.0.2"


def test_an_untrusted_peer_cannot_name_another_address() -> None:
    """A visitor connecting directly keeps its own address, whatever headers it sends."""
    assert real_client("198.51.100.1", ["192.0.2.1"], TRUSTED) == "198.51.100.1"


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        (["198.51.100.5"], "198.51.100.5"),
        (["192.0.2.66", "198.51.100.5"], "198.51.100.5"),  # the client wrote the left one
        (["198.51.100.5", "10.0.0.9"], "198.51.100.5"),  # two proxies in a row
        (["nonsense"], "10.0.0.2"),
        ([], "10.0.0.2"),
        (['"[2001:db8:ffff::1]:4711"'], "2001:db8:ffff::1"),  # trusted too: walk on, none left
        (['"[2a00::1]:4711"'], "2a00::1"),
        (["198.51.100.5:8080"], "198.51.100.5"),
    ],
)
def test_the_rightmost_untrusted_hop_is_the_client(reported: list[str], expected: str) -> None:
    """Walk from the proxy leftwards over trusted hops; the first untrusted one is the client."""
    assert real_client("10.0.0.2", reported, TRUSTED) == expected


def test_forwarded_wins_over_x_forwarded_for() -> None:
    """RFC 7239 `for=` values are read in order, across several header lines."""
    headers = [
        (b"x-forwarded-for", b"192.0.2.9"),
        (b"forwarded", b'for=192.0.2.1;proto=https, for="[2a00::1]:80"'),
        (b"Forwarded", b"for=198.51.100.3"),
    ]
    assert hops(headers) == ["192.0.2.1", '"[2a00::1]:80"', "198.51.100.3"]
    assert hops([(b"x-forwarded-for", b"192.0.2.9, 198.51.100.3")]) == [
        "192.0.2.9",
        " 198.51.100.3",
    ]


def test_the_setting_is_validated() -> None:
    """A typo in WIJKSTEM_TRUSTED_PROXIES stops the start instead of trusting nothing quietly."""
    from app import settings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKSTEM_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
        assert settings.load_settings().trusted_proxies == ("10.0.0.0/8", "127.0.0.1/32")
        mp.setenv("WIJKSTEM_TRUSTED_PROXIES", "proxy.local")
        with pytest.raises(settings.SettingsError):
            settings.load_settings()
