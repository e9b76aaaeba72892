"""Declares the rounds module to the platform."""

from app.modules import Module

MODULE = Module(name="rounds", piccolo_app="app.rounds.piccolo_app")
