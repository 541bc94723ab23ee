"""The one PDF engine wrapper: HTML from autoescaped templates → PDF via pdfkit and wkhtmltopdf.

wkhtmltopdf runs without JavaScript, without local file access and without images: templates
inline their CSS and carry their page furniture (headers, page numbers) in the HTML, because
Debian's build ignores the header/footer switches.
"""
from __future__ import annotations

import shutil
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from school.errors import DomainError

OPTIONS: dict[str, Any] = {
    "quiet": "",
    "encoding": "UTF-8",
    "page-size": "A4",
    "margin-top": "12mm",
    "margin-bottom": "12mm",
    "margin-left": "12mm",
    "margin-right": "12mm",
    "disable-javascript": "",
    "disable-local-file-access": "",
    "no-images": "",
}


class PdfUnavailable(DomainError):
    """The PDF engine is not installed or failed."""


def engine_path() -> str | None:
    """Return the wkhtmltopdf executable configured (``WKHTMLTOPDF``), or None when missing."""
    configured = current_app.config.get("WKHTMLTOPDF") or "wkhtmltopdf"
    return shutil.which(configured)


def html_to_pdf(html: str) -> bytes:
    """Convert an HTML string to PDF bytes.

    :raises PdfUnavailable: when wkhtmltopdf is missing or fails.
    """
    import pdfkit

    path = engine_path()
    if path is None:
        raise PdfUnavailable(_("La génération des PDF est momentanément indisponible (wkhtmltopdf n'est pas "
                               "installé)."))
    try:
        return pdfkit.from_string(html, False, configuration=pdfkit.configuration(wkhtmltopdf=path),
                                  options=dict(OPTIONS))
    except OSError as err:
        current_app.logger.error("wkhtmltopdf failed: %s", err)
        raise PdfUnavailable(_("La génération du PDF a échoué. Réessayez plus tard.")) from err


def render_pdf(template: str, **context: Any) -> bytes:
    """Render the autoescaped Jinja template ``template`` and convert it to PDF.

    :raises PdfUnavailable: when wkhtmltopdf is missing or fails.
    """
    # The app's Jinja environment autoescapes .html templates; rendering through it directly
    # keeps request-bound context processors (menus, logged-in user) out of documents.
    return html_to_pdf(current_app.jinja_env.get_template(template).render(**context))
