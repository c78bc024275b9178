"""The objects the authorisation matrix names, made with casework commands: one on the callers'
side (the first demo NGO and the AIDS centre, in the demo network), one on the other side (the
second NGO and the TB dispensary; for governance, a second network), and ids that name
nothing. Objects are made once per side and kind, and anew for each call that uses them up."""

import itertools
import string
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from sqlalchemy import select

from casework.accounts.commands import create_user
from casework.accounts.model import User
from casework.actors import Role, system_actor
from casework.beneficiaries.model import MatchProposal
from casework.cases.commands import CaseOpened, add_need, open_case, propose_matches
from casework.demo.network import COMMITMENTS
from casework.governance.breaches.commands import open_breach_if_attestation_failed
from casework.governance.meetings.attachments import AttachmentStore
from casework.governance.meetings.commands.agenda import add_agenda_item
from casework.governance.meetings.commands.attachments import attach_instrument_file
from casework.governance.meetings.commands.decisions import close_meeting, record_decision
from casework.governance.meetings.commands.meetings import (
    AttendanceEntry,
    open_meeting,
    record_attendance,
    schedule_meeting,
)
from casework.governance.memoranda.commands.drafts import (
    answer_draft,
    draft_next_memorandum,
    next_period,
)
from casework.governance.memoranda.commands.versions import publish_memorandum
from casework.governance.memoranda.model import Answer
from casework.governance.memoranda.queries import latest_memorandum
from casework.messages import Message
from casework.network.services import ServiceCode
from casework.notifications.commands import add_contact
from casework.notifications.model import Channel, Notification
from casework.notifications.notices import Recipient, add_notice
from casework.privacy.vault import Identity
from casework.referrals.commands import (
    Attestations,
    ReferralIssued,
    accept_referral,
    complete_referral,
    hold_referral,
    request_referral,
)
from casework.referrals.model import Referral
from casework.referrals.reasons import HoldReason
from casework.referrals.slip_codes import slip_code
from casework.uow import UnitOfWork
from tests.support.access_rules import Made, Side, Target
from tests.support.governance import COORDINATOR, tiny_pdf
from tests.support.network import UIC, Demo, OtherNetwork, another_network
from tests.support.reports import stored_report

MISSING_ID = 2**31 - 1  # the largest id a path accepts, which no row reaches
UUID_TARGETS = {
    Target.CASE,
    Target.REFERRAL,
    Target.ACCEPTED_REFERRAL,
    Target.LAPSED_REFERRAL,
    Target.NEED,  # its case's id; the need's own is an integer (`missing`)
    Target.HELD_REFERRAL,
    Target.BENEFICIARY,
}
# The notice on a side depends on who asks for it; every other object is the same for all.
PER_CALLER = {Target.USER, Target.NOTIFICATION, Target.MANAGED_ACCOUNT}
# Objects of a network: the demo network's on the callers' side, a second network's on the other.
GOVERNANCE = {
    Target.NETWORK,
    Target.MEMORANDUM,
    Target.DRAFT,
    Target.SIGNED_DRAFT,
    Target.MEMBER,
    Target.MEETING,
    Target.SESSION,
    Target.CLOSABLE_MEETING,
    Target.CLOSED_MEETING,
    Target.AGENDA_ITEM,
    Target.DECISION,
    Target.ATTACHMENT,
    Target.REPORT,
    Target.CONTACT,
}


@dataclass(frozen=True)
class Built:
    params: dict[str, object]  # path parameter -> value
    month: str = ""
    slip: tuple[str, str] = ("", "")


