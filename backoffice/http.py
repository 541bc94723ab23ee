"""Security headers and French error pages for every response (SECURITY.md 10–11)."""
from __future__ import annotations

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

ERROR_MESSAGES = {
    400: "La demande est invalide ou a expiré. Rechargez la page et recommencez.",
    403: "Vous n'avez pas accès à cette page.",
    404: "La page demandée n'existe pas.",
    405: "Cette action n'est pas permise ici.",
    413: "Le fichier envoyé est trop volumineux.",
    422: "Les données envoyées sont invalides.",
    429: "Trop de tentatives. Patientez quelques minutes avant de réessayer.",
    500: "Une erreur inattendue s'est produite. Réessayez plus tard.",
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
    """Add security headers to every response and render HTTP errors as French pages."""

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
                response='{"message": "%s"}' % ERROR_MESSAGES.get(code, error.name).replace('"', "'"),
                status=code,
                mimetype="application/json",
            )
        message = ERROR_MESSAGES.get(code, error.name)
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled error", exc_info=error)
        return render_template("errors/error.html", code=500, message=ERROR_MESSAGES[500]), 500
