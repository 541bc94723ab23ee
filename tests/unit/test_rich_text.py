"""Texts admins write for families keep their layout and lose anything dangerous."""
from school.rich_text import render


def test_plain_text_keeps_its_paragraphs_and_is_escaped():
    assert render("Bienvenue.\n\nÀ bientôt <3") == "<p>Bienvenue.</p><p>À bientôt &lt;3</p>"


def test_safe_html_is_kept():
    html = render('<p>Voir <strong>le règlement</strong> : <a href="https://example.org/r.pdf">ici</a></p>')
    assert "<strong>le règlement</strong>" in html and 'href="https://example.org/r.pdf"' in html


def test_scripts_styles_handlers_and_javascript_links_are_removed():
    html = render('<p onclick="x()">Texte</p><script>alert(1)</script><style>p{}</style>'
                  '<a href="javascript:alert(1)">lien</a><img src="file:///etc/passwd"><form><input></form>')
    for bad in ("onclick", "<script", "alert(1)", "<style", "javascript:", "<img", "<form", "<input"):
        assert bad not in html
    assert "Texte" in html and "lien" in html


def test_empty_text_renders_nothing():
    assert render(None) == "" and render("   \n") == ""
