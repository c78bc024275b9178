"""Who was helped: the intake profile is kept with the case and read back by its NGO; it takes
only codes of the coordinator's list, which the coordinator alone keeps."""

import pytest
from sqlalchemy import select

from casework.actors import Actor, Role, system_actor
from casework.audit import AuditEntry
from casework.audit_actions import AuditAction
from casework.beneficiaries import pseudonyms
from casework.beneficiaries.model import Beneficiary, Consent
from casework.cases.commands import open_case
from casework.cases.group_commands import GroupLabels, add_group, relabel_group, retire_group
from casework.cases.model import Case, CaseGroup
from casework.cases.population_groups import DEFAULT_GROUPS, network_groups
from casework.cases.profile import MAX_GROUPS, AgeBand, Profile, Sex
from casework.cases.queries import get_case
from casework.cases.states import CaseStatus
from casework.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.referrals import commands as referrals
from tests.support.network import UIC, another_network, demo

COORDINATOR = Actor(user_id="test-coordinator", role=Role.COORDINATOR, organisation_id=None)
LABELS = GroupLabels("Street children", "Беспризорные дети", "Кӯдакони бесарпараст")
PROFILE = Profile(
    groups=("former-prisoners", "people-who-use-drugs", "former-prisoners"),
    sex=Sex.MALE,
    age_band=AgeBand.FROM_35_TO_49,
    district=District.KULOB,
)


def opened_with(uow, d, profile: Profile = Profile(), **kwargs):
    return open_case(
        uow,
        actor=d.caseworker(),
        uic=UIC,
        needs=[ServiceCode.HIV_TESTING],
        consent_to_referral=True,
        profile=profile,
        **kwargs,
    )


def test_the_profile_is_kept_with_the_case_and_read_back_by_its_ngo(uow):
    d = demo(uow)
    opened = opened_with(uow, d, PROFILE)

    detail = get_case(uow, actor=d.supervisor(), case_id=opened.case_id)
    assert detail.profile == Profile(
        ("former-prisoners", "people-who-use-drugs"),
        Sex.MALE,
        AgeBand.FROM_35_TO_49,
        District.KULOB,
    )
    assert detail.district is District.KULOB  # the profile's district is the case's
    with pytest.raises(NotFound):
        get_case(uow, actor=d.caseworker(d.other_ngo), case_id=opened.case_id)


def test_every_part_of_the_profile_may_be_left_out(uow):
    d = demo(uow)
    opened = opened_with(uow, d)
    assert get_case(uow, actor=d.caseworker(), case_id=opened.case_id).profile == Profile()


def test_a_code_not_on_the_list_is_refused_naming_the_groups(uow):
    d = demo(uow)
    with pytest.raises(InvalidInput) as refused:
        opened_with(uow, d, Profile(groups=("former-prisoners", "astronauts")))
    assert refused.value.field == "profile.groups"
    assert "astronauts" not in refused.value.message
    with uow:
        assert uow.session.scalars(select(CaseGroup)).all() == []


def test_too_many_groups_are_refused():
    codes = tuple(f"group-{n}" for n in range(MAX_GROUPS + 1))
    with pytest.raises(InvalidInput) as refused:
        Profile(groups=codes)
    assert refused.value.field == "profile.groups"
    assert Profile(groups=codes[:MAX_GROUPS] * 2).groups == tuple(sorted(codes[:MAX_GROUPS]))


def test_the_district_given_twice_must_agree(uow):
    d = demo(uow)
    with pytest.raises(InvalidInput) as refused:
        opened_with(uow, d, Profile(district=District.KULOB), district=District.BOKHTAR)
    assert refused.value.field == "profile.district"
    older_client = opened_with(uow, d, district=District.BOKHTAR)
    both = opened_with(uow, d, Profile(district=District.BOKHTAR), district=District.BOKHTAR)
    for opened in (older_client, both):
        detail = get_case(uow, actor=d.caseworker(), case_id=opened.case_id)
        assert detail.profile.district is District.BOKHTAR


