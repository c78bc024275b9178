"""The yearly renewal: a draft 30 days before the valid version lapses, sign-offs and
withdrawals, publication, and the member that did not sign receiving no new referrals."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from casework.errors import Conflict, NoProviderAvailable, NotFound, PermissionDenied
from casework.governance.memoranda.commands.drafts import (
    DRAFT_OPENED,
    UNSIGNED,
    amend_draft,
    answer_draft,
    draft_due_memoranda,
)
from casework.governance.memoranda.commands.publication import (
    publish_draft,
    publish_ready_drafts,
    sign_memorandum,
)
from casework.governance.memoranda.model import Answer, MemorandumDraft
from casework.governance.memoranda.queries import get_draft, history, standing
from casework.network.model import Member
from casework.network.services import ServiceCategory, ServiceCode
from casework.referrals import commands as referrals
from casework.referrals.model import Referral
from tests.support.governance import (
    COORDINATOR,
    CURRENT_VALID_UNTIL,
    NEXT_VALID_FROM,
    audit_actions,
    notices,
    on,
    representative,
)
from tests.support.network import demo


def request(uow, d, service, **kwargs):
    opened = d.open_case(uow, (service,))
    return referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=service, **kwargs
    )


def all_members(uow, network_id) -> list[int]:
    """The members asked to sign: not the outside referrer."""
    with uow:
        return list(
            uow.session.scalars(
                select(Member.id).where(
                    Member.network_id == network_id, Member.outside_referrer.is_(False)
                )
            )
        )


def medical_terms_changed(terms, **changes):
    """A draft's commitments with the medical category's deadlines changed as given."""
    return [
        t if t.category is not ServiceCategory.MEDICAL else type(t)(**{**vars(t), **changes})
        for t in terms
    ]


def sign_all_but(uow, draft_id, members, *missing):
    for member in members:
        if member not in missing:
            answer_draft(
                uow,
                actor=representative(uow, member),
                draft_id=draft_id,
                answer=Answer.SIGNED,
                signatory_title="Director",
            )


def test_the_next_version_is_drafted_thirty_days_before_the_valid_one_lapses(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=31))
    assert draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date()) == []

    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    again = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    assert again == [draft_id]  # idempotent: the flow may run every day
    with uow:
        assert uow.session.scalar(select(func.count(MemorandumDraft.id))) == 1

    draft = get_draft(uow, actor=COORDINATOR, draft_id=draft_id)
    assert (draft.valid_from, draft.valid_until) == (NEXT_VALID_FROM, date(2027, 9, 9))
    medical = next(c for c in draft.commitments if c.category is ServiceCategory.MEDICAL)
    assert (medical.response_deadline, medical.completion_deadline) == (2, 10)
    assert len(draft.commitments) == 6  # every commitment carried over
    assert all(a.answer is None for a in draft.answers) and len(draft.answers) == 23
    # Every member is asked to sign, through the role that speaks for it.
    asked = notices(uow, DRAFT_OPENED)
    assert len(asked) == 23
    assert asked[d.ngo] == "supervisor" and asked[d.aids_centre] == "focal_point"
    assert audit_actions(uow, "memorandum_drafts", draft_id) == ["memorandum.drafted"]


def test_a_member_that_did_not_sign_the_renewal_receives_no_new_referrals(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    sign_all_but(uow, draft_id, all_members(uow, d.network), d.passport_office)

    # Not everyone answered: nothing is published before the new version starts.
    on(clock, CURRENT_VALID_UNTIL)
    assert publish_ready_drafts(uow, actor=COORDINATOR, day=clock.now().date()) == []
    assert request(uow, d, ServiceCode.IDENTITY_DOCUMENTS).institution_id == d.passport_office

    on(clock, NEXT_VALID_FROM)
    [memorandum_id] = publish_ready_drafts(uow, actor=COORDINATOR, day=clock.now().date())
    # The passport office is the only one offering identity documents: no provider now.
    with pytest.raises(NoProviderAvailable):
        request(uow, d, ServiceCode.IDENTITY_DOCUMENTS)
    with pytest.raises(Conflict):
        request(uow, d, ServiceCode.IDENTITY_DOCUMENTS, institution_id=d.passport_office)
    # The coordinator sees it at once, and the member is told why.
    today = standing(uow, actor=COORDINATOR)
    assert today.version == 18
    assert [m.member_id for m in today.without_referrals] == [d.passport_office]
    assert notices(uow, UNSIGNED) == {d.passport_office: "focal_point"}

    # Signing late restores its referrals from that day.
    sign_memorandum(uow, actor=representative(uow, d.passport_office), memorandum_id=memorandum_id)
    assert request(uow, d, ServiceCode.IDENTITY_DOCUMENTS).institution_id == d.passport_office
    assert standing(uow, actor=COORDINATOR).without_referrals == []


def test_the_draft_is_published_as_soon_as_every_member_has_answered(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    members = all_members(uow, d.network)
    sign_all_but(uow, draft_id, members, d.media)
    answer_draft(
        uow,
        actor=representative(uow, d.media),
        draft_id=draft_id,
        answer=Answer.WITHDRAWN,
        reason="no longer covers health",
    )
    [memorandum_id] = publish_ready_drafts(uow, actor=COORDINATOR, day=clock.now().date())
    # A withdrawal is leaving the network when the current version lapses.
    with uow:
        assert uow.session.get(Member, d.media).left_on == NEXT_VALID_FROM
    versions = history(uow, actor=COORDINATOR)
    assert versions[0].id == memorandum_id and versions[0].version == 18
    assert versions[0].left == [d.media] and versions[0].joined == []
    assert len(versions[0].signatories) == 22 and len(versions) == 18
    with pytest.raises(Conflict):  # published already
        publish_draft(uow, actor=COORDINATOR, draft_id=draft_id)


def test_a_member_may_change_its_answer_while_the_draft_is_open(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=20))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    focal = representative(uow, d.tb_dispensary)
    answer_draft(uow, actor=focal, draft_id=draft_id, answer=Answer.WITHDRAWN)
    with uow:
        assert uow.session.get(Member, d.tb_dispensary).left_on == NEXT_VALID_FROM
    answer_draft(uow, actor=focal, draft_id=draft_id, answer=Answer.SIGNED)
    with uow:
        assert uow.session.get(Member, d.tb_dispensary).left_on is None
    answers = {
        a.member_id: a.answer for a in get_draft(uow, actor=focal, draft_id=draft_id).answers
    }
    assert answers[d.tb_dispensary] is Answer.SIGNED


def test_commitments_change_only_before_the_first_sign_off_and_the_history_shows_it(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    terms = get_draft(uow, actor=COORDINATOR, draft_id=draft_id).commitments
    faster = medical_terms_changed(terms, response_deadline=1)
    amend_draft(
        uow, actor=COORDINATOR, draft_id=draft_id, commitments=faster, changes="Medical: 1 day"
    )
    with pytest.raises(PermissionDenied):
        amend_draft(
            uow, actor=representative(uow, d.ngo), draft_id=draft_id, commitments=terms, changes=""
        )
    answer_draft(uow, actor=representative(uow, d.ngo), draft_id=draft_id, answer=Answer.SIGNED)
    with pytest.raises(Conflict, match="already signed"):
        amend_draft(uow, actor=COORDINATOR, draft_id=draft_id, commitments=terms, changes="")
    publish_draft(uow, actor=COORDINATOR, draft_id=draft_id)
    latest = history(uow, actor=COORDINATOR)[0]
    assert latest.commitment_changes == ["medical.response_deadline: 2 -> 1"]
    assert latest.changes == "Medical: 1 day"
    assert [s[0] for s in latest.signatories] == [d.ngo]
    assert audit_actions(uow, "memorandum_drafts", draft_id) == [
        "memorandum.drafted",
        "memorandum.draft-amended",
        "memorandum.draft-published",
    ]


def test_only_a_members_own_representative_answers_for_it(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    with pytest.raises(PermissionDenied):  # an NGO speaks through its supervisor
        answer_draft(uow, actor=d.caseworker(), draft_id=draft_id, answer=Answer.SIGNED)
    with pytest.raises(NotFound):  # nor for another member
        answer_draft(
            uow,
            actor=representative(uow, d.aids_centre),
            draft_id=draft_id,
            answer=Answer.SIGNED,
            member_id=d.tb_dispensary,
        )
    with pytest.raises(NotFound):
        answer_draft(
            uow,
            actor=representative(uow, d.aids_centre),
            draft_id=draft_id + 99,
            answer=Answer.SIGNED,
        )
    # The coordinator may record a sign-off received on paper, naming the member.
    answer_draft(
        uow, actor=COORDINATOR, draft_id=draft_id, answer=Answer.SIGNED, member_id=d.tb_dispensary
    )
    with pytest.raises(Conflict):  # a member signs a published version once
        sign_memorandum(
            uow,
            actor=representative(uow, d.aids_centre),
            memorandum_id=history(uow, actor=COORDINATOR)[0].id,
        )


def test_a_referral_issued_under_a_new_version_has_that_versions_deadlines(uow, clock):
    d = demo(uow)
    on(clock, CURRENT_VALID_UNTIL - timedelta(days=30))
    [draft_id] = draft_due_memoranda(uow, actor=COORDINATOR, day=clock.now().date())
    terms = get_draft(uow, actor=COORDINATOR, draft_id=draft_id).commitments
    longer = medical_terms_changed(terms, response_deadline=6, completion_deadline=20)
    amend_draft(uow, actor=COORDINATOR, draft_id=draft_id, commitments=longer, changes="")
    sign_all_but(uow, draft_id, all_members(uow, d.network))
    [memorandum_id] = publish_ready_drafts(uow, actor=COORDINATOR, day=clock.now().date())

    on(clock, CURRENT_VALID_UNTIL)  # Wednesday: the old version's 2 and 10 working days
    before = request(uow, d, ServiceCode.HIV_TESTING)
    on(clock, NEXT_VALID_FROM)  # the next day: the new version's 6 and 20 working days
    after = request(uow, d, ServiceCode.HIV_TESTING)
    assert (before.accept_due_at.date(), before.complete_due_at.date()) == (
        date(2026, 9, 11),
        date(2026, 9, 23),
    )
    assert (after.accept_due_at.date(), after.complete_due_at.date()) == (
        date(2026, 9, 18),
        date(2026, 10, 8),
    )
    with uow:
        assert uow.session.get(Referral, after.referral_id).memorandum_id == memorandum_id
