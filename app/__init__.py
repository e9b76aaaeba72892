"""Wijkstem composition root and shared core (accounts, areas, programmes, rounds, audit)."""

import os

# Piccolo finds its configuration through this variable; set it before any table is imported.
os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")

__version__ = "0.1.0"
