"""DigiD through OpenID Connect (NL GOV profile): bind an account to a person key, never a BSN.

Code flow with PKCE S256, state and nonce (authlib's client); the ID token is checked with
joserfc against the provider's keys: signature, issuer, audience, expiry, nonce and a minimum
assurance level (`acr`). The BSN claim (its place is a setting: brokers differ) is turned into
the keyed person key at once and dropped; the login keeps the key, the provider and the acr.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass

import httpx
from authlib.common.security import generate_token  # type: ignore[import-untyped]  # no hints
from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]  # no hints
    AsyncOAuth2Client,
)
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from app.jsontypes import JSONObject
from app.settings import Settings

PENDING_SECONDS = 600
CLOCK_SKEW = 60
ALGORITHMS = ("RS256", "ES256", "PS256", "EdDSA")
TOO_LOW = "assurance level too low"
_LOA = re.compile(r"loa(\d)(plus)?$", re.IGNORECASE)


class LoginRefused(Exception):
    """The provider's answer cannot be trusted; the reason is for the log, never the BSN."""


class AssuranceTooLow(LoginRefused):
    """The login was genuine but at a lower assurance level (`acr`) than the setting asks."""


@dataclass(frozen=True)
class Endpoints:
    """What the provider's discovery document says."""

    issuer: str
    authorization: str
    token: str
    jwks: str


@dataclass(frozen=True)
class Pending:
    """The login in flight: kept in a signed cookie between the redirect and the callback."""

    state: str
    nonce: str
    verifier: str
    user_id: int
    next_path: str
    started: float


def acr_rank(value: object) -> int | None:
    """The assurance level as a number (loa2 < loa2plus < loa3 ...); None when unknown."""
    found = _LOA.search(str(value)) if isinstance(value, str) else None
    if found is None:
        return None
    return int(found.group(1)) * 2 + (1 if found.group(2) else 0)


def claim_at(claims: JSONObject, path: str) -> str:
    """A claim by name, or by a dotted path into nested objects ('' when absent)."""
    if path in claims:
        value: object = claims[path]
    else:
        value = claims
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""


def check_claims(
    claims: JSONObject,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    min_acr: str,
    now: float,
) -> str:
    """Why an ID token's claims are refused ('' when they hold)."""
    if claims.get("iss") != issuer:
        return "wrong issuer"
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        return "wrong audience"
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        return "wrong authorised party"
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + CLOCK_SKEW < now:
        return "expired"
    issued = claims.get("iat")
    if isinstance(issued, int | float) and issued - CLOCK_SKEW > now:
        return "issued in the future"
    if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        return "wrong nonce"
    if min_acr:
        wanted, got = acr_rank(min_acr), acr_rank(claims.get("acr"))
        if wanted is None or got is None or got < wanted:
            return TOO_LOW
    return ""


def validate_id_token(
    id_token: str,
    keys: KeySet,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    min_acr: str,
    now: float | None = None,
) -> JSONObject:
    """The verified claims of an ID token; LoginRefused when any check fails."""
    try:
        token = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
    except (JoseError, ValueError) as exc:
        raise LoginRefused(f"bad signature or token: {type(exc).__name__}") from exc
    claims = dict(token.claims)
    reason = check_claims(
        claims,
        issuer=issuer,
        client_id=client_id,
        nonce=nonce,
        min_acr=min_acr,
        now=time.time() if now is None else now,
    )
    if reason == TOO_LOW:
        raise AssuranceTooLow(reason)
    if reason:
        raise LoginRefused(reason)
    return claims


def _sign(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def pack(pending: Pending, secret: str) -> str:
    """The pending login as a signed cookie value."""
    text = base64.urlsafe_b64encode(json.dumps(pending.__dict__).encode()).decode()
    return f"{text}.{_sign(secret, text)}"


def unpack(value: str, secret: str, now: float | None = None) -> Pending | None:
    """The pending login from its cookie, or None when forged, malformed or too old."""
    text, _, mac = value.rpartition(".")
    if not text or not hmac.compare_digest(mac, _sign(secret, text)):
        return None
    try:
        pending = Pending(**json.loads(base64.urlsafe_b64decode(text)))
    except (ValueError, TypeError):
        return None
    moment = time.time() if now is None else now
    return pending if moment - pending.started <= PENDING_SECONDS else None


async def endpoints(settings: Settings) -> Endpoints:
    """The provider's endpoints from its discovery document (its issuer must match)."""
    url = f"{settings.oidc_issuer}/.well-known/openid-configuration"
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(url)
    response.raise_for_status()
    data = response.json()
    if data.get("issuer", "").rstrip("/") != settings.oidc_issuer:
        raise LoginRefused("the discovery document names another issuer")
    return Endpoints(
        settings.oidc_issuer,
        str(data["authorization_endpoint"]),
        str(data["token_endpoint"]),
        str(data["jwks_uri"]),
    )


def _client(settings: Settings, redirect_uri: str) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        redirect_uri=redirect_uri,
        scope="openid",
        code_challenge_method="S256",
        timeout=10,
    )


async def start(
    settings: Settings, redirect_uri: str, user_id: int, next_path: str
) -> tuple[str, Pending]:
    """The provider URL to send the browser to, and what to remember until it comes back."""
    found = await endpoints(settings)
    pending = Pending(
        state=generate_token(32),
        nonce=generate_token(32),
        verifier=generate_token(64),
        user_id=user_id,
        next_path=next_path,
        started=time.time(),
    )
    async with _client(settings, redirect_uri) as client:
        url, _state = client.create_authorization_url(
            found.authorization,
            state=pending.state,
            nonce=pending.nonce,
            code_verifier=pending.verifier,
        )
    return url, pending


async def finish(
    settings: Settings, redirect_uri: str, pending: Pending, state: str, code: str
) -> tuple[str, str]:
    """Exchange the code and check the ID token; (BSN, acr). LoginRefused on any failure."""
    if not state or not hmac.compare_digest(state, pending.state):
        raise LoginRefused("wrong state")
    found = await endpoints(settings)
    try:
        async with _client(settings, redirect_uri) as client:
            token = await client.fetch_token(found.token, code=code, code_verifier=pending.verifier)
            keys = KeySet.import_key_set((await client.get(found.jwks)).json())
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        raise LoginRefused(f"token exchange failed: {type(exc).__name__}") from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise LoginRefused("no ID token")
    claims = validate_id_token(
        id_token,
        keys,
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        nonce=pending.nonce,
        min_acr=settings.oidc_min_acr,
    )
    bsn = claim_at(claims, settings.oidc_bsn_claim)
    if not bsn:
        raise LoginRefused("no BSN claim")
    return bsn, str(claims.get("acr", ""))
