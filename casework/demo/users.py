"""Demo accounts, created in demo mode only, all with the demo password (see README)."""

from sqlalchemy import select

from casework.accounts.commands import create_user
from casework.accounts.model import User
from casework.actors import Role, system_actor
from casework.demo.network import NETWORK_CODE
from casework.network.model import Member, MemberKind, Network
from casework.uow import UnitOfWork

AIDS_CENTRE = "Regional AIDS Centre (demo)"
NARCOLOGY_CENTRE = "Regional Narcology Centre (demo)"  # a second institution, its own codes
# Every demo account's name starts with this; production refuses to start while one exists
# (casework.readiness).
DEMO_USERNAME_PREFIX = "demo-"


def seed_demo_users(uow: UnitOfWork, *, password: str) -> list[str]:
    """Create the missing demo accounts; returns the usernames created."""
    with uow:
        members = uow.session.scalars(
            select(Member).join(Network).where(Network.code == NETWORK_CODE).order_by(Member.id)
        ).all()
        existing = set(uow.session.scalars(select(User.username)))
    ngos = [m.id for m in members if m.kind is MemberKind.NGO and not m.outside_referrer]
    referrers = [m.id for m in members if m.outside_referrer]
    by_name = {m.name: m.id for m in members}
    wanted = [
        ("demo-caseworker", Role.CASEWORKER, ngos[0]),
        ("demo-supervisor", Role.SUPERVISOR, ngos[0]),
        ("demo-caseworker-2", Role.CASEWORKER, ngos[1]),
        # An outside referrer's caseworker: opens cases and refers, no governance.
        ("demo-caseworker-referrer", Role.CASEWORKER, referrers[0]),
        ("demo-focal", Role.FOCAL_POINT, by_name[AIDS_CENTRE]),
        ("demo-focal-2", Role.FOCAL_POINT, by_name[NARCOLOGY_CENTRE]),
        ("demo-coordinator", Role.COORDINATOR, None),
        ("demo-admin", Role.ADMIN, None),
    ]
    created = []
    for username, role, organisation_id in wanted:
        if username in existing:
            continue
        create_user(
            uow,
            actor=system_actor("demo-seed"),
            username=username,
            role=role,
            password=password,
            organisation_id=organisation_id,
        )
        created.append(username)
    return created
