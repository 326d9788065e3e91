"""A force's register of its anti-social behaviour lead and action plans (the guarantee's
crackdown on anti-social behaviour: a named ASB lead in every force, and ASB action plans).
A lead stands down when the next is appointed; every change is kept in the history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AsbLead(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="asb_leads")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, help_text="Rank and post, e.g. Chief Superintendent")
    appointed_on = models.DateField()
    stood_down_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["force", "-appointed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stood_down_on__isnull=True)
                | models.Q(stood_down_on__gte=models.F("appointed_on")),
                name="asb_lead_stands_down_after_appointment",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.role}"


class AsbActionPlan(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="asb_plans")
    title = models.CharField(max_length=200)
    covers = models.CharField(
        max_length=200, help_text="The area it covers: the whole force or a named place"
    )
    published_on = models.DateField()
    review_due_on = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True, max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["force", "-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_due_on__isnull=True)
                | models.Q(review_due_on__gte=models.F("published_on")),
                name="asb_plan_review_after_publication",
            ),
        ]

    def __str__(self):
        return self.title

    def review_overdue(self, today) -> bool:
        return self.review_due_on is not None and self.review_due_on < today
