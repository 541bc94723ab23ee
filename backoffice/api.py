"""REST API (``/api/v1/...``) over the core records, with the back office's domains and roles.

Authentication is the staff session (``allow_browser_login``); FAB's token login is not enabled
(``FAB_ADD_SECURITY_API`` is off), so nothing here is exempt from CSRF: a write must carry the
``X-CSRFToken`` header. The OpenAPI document is served at ``/api/v1/_openapi`` (Swagger UI at
``/swagger/v1``, admins only).
"""
from __future__ import annotations

from flask_appbuilder import AppBuilder, ModelRestApi
from flask_appbuilder.models.sqla.interface import SQLAInterface

from backoffice.security import BILLING, PEOPLE, TEACHING
from backoffice.views.base import TeacherScopeFilter
from school.models import Course, Enrolment, Family, Invoice, Student

API_READ_WRITE = {
    "get": "read", "get_list": "read", "info": "read",
    "post": "write", "put": "write", "delete": "write",
}
READ_ONLY_ROUTES = {"get", "get_list", "info"}
WRITE_ROUTES = READ_ONLY_ROUTES | {"post", "put"}


class SchoolApi(ModelRestApi):
    """A model API whose permissions are the back office's read/write per domain."""

    domain = ""
    allow_browser_login = True
    csrf_exempt = False
    method_permission_name = API_READ_WRITE
    include_route_methods = READ_ONLY_ROUTES
    max_page_size = 100
    page_size = 25

    def __init__(self) -> None:
        self.class_permission_name = self.domain
        super().__init__()


class FamilyApi(SchoolApi):
    resource_name = "family"
    domain = PEOPLE
    datamodel = SQLAInterface(Family)
    include_route_methods = WRITE_ROUTES
    list_columns = ["id", "name", "reference", "qf_tranche", "resident", "payment_mode", "archived"]
    show_columns = list_columns + ["notes"]
    add_columns = ["name", "reference", "qf_tranche", "resident", "payment_mode", "notes"]
    edit_columns = add_columns
    search_columns = ["name", "reference", "archived"]
    order_columns = ["name", "reference"]


class StudentApi(SchoolApi):
    resource_name = "student"
    domain = PEOPLE
    datamodel = SQLAInterface(Student)
    include_route_methods = WRITE_ROUTES
    list_columns = ["id", "last_name", "first_name", "birth_date", "family_id", "family.name"]
    show_columns = ["id", "civility", "last_name", "first_name", "birth_date", "family_id", "address",
                    "postal_code", "city", "email", "phone_mobile"]
    add_columns = ["family", "civility", "last_name", "first_name", "birth_date", "address", "postal_code", "city",
                   "email", "phone_mobile"]
    edit_columns = add_columns
    search_columns = ["last_name", "first_name", "birth_date"]
    order_columns = ["last_name", "first_name", "birth_date"]


class CourseApi(SchoolApi):
    resource_name = "course"
    domain = TEACHING
    datamodel = SQLAInterface(Course)
    base_filters = [["id", TeacherScopeFilter, None]]
    list_columns = ["id", "label", "school_year.label", "discipline.name", "teacher.last_name", "weekday",
                    "start_time", "duration_minutes", "capacity"]
    show_columns = list_columns
    search_columns = ["label"]
    order_columns = ["label", "weekday", "start_time"]


class EnrolmentApi(SchoolApi):
    resource_name = "enrolment"
    domain = TEACHING
    datamodel = SQLAInterface(Enrolment)
    base_filters = [["id", TeacherScopeFilter, None]]
    include_route_methods = WRITE_ROUTES
    list_columns = ["id", "student_id", "student.last_name", "student.first_name", "course_id", "course.label",
                    "school_year.label", "status"]
    show_columns = list_columns
    add_columns = ["student", "course", "school_year", "status"]
    edit_columns = ["status"]
    search_columns = ["status"]
    order_columns = ["status", "created_at"]


class InvoiceApi(SchoolApi):
    resource_name = "invoice"
    domain = BILLING
    datamodel = SQLAInterface(Invoice)
    list_columns = ["id", "number", "kind", "family_id", "family.name", "period", "issued_on", "due_on",
                    "total_cents", "discount_cents"]
    show_columns = list_columns + ["label", "ledger"]
    search_columns = ["number", "period", "issued_on"]
    order_columns = ["number", "issued_on"]


def register(appbuilder: AppBuilder) -> None:
    """Register the REST API."""
    for api in (FamilyApi, StudentApi, CourseApi, EnrolmentApi, InvoiceApi):
        appbuilder.add_api(api)
