"""The API's forces: the ones the signed-in user may see, served here because which forces
those are is the access policy's to say."""

from rest_framework import viewsets

from accounts import access
from accounts.access import Decision
from accounts.selectors import forces_visible_to
from forces.serializers import ForceSerializer


class ForceViewSet(viewsets.ReadOnlyModelViewSet):
    """The territorial police forces the signed-in user may see, by data.police.uk id."""

    serializer_class = ForceSerializer
    lookup_field = "slug"
    # A data.police.uk id; anything else (a NUL, which PostgreSQL refuses) is no force's.
    lookup_value_regex = "[-a-z0-9]+"
    permission_map = {
        "list": access.lists(Decision.SEE_FORCE),
        "retrieve": access.sees(Decision.SEE_FORCE),
    }

    def get_queryset(self):
        return forces_visible_to(self.request.user).prefetch_related("populations")
