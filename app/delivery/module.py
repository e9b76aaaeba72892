"""Declares the delivery module to the platform."""

from app.modules import Module

MODULE = Module(name="delivery", piccolo_app="app.delivery.piccolo_app")
