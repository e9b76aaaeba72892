"""Allows `python -m app` as a synonym for the `wijkstem` command."""

from app.cli import main

raise SystemExit(main())
