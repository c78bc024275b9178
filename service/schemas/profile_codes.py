"""Models of the intake profile's code lists (casework/cases/profile.py): each code with its
words in the three languages, so that a client offers them in its reader's."""

from pydantic import BaseModel


class ProfileCodeRead(BaseModel):
    code: str
    labels: dict[str, str]  # by language code: en, ru, tg


class ProfileCodes(BaseModel):
    groups: list[ProfileCodeRead]  # the network's population groups offered at intake
    sexes: list[ProfileCodeRead]
    age_bands: list[ProfileCodeRead]
    districts: list[ProfileCodeRead]
