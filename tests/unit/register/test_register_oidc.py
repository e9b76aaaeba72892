"""Our own checks of a DigiD ID token: the test provider checks neither PKCE nor acr.

A wrong nonce, a wrong audience, an expired token, a too-low assurance level, another issuer
and a forged signature are each refused; a good token passes.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from ballots.register import oidc

ISSUER = "http://localhost:9999"
CLIENT = "wijkstem"
NONCE = "n-0S6_WzA2Mj"
LOA3 = "urn:etoegang:core:assurance-class:loa3"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
KEYS = KeySet([KEY])


def token(key: RSAKey = KEY, **changes: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "s1",
        "exp": now + 300,
        "iat": now,
        "nonce": NONCE,
        "acr": LOA3,
        "bsn": "111222333",
        **changes,
    }
    return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)


def check(text: str, min_acr: str = "urn:etoegang:core:assurance-class:loa2plus") -> Any:
    return oidc.validate_id_token(
        text, KEYS, issuer=ISSUER, client_id=CLIENT, nonce=NONCE, min_acr=min_acr
    )


def test_a_good_token_passes_and_carries_the_bsn_claim() -> None:
    claims = check(token())
    assert oidc.claim_at(claims, "bsn") == "111222333"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"nonce": "another"}, "wrong nonce"),
        ({"aud": "someone-else"}, "wrong audience"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"acr": "urn:etoegang:core:assurance-class:loa1"}, "assurance level too low"),
        ({"acr": None}, "assurance level too low"),
        ({"iss": "http://evil.example"}, "wrong issuer"),
    ],
)
def test_each_bad_claim_is_refused(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(oidc.LoginRefused, match=reason):
        check(token(**changes))


def test_a_token_signed_by_another_key_is_refused() -> None:
    other = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(oidc.LoginRefused, match="bad signature"):
        check(token(key=other))


def test_assurance_levels_are_ordered() -> None:
    ranks = [
        oidc.acr_rank(f"urn:etoegang:core:assurance-class:{level}")
        for level in ("loa1", "loa2", "loa2plus", "loa3", "loa4")
    ]
    assert ranks == sorted(ranks) and len(set(ranks)) == 5
    assert oidc.acr_rank("gold") is None


def test_a_nested_claim_path_reaches_a_broker_specific_place() -> None:
    assert oidc.claim_at({"ids": {"nin": "123"}}, "ids.nin") == "123"
    assert oidc.claim_at({"urn:nl:bsn": "9"}, "urn:nl:bsn") == "9"
    assert oidc.claim_at({"bsn": 123}, "bsn") == ""


def test_the_pending_login_cookie_cannot_be_forged_or_kept_forever() -> None:
    pending = oidc.Pending("s", "n", "v", 7, "/stemmen/1", time.time())
    packed = oidc.pack(pending, "k" * 40)
    assert oidc.unpack(packed, "k" * 40) == pending
    assert oidc.unpack(packed, "x" * 40) is None
    assert oidc.unpack(packed.replace(".", "x.", 1), "k" * 40) is None
    assert oidc.unpack(packed, "k" * 40, now=time.time() + oidc.PENDING_SECONDS + 5) is None
