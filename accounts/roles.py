"""The five roles of DESIGN section 2. What each may see and do is in accounts/access.py."""

from django.db import models


class Role(models.TextChoices):
    ANALYST = "analyst", "Home Office analyst"
    INSPECTOR = "inspector", "HMICFRS inspector"
    PCC = "pcc", "Police and Crime Commissioner"
    FORCE_DATA_OFFICER = "force_data_officer", "Force data officer"
    ADMINISTRATOR = "administrator", "Administrator"
