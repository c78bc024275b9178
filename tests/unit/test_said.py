"""The domain's messages in the reader's language: a notice kept as its key and values, a
refusal just raised, each with its codes (a service, a status) as words, never as codes, and
a status in the form that agrees with what it is the status of."""

from casework.cases.states import CaseStatus, NeedStatus
from casework.errors import Conflict, IllegalTransition
from casework.languages import Language
from casework.messages import Message
from casework.network.services import ServiceCode
from casework.referrals.states import ReferralStatus
from texts.said import say, say_stored

CANCELLED = Message(
    "notice.referral_cancelled",
    "Referral {serial} ({service}) to {institution}: cancelled.",
    serial="KHT-2026-000001-5",
    service=ServiceCode.HIV_TESTING,
    institution="Regional AIDS Centre",
)


def stored(message: Message) -> tuple:
    kept = message.stored()
    return kept["key"], kept["params"], str(message)


def test_a_code_is_kept_with_the_name_of_its_enum_and_shown_as_its_word():
    key, params, english = stored(CANCELLED)
    assert params["service"] == {"code": "ServiceCode", "value": "hiv_testing"}
    assert english == "Referral KHT-2026-000001-5 (hiv_testing) to Regional AIDS Centre: cancelled."
    assert say_stored(key, params, english, Language.RUSSIAN) == (
        "Направление KHT-2026-000001-5 (Тестирование и консультирование по ВИЧ) в "
        "Regional AIDS Centre: отменено."
    )
    assert say_stored(key, params, english, Language.TAJIK) == (
        "Роҳхати KHT-2026-000001-5 (Санҷиш ва машварат оид ба ВНМО) ба Regional AIDS Centre: "
        "бекор карда шуд."
    )
    assert say_stored(key, params, english, Language.ENGLISH) == (
        "Referral KHT-2026-000001-5 (HIV testing and counselling) to Regional AIDS Centre: "
        "cancelled."
    )


def test_a_message_within_a_message_is_worded_too():
    late = Message("lateness.hours", "{amount} hours late", amount=3)
    escalated = Message(
        "notice.escalated_to_accept",
        "Referral {serial} ({service}) to {institution} is {lateness} to accept. "
        "Escalation level {level}.",
        serial="S-1",
        service=ServiceCode.HOUSING,
        institution="Centre",
        lateness=late,
        level=2,
    )
    assert say_stored(*stored(escalated), Language.RUSSIAN) == (
        "Направление S-1 (Помощь с жильём) в Centre принимается с опозданием на 3 ч. "
        "Уровень эскалации 2."
    )


def test_a_notice_kept_without_a_key_or_with_one_no_longer_known_shows_its_english():
    assert say_stored(None, None, "Old notice.", Language.RUSSIAN) == "Old notice."
    assert say_stored("notice.gone", {}, "Gone notice.", Language.TAJIK) == "Gone notice."


def test_statuses_agree_with_what_they_are_the_status_of_in_russian():
    referral = IllegalTransition("referral", ReferralStatus.CANCELLED, ReferralStatus.ACCEPTED)
    assert say(referral.said, Language.RUSSIAN) == (
        "переход из состояния «отменено» в «принято» невозможен"
    )
    case = Conflict(
        "referral.case_closed", "case is {status}; no new referrals", status=CaseStatus.RESOLVED
    )
    assert say(case.said, Language.RUSSIAN) == "случай решён; новых направлений нет"
    need = IllegalTransition("need", NeedStatus.CLOSED, NeedStatus.MET)
    assert say(need.said, Language.RUSSIAN) == (
        "переход из состояния «закрыта» в «удовлетворена» невозможен"
    )
    assert say(case.said, Language.TAJIK) == "ҳолат ҳал шуд; роҳхатҳои нав дода намешаванд"
    assert case.message == "case is resolved; no new referrals"  # the API's English is as before
