# Django discovers <app>.admin; the registrations live with their subject.
from metrics.returns import admin as returns_admin  # noqa: F401 (registers the admins)
