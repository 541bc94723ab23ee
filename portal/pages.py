"""Temporary pages so every menu entry resolves; each is replaced by its own module."""
from __future__ import annotations

from flask import render_template

from portal import bp
from portal.access import family_required

