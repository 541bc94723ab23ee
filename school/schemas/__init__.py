"""Marshmallow schemas: the single parser of portal and API input."""