def test_a_retired_group_is_refused_at_intake_and_older_cases_keep_it(uow):
    d = demo(uow)
    before = opened_with(uow, d, Profile(groups=("sex-workers",)))
    retire_group(uow, actor=COORDINATOR, network_id=d.network, code="sex-workers")

    with pytest.raises(InvalidInput) as refused:
        opened_with(uow, d, Profile(groups=("sex-workers",)))
    assert refused.value.field == "profile.groups"
    detail = get_case(uow, actor=d.caseworker(), case_id=before.case_id)
    assert detail.profile.groups == ("sex-workers",)
    offered = network_groups(uow, actor=d.caseworker())
    assert "sex-workers" not in [g.code for g in offered]
    everything = network_groups(uow, actor=d.caseworker(), retired=True)
    assert "sex-workers" in [g.code for g in everything]


def test_a_network_starts_with_the_default_groups_in_three_languages(uow):
    d = demo(uow)
    offered = network_groups(uow, actor=d.caseworker())
    assert [g.code for g in offered] == [code for code, *_ in DEFAULT_GROUPS]
    prisoners = next(g for g in offered if g.code == "former-prisoners")
    assert prisoners.labels == {
        "en": "Former prisoners",
        "ru": "Бывшие заключённые",
        "tg": "Собиқ маҳбусон",
    }
    other = another_network(uow)
    theirs = network_groups(uow, actor=system_actor("tests"), network_id=other.network)
    assert [g.code for g in theirs] == [g.code for g in offered]


def test_the_coordinator_adds_relabels_and_retires_a_group_each_audited(uow):
    d = demo(uow)
    added = add_group(
        uow, actor=COORDINATOR, network_id=d.network, code="street-children", labels=LABELS
    )
    assert added.labels["tg"] == "Кӯдакони бесарпараст"
    opened = opened_with(uow, d, Profile(groups=("street-children",)))
    relabelled = relabel_group(
        uow,
        actor=COORDINATOR,
        network_id=d.network,
        code="street-children",
        labels=GroupLabels("Children of the street", "Дети улицы", "Кӯдакони кӯча"),
    )
    assert relabelled.labels["ru"] == "Дети улицы"
    retired = retire_group(uow, actor=COORDINATOR, network_id=d.network, code="street-children")
    assert retired.retired_at is not None
    assert get_case(uow, actor=d.caseworker(), case_id=opened.case_id).profile.groups == (
        "street-children",
    )
    with uow:
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_type == "population_groups")
        ).all()
    assert sorted(actions) == sorted(
        a.value
        for a in (
            AuditAction.POPULATION_GROUP_ADDED,
            AuditAction.POPULATION_GROUP_RELABELLED,
            AuditAction.POPULATION_GROUP_RETIRED,
        )
    )


def test_the_list_refuses_a_taken_code_a_bad_code_and_an_empty_name(uow):
    d = demo(uow)
    with pytest.raises(Conflict):
        add_group(uow, actor=COORDINATOR, network_id=d.network, code="other", labels=LABELS)
    for bad in ("Street children", "street_children", "-x", "x" * 41):
        with pytest.raises(InvalidInput) as refused:
            add_group(uow, actor=COORDINATOR, network_id=d.network, code=bad, labels=LABELS)
        assert refused.value.field == "code"
    with pytest.raises(InvalidInput) as refused:
        add_group(
            uow,
            actor=COORDINATOR,
            network_id=d.network,
            code="street-children",
            labels=GroupLabels("Street children", " ", "Кӯдакони бесарпараст"),
        )
    assert refused.value.field == "label_ru"
    with pytest.raises(NotFound):
        retire_group(uow, actor=COORDINATOR, network_id=d.network, code="astronauts")
    retire_group(uow, actor=COORDINATOR, network_id=d.network, code="other")
    with pytest.raises(Conflict):
        retire_group(uow, actor=COORDINATOR, network_id=d.network, code="other")


