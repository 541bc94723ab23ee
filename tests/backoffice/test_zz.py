from tests.backoffice.test_roles import *
def test_x(client, auth):
    own = (db.session.query(Enrolment.id).join(Course).filter(Course.label == "Culture musicale 1C2").one()[0])
    auth.staff_login("lblanchard")
    r = client.post("/evaluationview/add", data={"enrolment": str(own), "name": "Dictée de décembre", "date": "2026-12-07"})
    import re
    h = r.get_data(as_text=True)
    print(own, re.findall(r'(?:help-block|alert)[^>]*>(.*?)<', h, re.S)[:10])
    print(re.findall(r'<option[^>]*>.*?</option>', h)[:10])
    assert 0
