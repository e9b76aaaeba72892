"""Settings read once from the environment; every field is documented in the README."""

from __future__ import annotations

import ipaddress
import os
import secrets
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SettingsError(Exception):
    """The environment describes a configuration the platform refuses to run with."""


@dataclass(frozen=True)
class Settings:
    """Runtime configuration of one Wijkstem process."""

    env: str = "development"
    data_dir: Path = ROOT / "var"
    database_url: str = ""
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = "Wijkstem <noreply@wijkstem.local>"
    # The CA certificates (PEM) that check the relay's certificate; None: the system's CAs.
    smtp_ca_file: Path | None = None
    argon2_profile: str = "default"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    municipality: str = "Gemeente Groningen"
    # Ed25519 private key (PEM) that signs certificates; development generates one in data_dir.
    signing_key_file: Path | None = None
    # OpenID Connect (DigiD through a broker); empty issuer: no DigiD login.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = field(default="", repr=False)
    oidc_bsn_claim: str = "bsn"
    oidc_min_acr: str = ""
    inprocess_worker: bool = True
    job_lease_seconds: int = 60
    # PostgreSQL connections per process: pages and jobs (Piccolo's pool), and the ballot box.
    db_pool_max: int = 20
    box_pool_max: int = 16
    metrics_token: str = field(default="", repr=False)
    log_format: str = "text"
    # Days after which a refused or withdrawn initiative's personal data is deleted.
    initiatives_retention_days: int = 365
    trusted_proxies: tuple[str, ...] = ()
    # Map tiles ({z}/{x}/{y} URL) behind the proposals map; empty: a plain background.
    map_tiles: str = ""
    map_attribution: str = ""

    @property
    def production(self) -> bool:
        """Whether production hardening (secure cookies, HSTS, mandatory secret) applies."""
        return self.env == "production"

    @property
    def map_tile_origin(self) -> str:
        """The scheme and host the map tiles come from (for the CSP), or empty."""
        if not self.map_tiles:
            return ""
        scheme, _sep, rest = self.map_tiles.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"

    @property
    def is_postgres(self) -> bool:
        """Whether the database is PostgreSQL rather than the embedded SQLite."""
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        """The SQLite database file (only meaningful when not on PostgreSQL)."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return self.data_dir / "wijkstem.sqlite3"

    @property
    def outbox_dir(self) -> Path:
        """Where development mail is written as .eml files."""
        return self.data_dir / "outbox"

    @property
    def uploads_dir(self) -> Path:
        """Where uploaded photos are kept."""
        return self.data_dir / "uploads"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _at_least_one(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise SettingsError(f"{name} must be at least 1, got {value}")
    return value


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


def _secret(env: str, data_dir: Path) -> str:
    key = os.environ.get("WIJKSTEM_SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise SettingsError("WIJKSTEM_SECRET_KEY must be at least 32 characters long")
        return key
    if env == "production":
        raise SettingsError("WIJKSTEM_SECRET_KEY is required when WIJKSTEM_ENV=production")
    key_file = data_dir / "dev-secret-key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
        print(
            f"warning: using a generated development secret key in {key_file}; "
            "set WIJKSTEM_SECRET_KEY in production",
            file=sys.stderr,
        )
    return key_file.read_text().strip()


def _base_url() -> str:
    """WIJKSTEM_BASE_URL, or in its absence the address `serve` listens on (HOST and PORT)."""
    given = os.environ.get("WIJKSTEM_BASE_URL", "")
    if given:
        return given.rstrip("/")
    host = os.environ.get("HOST", "") or "127.0.0.1"
    if host in ("0.0.0.0", "::"):  # noqa: S104 (a listening address, not a bind here)
        host = "127.0.0.1"
    return f"http://{host}:{os.environ.get('PORT', '') or '8000'}"


def _trusted_proxies() -> tuple[str, ...]:
    raw = os.environ.get("WIJKSTEM_TRUSTED_PROXIES", "")
    networks = []
    for item in raw.replace(",", " ").split():
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise SettingsError(
                f"WIJKSTEM_TRUSTED_PROXIES must list addresses or networks, got {item!r}"
            ) from exc
    return tuple(networks)


def load_settings() -> Settings:
    """Read and validate the settings from the environment."""
    env = os.environ.get("WIJKSTEM_ENV", "development")
    if env not in ("development", "production"):
        raise SettingsError(f"WIJKSTEM_ENV must be 'development' or 'production', got {env!r}")
    data_dir = Path(os.environ.get("WIJKSTEM_DATA_DIR", "") or ROOT / "var").resolve()
    database_url = os.environ.get("WIJKSTEM_DATABASE_URL", "")
    if database_url and not database_url.startswith(("postgresql://", "postgres://", "sqlite:///")):
        raise SettingsError("WIJKSTEM_DATABASE_URL must start with postgresql:// or sqlite:///")
    profile = os.environ.get("WIJKSTEM_ARGON2_PROFILE", "default")
    if profile not in ("default", "test"):
        raise SettingsError("WIJKSTEM_ARGON2_PROFILE must be 'default' or 'test'")
    if profile == "test" and env == "production":
        raise SettingsError("the test password-hashing profile is refused in production")
    secret_key = _secret(env, data_dir)
    signing_key = os.environ.get("WIJKSTEM_SIGNING_KEY_FILE", "")
    smtp_ca = os.environ.get("WIJKSTEM_SMTP_CA_FILE", "")
    if smtp_ca and not Path(smtp_ca).is_file():
        raise SettingsError(f"WIJKSTEM_SMTP_CA_FILE is not a readable file: {smtp_ca!r}")
    if env == "production" and not signing_key:
        raise SettingsError("WIJKSTEM_SIGNING_KEY_FILE is required when WIJKSTEM_ENV=production")
    return Settings(
        signing_key_file=Path(signing_key).resolve() if signing_key else None,
        oidc_issuer=os.environ.get("WIJKSTEM_OIDC_ISSUER", "").rstrip("/"),
        oidc_client_id=os.environ.get("WIJKSTEM_OIDC_CLIENT_ID", ""),
        oidc_client_secret=os.environ.get("WIJKSTEM_OIDC_CLIENT_SECRET", ""),
        oidc_bsn_claim=os.environ.get("WIJKSTEM_OIDC_BSN_CLAIM", "") or "bsn",
        oidc_min_acr=os.environ.get("WIJKSTEM_OIDC_MIN_ACR", ""),
        env=env,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret_key,
        base_url=_base_url(),
        smtp_host=os.environ.get("WIJKSTEM_SMTP_HOST", ""),
        smtp_port=_int("WIJKSTEM_SMTP_PORT", 587),
        smtp_user=os.environ.get("WIJKSTEM_SMTP_USER", ""),
        smtp_password=os.environ.get("WIJKSTEM_SMTP_PASSWORD", ""),
        smtp_from=os.environ.get("WIJKSTEM_SMTP_FROM", "Wijkstem <noreply@wijkstem.local>"),
        smtp_ca_file=Path(smtp_ca).resolve() if smtp_ca else None,
        municipality=os.environ.get("WIJKSTEM_MUNICIPALITY", "") or "Gemeente Groningen",
        argon2_profile=profile,
        session_idle_minutes=_int("WIJKSTEM_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_int("WIJKSTEM_SESSION_ABSOLUTE_HOURS", 12),
        inprocess_worker=_flag("WIJKSTEM_INPROCESS_WORKER", env != "production"),
        job_lease_seconds=max(2, _int("WIJKSTEM_JOB_LEASE_SECONDS", 60)),
        db_pool_max=_at_least_one("WIJKSTEM_DB_POOL_MAX", 20),
        box_pool_max=_at_least_one("WIJKSTEM_BOX_POOL_MAX", 16),
        metrics_token=os.environ.get("WIJKSTEM_METRICS_TOKEN", ""),
        log_format=_log_format(env),
        initiatives_retention_days=_int("WIJKSTEM_INITIATIVES_RETENTION_DAYS", 365),
        trusted_proxies=_trusted_proxies(),
        **_map_tiles(env),
    )


# The Dutch government's open background map (Kadaster's BRT-Achtergrondkaart through PDOK).
PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
PDOK_ATTRIBUTION = "Kaartgegevens © Kadaster"


def _map_tiles(env: str) -> dict[str, str]:
    """WIJKSTEM_MAP_TILES: PDOK in production, none in development unless set; empty: none."""
    tiles = os.environ.get("WIJKSTEM_MAP_TILES")
    if tiles is None:
        tiles = PDOK_TILES if env == "production" else ""
    tiles = tiles.strip()
    if tiles and not (
        tiles.startswith(("https://", "http://"))
        and all(part in tiles for part in ("{z}", "{x}", "{y}"))
        and not any(c in tiles for c in " \"'<>;")
    ):
        raise SettingsError(
            "WIJKSTEM_MAP_TILES must be an http(s) URL with {z}, {x} and {y}, or empty"
        )
    if tiles.startswith("http://") and env == "production":
        raise SettingsError("WIJKSTEM_MAP_TILES must use https:// in production")
    default_attribution = PDOK_ATTRIBUTION if tiles == PDOK_TILES else ""
    attribution = os.environ.get("WIJKSTEM_MAP_ATTRIBUTION", "") or default_attribution
    return {"map_tiles": tiles, "map_attribution": attribution.strip()[:200]}


def _log_format(env: str) -> str:
    default = "json" if env == "production" else "text"
    value = os.environ.get("WIJKSTEM_LOG_FORMAT", "") or default
    if value not in ("json", "text"):
        raise SettingsError("WIJKSTEM_LOG_FORMAT must be 'json' or 'text'")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use."""
    return load_settings()
