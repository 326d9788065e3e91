"""PEEL grades: a force's grade on one question of one framework, in one year."""

from django.db import models
from simple_history.models import HistoricalRecords


class Framework(models.TextChoices):
    PEEL_2021_22 = "2021/22", "PEEL 2021/22"
    PEEL_2023_25 = "2023-25", "PEEL 2023–25"
    PEEL_2025_27 = "2025-27", "PEEL 2025–27"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class PeelGrade(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="peel_grades")
    framework = models.CharField(max_length=8, choices=Framework.choices)
    question = models.CharField(max_length=200, help_text="The question or area graded")
    year = models.PositiveSmallIntegerField(help_text="Year the inspection was published")
    grade = models.CharField(max_length=24, choices=Grade.choices)
    report = models.ForeignKey(
        "engage.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="grades"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["force", "framework", "question", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "framework", "question", "year"], name="one_grade_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.framework} {self.question} {self.year}: {self.grade}"
