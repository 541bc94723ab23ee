"""Back-office views, one module per menu category."""
from __future__ import annotations

from flask_appbuilder import AppBuilder


def register_all(appbuilder: AppBuilder) -> None:
    """Register the views of every menu category, the core model's first (menu order)."""
    from backoffice import api, security
    from backoffice.views import (
        audit, billing, branding, changes, configuration, documents, pedagogy, people, reenrolment, teaching,
    )

    security.arrange_menu(appbuilder)
    for module in (people, teaching, pedagogy, configuration, branding, audit, api,
                   changes, documents, reenrolment, billing):
        module.register(appbuilder)
