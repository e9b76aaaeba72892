"""ASGI entry point for `uvicorn app.main:app` and the `wijkstem serve` command."""

from app.web.factory import create_app

app = create_app()
