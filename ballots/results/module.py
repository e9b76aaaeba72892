"""Declares the results module (counting, certification, export) to the platform."""

from app.modules import Module

MODULE = Module(name="results", piccolo_app="ballots.results.piccolo_app")
