"""Tests of the browser area."""
