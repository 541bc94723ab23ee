"""Names of the staff and family roles (their permissions live in ``backoffice.security``)."""
ADMIN = "Admin"
SECRETARIAT = "Secrétariat"
ACCOUNTING = "Comptabilité"
TEACHER = "Enseignant"
READ_ONLY = "Consultation"
FAMILY = "Famille"

STAFF_ROLES = (ADMIN, SECRETARIAT, ACCOUNTING, TEACHER, READ_ONLY)
ALL_ROLES = STAFF_ROLES + (FAMILY,)
