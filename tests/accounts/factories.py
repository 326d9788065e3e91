import factory
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.roles import Role
from accounts.services import user_assign_role
from forces.models import Force

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.uk")

    @factory.post_generation
    def password(self, create, value, **kwargs):
        # Hashing with argon2 is slow on purpose: only users who sign in by form get one.
        if value:
            self.set_password(value)
        else:
            self.set_unusable_password()
        if create:
            self.save()

    @factory.post_generation
    def role(self, create, value, **kwargs):
        if value:
            user_assign_role(user=self, role=value, force=kwargs.get("force"))


def user_with_role(role: Role, force: Force | None = None, **kwargs):
    return UserFactory(role=role, role__force=force, **kwargs)


class _SignInFactory(DjangoModelFactory):
    """What django-axes records of an attempt to sign in."""

    class Meta:
        abstract = True

    user_agent = "Mozilla/5.0"
    ip_address = "127.0.0.1"
    username = "alice-analyst"
    http_accept = "text/html"
    path_info = "/accounts/login/"


class AccessAttemptFactory(_SignInFactory):
    class Meta:
        model = AccessAttempt

    get_data = ""
    post_data = "username=alice-analyst"
    failures_since_start = 1


class AccessLogFactory(_SignInFactory):
    class Meta:
        model = AccessLog


class AccessFailureLogFactory(_SignInFactory):
    class Meta:
        model = AccessFailureLog

    locked_out = False
