"""The map-tile setting: PDOK in production, none in development, and the CSP it allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import PDOK_TILES, SettingsError, load_settings
from app.web.middleware import content_security_policy


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in (
        "WIJKSTEM_ENV",
        "WIJKSTEM_ARGON2_PROFILE",
        "WIJKSTEM_MAP_TILES",
        "WIJKSTEM_MAP_ATTRIBUTION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WIJKSTEM_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKSTEM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("WIJKSTEM_SIGNING_KEY_FILE", str(tmp_path / "signing.pem"))
    return monkeypatch


def test_production_shows_the_government_background_map_by_default(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("WIJKSTEM_ENV", "production")
    settings = load_settings()
    assert settings.map_tiles == PDOK_TILES
    assert settings.map_tiles.startswith("https://service.pdok.nl/brt/achtergrondkaart/")
    assert "Kadaster" in settings.map_attribution
    assert settings.map_tile_origin == "https://service.pdok.nl"


def test_development_and_an_empty_setting_mean_no_tiles(env: pytest.MonkeyPatch) -> None:
    assert load_settings().map_tiles == ""
    env.setenv("WIJKSTEM_ENV", "production")
    env.setenv("WIJKSTEM_MAP_TILES", "")
    settings = load_settings()
    assert (settings.map_tiles, settings.map_tile_origin) == ("", "")


def test_a_tile_url_needs_its_placeholders_and_https_in_production(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("WIJKSTEM_MAP_TILES", "https://tiles.example.org/map.png")
    with pytest.raises(SettingsError):
        load_settings()
    env.setenv("WIJKSTEM_MAP_TILES", "https://tiles.example.org/{z}/{x}/{y}.png' unsafe")
    with pytest.raises(SettingsError):
        load_settings()
    env.setenv("WIJKSTEM_MAP_TILES", "http://tiles.example.org/{z}/{x}/{y}.png")
    assert load_settings().map_tile_origin == "http://tiles.example.org"
    env.setenv("WIJKSTEM_ENV", "production")
    with pytest.raises(SettingsError):
        load_settings()


def test_the_tile_host_is_an_image_source_only_when_configured() -> None:
    strict = content_security_policy("")
    assert "img-src 'self' data:;" in strict
    assert "pdok" not in strict
    allowed = content_security_policy("https://service.pdok.nl")
    assert "img-src 'self' data: https://service.pdok.nl;" in allowed
    assert "script-src 'self';" in allowed and "connect-src" not in allowed
    assert allowed.count("https://service.pdok.nl") == 1
