"""Marshmallow schemas: the single parser of portal and API input."""
from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from marshmallow import Schema, ValidationError


def _plain(messages: Any) -> Any:
    """Return error messages with lazy (translatable) texts turned into plain strings.

    Marshmallow wraps a plain message in a list but keeps a lazy one as it is: wrap it the same way.
    """
    if isinstance(messages, dict):
        return {key: [str(value)] if isinstance(value, LazyString) else _plain(value)
                for key, value in messages.items()}
    if isinstance(messages, list):
        return [_plain(value) for value in messages]
    return str(messages) if isinstance(messages, LazyString) else messages


class TranslatedSchema(Schema):
    """A schema whose messages are written with ``lazy_gettext``: errors come out as plain strings."""

    def handle_error(self, error: ValidationError, data: Any, *, many: bool, **kwargs: Any) -> None:
        """Translate the error messages now, in the language of the current request."""
        plain = _plain(error.messages)
        if isinstance(error.messages, dict):
            error.messages.clear()
            error.messages.update(plain)
        elif isinstance(error.messages, list):
            error.messages[:] = plain


def field_errors(messages: Any) -> dict[str, str]:
    """Flatten marshmallow's messages to one sentence per field (``_`` for errors not tied to one)."""
    if not isinstance(messages, dict):
        messages = {"_": messages}
    flat: dict[str, str] = {}
    for name, value in messages.items():
        items = value if isinstance(value, list) else [value]
        flat[name] = " ".join(str(item) for item in items)
    return flat
