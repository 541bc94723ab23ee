"""The base of every back-office model view: French, permission domains, safe list parameters."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import abort, g, request
from flask_appbuilder import ModelView
from flask_babel import lazy_gettext as _l
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import Boolean, Integer
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload

from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, Optional

from school.errors import DomainError
from school.services import teacher_scope

log = logging.getLogger(__name__)

# Each view belongs to one permission domain (its ``class_permission_name``); roles grant
# "can_read" / "can_write" (and named actions) per domain in ``backoffice.security``.
READ_WRITE = {
    "list": "read", "show": "read", "api_read": "read",
    "add": "write", "edit": "write", "delete": "write", "action": "write", "action_post": "write",
}
MAX_PAGE_SIZE = 100
OUT_OF_SCOPE = _l("Cet enregistrement ne concerne pas l'un de vos cours.")


class SchoolInterface(SQLAInterface):
    """FAB's SQLAlchemy interface, eager-loading the relationships a list page displays."""

    def __init__(self, obj: type, session: Any = None, eager: tuple[str, ...] = ()) -> None:
        super().__init__(obj, session)
        self.eager = eager

    def _eager_options(self) -> list[Any]:
        """Build one loader option per dotted path: joined for many-to-one, select-in for collections."""
        options = []
        for path in self.eager:
            model, loader = self.obj, None
            for name in path.split("."):
                attr = getattr(model, name)
                prop = attr.property
                strategy = selectinload if prop.uselist else joinedload
                loader = strategy(attr) if loader is None else getattr(loader, strategy.__name__)(attr)
                model = prop.mapper.class_
            options.append(loader)
        return options

    def query(self, filters: Any = None, order_column: str = "", order_direction: str = "",
              page: int | None = None, page_size: int | None = None,
              select_columns: list[str] | None = None, outer_default_load: bool = False) -> tuple[int, list]:
        """Return the count and one page of rows, with the displayed relationships loaded up front."""
        query = self.session.query(self.obj)
        count = self.query_count(query, filters, select_columns)
        query = self.apply_all(query, filters, order_column, order_direction, page, page_size,
                               select_columns, outer_default_load)
        if self.eager:
            query = query.options(*self._eager_options())
        return count, query.all()


class TeacherScopeFilter(BaseFilter):
    """Keep only the rows of the logged teacher's courses; other staff see every row."""

    name = _l("Mes cours")

    def apply(self, query: Any, value: Any) -> Any:
        user = getattr(g, "user", None)
        if not teacher_scope.is_restricted_teacher(user):
            return query
        return query.filter(teacher_scope.scope_clause(self.model, user))


def _with_blank(choices: Callable[[], list[tuple[Any, str]]]) -> Callable[[], list[tuple[Any, str]]]:
    return lambda: [("", "—"), *choices()]


def relationship_columns(model: type, columns: list[str]) -> tuple[str, ...]:
    """Return the columns of ``columns`` that are relationships of ``model`` (to eager-load)."""
    relationships = sa_inspect(model).relationships
    return tuple(c for c in columns if c in relationships)


