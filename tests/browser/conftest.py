"""Browser fixtures: the app served by a real HTTP server, Debian's Chromium, SMTP and axe-core.

Every browser test runs on SQLite only (mark it ``browser`` and ``sqlite_only``). The live server
serves the test's own ``app`` (and so its fresh database) from a thread; each request there gets its
own app context and database session, exactly as in production.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.mailserver import smtp_server  # noqa: F401  (fixture)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (free port) for one test; return its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    previous_site_url = app.config["SITE_URL"]
    app.config["SITE_URL"] = base_url  # links in e-mails point at this server
    try:
        yield base_url
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        app.config["SITE_URL"] = previous_site_url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh French browser tab whose relative URLs resolve against the live server."""
    context = browser.new_context(locale="fr-FR", base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        context.close()


def assert_no_axe_violations(page) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and fail with a readable report."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={
        "resultTypes": ["violations"],
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    })
    if results.violations_count:
        lines = [f"axe-core : {results.violations_count} violation(s) sur {page.url}"]
        for violation in results.response["violations"]:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
        pytest.fail("\n".join(lines), pytrace=False)
