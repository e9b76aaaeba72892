"""Read the proposal and review forms from a request (multipart with photos, or urlencoded)."""

from __future__ import annotations

from litestar.datastructures import FormMultiDict, UploadFile

from app.web.types import WebRequest
from proposals import photos
from proposals.review import ReviewForm
from proposals.validation import ProposalForm

_FIELD_LIMIT = 20_000


def _text(form: FormMultiDict, name: str) -> str:
    value = form.get(name, "")
    return value.strip()[:_FIELD_LIMIT] if isinstance(value, str) else ""


async def proposal_form(request: WebRequest) -> tuple[ProposalForm, dict[str, str]]:
    """The typed proposal form plus its raw text values (to show the form again)."""
    form = await request.form()
    uploads: list[photos.Upload] = []
    for position in range(1, photos.MAX_PHOTOS + 1):
        upload = form.get(f"photo_{position}")
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        data = await upload.read(photos.MAX_BYTES + 1)
        if data:
            uploads.append(photos.Upload(data=data, alt_text=_text(form, f"alt_{position}")))
    remove = tuple(
        int(value)
        for value in form.getall("remove_photo", [])
        if isinstance(value, str) and value.isdigit() and len(value) < 10
    )
    raw = {key: value[:_FIELD_LIMIT] for key, value in form.multi_items() if isinstance(value, str)}
    typed = ProposalForm(
        title=_text(form, "title"),
        summary=_text(form, "summary"),
        description=_text(form, "description"),
        cost=_text(form, "cost")[:40],
        category=_text(form, "category"),
        area_code=_text(form, "area")[:20],
        age_confirmed=_text(form, "age_confirmed") == "yes",
        lat=_text(form, "lat")[:40],
        lon=_text(form, "lon")[:40],
        uploads=tuple(uploads),
        remove_photo_ids=remove,
    )
    return typed, raw


async def review_form(request: WebRequest) -> tuple[ReviewForm, dict[str, str]]:
    """The typed review form plus its raw values."""
    form = await request.form()
    raw = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    typed = ReviewForm(
        outcome=_text(form, "outcome")[:30],
        reason=_text(form, "reason"),
        new_cost=_text(form, "new_cost")[:40],
        scope_note=_text(form, "scope_note"),
        merge_into=_text(form, "merge_into")[:20],
    )
    return typed, raw
