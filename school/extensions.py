"""Flask extensions, created unbound so the app factory can attach them to any app."""
from flask_appbuilder.models.sqla.base import SQLA
from flask_babel import Babel
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

db = SQLA()
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
