"""All models, imported here so ``flask_appbuilder.Model.metadata`` knows every table."""
from flask_appbuilder.security.sqla import models as security_models  # noqa: F401

from school.models.accounts import PortalSession, ThrottleEvent  # noqa: F401
from school.models.billing import (  # noqa: F401
    DiscountRule, Instrument, Invoice, InvoiceLine, NumberSequence, Payment, PaymentAllocation,
    Rental, SepaExport, SepaExportItem, SepaMandate, Tariff, TariffCategory,
)
from school.models.changes import ChangeRequest, ChangeRequestField  # noqa: F401
from school.models.content import AuditLog, OutboxMessage, PasswordResetToken, PortalText, Setting  # noqa: F401
from school.models.documents import Document, DocumentType  # noqa: F401
from school.models.organisation import Room, SchoolYear, Site  # noqa: F401
from school.models.people import Family, Guardian, ImageRightsConsent, SchoolLevel, Student  # noqa: F401
from school.models.progress import Absence, Evaluation, RepertoireItem, YearResult  # noqa: F401
from school.models.reenrolment import (  # noqa: F401
    CampaignDocumentType, CampaignFile, CourseOption, ReenrolmentCampaign, ReenrolmentChoice,
    ReenrolmentRequest,
)
from school.models.teaching import (  # noqa: F401
    Course, Cursus, Cycle, Department, Discipline, Enrolment, SchoolClass, Teacher,
)
