"""Submitting proposals over HTTP: the happy path with a photo, and refusals that store nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import (
    PNG,
    Place,
    new_id,
    proposal_count,
    proposal_fields,
    submit,
    upload_files,
)
from tests.support.images import noisy_png
from tests.support.web import Account, login

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[int]]
MakeResident = Callable[..., Awaitable[Account]]


async def test_a_resident_submits_a_proposal_with_a_photo(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    """The proposal, version 1, its history entry, the audit event and the photo are stored."""
    from app.audit.tables import AuditEvent
    from proposals import queries

    round_id = await make_round()
    await login(client, await resident())
    form = await client.get(f"/rondes/{round_id}/voorstellen/nieuw")
    assert form.status_code == 200
    assert 'data-testid="proposal-form"' in form.text
    response = await submit(
        client,
        round_id,
        {**proposal_fields(place), "alt_1": "Het pad langs de vijver"},
        files={"photo_1": ("pad.png", PNG, "image/png")},
    )
    proposal_id = new_id(response)
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None
    assert (found.status, found.cost_cents, found.area_code) == (
        "submitted",
        450_000,
        place.buurt,
    )
    assert [v.version for v in await queries.versions(proposal_id)] == [1]
    assert [h.status for h in await queries.status_history(proposal_id)] == ["submitted"]
    event = await AuditEvent.select().where(AuditEvent.subject == f"proposal:{proposal_id}").first()
    assert event is not None and event["action"] == "proposal.submit"
    assert "Bankjes" not in event["payload"] and "@" not in event["payload"]

    stored = await queries.photos_of(proposal_id)
    assert [(p.content_type, p.alt_text) for p in stored] == [
        ("image/png", "Het pad langs de vijver")
    ]
    page = await client.get(f"/voorstellen/{proposal_id}")
    assert page.status_code == 200
    assert "<strong>drie bankjes</strong>" in page.text
    assert "Bea Bewoner" in page.text and "@example.org" not in page.text
    assert "Ingediend" in page.text
    photo = await client.get(f"/fotos/{stored[0].filename}")
    assert photo.status_code == 200
    assert photo.content.startswith(b"\x89PNG")
    assert photo.headers["content-type"] == "image/png"
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert photo.headers["content-disposition"] == "inline"
    assert "default-src 'none'" in photo.headers["content-security-policy"]
    assert not any(name.startswith(".incoming-") for name in upload_files())


async def test_photo_route_refuses_unknown_and_path_like_names(client: Client) -> None:
    for name in ("nope.png", "..%2F..%2Fetc%2Fpasswd", "a" * 32 + ".png"):
        response = await client.get(f"/fotos/{name}")
        assert response.status_code == 404


async def test_a_resident_outside_the_area_is_refused(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    round_id = await make_round()
    await login(client, await resident(postcode=place.outside_postcode))
    assert (await client.get(f"/rondes/{round_id}/voorstellen/nieuw")).status_code == 403
    response = await submit(client, round_id, proposal_fields(place))
    assert response.status_code == 403
    assert "Alleen bewoners van" in response.text
    assert await proposal_count(round_id) == 0


async def test_proposals_are_refused_outside_the_proposing_phase(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    round_id = await make_round(phase="reviewing")
    await login(client, await resident())
    response = await submit(client, round_id, proposal_fields(place))
    assert response.status_code == 403
    assert await proposal_count(round_id) == 0


async def test_anonymous_visitors_must_log_in(client: Client, make_round: MakeRound) -> None:
    round_id = await make_round()
    response = await client.get(f"/rondes/{round_id}/voorstellen/nieuw", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/inloggen")


async def test_bad_fields_are_refused_with_the_form_shown_again(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    """Over cost, empty, overlong, wrong area or category: 400, the form again, nothing stored."""
    round_id = await make_round(max_cost_cents=1_000_000, categories=["Groen", "Spelen"])
    await login(client, await resident())
    cases = [
        ({"cost": "10.000,01", "category": "Groen"}, "cost"),
        ({"title": "", "category": "Groen"}, "title"),
        ({"title": "x" * 121, "category": "Groen"}, "title"),
        ({"summary": "y" * 301, "category": "Groen"}, "summary"),
        ({"description": "z" * 10_001, "category": "Groen"}, "description"),
        ({"category": "Verkeer"}, "category"),
        ({"category": "Groen", "area": "GM0014"}, "area"),
        ({"category": "Groen", "cost": "twaalf"}, "cost"),
    ]
    for overrides, field_name in cases:
        response = await submit(client, round_id, proposal_fields(place, **overrides))
        assert response.status_code == 400, overrides
        assert f'href="#{field_name}"' in response.text, overrides
        assert 'data-testid="proposal-form"' in response.text
    assert await proposal_count(round_id) == 0


async def test_fake_and_oversized_photos_are_refused_and_leave_no_file(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    round_id = await make_round()
    await login(client, await resident())
    before = upload_files()
    fake = await submit(
        client,
        round_id,
        proposal_fields(place),
        files={"photo_1": ("kat.png", b"<html><script>alert(1)</script>", "image/png")},
    )
    assert fake.status_code == 400
    assert "geen JPEG-, PNG- of WebP-foto" in fake.text
    large = await submit(
        client,
        round_id,
        proposal_fields(place),
        files={"photo_2": ("groot.png", PNG + b"\x00" * (5 * 1024 * 1024), "image/png")},
    )
    assert large.status_code == 400
    assert "groter dan 5 MB" in large.text
    assert await proposal_count(round_id) == 0
    assert upload_files() == before


async def test_the_age_rule_needs_the_confirmation(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    round_id = await make_round(proposer_min_age=16)
    await login(client, await resident())
    form = await client.get(f"/rondes/{round_id}/voorstellen/nieuw")
    assert "Ik ben minstens 16 jaar oud." in form.text
    refused = await submit(client, round_id, proposal_fields(place))
    assert refused.status_code == 400
    assert await proposal_count(round_id) == 0
    new_id(await submit(client, round_id, proposal_fields(place, age_confirmed="yes")))


async def test_script_in_user_text_is_shown_as_text(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    round_id = await make_round()
    await login(client, await resident())
    script = "<script>alert('x')</script>"
    fields = proposal_fields(
        place,
        title=f"Speeltuin {script}",
        summary=f"Samen {script}",
        description=f"{script}\n\n<img src=x onerror=alert(1)> [klik](javascript:alert(1))",
    )
    proposal_id = new_id(await submit(client, round_id, fields))
    for path in (f"/voorstellen/{proposal_id}", f"/rondes/{round_id}/voorstellen"):
        page = await client.get(path)
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert" in page.text
        assert "onerror=alert" not in page.text.replace("&lt;img src=x onerror=alert", "")
        assert 'href="javascript:' not in page.text


async def test_three_large_photos_fit_in_one_submission(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    """Three photos just under 5 MB each (over the site-wide body limit together) are accepted."""
    from proposals import queries

    round_id = await make_round()
    await login(client, await resident())
    big = noisy_png(5 * 1024 * 1024 - 64 * 1024)
    assert 4 * 1024 * 1024 < len(big) < 5 * 1024 * 1024
    files = {f"photo_{n}": (f"{n}.png", big, "image/png") for n in (1, 2, 3)}
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place), files=files))
    assert len(await queries.photos_of(proposal_id)) == 3


async def test_a_proposal_photo_loses_its_gps_position(
    client: Client, place: Place, make_round: MakeRound, resident: MakeResident
) -> None:
    """An uploaded JPEG with EXIF GPS tags is not served byte for byte: the position is gone."""
    from proposals import queries
    from tests.support.images import jpeg_with_gps

    round_id = await make_round()
    await login(client, await resident())
    original = jpeg_with_gps()
    response = await submit(
        client,
        round_id,
        {**proposal_fields(place), "alt_1": "Het pad"},
        files={"photo_1": ("pad.jpg", original, "image/jpeg")},
    )
    [stored] = await queries.photos_of(new_id(response))
    served = (await client.get(f"/fotos/{stored.filename}")).content
    assert served != original and served.startswith(b"\xff\xd8")
    assert b"WijkstemCam" not in served and b"Exif" not in served
