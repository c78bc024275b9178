"""The network's headline table: how many people were helped, with which kind of need and of
which population group, those referred by member NGOs and by outside referrers apart.

A person is helped when a referral completed in the period met one of their needs. People,
not pseudonyms, are counted: within an NGO, pseudonyms its caseworkers confirmed as one person
are one; across NGOs, pseudonyms with the same network counting hash (beneficiaries.
counting_hash, a keyed hash of the UIC used for nothing else) are one. A person helped through
a member NGO counts with the members even if an outside referrer also referred them, so that
every person is in exactly one column and each row's total is people, not referrals.

Three tables, each suppressed with the report's other tables:
- `people`: members / outside referrers x people; its total is the people helped.
- `people_by_need`: need category x members / outside. A person helped with two kinds of need
  is in two rows: row totals are people, the column totals are needs met by person.
- `people_by_group`: population group (and "not-recorded") x members / outside, likewise."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from casework.beneficiaries.model import Beneficiary, MatchDecision, MatchProposal
from casework.cases.model import Case, CaseGroup, Need
from casework.cases.population_groups import groups_of, labels_of
from casework.cases.states import NeedStatus
from casework.governance.reports.counting import Bounds, between
from casework.network.model import Member
from casework.network.services import CATEGORY_OF, ServiceCategory
from casework.privacy.figures import CountTable
from casework.referrals.model import Referral

MEMBERS, OUTSIDE = "member-ngos", "outside-referrers"
KINDS = [MEMBERS, OUTSIDE]
NOT_RECORDED = "not-recorded"  # a case opened without a population group


@dataclass
class _Person:
    outside_only: bool = True
    categories: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)

    @property
    def kind(self) -> str:
        return OUTSIDE if self.outside_only else MEMBERS


@dataclass(frozen=True)
class _Help:
    """One need met in the period: whose, through which NGO, of which category."""

    case_id: uuid.UUID
    beneficiary_id: uuid.UUID
    ngo_id: int
    counting_hash: str | None
    outside_referrer: bool
    category: str


class _People:
    """Pseudonyms joined into people (a small union-find)."""

    def __init__(self, pseudonyms: Iterable[uuid.UUID]) -> None:
        self.parent = {p: p for p in pseudonyms}

    def root(self, pseudonym: uuid.UUID) -> uuid.UUID:
        while (parent := self.parent[pseudonym]) != pseudonym:
            self.parent[pseudonym] = self.parent[parent]
            pseudonym = parent
        return pseudonym

    def join(self, a: uuid.UUID, b: uuid.UUID) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        self.parent[self.root(a)] = self.root(b)


def _helps(session: Session, network_id: int, bounds: Bounds) -> list[_Help]:
    rows = session.execute(
        select(
            Case.id,
            Case.beneficiary_id,
            Case.ngo_id,
            Beneficiary.counting_hash,
            Member.outside_referrer,
            Referral.service,
        )
        .join(Need, Need.id == Referral.need_id)
        .join(Case, Case.id == Need.case_id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .join(Member, Member.id == Case.ngo_id)
        .where(
            Referral.network_id == network_id,
            between(Referral.completed_at, bounds),
            Need.status == NeedStatus.MET,
        )
        .order_by(Referral.completed_at, Referral.id)
    ).all()
    return [
        _Help(case, beneficiary, ngo, counting_hash, bool(outside), CATEGORY_OF[service].value)
        for case, beneficiary, ngo, counting_hash, outside, service in rows
    ]


def _confirmed_matches(session: Session, pseudonyms: set[uuid.UUID]):
    """Pairs of pseudonyms an NGO confirmed as one person, reaching the helped ones."""
    candidate = aliased(Beneficiary)
    return session.execute(
        select(MatchProposal.beneficiary_id, MatchProposal.candidate_id)
        .join(candidate, candidate.id == MatchProposal.candidate_id)
        .join(Beneficiary, Beneficiary.id == MatchProposal.beneficiary_id)
        .where(
            MatchProposal.decision == MatchDecision.CONFIRMED,
            Beneficiary.ngo_id.in_(
                select(Beneficiary.ngo_id).where(Beneficiary.id.in_(pseudonyms)).distinct()
            ),
        )
    ).all()


def _people(session: Session, helps: list[_Help]) -> list[_Person]:
    people = _People(h.beneficiary_id for h in helps)
    for a, b in _confirmed_matches(session, {h.beneficiary_id for h in helps}):
        people.join(a, b)
    # Across NGOs the same code is one person. Within an NGO only its matching joins two
    # pseudonyms: two people there may share a code, so each NGO's first pseudonym with the
    # code stands for it, and a second one of that NGO stays a person of its own.
    first_of_hash: dict[str, uuid.UUID] = {}
    first_at_ngo: dict[tuple[str, int], uuid.UUID] = {}
    for h in helps:
        if h.counting_hash is None:
            continue
        if (
            first_at_ngo.setdefault((h.counting_hash, h.ngo_id), h.beneficiary_id)
            == h.beneficiary_id
        ):
            people.join(
                h.beneficiary_id, first_of_hash.setdefault(h.counting_hash, h.beneficiary_id)
            )
    groups: dict[uuid.UUID, set[str]] = defaultdict(set)
    for case_id, code in session.execute(
        select(CaseGroup.case_id, CaseGroup.group_code).where(
            CaseGroup.case_id.in_({h.case_id for h in helps})
        )
    ):
        groups[case_id].add(code)
    persons: dict[uuid.UUID, _Person] = defaultdict(_Person)
    for h in helps:
        person = persons[people.root(h.beneficiary_id)]
        person.outside_only &= h.outside_referrer
        person.categories.add(h.category)
        person.groups |= groups[h.case_id]
    for person in persons.values():
        person.groups = person.groups or {NOT_RECORDED}
    return list(persons.values())


def group_labels(session: Session, network_id: int) -> dict[str, dict[str, str]]:
    """Each group's name in the three languages, as the coordinator keeps them."""
    return {g.code: labels_of(g) for g in groups_of(session, network_id=network_id, retired=True)}


def _table(rows: list[str], people: list[_Person], keys_of) -> CountTable:
    counts = {row: [0] * len(KINDS) for row in rows}
    for person in people:
        for key in keys_of(person):
            counts.setdefault(key, [0] * len(KINDS))[KINDS.index(person.kind)] += 1
    return CountTable(list(counts), KINDS, list(counts.values()))


def people_tables(session: Session, network_id: int, bounds: Bounds) -> dict[str, CountTable]:
    """The three tables of people helped in [start, end), before suppression."""
    people = _people(session, _helps(session, network_id, bounds))
    kinds = [0] * len(KINDS)
    for person in people:
        kinds[KINDS.index(person.kind)] += 1
    return {
        "people": CountTable(KINDS, ["people"], [[n] for n in kinds]),
        "people_by_need": _table(
            [c.value for c in ServiceCategory], people, lambda p: sorted(p.categories)
        ),
        "people_by_group": _table(
            [
                *(g.code for g in groups_of(session, network_id=network_id, retired=True)),
                NOT_RECORDED,
            ],
            people,
            lambda p: sorted(p.groups),
        ),
    }
