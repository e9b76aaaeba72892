"""API fuzzing: schemathesis against /api/schema/openapi.json: no 500, no answer off-schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from app.web.factory import create_app
from tests.security.figures import FIGURES

_APP = create_app()
_APP.on_startup.clear()  # the pool is opened by the `migrated` fixture
schema = schemathesis.openapi.from_asgi("/api/schema/openapi.json", _APP)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case: schemathesis.Case) -> None:
    """Every generated request: never a server error, always an answer the schema allows."""
    response = case.call()
    FIGURES["checked"] += 1
    if response.status_code >= 500:
        FIGURES["server_errors"] += 1
    # Undocumented status codes are not counted: the schema promises shapes, not every status.
    case.validate_response(
        response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
