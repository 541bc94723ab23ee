"""The base of every back-office model view: French, permission domains, safe list parameters."""
from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_appbuilder import ModelView

# Each view belongs to one permission domain (its ``class_permission_name``); roles grant
# "can_read" / "can_write" (and named actions) per domain in ``backoffice.security``.
READ_WRITE = {
    "list": "read", "show": "read", "download": "read", "api_read": "read",
    "add": "write", "edit": "write", "delete": "write", "action": "write", "action_post": "write",
}


class SchoolModelView(ModelView):
    """A FAB model view with read/write permissions per domain and guarded sort parameters."""

    domain: str = "Configuration"
    method_permission_name = READ_WRITE
    page_size = 25

    def __init__(self, **kwargs: Any) -> None:
        self.class_permission_name = self.domain
        super().__init__(**kwargs)

    def _get_list_widget(self, *args: Any, **kwargs: Any) -> Any:
        # A crafted `_oc_` (order column) raises inside FAB: refuse it with a 400 instead of a 500.
        for key, value in request.args.items():
            if key.startswith("_oc_") and value not in self.order_columns:
                abort(400)
        return super()._get_list_widget(*args, **kwargs)
