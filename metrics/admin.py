# Django discovers <app>.admin; the registrations live with their subject.
from metrics.catalogue import admin as catalogue_admin  # noqa: F401 (registers the admins)
from metrics.returns import admin as returns_admin  # noqa: F401
