"""PEEL grades: record one, and compare a force's grades across frameworks, warning where the
frameworks' questions differ (a grade is comparable only within its framework's question)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import access
from engage.models import Framework, Grade, PeelGrade
from engage.policy import EngageDecision
from engage.services import _audit
from kit.history import tracked_save


@transaction.atomic
def grade_record(*, user, force, framework: str, question: str, year: int, grade: str, report=None):
    """Record (or correct) the force's grade on a question of a framework in a year."""
    access.require(user, EngageDecision.CHANGE_ENGAGE, force)
    if framework not in Framework.values:
        raise ValidationError({"framework": f"framework must be one of {', '.join(Framework)}."})
    if grade not in Grade.values:
        raise ValidationError({"grade": f"grade must be one of {', '.join(Grade)}."})
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Name the question or area graded."})
    peel = PeelGrade.objects.filter(
        force=force, framework=framework, question=question, year=year
    ).first() or PeelGrade(force=force, framework=framework, question=question, year=year)
    peel.grade, peel.report = grade, report
    peel.full_clean(exclude=["force", "report"], validate_constraints=False)
    tracked_save(peel, user=user, reason=f"PEEL grade {grade}")
    _audit(user, peel, "PEEL grade recorded", force=force.slug, grade=grade)
    return peel


@dataclass
class QuestionRow:
    question: str
    grades: dict[str, PeelGrade | None] = field(default_factory=dict)  # framework: latest grade
    missing_from: list[str] = field(default_factory=list)  # frameworks without the question

    @property
    def warning(self) -> str:
        if not self.missing_from:
            return ""
        frameworks = ", ".join(self.missing_from)
        return f"Not a question of {frameworks}: grades are comparable only within a framework."


def peel_comparison(grades, frameworks=None, questions_of=None) -> list[QuestionRow]:
    """Rows per question of the force's latest grade in each framework. `questions_of` gives
    each framework's questions (by default, those graded for any force); a question absent
    from a framework compared is warned about."""
    grades = list(grades)
    if frameworks is None:
        frameworks = [fw for fw in Framework.values if any(g.framework == fw for g in grades)]
    if questions_of is None:
        questions_of = framework_questions()
    questions = sorted({q for fw in frameworks for q in questions_of.get(fw, set())})
    questions += sorted({g.question for g in grades} - set(questions))
    rows = []
    for question in questions:
        row = QuestionRow(question)
        for fw in frameworks:
            found = [g for g in grades if g.framework == fw and g.question == question]
            row.grades[fw] = max(found, key=lambda g: g.year) if found else None
            if question not in questions_of.get(fw, set()):
                row.missing_from.append(fw)
        rows.append(row)
    return rows


def framework_questions() -> dict[str, set[str]]:
    """Each framework's questions, as graded for any force."""
    pairs = PeelGrade.objects.values_list("framework", "question").distinct()
    questions: dict[str, set[str]] = {}
    for framework, question in pairs:
        questions.setdefault(framework, set()).add(question)
    return questions
