"""Commands that build and change the network registry; each is one audited transaction."""

import re
from datetime import date
from typing import TypedDict

from sqlalchemy import select

from casework.access import is_governor, refused
from casework.actors import Actor, Role
from casework.audit_actions import AuditAction
from casework.cases.population_groups import adopt_default_groups
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.escalation.commands.thresholds import adopt_default_thresholds
from casework.languages import Language
from casework.network.districts import District
from casework.network.model import (
    FocalPoint,
    GovernmentSubtype,
    Member,
    MemberKind,
    MemberService,
    Network,
    SubNetwork,
)
from casework.network.queries import member_entry, require_directory_keeper, visible_member
from casework.network.services import ServiceCode
from casework.network.views import MemberEntry
from casework.uow import UnitOfWork


def register_network(
    uow: UnitOfWork,
    *,
    actor: Actor,
    code: str,
    name: str,
    region: str,
    sub_networks: list[tuple[str, str]] = (),  # type: ignore[assignment]
    is_demo: bool = False,
) -> int:
    with uow:
        if uow.session.scalar(select(Network.id).where(Network.code == code)) is not None:
            raise Conflict(
                "network.code_taken",
                "a network with code '{code}' already exists",
                field="code",
                code=code,
            )
        network = Network(code=code, name=name, region=region, is_demo=is_demo)
        uow.session.add(network)
        uow.session.flush()
        for sub_name, district in sub_networks:
            uow.session.add(SubNetwork(network_id=network.id, name=sub_name, district=district))
        adopt_default_thresholds(uow.session, network_id=network.id, now=uow.now())
        adopt_default_groups(uow.session, network_id=network.id)
        uow.audit(actor, AuditAction.NETWORK_REGISTERED, network)
        uow.commit()
        return network.id


def admit_member(
    uow: UnitOfWork,
    *,
    actor: Actor,
    network_id: int,
    name: str,
    kind: MemberKind,
    joined_on: date,
    subtype: GovernmentSubtype | None = None,
    sub_network_id: int | None = None,
    services: list[ServiceCode] = (),  # type: ignore[assignment]
    focal_point_title: str | None = None,
    focal_point_email: str | None = None,
    is_demo: bool = False,
    outside_referrer: bool = False,
) -> int:
    """Admit a member from `joined_on`; it receives referrals once it has also signed the
    valid memorandum. The network's administrators (or the coordinator) decide.
    With `outside_referrer`, register an NGO that is not a member but refers beneficiaries
    from `joined_on`: no governance rights, no services offered, no referrals received."""
    if not is_governor(actor):
        raise PermissionDenied(
            "network.admit_governor_only",
            "only the network coordinator or an administrator admits members",
        )
    if subtype is not None and kind is not MemberKind.GOVERNMENT:
        raise InvalidInput(
            "network.subtype_government_only",
            "only government members have a subtype",
            field="subtype",
        )
    if outside_referrer:
        _check_outside_referrer(kind, services, focal_point_title)
    with uow:
        if uow.session.get(Network, network_id) is None:
            raise NotFound(
                "network.unknown",
                "network {network_id} does not exist",
                field="network_id",
                network_id=network_id,
            )
        if sub_network_id is not None:
            sub_network = uow.session.get(SubNetwork, sub_network_id)
            if sub_network is None or sub_network.network_id != network_id:
                raise InvalidInput(
                    "network.unknown_subnetwork",
                    "no such sub-network in the network",
                    field="sub_network_id",
                )
        member = Member(
            network_id=network_id,
            sub_network_id=sub_network_id,
            name=name,
            kind=kind,
            subtype=subtype,
            joined_on=joined_on,
            is_demo=is_demo,
            outside_referrer=outside_referrer,
            services=[MemberService(service=s) for s in dict.fromkeys(services)],
        )
        uow.session.add(member)
        uow.session.flush()
        if focal_point_title:
            uow.session.add(
                FocalPoint(member_id=member.id, title=focal_point_title, email=focal_point_email)
            )
        admitted = (
            AuditAction.OUTSIDE_REFERRER_REGISTERED
            if outside_referrer
            else AuditAction.MEMBER_ADMITTED
        )
        uow.audit(actor, admitted, member)
        uow.commit()
        return member.id


