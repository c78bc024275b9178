"""Audit actions are one enum: the trail accepts nothing else, each value is stored once and
fits its column, and every member the enum lists is one the code writes."""

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from casework.accounts.commands import LOGGED_IN
from casework.accounts.model import TokenKind
from casework.actors import system_actor
from casework.audit import AuditedSession, AuditEntry, record
from casework.audit_actions import AuditAction
from casework.cases.model import Case

CASEWORK = Path(__file__).parents[2] / "casework"


def _members_written() -> set[str]:
    """Every `AuditAction.NAME` the domain's code names."""
    names = set()
    for path in CASEWORK.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "AuditAction"
            ):
                names.add(node.attr)
    return names


def test_the_trail_refuses_an_action_that_is_not_a_member():
    with pytest.raises(TypeError, match="AuditAction"):
        record(
            AuditedSession(),
            at=datetime(2026, 3, 2, tzinfo=UTC),
            actor=system_actor("test"),
            action="referral.acepted",  # type: ignore[arg-type]
            obj=Case(),
        )


def test_each_value_is_stored_once_and_fits_its_column():
    values = [action.value for action in AuditAction]
    assert len(values) == len(set(values)) == len(AuditAction.__members__)
    width = AuditEntry.__table__.c.action.type.length
    assert all(len(value) <= width for value in values)
    assert all(re.fullmatch(r"[a-z-]+\.[a-z_.-]+", value) for value in values)


def test_every_member_is_written_by_the_code_and_the_code_names_only_members():
    assert _members_written() == set(AuditAction.__members__)


def test_every_way_to_log_in_has_its_action():
    assert set(LOGGED_IN) == set(TokenKind)
    assert [LOGGED_IN[kind].value for kind in TokenKind] == [
        "user.logged_in.api",
        "user.logged_in.web",
    ]
