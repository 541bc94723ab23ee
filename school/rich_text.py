"""Texts admins write for families (portal texts, campaign texts): a small safe subset of HTML.

Plain text keeps its line breaks as paragraphs; HTML is cleaned by nh3 (the Ammonia sanitiser) to
paragraphs, line breaks, emphasis, lists and links to web or mail addresses. Nothing else survives,
so a text can never carry a script, a style or a form.
"""
from __future__ import annotations

import re

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h2", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def render(text: str | None) -> Markup:
    """Return ``text`` as safe HTML for a portal page."""
    if not text or not text.strip():
        return Markup("")
    if not _HAS_TAG.search(text):
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        return Markup("".join(f"<p>{escape(p)}</p>" for p in paragraphs))
    cleaned = nh3.clean(
        text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)
