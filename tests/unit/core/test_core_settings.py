"""Settings from the environment: defaults, validation, and production hardening."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import SettingsError, load_settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in (
        "WIJKSTEM_SECRET_KEY",
        "WIJKSTEM_DATABASE_URL",
        "WIJKSTEM_ENV",
        "WIJKSTEM_ARGON2_PROFILE",
        "WIJKSTEM_BASE_URL",
        "WIJKSTEM_MAP_TILES",
        "WIJKSTEM_MAP_ATTRIBUTION",
        "HOST",
        "PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WIJKSTEM_DATA_DIR", str(tmp_path))
    return tmp_path


def test_development_generates_and_keeps_a_key_under_the_data_dir(clean_env: Path) -> None:
    first = load_settings()
    second = load_settings()
    assert first.secret_key == second.secret_key
    assert len(first.secret_key) >= 32
    assert (clean_env / "dev-secret-key").exists()
    assert first.sqlite_path == clean_env / "wijkstem.sqlite3"
    assert first.outbox_dir == clean_env / "outbox"
    assert not first.is_postgres


def test_production_refuses_to_start_without_a_secret_key(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKSTEM_ENV", "production")
    with pytest.raises(SettingsError, match="WIJKSTEM_SECRET_KEY is required"):
        load_settings()
    monkeypatch.setenv("WIJKSTEM_SECRET_KEY", "x" * 40)
    with pytest.raises(SettingsError, match="WIJKSTEM_SIGNING_KEY_FILE is required"):
        load_settings()
    monkeypatch.setenv("WIJKSTEM_SIGNING_KEY_FILE", str(clean_env / "signing.pem"))
    assert load_settings().production


def test_production_refuses_the_cheap_test_hashing_profile(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKSTEM_ENV", "production")
    monkeypatch.setenv("WIJKSTEM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("WIJKSTEM_ARGON2_PROFILE", "test")
    with pytest.raises(SettingsError, match="refused in production"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WIJKSTEM_ENV", "staging", "WIJKSTEM_ENV"),
        ("WIJKSTEM_DATABASE_URL", "mysql://x", "WIJKSTEM_DATABASE_URL"),
        ("WIJKSTEM_SECRET_KEY", "short", "at least 32"),
        ("WIJKSTEM_SMTP_PORT", "twenty-five", "WIJKSTEM_SMTP_PORT"),
    ],
)
def test_bad_values_are_named_in_the_error(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_a_postgres_url_selects_postgres(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKSTEM_DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/w")
    assert load_settings().is_postgres


def test_links_follow_host_and_port_unless_a_base_url_is_given(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings().base_url == "http://127.0.0.1:8000"
    monkeypatch.setenv("PORT", "8080")
    assert load_settings().base_url == "http://127.0.0.1:8080"
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 (a listening address in a test)
    assert load_settings().base_url == "http://127.0.0.1:8080"
    monkeypatch.setenv("HOST", "wijkstem.test")
    assert load_settings().base_url == "http://wijkstem.test:8080"
    monkeypatch.setenv("WIJKSTEM_BASE_URL", "https://wijkstem.groningen.nl/")
    assert load_settings().base_url == "https://wijkstem.groningen.nl"


def test_the_job_runner_runs_in_process_in_development_only(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Development runs jobs in the web process; production leaves them to `wijkstem worker`."""
    for name in ("WIJKSTEM_INPROCESS_WORKER", "WIJKSTEM_LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    development = load_settings()
    assert (development.inprocess_worker, development.log_format) == (True, "text")
    monkeypatch.setenv("WIJKSTEM_ENV", "production")
    monkeypatch.setenv("WIJKSTEM_SECRET_KEY", "p" * 40)
    monkeypatch.setenv("WIJKSTEM_SIGNING_KEY_FILE", str(clean_env / "signing.pem"))
    production = load_settings()
    assert (production.inprocess_worker, production.log_format) == (False, "json")
    monkeypatch.setenv("WIJKSTEM_INPROCESS_WORKER", "maybe")
    with pytest.raises(SettingsError, match="WIJKSTEM_INPROCESS_WORKER"):
        load_settings()


def test_pool_sizes_default_to_the_documented_ones_and_refuse_less_than_one(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIJKSTEM_DB_POOL_MAX", raising=False)
    monkeypatch.delenv("WIJKSTEM_BOX_POOL_MAX", raising=False)
    settings = load_settings()
    assert (settings.db_pool_max, settings.box_pool_max) == (20, 16)
    monkeypatch.setenv("WIJKSTEM_DB_POOL_MAX", "8")
    monkeypatch.setenv("WIJKSTEM_BOX_POOL_MAX", "4")
    assert (load_settings().db_pool_max, load_settings().box_pool_max) == (8, 4)
    for name, bad in (("WIJKSTEM_DB_POOL_MAX", "0"), ("WIJKSTEM_BOX_POOL_MAX", "many")):
        monkeypatch.setenv(name, bad)
        with pytest.raises(SettingsError, match=name):
            load_settings()
        monkeypatch.setenv(name, "4")
