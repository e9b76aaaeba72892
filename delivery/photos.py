"""Project photos: re-encoded and stored like proposal photos (no metadata, size, random name)."""

from __future__ import annotations

from app.accounts.permissions import Principal
from app.answer import FAILED, Answer, done, invalid, refused
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from delivery import rules, services
from delivery.tables import ProjectPhoto
from proposals import photos as stored
from proposals.photos import MAX_BYTES, Upload, read, valid_name

__all__ = ["MAX_BYTES", "Upload", "add_photo", "read", "valid_name"]


def _problem(upload: Upload) -> dict[str, str]:
    if not upload.data:
        return {"photo": _("Choose a photo to upload.")}
    if len(upload.data) > stored.MAX_BYTES:
        return {"photo": _("This photo is larger than 5 MB.")}
    if stored.sniff(upload.data) is None:
        return {"photo": _("This file is not a JPEG, PNG or WebP photo.")}
    if not upload.alt_text.strip():
        return {"alt_text": _("Describe the photo for people who cannot see it.")}
    if len(upload.alt_text) > stored.MAX_ALT:
        return {
            "alt_text": _("This text is too long (at most {limit} characters).").format(
                limit=stored.MAX_ALT
            )
        }
    return {}


async def add_photo(user: Principal, project_id: int, upload: Upload) -> Answer[int]:
    """Store one progress photo of a project (at most MAX_PHOTOS), audited."""
    project = await services.target(user, project_id)
    if isinstance(project, Answer):
        return project
    upload = await stored.clean_upload(upload)
    problems = _problem(upload)
    if problems:
        return invalid(problems)
    if len(project.photos) >= rules.MAX_PHOTOS:
        return invalid({"photo": _("A project can have at most 12 photos.")})
    kind = stored.sniff(upload.data)
    assert kind is not None  # noqa: S101 - checked in _problem
    name = stored.new_name(kind)
    try:
        stored.write_pending(name, upload.data)
        async with transaction():
            rows = await ProjectPhoto.insert(
                ProjectPhoto(
                    project=project_id,
                    filename=name,
                    content_type=kind,
                    alt_text=upload.alt_text.strip(),
                )
            ).returning(ProjectPhoto.id)
            await append_event(
                f"user:{user.id}",
                "delivery.photo",
                f"project:{project_id}",
                {"photo": int(rows[0]["id"]), "content_type": kind},
            )
    except OSError:
        stored.discard_pending([name])
        return refused(FAILED, _("We could not store the photo. Nothing was saved; try again."))
    except BaseException:
        stored.discard_pending([name])
        raise
    stored.publish([name])
    return done(int(rows[0]["id"]))
