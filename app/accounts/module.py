"""Declares the accounts module to the platform."""

from app.modules import Module

MODULE = Module(name="accounts", piccolo_app="app.accounts.piccolo_app")
