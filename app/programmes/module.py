"""Declares the programmes module to the platform."""

from app.modules import Module

MODULE = Module(name="programmes", piccolo_app="app.programmes.piccolo_app")
