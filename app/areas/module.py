"""Declares the areas module to the platform."""

from app.modules import Module

MODULE = Module(name="areas", piccolo_app="app.areas.piccolo_app")
