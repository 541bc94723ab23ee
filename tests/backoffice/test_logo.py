"""Configuration › Logo: admins upload the image families see on every portal page."""
import io
from pathlib import Path

from school.extensions import db
from school.models import Setting
from tests.fixtures.files import png


def upload(client, data: bytes, name: str = "logo.png"):
    return client.post("/configuration/logo/", data={"logo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_admin_uploads_a_logo_shown_on_the_portal(app, client, auth):
    assert 'class="brand-logo"' not in client.get("/portail/connexion").get_data(as_text=True)
    assert client.get("/portail/logo").status_code == 404
    auth.staff_login("admin")
    response = upload(client, png())
    assert response.status_code == 302
    assert "Le logo est enregistré" in client.get("/configuration/logo/").get_data(as_text=True)
    auth.staff_logout()
    assert 'src="/portail/logo"' in client.get("/portail/connexion").get_data(as_text=True)
    logo = client.get("/portail/logo")
    assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == png()


def test_replacing_the_logo_removes_the_previous_file(app, client, auth):
    auth.staff_login("admin")
    upload(client, png())
    first = db.session.query(Setting.value).filter_by(key="school_logo").scalar()
    upload(client, png())
    db.session.expire_all()
    second = db.session.query(Setting.value).filter_by(key="school_logo").scalar()
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert first != second and not (folder / first).exists() and (folder / second).exists()


def test_a_non_image_is_refused_in_french(client, auth):
    auth.staff_login("admin")
    response = upload(client, b"MZ\x90\x00 not an image", "logo.png")
    assert response.status_code == 422
    assert "Le logo doit être une image PNG ou JPEG." in response.get_data(as_text=True)
    assert db.session.query(Setting.value).filter_by(key="school_logo").scalar() is None


def test_only_configuration_writers_change_the_logo(client, auth):
    auth.staff_login("secretariat")
    assert upload(client, png()).status_code in (302, 403)
    assert db.session.query(Setting.value).filter_by(key="school_logo").scalar() is None
