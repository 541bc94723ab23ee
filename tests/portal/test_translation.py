"""A second language is added with translation files alone (French is the message-id language)."""
import subprocess
import sys
from pathlib import Path

import pytest

import config

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Se connecter"
msgstr "Log in"

msgid "Mot de passe perdu"
msgstr "Forgotten password"
'''


@pytest.fixture(scope="module")
def english_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("translations")
    messages = folder / "en" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "messages.po").write_text(PO, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(folder), "-l", "en"],
                   check=True, capture_output=True)
    return folder


@pytest.fixture
def app_overrides(english_catalogue: Path):
    return {
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": {"en": {"flag": "gb", "name": "English"}, "fr": {"flag": "fr", "name": "Français"}},
        "BABEL_TRANSLATION_DIRECTORIES": f"{config.BASE_DIR / 'translations'};{english_catalogue}",
    }


def test_login_page_speaks_the_added_language(client):
    page = client.get("/portail/connexion").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page and "Forgotten password" in page
    assert "Se connecter" not in page
    assert "Identifiant" in page  # not in the test catalogue: falls back to the French text
