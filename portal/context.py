"""Values every portal template needs: the school's brand and, once logged in, the menu."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from portal import bp
from portal.navigation import MENU
from school.services import branding
from school.services.accounts import is_family
from school.services.settings import get_setting


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
        "portal_menu": MENU if logged_in else (),
    }