def test_only_the_coordinator_or_an_administrator_keeps_the_list(uow):
    d = demo(uow)
    for actor in (d.caseworker(), d.supervisor(), d.focal()):
        with pytest.raises(PermissionDenied):
            add_group(uow, actor=actor, network_id=d.network, code="street-children", labels=LABELS)
        with pytest.raises(PermissionDenied):
            retire_group(uow, actor=actor, network_id=d.network, code="other")
        with pytest.raises(PermissionDenied):
            relabel_group(uow, actor=actor, network_id=d.network, code="other", labels=LABELS)
    assert "other" in [g.code for g in network_groups(uow, actor=d.caseworker())]


def test_the_coordinator_keeps_the_list_from_the_command_line(cli, uow):
    assert "Собиқ маҳбусон" in cli("network", "groups", "list")
    added = cli(
        "network", "groups", "add", "street-children",
        "--en", "Street children", "--ru", "Беспризорные дети", "--tg", "Кӯдакони бесарпараст",
    )  # fmt: skip
    assert "street-children" in added
    cli("network", "groups", "relabel", "street-children",
        "--en", "Children of the street", "--ru", "Дети улицы", "--tg", "Кӯдакони кӯча")  # fmt: skip
    assert "retired" in cli("network", "groups", "retire", "street-children")
    listed = cli("network", "groups", "list")
    assert "Дети улицы" in listed and "(retired" in listed
    refused = cli("network", "groups", "retire", "street-children", exit_code=2)
    assert "already retired" in refused
    cli("network", "groups", "list", "--network", "NOPE", exit_code=2)


def test_intake_writes_every_row_at_once_and_audits_each_by_the_id_it_was_given(uow):
    """Intake writes its rows as plain statements (casework.orm.insert_rows): the serial ids
    the database gives come back for the audit trail, the case starts at its first version,
    and a later command changes it without a conflict."""
    d = demo(uow)
    opened = opened_with(uow, d, PROFILE)
    with uow:
        session = uow.session
        case = session.get_one(Case, opened.case_id)
        consent = session.scalars(
            select(Consent).where(Consent.beneficiary_id == opened.beneficiary_id)
        ).one()
        assert case.version == 1
        assert [g.group_code for g in case.groups] == ["former-prisoners", "people-who-use-drugs"]
        assert [n.service for n in case.needs] == [ServiceCode.HIV_TESTING]
        written = {
            ("consents", str(consent.id)),
            ("beneficiaries", str(opened.beneficiary_id)),
            ("cases", str(opened.case_id)),
        }
        audited = {
            e.action: e.object_id
            for e in session.scalars(select(AuditEntry))
            if (e.object_type, e.object_id) in written
        }
    assert audited == {
        AuditAction.CONSENT_GRANTED.value: str(consent.id),
        AuditAction.BENEFICIARY_REGISTERED.value: str(opened.beneficiary_id),
        AuditAction.CASE_OPENED.value: str(opened.case_id),
    }
    referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    assert get_case(uow, actor=d.caseworker(), case_id=opened.case_id).status is CaseStatus.ACTIVE


def test_a_display_code_already_taken_is_skipped_and_another_drawn(uow, monkeypatch):
    """Intake writes the beneficiary without asking first whether its random code is taken
    (insert_unless_taken): a taken code writes nothing, and the next one drawn is used."""
    d = demo(uow)
    first = opened_with(uow, d)
    draws = iter([first.display_code, "ZZZZ-ZZZ1"])
    monkeypatch.setattr(pseudonyms, "new_display_code", lambda: next(draws))

    second = opened_with(uow, d)

    assert second.display_code == "ZZZZ-ZZZ1"
    with uow:
        codes = dict(uow.session.execute(select(Beneficiary.id, Beneficiary.display_code)).all())
    assert codes == {first.beneficiary_id: first.display_code, second.beneficiary_id: "ZZZZ-ZZZ1"}
