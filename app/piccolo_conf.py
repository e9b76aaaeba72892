"""Piccolo configuration: the engine from the settings and the Piccolo app of each module."""

from piccolo.conf.apps import AppRegistry

from app.db import DB
from app.modules import load_modules

APP_REGISTRY = AppRegistry(
    apps=[module.piccolo_app for module in load_modules() if module.piccolo_app],
)

__all__ = ["APP_REGISTRY", "DB"]
