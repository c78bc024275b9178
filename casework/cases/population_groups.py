"""The network's list of population groups, which intake offers: the list a new network
starts with, what is offered today, and the check of the codes an intake names. The
coordinator edits the list (casework.cases.group_commands)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.access import network_of
from casework.actors import Actor
from casework.cases.model import PopulationGroup
from casework.errors import InvalidInput
from casework.languages import Language
from casework.uow import UnitOfWork


@dataclass(frozen=True)
class GroupView:
    code: str
    labels: dict[str, str]  # by language code: en, ru, tg
    retired_at: datetime | None

    @classmethod
    def of(cls, group: PopulationGroup) -> "GroupView":
        return cls(group.code, labels_of(group), group.retired_at)


# The groups the network was set up for (DESIGN.md): code, then English, Russian, Tajik.
DEFAULT_GROUPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "people-who-use-drugs",
        "People who use drugs",
        "Люди, употребляющие наркотики",
        "Одамоне, ки маводи мухаддир истеъмол мекунанд",
    ),
    ("former-prisoners", "Former prisoners", "Бывшие заключённые", "Собиқ маҳбусон"),
    (
        "migrant-families",
        "Widows and wives of labour migrants",
        "Вдовы и жёны трудовых мигрантов",
        "Бевазанон ва занони муҳоҷирони меҳнатӣ",
    ),
    (
        "people-living-with-hiv",
        "People living with HIV",
        "Люди, живущие с ВИЧ",
        "Одамоне, ки бо ВНМО зиндагӣ мекунанд",
    ),
    ("people-with-tb", "People with TB", "Люди с туберкулёзом", "Одамони гирифтори бемории сил"),
    ("sex-workers", "Sex workers", "Секс-работники", "Коргарони ҷинсӣ"),
    ("other", "Other", "Другое", "Дигар"),
)


def labels_of(group: PopulationGroup) -> dict[str, str]:
    return {
        Language.ENGLISH.value: group.label_en,
        Language.RUSSIAN.value: group.label_ru,
        Language.TAJIK.value: group.label_tg,
    }


def adopt_default_groups(session: Session, *, network_id: int) -> None:
    """Give a new network the default list (part of the command that registers it)."""
    for code, en, ru, tg in DEFAULT_GROUPS:
        session.add(
            PopulationGroup(network_id=network_id, code=code, label_en=en, label_ru=ru, label_tg=tg)
        )


def groups_of(session: Session, *, network_id: int, retired: bool = False) -> list[PopulationGroup]:
    """The network's groups in the order they were added: those offered at intake, and the
    retired ones too if `retired`."""
    stmt = select(PopulationGroup).where(PopulationGroup.network_id == network_id)
    if not retired:
        stmt = stmt.where(PopulationGroup.retired_at.is_(None))
    return list(session.scalars(stmt.order_by(PopulationGroup.id)))


def network_groups(
    uow: UnitOfWork, *, actor: Actor, network_id: int | None = None, retired: bool = False
) -> list[GroupView]:
    """The groups intake offers in the actor's network (a governor names one), and the retired
    ones too if `retired` (to name them on older cases). Any of its staff may read the list,
    which says nothing about anyone."""
    with uow:
        network = network_of(uow.session, actor, network_id)
        found = groups_of(uow.session, network_id=network, retired=retired)
        return [GroupView.of(g) for g in found]


def check_offered(session: Session, *, network_id: int, codes: tuple[str, ...]) -> None:
    """Refuse a code the network's list does not offer today (unknown, or retired). Most
    intakes name no group: they cost no query."""
    if not codes:
        return
    offered = {g.code for g in groups_of(session, network_id=network_id)}
    if not set(codes) <= offered:
        # The code is not repeated: whatever a client sent stays out of the answer and logs.
        raise InvalidInput(
            "profile.unknown_group",
            "a population group named is not on the list offered at intake",
            field="profile.groups",
        )
