"""Tests of the portal area."""