def _check_outside_referrer(
    kind: MemberKind, services: list[ServiceCode], focal_point_title: str | None
) -> None:
    """An outside referrer is an NGO that sends people to the members: it offers nothing
    under the memorandum, so it has no services and no focal point to receive referrals."""
    if kind is not MemberKind.NGO:
        raise InvalidInput(
            "network.outside_referrer_ngo_only",
            "only an NGO may be registered as an outside referrer",
            field="outside_referrer",
        )
    if services:
        raise InvalidInput(
            "network.outside_referrer_offers_nothing",
            "an outside referrer offers no services under the memorandum",
            field="services",
        )
    if focal_point_title:
        raise InvalidInput(
            "network.outside_referrer_receives_nothing",
            "an outside referrer receives no referrals, so it has no focal point",
            field="focal_point_title",
        )


def set_form_language(
    uow: UnitOfWork, *, actor: Actor, member_id: int, language: Language | None
) -> None:
    """Choose the language an NGO's referral forms are printed in (None: the region's default).
    The network's governors decide, or the NGO's own supervisor; its caseworkers are told no,
    anyone else that there is no such NGO."""
    with uow:
        member = uow.session.get(Member, member_id, with_for_update=True)
        if (
            member is None
            or member.kind is not MemberKind.NGO
            or not (is_governor(actor) or actor.organisation_id == member_id)
        ):
            missing = NotFound(
                "ngo.not_found", "NGO {ngo_id} not found", field="member_id", ngo_id=member_id
            )
            raise refused(uow.session, actor, member, missing)
        if not (is_governor(actor) or actor.role is Role.SUPERVISOR):
            raise PermissionDenied(
                "network.form_language_forbidden",
                "only administrators or the NGO's supervisor choose its language",
            )
        member.form_language = None if language is None else language.value
        uow.audit(actor, AuditAction.MEMBER_FORM_LANGUAGE_SET, member)
        uow.commit()


class DirectoryChanges(TypedDict, total=False):
    """The fields of a member's directory entry to change; a field left out stays as it is,
    None (or blank text) clears it."""

    district: District | None
    address: str | None
    phone: str | None
    opening_hours: str | None
    referral_contact: str | None


# The longest text each field takes (the column's length).
DIRECTORY_TEXT_LIMITS = {"address": 300, "phone": 40, "opening_hours": 200, "referral_contact": 200}
# A phone number as it is written on a sign: digits, spaces, +, -, brackets; at least a local
# number's five digits.
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
_PHONE_DIGITS = 5


def _clean(field: str, value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > DIRECTORY_TEXT_LIMITS[field] or "\x00" in text:
        raise InvalidInput(
            "member.directory_text",
            "'{name}' takes at most {limit} characters of text",
            field=field,
            name=field,
            limit=DIRECTORY_TEXT_LIMITS[field],
        )
    if field == "phone" and not (
        _PHONE.match(text) and sum(c.isdigit() for c in text) >= _PHONE_DIGITS
    ):
        raise InvalidInput(
            "member.directory_phone",
            "a phone number has digits, spaces, '+', '-' and brackets only",
            field="phone",
        )
    return text


def edit_directory_entry(
    uow: UnitOfWork, *, actor: Actor, member_id: int, changes: DirectoryChanges
) -> MemberEntry:
    """Change where and when a member receives people and how to reach it, as the directory
    shows and the referral form prints it. The network's coordinator (or an administrator)
    keeps the directory; another network's member, or an unknown one, is NotFound to all."""
    cleaned: dict[str, object] = {}
    for field, value in changes.items():
        if field == "district":
            if value is not None and not isinstance(value, District):
                raise InvalidInput(
                    "member.directory_district", "not a district of the region", field="district"
                )
            cleaned[field] = value
        elif field in DIRECTORY_TEXT_LIMITS:
            cleaned[field] = _clean(field, value)  # type: ignore[arg-type]
        else:
            raise InvalidInput(
                "member.directory_field",
                "'{name}' is not in the directory",
                field=field,
                name=field,
            )
    with uow:
        member = visible_member(uow.session, actor, member_id, for_update=True)
        # Only now: an unknown member, or another network's, is NotFound to everyone.
        require_directory_keeper(actor)
        for field, value in cleaned.items():
            setattr(member, field, value)
        uow.audit(actor, AuditAction.MEMBER_DIRECTORY_EDITED, member)
        entry = member_entry(uow.session, member)
        uow.commit()
        return entry
