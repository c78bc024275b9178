"""The demo network's directory: where each invented member receives people, when, and how to
reach it. Streets are common street names of the region's towns, numbers and phones are made
up (every phone is a 0-00-NN number, which no exchange gives out)."""

from dataclasses import dataclass

from casework.network.commands import DirectoryChanges
from casework.network.districts import District

D = District
# Trunk codes of the towns, so that the invented numbers look like the region's.
AREA_CODE = {
    D.BOKHTAR: "3222",
    D.KULOB: "3322",
    D.VAKHSH: "3245",
    D.DANGHARA: "3312",
    D.ABDURAHMONI_JOMI: "3246",
    D.FARKHOR: "3316",
    D.LEVAKANT: "3240",
    D.VOSE: "3318",
}
WEEKDAYS = "Mon–Fri 08:00–17:00"
NGO_HOURS = "Mon–Fri 09:00–18:00, Sat 09:00–13:00"


@dataclass(frozen=True)
class Place:
    district: District
    address: str
    opening_hours: str
    referral_contact: str | None = None

    def changes(self, index: int) -> DirectoryChanges:
        """The entry of the member admitted `index`-th, with its own invented phone."""
        return DirectoryChanges(
            district=self.district,
            address=self.address,
            phone=f"+992 {AREA_CODE[self.district]} 0-00-{index:02d}",
            opening_hours=self.opening_hours,
            referral_contact=self.referral_contact,
        )


PLACES = {
    "Regional AIDS Centre (demo)": Place(
        D.BOKHTAR,
        "12 Vahdat Street, Bokhtar",
        "Mon–Fri 08:00–17:00, Sat 08:00–12:00",
        "Trust room, ground floor: ask for the counsellor",
    ),
    "Regional TB Dispensary (demo)": Place(
        D.BOKHTAR, "140 Rudaki Avenue, Bokhtar", "Mon–Sat 08:00–15:00", "Reception, room 3"
    ),
    "Regional Narcology Centre (demo)": Place(
        D.BOKHTAR,
        "56 Ayni Street, Bokhtar",
        "Mon–Fri 08:00–17:00; substitution therapy daily 07:00–11:00",
        "Harm reduction office, room 12",
    ),
    "Regional Dermatovenerology Dispensary (demo)": Place(
        D.KULOB, "21 Somoni Street, Kulob", "Mon–Fri 08:00–16:00", "Anonymous consulting room"
    ),
    "Regional Clinical Hospital (demo)": Place(
        D.BOKHTAR,
        "2 Hospital Street, Bokhtar",
        "Outpatients Mon–Sat 08:00–14:00; emergency 24 hours",
        "Outpatient registry, window 1",
    ),
    "Regional Justice Department (demo)": Place(
        D.BOKHTAR,
        "9 Navruz Street, Bokhtar",
        f"{WEEKDAYS}; duty lawyer for detentions 24 hours",
        "Free legal aid office",
    ),
    "NGO «Umedi Nav» (demo)": Place(D.BOKHTAR, "44 Tursunzoda Street, Bokhtar", NGO_HOURS),
    "NGO «Chashmai Hayot» (demo)": Place(D.VAKHSH, "7 Istiqlol Street, Vakhsh", NGO_HOURS),
    "NGO «Dasti Kumak» (demo)": Place(D.KULOB, "15 Ibn Sino Street, Kulob", NGO_HOURS),
    "NGO «Rohi Rost» (demo)": Place(D.DANGHARA, "3 Markazi Street, Danghara", NGO_HOURS),
    "NGO «Zanoni Sabr» (demo)": Place(
        D.ABDURAHMONI_JOMI, "8 Firdavsi Street, Abdurahmoni Jomi", NGO_HOURS
    ),
    "Radio «Sadoi Vodi» (demo)": Place(D.BOKHTAR, "80 Vahdat Street, Bokhtar", WEEKDAYS),
    "Regional Police Department (demo)": Place(
        D.BOKHTAR, "1 Somoni Street, Bokhtar", "24 hours", "Duty officer"
    ),
    "NGO «Nuri Dil» (demo)": Place(D.FARKHOR, "11 Dusti Street, Farkhor", NGO_HOURS),
    "Regional Employment Agency (demo)": Place(
        D.BOKHTAR, "65 Rudaki Avenue, Bokhtar", WEEKDAYS, "Job centre, room 5"
    ),
    "Newspaper «Payomi Khatlon» (demo)": Place(D.BOKHTAR, "18 Ayni Street, Bokhtar", WEEKDAYS),
    "District Housing Department (demo)": Place(
        D.KULOB, "40 Somoni Street, Kulob", WEEKDAYS, "Social housing desk"
    ),
    "NGO «Khonai Orom» (demo)": Place(D.LEVAKANT, "5 Navbahor Street, Levakant", NGO_HOURS),
    "Passport and Registration Office (demo)": Place(
        D.BOKHTAR, "20 Ayni Street, Bokhtar", "Mon–Fri 08:00–16:00, Sat 08:00–12:00", "Window 4"
    ),
    "NGO «Paivand» (demo)": Place(D.VOSE, "17 Markazi Street, Vose", NGO_HOURS),
    "NGO «Sipar» (demo)": Place(D.BOKHTAR, "30 Sino Street, Bokhtar", NGO_HOURS),
    "NGO «Bahori Umr» (demo)": Place(D.KULOB, "88 Somoni Street, Kulob", NGO_HOURS),
    "NGO «Rohnamo» (demo)": Place(D.VAKHSH, "9 Rudaki Street, Vakhsh", NGO_HOURS),  # referrer
    "Online outlet «Khabarnigor» (demo)": Place(D.KULOB, "6 Istiqlol Street, Kulob", WEEKDAYS),
}
