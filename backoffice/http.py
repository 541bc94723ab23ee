"""Security headers and French error pages for every response (SECURITY.md 10–11)."""
from __future__ import annotations

from flask import Flask, Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from school.services import mail

ERROR_MESSAGES = {
    400: _l("La demande est invalide ou a expiré. Rechargez la page et recommencez."),
    403: _l("Vous n'avez pas accès à cette page."),
    404: _l("La page demandée n'existe pas."),
    405: _l("Cette action n'est pas permise ici."),
    413: _l("Le fichier envoyé est trop volumineux."),
    422: _l("Les données envoyées sont invalides."),
    429: _l("Trop de tentatives. Patientez quelques minutes avant de réessayer."),
    500: _l("Une erreur inattendue s'est produite. Réessayez plus tard."),
}

PORTAL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# FAB's templates use inline scripts; the back office is for trusted staff only.
BACKOFFICE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def register_http_hooks(app: Flask) -> None:
    """Add security headers, deliver committed e-mails, and render HTTP errors as French pages."""

    @app.after_request
    def deliver_mail(response: Response) -> Response:
        # Runs after the view committed. In the background by default, so that a response takes
        # the same time whether or not it sent an e-mail; inline when MAIL_BACKGROUND is off.
        try:
            if app.config.get("MAIL_BACKGROUND", True):
                mail.deliver_committed_in_background()
            else:
                mail.deliver_committed()
        except Exception:  # delivery problems never turn a done action into an error page
            app.logger.exception("Outbox delivery failed")
        return response

    @app.teardown_appcontext
    def deliver_leftover_mail(_exc: BaseException | None) -> None:
        # Commands and scripts commit outside requests: deliver what they queued when they finish.
        try:
            mail.deliver_committed()
        except Exception:
            app.logger.exception("Outbox delivery failed")

    @app.before_request
    def refuse_crafted_list_parameters() -> None:
        # FAB's own views (users, roles…) turn an unknown sort column or page size into a 500.
        view = getattr(app.view_functions.get(request.endpoint or ""), "__self__", None)
        if view is None or not hasattr(view, "datamodel"):
            return
        views = {type(v).__name__: v for v in [view, *(getattr(view, "_related_views", None) or [])]}
        for key, value in request.args.items():
            if key.startswith(("page_", "psize_")) and (not value.isdigit() or len(value) > 7):
                abort(400)
            if key.startswith("_oc_"):
                target = views.get(key[4:])
                if target is not None and value not in (getattr(target, "order_columns", None) or []):
                    abort(400)

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if request.path.startswith("/portail"):
            headers.setdefault("Content-Security-Policy", PORTAL_CSP)
        else:
            headers.setdefault("Content-Security-Policy", BACKOFFICE_CSP)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        code = error.code or 500
        if request.path.startswith("/api/"):
            return Response(
                response='{"message": "%s"}' % str(ERROR_MESSAGES.get(code, error.name)).replace('"', "'"),
                status=code,
                mimetype="application/json",
            )
        message = str(ERROR_MESSAGES.get(code, error.name))
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error", exc_info=error)
        return render_template("errors/error.html", code=500, message=str(ERROR_MESSAGES[500])), 500
