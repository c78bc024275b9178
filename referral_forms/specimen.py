"""A specimen of the form with invented data: for the network to review its layout and each
translation (`casework forms specimen`), and for tests and benchmarks, without a database."""

import uuid
from datetime import date

from casework.network.districts import District
from casework.network.services import ServiceCode
from casework.referrals.serials import format_serial
from casework.referrals.states import Urgency
from casework.referrals.views import Guarantees, ReferralForm

SPECIMEN = ReferralForm(
    referral_id=uuid.UUID(int=1),
    serial=format_serial("KHT", 2026, 123),
    network_code="KHT",
    network_name="Khatlon Region Partnership Network (demo)",
    memorandum_version=17,
    memorandum_signed_on=date(2025, 9, 10),
    guarantees=Guarantees(anonymous=True, voluntary=True, free=True),
    ngo_id=7,
    ngo_name="NGO «Umedi Nav» (demo)",
    institution_id=1,
    institution_name="Regional AIDS Centre (demo)",
    service=ServiceCode.HIV_TESTING,
    urgency=Urgency.URGENT,
    issued_on=date(2026, 3, 2),
    valid_until=date(2026, 3, 16),
    institution_code="7QK4-M2XD",
    slip_code="H3TW-9KRA",
    ngo_language=None,
    institution_district=District.BOKHTAR,
    institution_address="12 Vahdat Street, Bokhtar",
    institution_opening_hours="Mon–Fri 08:00–17:00, Sat 08:00–12:00",
    institution_contact="Trust room, ground floor: ask for the counsellor",
    ngo_phone="+992 3222 0-00-07",
)
