"""Piccolo configuration: the engine from the settings and one Piccolo app per module."""

from piccolo.conf.apps import AppRegistry

from app.db import DB
from app.modules import MODULE_PACKAGES

APP_REGISTRY = AppRegistry(
    apps=[f"{package}.piccolo_app" for package in MODULE_PACKAGES],
)

__all__ = ["APP_REGISTRY", "DB"]