class SchoolModelView(ModelView):
    """A FAB model view with read/write permissions per domain and guarded list parameters.

    ``list_eager`` names the relationships (dotted paths allowed) the list page shows; they are
    loaded with the page's rows. Without it, the relationships among ``list_columns`` are.
    ``teacher_scoped`` restricts a teacher to the rows of their own courses, on reads (base filter,
    so another teacher's record by id is a 404) and on writes (pre_add/pre_update/pre_delete).
    """

    domain: str = "Configuration"
    method_permission_name = READ_WRITE
    page_size = 25
    list_eager: tuple[str, ...] | None = None
    teacher_scoped: bool = False
    # Columns whose values come from a fixed list: column -> callable returning (value, label) pairs.
    # They get a drop-down instead of a free-text box (labels are translated when the form is drawn).
    choice_columns: dict[str, Callable[[], list[tuple[Any, str]]]] = {}

    def __init__(self, **kwargs: Any) -> None:
        self.class_permission_name = self.domain
        if type(self.datamodel) is SQLAInterface:  # noqa: E721  (upgrade plain interfaces only)
            columns = list(self.list_columns or [])
            eager = self.list_eager if self.list_eager is not None else relationship_columns(
                self.datamodel.obj, columns)
            self.datamodel = SchoolInterface(self.datamodel.obj, eager=eager)
        elif isinstance(self.datamodel, SchoolInterface) and self.list_eager is not None:
            self.datamodel.eager = self.list_eager
        self._optional_checkboxes()
        self._choice_selects()
        if self.teacher_scoped:
            pk = self.datamodel.get_pk_name()
            self.base_filters = [[pk, TeacherScopeFilter, None], *(self.base_filters or [])]
        super().__init__(**kwargs)

    def _optional_checkboxes(self) -> None:
        """Let NOT NULL booleans be left unticked: FAB would mark their checkbox as required."""
        labels = self.label_columns or {}
        extra = {}
        for column in sa_inspect(self.datamodel.obj).columns:
            if isinstance(column.type, Boolean) and column.key not in (self.add_form_extra_fields or {}):
                extra[column.key] = BooleanField(labels.get(column.key, column.key), default=bool(column.default
                                                 and column.default.arg is True))
        if extra:
            self.add_form_extra_fields = {**extra, **(self.add_form_extra_fields or {})}
            self.edit_form_extra_fields = {**extra, **(self.edit_form_extra_fields or {})}

    def _choice_selects(self) -> None:
        """Offer a drop-down for every column of ``choice_columns``; empty only where the column allows it."""
        if not self.choice_columns:
            return
        labels = self.label_columns or {}
        columns = sa_inspect(self.datamodel.obj).columns
        extra = {}
        for key, choices in self.choice_columns.items():
            column = columns[key]
            coerce = int if isinstance(column.type, Integer) else str
            if column.nullable:
                field = SelectField(labels.get(key, key), choices=_with_blank(choices), validators=[Optional()],
                                    coerce=lambda v, c=coerce: c(v) if v not in (None, "", "None") else None)
            else:
                field = SelectField(labels.get(key, key), choices=choices, validators=[DataRequired()],
                                    coerce=coerce)
            extra[key] = field
        self.add_form_extra_fields = {**(self.add_form_extra_fields or {}), **extra}
        self.edit_form_extra_fields = {**(self.edit_form_extra_fields or {}), **extra}

    def create_blueprint(self, appbuilder: Any, endpoint: str | None = None, static_folder: str | None = None) -> Any:
        blueprint = super().create_blueprint(appbuilder, endpoint=endpoint, static_folder=static_folder)
        blueprint.before_request(self._guard_request)
        return blueprint

    def _guard_request(self) -> None:
        """Refuse crafted ids, page, page-size and sort parameters with a 4xx rather than a 500."""
        pk = (request.view_args or {}).get("pk")
        if pk is not None and not str(pk).isdigit():
            abort(404)
        views = {type(v).__name__: v for v in [self, *(self._related_views or [])]}
        if request.endpoint and request.endpoint.endswith(".action"):
            if (request.view_args or {}).get("name") not in self.actions:
                abort(404)
        if request.endpoint and request.endpoint.endswith(".action_post"):
            if request.form.get("action") not in self.actions:
                abort(400)
        for key, value in request.args.items():
            if key.startswith(("page_", "psize_")):
                if not value.isdigit() or len(value) > 7:
                    abort(400)
                if key.startswith("psize_") and not 0 < int(value) <= MAX_PAGE_SIZE:
                    abort(400)
            elif key.startswith("_oc_"):
                view = views.get(key[4:])
                if view is not None and value not in view.order_columns:
                    abort(400)

    def _list(self, **kwargs: Any) -> Any:
        # A filter value of the wrong type (a date "abc", an index out of range) fails in the query.
        try:
            return super()._list(**kwargs)
        except (ValueError, TypeError, IndexError, KeyError, SQLAlchemyError) as error:
            self.datamodel.session.rollback()
            log.info("Refused list parameters on %s: %s", type(self).__name__, error)
            abort(400)

    # Related views (tabs of a show page): only those of a domain the user may read, plus the
    # registered views of ``related_models`` (model class names, e.g. views other areas add later).
    related_models: tuple[str, ...] = ()
    # For a related view without a direct foreign key to the parent: {parent model: filter class}.
    parent_filters: dict[type, type[BaseFilter]] = {}

    def get_uninit_inner_views(self) -> list[type]:
        views = list(self.related_views or [])
        if self.related_models and self.appbuilder is not None:
            found: set[str] = set()
            for view in self.appbuilder.baseviews:
                model = getattr(getattr(view, "datamodel", None), "obj", None)
                name = getattr(model, "__name__", "")
                if (isinstance(view, SchoolModelView) and name in self.related_models and name not in found
                        and type(view) not in views):
                    views.append(type(view))
                    found.add(name)
        return views

    def readable_related_views(self) -> list[Any]:
        """Return the related views whose domain the current user may read."""
        sm = self.appbuilder.sm
        return [v for v in self._related_views if sm.has_access("can_read", v.class_permission_name)]

    def _get_related_views_widgets(self, item: Any, orders: Any = None, pages: Any = None,
                                   page_sizes: Any = None, widgets: Any = None, **args: Any) -> Any:
        widgets = widgets or {}
        widgets["related_views"] = []
        for view in self.readable_related_views():
            name = type(view).__name__
            order_column, order_direction = (orders or {}).get(name, ("", ""))
            widgets["related_views"].append(self._get_related_view_widget(
                item, view, order_column, order_direction,
                page=(pages or {}).get(name), page_size=(page_sizes or {}).get(name)))
        return widgets

    def _get_related_view_widget(self, item: Any, related_view: Any, order_column: str = "",
                                 order_direction: str = "", page: Any = None, page_size: Any = None) -> Any:
        parent_filter = getattr(related_view, "parent_filters", {}).get(self.datamodel.obj)
        if parent_filter is None:
            return super()._get_related_view_widget(item, related_view, order_column, order_direction,
                                                    page=page, page_size=page_size)
        filters = related_view.datamodel.get_filters()
        filters.add_filter_related_view(related_view.datamodel.get_pk_name(), parent_filter,
                                        self.datamodel.get_pk_value(item))
        return related_view._get_view_widget(filters=filters, order_column=order_column,
                                             order_direction=order_direction, page=page, page_size=page_size)

    def render_template(self, template: str, **kwargs: Any) -> Any:
        if "related_views" in kwargs:
            kwargs["related_views"] = self.readable_related_views()
        return super().render_template(template, **kwargs)

    # FAB's generic file download serves any name under UPLOAD_FOLDER: documents have their own route.
    def download(self, filename: str) -> Any:  # type: ignore[override]
        abort(404)

    # Writes of a teacher are re-checked against their courses, after the form filled the record.
    def _check_scope(self, item: Any) -> None:
        user = getattr(g, "user", None)
        if self.teacher_scoped and teacher_scope.is_restricted_teacher(user):
            if not teacher_scope.within_scope(item, user):
                self.datamodel.session.rollback()
                raise DomainError(str(OUT_OF_SCOPE))

    def pre_add(self, item: Any) -> None:
        self._check_scope(item)

    def pre_update(self, item: Any) -> None:
        self._check_scope(item)

    def pre_delete(self, item: Any) -> None:
        self._check_scope(item)

