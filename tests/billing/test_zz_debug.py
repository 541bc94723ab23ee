from flask import g, current_app
def test_a(client, auth):
    auth.staff_login("comptable")
    client.get("/invoiceview/list/")

def test_b(client, auth, app):
    auth.staff_login("secretariat")
    @app.after_request
    def dbg(resp):
        sm = current_app.appbuilder.sm
        v = [x for x in current_app.appbuilder.baseviews if type(x).__name__ == "InvoiceView"][0]
        print("DBG", g.user.username, [r.name for r in g.user.roles], sm.has_access("can_write", "Billing"), v.base_permissions, v.get_method_permission("generate"), sm.builtin_roles.get("Secrétariat"))
        return resp
    client.get("/invoiceview/list/")
