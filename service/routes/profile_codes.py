"""The intake profile's code lists: the network's population groups and the fixed lists of
sex, age band and district, each code with its words in every language."""

from enum import StrEnum

from fastapi import APIRouter

from casework.cases.population_groups import network_groups
from casework.cases.profile import AgeBand
from casework.cases.profile import Sex as ProfileSex
from casework.languages import Language
from casework.network.districts import District
from service.deps import ActorDep, UowDep
from service.one_hop import OneHopRoute
from service.policies import Resource, declare, staff_read
from service.schemas.governance import NetworkQuery
from service.schemas.profile_codes import ProfileCodeRead, ProfileCodes
from texts.labels import word

router = APIRouter(route_class=OneHopRoute, tags=["cases"])


def _listed(codes: type[StrEnum]) -> list[ProfileCodeRead]:
    return [
        ProfileCodeRead(code=code, labels={lang.value: word(code, lang) for lang in Language})
        for code in codes
    ]


@router.get("/profile-codes", response_model=ProfileCodes)
@declare(staff_read(Resource.NETWORK))
def list_profile_codes(
    actor: ActorDep, uow: UowDep, network_id: NetworkQuery = None
) -> ProfileCodes:
    """What the intake profile (`profile` of `POST /api/v1/cases`) may say."""
    groups = network_groups(uow, actor=actor, network_id=network_id)
    return ProfileCodes(
        groups=[ProfileCodeRead(code=g.code, labels=g.labels) for g in groups],
        sexes=_listed(ProfileSex),
        age_bands=_listed(AgeBand),
        districts=_listed(District),
    )
