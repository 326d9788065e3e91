from django.db import models


class Region(models.Model):
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PolicingBody(models.Model):
    """The local policing body that holds a force to account."""

    class Kind(models.TextChoices):
        PCC = "pcc", "Police and Crime Commissioner"
        PFCC = "pfcc", "Police, Fire and Crime Commissioner"
        MAYOR = "mayor", "Mayor"
        COMMON_COUNCIL = "common_council", "Common Council of the City of London"

    name = models.CharField(max_length=128, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "policing bodies"

    def __str__(self) -> str:
        return self.name


class ForceQuerySet(models.QuerySet):
    def with_reference(self):
        return self.select_related("region", "policing_body")


class Force(models.Model):
    """One of the 43 territorial police forces of England and Wales."""

    class Country(models.TextChoices):
        ENGLAND = "England"
        WALES = "Wales"

    slug = models.SlugField(
        max_length=64, unique=True, help_text="The force's id on data.police.uk, e.g. durham"
    )
    name = models.CharField(max_length=128, unique=True)
    ons_code = models.CharField(
        "ONS police force area code", max_length=9, unique=True, help_text="e.g. E23000008"
    )
    area_name = models.CharField("police force area", max_length=128)
    country = models.CharField(max_length=16, choices=Country.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="forces")
    policing_body = models.OneToOneField(
        PolicingBody, on_delete=models.PROTECT, related_name="force"
    )

    objects = ForceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("oversee_force", "Oversee the force as its local policing body"),
            ("submit_returns", "Submit data returns for the force"),
        ]

    def __str__(self) -> str:
        return self.name

    def population_in(self, year: int) -> "ForcePopulation | None":
        """The newest population figure for the year or the latest year before it."""
        return self.populations.filter(year__lte=year).order_by("-year").first()


class ForcePopulation(models.Model):
    """Resident population of a force's area in a year, with where the figure comes from."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["force", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["force", "year"], name="one_population_per_force_year")
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.year}: {self.population}"


class SimilarForce(models.Model):
    """One member of a force's most similar group, ranked by closeness."""

    class Source(models.TextChoices):
        OFFICIAL = "official", "Official list loaded by an administrator"
        COMPUTED = "computed", "Computed from reference data"

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="similar_forces")
    similar = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["force", "source", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "similar", "source"], name="similar_force_once_per_source"
            ),
            models.UniqueConstraint(
                fields=["force", "rank", "source"], name="similar_force_rank_once_per_source"
            ),
            models.CheckConstraint(
                condition=~models.Q(force=models.F("similar")), name="force_not_similar_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} ~ {self.similar} ({self.source} #{self.rank})"
