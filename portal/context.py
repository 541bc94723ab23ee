"""Values every portal template needs: the school's brand and, once logged in, the menu."""
from __future__ import annotations

from typing import Any

from flask_login import current_user
from markupsafe import Markup

from portal import bp
from portal.navigation import MENU
from school.rich_text import render as render_rich_text
from school.services import branding
from school.services.accounts import is_family
from school.services.settings import get_setting


@bp.app_template_filter("rich_text")
def rich_text(text: str | None) -> Markup:
    """Render an admin-written text (plain or a safe subset of HTML) for families."""
    return render_rich_text(text)


@bp.app_context_processor
def portal_globals() -> dict[str, Any]:
    """Expose the brand (admin-editable settings) and the menu to templates."""
    logged_in = current_user.is_authenticated and is_family(current_user)
    return {
        "portal_brand": {
            "school_name": get_setting("school_name", "Conservatoire"),
            "short_name": get_setting("school_short_name", "Conservatoire"),
            "contact": f"{get_setting('school_phone')} · {get_setting('school_email')}".strip(" ·"),
            "has_logo": bool(get_setting(branding.LOGO_KEY)),
        },
        "portal_menu": tuple((endpoint, str(label)) for endpoint, label in MENU) if logged_in else (),
    }