@dataclass
class World:
    """Makes and keeps the objects the matrix's requests name, side by side."""

    uow: UnitOfWork
    demo: Demo
    cached: dict = field(default_factory=dict)
    # One regular meeting a month per network: each meeting made here gets a month of its
    # own, from April 2026 (the fixtures' clock stands in March).
    months: itertools.count = field(default_factory=lambda: itertools.count(3))
    subjects: itertools.count = field(default_factory=itertools.count)

    def prepare(self, path: str, target: Target, side: Side, caller: str, *, fresh: bool) -> Made:
        """The request's path and query for `caller`, naming an object of `side`."""
        _, member = self.account(caller)
        # A governor acting on no object answers for the demo NGO (e.g. creates its accounts).
        if member is None and (target in GOVERNANCE or target is Target.NONE):
            member = self.ngo(side)
        if target is Target.NETWORK:
            network = MISSING_ID if side is Side.MISSING else self.network(side)
            return Made(path, {"network_id": network}, member=member)
        if target is Target.NONE or side is Side.MISSING:
            names = [name for _, name, _, _ in string.Formatter().parse(path) if name]
            # A case in the path of another kind's route (where a page returns) is a UUID too.
            missing = {
                name: uuid.uuid4() if name == "case_id" else self.missing(target, name)
                for name in names
            }
            return Made(path.format(**missing), member=member, month=self.next_month())
        built = self.kept(target, side, caller, fresh=fresh)
        return Made(path.format(**built.params), member=member, month=built.month, slip=built.slip)

    def kept(self, target: Target, side: Side, caller: str, *, fresh: bool = False) -> Built:
        """The side's object of that kind, made on first use (and anew when `fresh`)."""
        key = (target, side, caller if target in PER_CALLER else "")
        if fresh or key not in self.cached:
            self.cached[key] = self.build(target, side, caller)
        return self.cached[key]

    @staticmethod
    def missing(target: Target, name: str = "") -> object:
        if name == "need_id":
            return MISSING_ID
        if target in {Target.USER, Target.TOKEN_HOLDER}:
            return "nobody-here"
        return uuid.uuid4() if target in UUID_TARGETS else MISSING_ID

    def build(self, target: Target, side: Side, caller: str) -> Built:
        match target:
            case Target.CASE | Target.REFERRAL | Target.ACCEPTED_REFERRAL | Target.HELD_REFERRAL:
                return self.case_and_referral(side, target)
            case Target.USER:
                own = "demo-supervisor" if caller == "demo-caseworker" else "demo-caseworker"
                return Built({"username": own if side is Side.OWN else "demo-caseworker-2"})
            case Target.TOKEN_HOLDER:  # accounts of no member: the sides differ by role only
                return Built({"username": "demo-coordinator" if side is Side.OWN else "demo-admin"})
        return getattr(self, target.value)(side, caller)  # the method named after the kind

    # Who is who on each side

    def account(self, username: str) -> tuple[Role, int | None]:
        """The user's role and organisation."""
        with self.uow:
            return self.uow.session.execute(
                select(User.role, User.organisation_id).where(User.username == username)
            ).one()

    @cached_property
    def other(self) -> OtherNetwork:
        return another_network(self.uow)

    def network(self, side: Side) -> int:
        return self.other.network if side is Side.FOREIGN else self.demo.network

    def ngo(self, side: Side) -> int:
        """The side's NGO in governance: the member a governor answers for."""
        return self.other.ngo if side is Side.FOREIGN else self.demo.ngo

    def bystander(self, side: Side) -> int:
        """A member of the side's network that none of the callers answers for."""
        return self.other.institution if side is Side.FOREIGN else self.demo.justice

    def next_month(self) -> str:
        n = next(self.months)
        return f"{2026 + n // 12}-{n % 12 + 1:02d}"

    # Casework

    def casework_ngo(self, side: Side) -> int:
        return self.demo.ngo if side is Side.OWN else self.demo.other_ngo

    def requested_referral(self, side: Side) -> tuple[CaseOpened, ReferralIssued]:
        home = side is Side.OWN
        ngo = self.casework_ngo(side)
        opened = self.demo.open_case(self.uow, ngo=ngo)
        issued = request_referral(
            self.uow,
            actor=self.demo.caseworker(ngo),
            case_id=opened.case_id,
            service=ServiceCode.HIV_TESTING if home else ServiceCode.TB_SCREENING,
            institution_id=self.demo.aids_centre if home else self.demo.tb_dispensary,
        )
        return opened, issued

    def case_and_referral(self, side: Side, target: Target) -> Built:
        opened, issued = self.requested_referral(side)
        matrix = system_actor("matrix")
        if target in {Target.ACCEPTED_REFERRAL, Target.HELD_REFERRAL}:
            accept_referral(self.uow, actor=matrix, referral_id=issued.referral_id)
        if target is Target.HELD_REFERRAL:
            hold_referral(
                self.uow,
                actor=matrix,
                referral_id=issued.referral_id,
                reason_code=HoldReason.AWAITING_CLIENT,
            )
        return Built({"case_id": opened.case_id, "referral_id": issued.referral_id})

    def need(self, side: Side, _caller: str) -> Built:
        """A case with a second open need (housing) that no referral is for."""
        opened, _ = self.requested_referral(side)
        ngo = self.casework_ngo(side)
        need_id = add_need(
            self.uow,
            actor=self.demo.caseworker(ngo),
            case_id=opened.case_id,
            service=ServiceCode.HOUSING,
        )
        return Built({"case_id": opened.case_id, "need_id": need_id})

    def lapsed_referral(self, side: Side, _caller: str) -> Built:
        """A requested referral whose form's last valid day has passed (the clock stands still
        here, so its validity is moved back instead)."""
        opened, issued = self.requested_referral(side)
        with self.uow:
            referral = self.uow.session.get_one(Referral, issued.referral_id)
            referral.valid_until = self.uow.calendar.today(self.uow.now()) - timedelta(days=1)
            self.uow.commit()
        return Built({"case_id": opened.case_id, "referral_id": issued.referral_id})

    def slip(self, side: Side, _caller: str) -> Built:
        _, issued = self.requested_referral(side)
        code = slip_code(self.uow.keys.slip_code_key, issued.serial)
        return Built({}, slip=(issued.serial, code))

    def beneficiary(self, side: Side, _caller: str) -> Built:
        ngo = self.casework_ngo(side)
        opened = open_case(
            self.uow,
            actor=self.demo.caseworker(ngo),
            uic=UIC,
            needs=[ServiceCode.HIV_TESTING],
            consent_to_referral=True,
            identity=Identity(notes="calls on Mondays"),
        )
        # The case too: a page about the beneficiary is reached from (and returns to) its case.
        return Built({"beneficiary_id": opened.beneficiary_id, "case_id": opened.case_id})

    def match(self, side: Side, _caller: str) -> Built:
        """Two intakes of one UIC at one NGO: the later pseudonym may be the earlier."""
        ngo = self.casework_ngo(side)
        self.demo.open_case(self.uow, ngo=ngo)
        later = self.demo.open_case(self.uow, ngo=ngo)
        propose_matches(self.uow, actor=system_actor("intake"), case_id=later.case_id)
        with self.uow:
            proposal = self.uow.session.scalar(
                select(MatchProposal.id).where(MatchProposal.beneficiary_id == later.beneficiary_id)
            )
        return Built({"proposal_id": proposal, "case_id": later.case_id})

    def notification(self, side: Side, caller: str) -> Built:
        """A notice to the caller's role at their organisation; on the other side, to the same
        role at the counterpart organisation. Callers without one get the coordinator's
        notice, and on the other side an NGO supervisor's."""
        role, organisation = self.account(caller)
        if organisation is None:
            own = Recipient(Role.COORDINATOR.value)
            other = Recipient(Role.SUPERVISOR.value, self.demo.other_ngo)
        else:
            counterpart = {self.demo.ngo: self.demo.other_ngo, self.demo.aids_centre: self.demo.tb_dispensary}  # fmt: skip
            own = Recipient(role.value, organisation)
            other = Recipient(role.value, counterpart[organisation])
        subject = f"meeting:{next(self.subjects)}"  # one notice per subject and recipient
        with self.uow:
            add_notice(
                self.uow,
                actor=system_actor("matrix"),
                recipient=own if side is Side.OWN else other,
                network_id=self.demo.network,
                kind="meeting.scheduled",
                subject_id=subject,
                message=Message("test.notice", "The network meeting is on Wednesday."),
            )
            self.uow.commit()
        with self.uow:
            notice = self.uow.session.scalar(
                select(Notification.id).where(Notification.subject_id == subject)
            )
        return Built({"notification_id": notice})

    # Administration

    def managed_account(self, side: Side, caller: str) -> Built:
        """A new account of the kind the caller manages: for the coordinator a focal point
        (at the AIDS centre, or the TB dispensary on the other side), for anyone else a
        caseworker of the side's NGO."""
        role, _ = self.account(caller)
        home = side is Side.OWN
        if role is Role.COORDINATOR:
            kind, member = (
                Role.FOCAL_POINT,
                self.demo.aids_centre if home else self.demo.tb_dispensary,
            )
        else:
            kind, member = Role.CASEWORKER, self.casework_ngo(side)
        username = f"matrix-{next(self.subjects)}-{uuid.uuid4().hex[:6]}"
        create_user(
            self.uow,
            actor=system_actor("matrix"),
            username=username,
            role=kind,
            password="a-long-password",
            organisation_id=member,
        )
        return Built({"username": username})

    def ngo_member(self, side: Side, _caller: str) -> Built:
        return Built({"member_id": self.casework_ngo(side)})

    def contact(self, side: Side, _caller: str) -> Built:
        contact = add_contact(
            self.uow,
            actor=system_actor("matrix"),
            network_id=self.network(side),
            role=Role.COORDINATOR.value,
            channel=Channel.EMAIL,
            address=f"{uuid.uuid4().hex}@example.org",
        )
        return Built({"contact_id": contact})

    def breach(self, side: Side, _caller: str) -> Built:
        """A referral of the side's NGO whose institution did not attest free service."""
        _, issued = self.requested_referral(side)
        matrix = system_actor("matrix")
        accept_referral(self.uow, actor=matrix, referral_id=issued.referral_id)
        complete_referral(
            self.uow,
            actor=matrix,
            referral_id=issued.referral_id,
            attestations=Attestations(anonymous=True, free=False, voluntary=True),
        )
        breach = open_breach_if_attestation_failed(
            self.uow, actor=matrix, referral_id=issued.referral_id
        )
        return Built({"breach_id": breach})

    # Governance, as the coordinator

    def memorandum(self, side: Side, _caller: str) -> Built:
        """The version after the latest, signed by a bystander only."""
        network = self.network(side)
        with self.uow:
            valid_from, valid_until = next_period(latest_memorandum(self.uow.session, network))
        memorandum = publish_memorandum(
            self.uow,
            actor=COORDINATOR,
            network_id=network,
            signed_on=self.uow.calendar.today(self.uow.now()),
            valid_from=valid_from,
            valid_until=valid_until,
            commitments=COMMITMENTS,
            signatories=[self.bystander(side)],
        )
        return Built({"memorandum_id": memorandum})

    def draft(self, side: Side, _caller: str) -> Built:
        """The open draft of the next version (the same one until it is published)."""
        draft = draft_next_memorandum(self.uow, actor=COORDINATOR, network_id=self.network(side))
        return Built({"draft_id": draft})

    def signed_draft(self, side: Side, caller: str) -> Built:
        built = self.draft(side, caller)
        answer_draft(
            self.uow,
            actor=COORDINATOR,
            draft_id=built.params["draft_id"],
            answer=Answer.SIGNED,
            member_id=self.bystander(side),
        )
        return built

    def member(self, side: Side, _caller: str) -> Built:
        return Built({"member_id": self.bystander(side)})

    def meeting(self, side: Side, _caller: str) -> Built:
        month = self.next_month()
        meeting = schedule_meeting(
            self.uow,
            actor=COORDINATOR,
            network_id=self.network(side),
            month=date.fromisoformat(f"{month}-01"),
        )
        return Built({"meeting_id": meeting}, month=month)

    def session(self, side: Side, caller: str) -> Built:
        built = self.meeting(side, caller)
        open_meeting(self.uow, actor=COORDINATOR, meeting_id=built.params["meeting_id"])
        return built

    def agenda_item(self, side: Side, caller: str) -> Built:
        """A new item on the side's meeting in session."""
        meeting = self.kept(Target.SESSION, side, caller).params["meeting_id"]
        item = add_agenda_item(self.uow, actor=COORDINATOR, meeting_id=meeting, title="Hours")
        return Built({"item_id": item})

    def decision(self, side: Side, caller: str) -> Built:
        """A decision for which the side's NGO and its clinic (the demo callers' members on
        the callers' side) are responsible."""
        item = self.agenda_item(side, caller)
        clinic = self.other.institution if side is Side.FOREIGN else self.demo.aids_centre
        decision = record_decision(
            self.uow,
            actor=COORDINATOR,
            agenda_item_id=item.params["item_id"],
            text="Open on Saturdays.",
            due_on=date(2026, 4, 30),
            responsible_member_ids=[self.ngo(side), clinic],
        )
        return Built({"decision_id": decision})

    def closable_meeting(self, side: Side, caller: str) -> Built:
        built = self.session(side, caller)
        meeting = built.params["meeting_id"]
        item = add_agenda_item(self.uow, actor=COORDINATOR, meeting_id=meeting, title="Hours")
        record_decision(
            self.uow,
            actor=COORDINATOR,
            agenda_item_id=item,
            text="Open on Saturdays.",
            due_on=date(2026, 4, 30),
            responsible_member_ids=[self.ngo(side)],
        )
        entry = AttendanceEntry(self.ngo(side), present=True)
        record_attendance(self.uow, actor=COORDINATOR, meeting_id=meeting, entries=[entry])
        return built

    def closed_meeting(self, side: Side, caller: str) -> Built:
        built = self.closable_meeting(side, caller)
        close_meeting(self.uow, actor=COORDINATOR, meeting_id=built.params["meeting_id"])
        return built

    def attachment(self, side: Side, caller: str) -> Built:
        """The order the side's NGO attached to a decision it is responsible for."""
        decision = self.decision(side, caller).params["decision_id"]
        attachment = attach_instrument_file(
            self.uow,
            actor=COORDINATOR,
            decision_id=decision,
            member_id=self.ngo(side),
            filename="order.pdf",
            content=tiny_pdf(),
            # The app's data folder: the settings the unit of work's keys were read from.
            store=AttachmentStore.of(self.uow.keys._settings),
        )
        return Built({"decision_id": decision, "attachment_id": attachment})

    def report(self, side: Side, _caller: str) -> Built:
        """February's report, stored with stand-ins for its renditions: access is what is
        tested here, and rendering the real ones takes seconds."""
        return Built({"report_id": stored_report(self.uow, self.network(side))})
