"""Declares the audit module to the platform."""

from app.modules import Module

MODULE = Module(name="audit", piccolo_app="app.audit.piccolo_app")
