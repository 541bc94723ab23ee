"""Back-office views, one module per menu category."""
from __future__ import annotations

from flask_appbuilder import AppBuilder


def register_all(appbuilder: AppBuilder) -> None:
    """Register the views of every menu category."""
