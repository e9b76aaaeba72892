"""Declares the deliberation module to the platform."""

from app.modules import Module

MODULE = Module(name="deliberation", piccolo_app="deliberation.piccolo_app")
