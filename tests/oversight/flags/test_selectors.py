"""Which flags a user sees: the one-force reading the profile uses decides exactly as the
scoped list does, from the denied side too."""

import pytest

from oversight.flags.selectors import flags_visible_to, force_flags_visible_to
from tests.oversight.factories import FlagFactory, ReturnFlagFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["analyst", "inspector", "pcc_a", "pcc_b", "officer_a", "officer_b", "administrator"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_one_forces_flags_are_those_the_scoped_list_shows(persona, request, force_a, force_b):
    user = request.getfixturevalue(persona)
    for force in (force_a, force_b):
        FlagFactory(force=force)
        ReturnFlagFactory(force=force)
    for force in (force_a, force_b):
        expected = set(flags_visible_to(user).filter(force=force))
        assert set(force_flags_visible_to(user, force)) == expected


def test_a_data_officer_sees_only_their_forces_return_flags(officer_a, force_a, force_b):
    performance, returned = FlagFactory(force=force_a), ReturnFlagFactory(force=force_a)
    ReturnFlagFactory(force=force_b)
    assert list(force_flags_visible_to(officer_a, force_a)) == [returned]
    assert performance not in force_flags_visible_to(officer_a, force_a)
    assert not force_flags_visible_to(officer_a, force_b).exists()
