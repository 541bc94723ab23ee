"""Benchmark harness: ``python -m bench`` (``make bench``); not run by the tests."""
