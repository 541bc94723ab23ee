"""Back-office views, one module per menu category."""
from __future__ import annotations

from flask_appbuilder import AppBuilder


def register_all(appbuilder: AppBuilder) -> None:
    """Register the views of every menu category."""
    from backoffice import api, security
    from backoffice.views import audit, configuration, pedagogy, people, teaching

    security.arrange_menu(appbuilder)  # the core model's menus first, in the menu's order
    for module in (people, teaching, pedagogy, configuration, audit, api):
        module.register(appbuilder)
    from backoffice.views import changes; changes.register(appbuilder)  # noqa: E702
    from backoffice.views import documents; documents.register(appbuilder)  # noqa: E702
    from backoffice.views import reenrolment; reenrolment.register(appbuilder)  # noqa: E702
    from backoffice.views import billing; billing.register(appbuilder)  # noqa: E702
