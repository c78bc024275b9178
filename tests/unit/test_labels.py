"""One word per code: every member of every enum the texts name has exactly one label, and
every language its own name."""

import pytest

from casework.languages import Language
from texts.labels import LABELS, LANGUAGE_NAMES, label


@pytest.mark.parametrize("enum", list(LABELS), ids=lambda enum: enum.__name__)
def test_every_member_of_a_labelled_enum_has_a_label(enum):
    assert set(LABELS[enum]) == set(enum)
    assert all(label(member).strip() for member in enum)


def test_every_language_is_named_in_itself():
    assert set(LANGUAGE_NAMES) == set(Language)
