"""ASGI entry point for `uvicorn app.main:app` and the `wijkstem serve` command."""

from app.logs import configure_logging
from app.web.factory import create_app

configure_logging()
app = create_app()
