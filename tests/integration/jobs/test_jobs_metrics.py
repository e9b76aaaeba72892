"""`/metrics` needs its token and reports requests, the queue and the outbox; `/health` answers."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest


async def test_metrics_need_the_token_and_show_the_figures(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No token configured: 404; a wrong token: 401; the right one: Prometheus text."""
    from app.settings import get_settings
    from app.web import ops_routes

    assert (await client.get("/metrics")).status_code == 404
    settings = replace(get_settings(), metrics_token="m" * 40)
    monkeypatch.setattr(ops_routes, "current_settings", lambda: settings)
    assert (await client.get("/metrics")).status_code == 401
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    await client.get("/")
    answer = await client.get("/metrics", headers={"Authorization": "Bearer " + "m" * 40})
    assert answer.status_code == 200
    for name in (
        'wijkstem_http_requests_total{route="home",status="200"}',
        "wijkstem_jobs_queued ",
        "wijkstem_jobs_oldest_queued_seconds ",
        "wijkstem_mail_outbox_pending ",
        "wijkstem_runner_heartbeat_age_seconds ",
    ):
        assert name in answer.text


async def test_every_answer_carries_a_request_id(client: httpx.AsyncClient) -> None:
    """A request id is made up, or a sane incoming one is kept, and sent back."""
    made = await client.get("/")
    assert len(made.headers["x-request-id"]) == 16
    kept = await client.get("/", headers={"X-Request-ID": "abc-123-def-456"})
    assert kept.headers["x-request-id"] == "abc-123-def-456"
    odd = await client.get("/", headers={"X-Request-ID": "<script>"})
    assert odd.headers["x-request-id"] != "<script>"


async def test_health_reports_the_runner_and_fails_in_production_when_it_is_gone(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh heartbeat is ok; a stale one is a 503 in production."""
    from datetime import UTC, datetime, timedelta

    from app.jobs import runner
    from app.jobs.tables import RunnerBeat
    from app.settings import get_settings
    from app.web import ops_routes

    await runner.beat("health-test")
    answer = await client.get("/health")
    assert answer.status_code == 200 and answer.json()["runner"] == "ok"
    old = datetime.now(UTC) - timedelta(hours=1)
    await RunnerBeat.update({RunnerBeat.beat_at: old}).where(RunnerBeat.id > 0)
    production = replace(get_settings(), env="production")
    monkeypatch.setattr(ops_routes, "current_settings", lambda: production)
    stale = await client.get("/health")
    assert stale.status_code == 503 and stale.json()["runner"] == "stale"
