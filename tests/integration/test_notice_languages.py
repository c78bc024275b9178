"""Each notice is worded for whoever reads it: an e-mail in its contact's language, an SMS
through the webhook in its contact's, with the service's name, never its code."""

import json

from pydantic import SecretStr

from casework.actors import system_actor
from casework.languages import Language
from casework.network.model import Member
from casework.network.services import ServiceCode
from casework.notifications.channels import configured_senders
from casework.notifications.commands import add_contact, notify_institution_of_referral
from casework.notifications.delivery import deliver_due
from casework.notifications.model import Channel
from casework.notifications.queries import contacts
from casework.referrals import commands as referrals
from tests.support.network import demo
from tests.support.receivers import smtp_server, webhook_gateway
from texts import said

SYSTEM = system_actor("test-languages")
SECRET = "webhook-secret-" + "x" * 40


def test_an_email_and_an_sms_go_out_each_in_its_contacts_language(uow, settings):
    d = demo(uow)
    with uow:
        institution = uow.session.get_one(Member, d.aids_centre)
        network_id, name = institution.network_id, institution.name
    for channel, address, language in [
        (Channel.EMAIL, "clinic.desk@demo.invalid", Language.TAJIK),
        (Channel.WEBHOOK, "+992000000777", Language.RUSSIAN),
    ]:
        add_contact(
            uow,
            actor=SYSTEM,
            network_id=network_id,
            member_id=d.aids_centre,
            role="focal_point",
            channel=channel,
            address=address,
            language=language,
        )
    assert {(c.address, c.language) for c in contacts(uow, network_id=network_id)} >= {
        ("clinic.desk@demo.invalid", Language.TAJIK),
        ("+992000000777", Language.RUSSIAN),
    }
    opened = d.open_case(uow)
    issued = referrals.request_referral(
        uow, actor=d.caseworker(), case_id=opened.case_id, service=ServiceCode.HIV_TESTING
    )
    assert notify_institution_of_referral(uow, actor=SYSTEM, referral_id=issued.referral_id)

    with smtp_server() as mailbox, webhook_gateway() as gateway:
        both = settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": mailbox.port,
                "webhook_url": gateway.url,
                "webhook_secret": SecretStr(SECRET),
            }
        )
        report = deliver_due(uow, actor=SYSTEM, wording=said, senders=configured_senders(both))
    assert report.errors == []

    (mail,) = [m for m in mailbox.messages if m["X-Envelope-To"] == "clinic.desk@demo.invalid"]
    assert mail["Subject"] == f"Роҳхати {issued.serial}"
    assert mail.get_content().strip() == (
        f"Роҳхати {issued.serial} (Санҷиш ва машварат оид ба ВНМО) ба {name}: нав, интизори қабул."
    )
    (sms,) = [json.loads(body) for _, body in gateway.requests]
    assert (sms["to"], sms["language"]) == ("+992000000777", "ru")
    assert sms["text"] == (
        f"Направление {issued.serial} (Тестирование и консультирование по ВИЧ) в {name}: "
        "новое, ожидает принятия."
    )
    sent = [m.get_content() for m in mailbox.messages] + [sms["text"]]
    assert not any("hiv_testing" in text for text in sent)
