"""The coordinator keeps the network's list of population groups: adds a group with its
words in the three languages, rewords one, retires one (no longer offered at intake; cases
that have it keep it). Codes are stored with cases and counted in reports: never changed."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from casework.actors import Actor
from casework.audit_actions import AuditAction
from casework.cases.model import PopulationGroup
from casework.cases.population_groups import GroupView
from casework.errors import Conflict, InvalidInput, NotFound
from casework.governance.access import require_governor
from casework.network.queries import existing_network
from casework.uow import UnitOfWork

CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
CODE_LENGTH, LABEL_LENGTH = 40, 120


@dataclass(frozen=True)
class GroupLabels:
    en: str
    ru: str
    tg: str

    def checked(self) -> "GroupLabels":
        for language, text in vars(self).items():
            if not text.strip() or len(text) > LABEL_LENGTH:
                raise InvalidInput(
                    "population_group.label",
                    "each group needs a name of 1 to {most} characters in every language",
                    field=f"label_{language}",
                    most=LABEL_LENGTH,
                )
        return GroupLabels(*(text.strip() for text in vars(self).values()))


def add_group(
    uow: UnitOfWork, *, actor: Actor, network_id: int, code: str, labels: GroupLabels
) -> GroupView:
    require_governor(actor, "keep the list of population groups")
    if len(code) > CODE_LENGTH or not CODE.fullmatch(code):
        raise InvalidInput(
            "population_group.code",
            "a group's code is lower-case Latin letters, digits and hyphens, at most {most}",
            field="code",
            most=CODE_LENGTH,
        )
    labels = labels.checked()
    with uow:
        existing_network(uow.session, network_id)
        if _group(uow, network_id, code) is not None:
            raise Conflict(
                "population_group.code_taken",
                "the network already has a group '{code}' (retired ones included)",
                field="code",
                code=code,
            )
        group = PopulationGroup(
            network_id=network_id,
            code=code,
            label_en=labels.en,
            label_ru=labels.ru,
            label_tg=labels.tg,
        )
        uow.session.add(group)
        uow.session.flush()
        uow.audit(actor, AuditAction.POPULATION_GROUP_ADDED, group)
        uow.commit()
        return GroupView.of(group)


def relabel_group(
    uow: UnitOfWork, *, actor: Actor, network_id: int, code: str, labels: GroupLabels
) -> GroupView:
    """New words for the same group: cases keep the code, so they read the new words."""
    require_governor(actor, "keep the list of population groups")
    labels = labels.checked()
    with uow:
        group = _existing(uow, network_id, code)
        group.label_en, group.label_ru, group.label_tg = labels.en, labels.ru, labels.tg
        uow.audit(actor, AuditAction.POPULATION_GROUP_RELABELLED, group)
        uow.commit()
        return GroupView.of(group)


def retire_group(uow: UnitOfWork, *, actor: Actor, network_id: int, code: str) -> GroupView:
    require_governor(actor, "keep the list of population groups")
    with uow:
        group = _existing(uow, network_id, code)
        if group.retired_at is not None:
            raise Conflict(
                "population_group.retired", "the group '{code}' is already retired", code=code
            )
        group.retired_at = uow.now()
        uow.audit(actor, AuditAction.POPULATION_GROUP_RETIRED, group)
        uow.commit()
        return GroupView.of(group)


def _group(uow: UnitOfWork, network_id: int, code: str) -> PopulationGroup | None:
    return uow.session.scalar(
        select(PopulationGroup)
        .where(PopulationGroup.network_id == network_id, PopulationGroup.code == code)
        .with_for_update()
    )


def _existing(uow: UnitOfWork, network_id: int, code: str) -> PopulationGroup:
    existing_network(uow.session, network_id)
    group = _group(uow, network_id, code)
    if group is None:
        raise NotFound(
            "population_group.not_found",
            "the network has no population group '{code}'",
            field="code",
            code=code,
        )
    return group
