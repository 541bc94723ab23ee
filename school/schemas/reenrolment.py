"""Input schemas of the re-enrolment wizard and of the document import form (French messages)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, fields, pre_load, validate

from school.schemas import TranslatedSchema

from school.services.reenrolment import CourseAnswer

YES_NO = ("oui", "non")


def _strip(data: Any) -> dict[str, Any]:
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    return {k: v.strip() if isinstance(v, str) else v for k, v in dict(data).items()
            if not (isinstance(v, str) and v.strip() == "")}


class _Form(TranslatedSchema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def clean(self, data: Any, **_kwargs: Any) -> dict[str, Any]:
        """Trim values and treat empty ones as missing."""
        return _strip(data)


class WantsSchema(_Form):
    """« Je souhaite / je ne souhaite pas réinscrire X »."""

    wants = fields.String(required=True, validate=validate.OneOf(YES_NO, error=_l("Choisissez une réponse.")),
                          error_messages={"required": _l("Choisissez une réponse.")})


class ImageRightsSchema(_Form):
    """Step 2: the explicit image-rights answer (no default)."""

    image_rights = fields.String(
        required=True, validate=validate.OneOf(YES_NO, error=_l("Répondez Oui ou Non au droit à l'image.")),
        error_messages={"required": _l("Répondez Oui ou Non au droit à l'image.")})


class CoursesSchema(_Form):
    """Step 4: the free text; the per-discipline answers are read by ``course_answers``."""

    information = fields.String(load_default=None, validate=validate.Length(
        max=2000, error=_l("L'information complémentaire est limitée à 2000 caractères.")))


class SummarySchema(_Form):
    """Step 5: « J'accepte » is required."""

    accept = fields.String(required=True, error_messages={
        "required": _l("Cochez « J'accepte » pour valider votre demande de réinscription.")})


class UploadSchema(_Form):
    """The document import form (the file itself is checked by the documents service)."""

    document_type_id = fields.Integer(required=True, error_messages={
        "required": _l("Choisissez le type de document."), "invalid": _l("Choisissez le type de document.")})
    student_id = fields.Integer(load_default=None, error_messages={"invalid": _l("Choisissez l'élève.")})


def course_answers(form: Any, discipline_ids: list[int]) -> list[CourseAnswer]:
    """Read the "Réinscription" box and chosen option of each discipline from a posted form."""
    answers = []
    for discipline_id in discipline_ids:
        raw = (form.get(f"option-{discipline_id}") or "").strip()
        answers.append(CourseAnswer(
            discipline_id=discipline_id,
            renew=form.get(f"renew-{discipline_id}") in ("1", "on", "oui"),
            option_id=int(raw) if raw.isdigit() else None,
        ))
    return answers
