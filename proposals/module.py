"""Declares the proposals module to the platform."""

from app.modules import Module

MODULE = Module(name="proposals", piccolo_app="proposals.piccolo_app")
