"""The supervisors' flow dashboard, in embedded mode with real flow runs: the page reads
Prefect's API on the server side and shows the runs of the supervisor's own NGO's cases only,
each by the NGO's code for the case."""

import asyncio

import pytest
from prefect import tags

from casework.flow_scope import CASE_TAG, organisation_tag
from flows.intake import intake_flow
from tests.support.flows import dispatch, flows_using
from tests.support.network import demo
from tests.support.pages import sign_in

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_a_supervisor_sees_the_runs_of_their_ngo_cases_and_no_other(client, uow, new_uow, settings):
    d = demo(uow)
    ours = d.open_case(uow)
    theirs = d.open_case(uow, ngo=d.other_ngo)
    with flows_using(new_uow):
        assert dispatch(settings) == 2  # each case's intake, tagged by the dispatcher
        # A run started by hand whose tags claim the other NGO's case for ours: tags are a
        # hint for Prefect's filter, the casework access rules decide.
        with tags(organisation_tag(d.ngo), f"{CASE_TAG}{theirs.case_id}"):
            asyncio.run(intake_flow(str(theirs.case_id)))

    sign_in(client, "demo-supervisor")
    page = client.get("/dashboard/flow-runs", params={"lang": "en"})
    assert page.status_code == 200
    text = page.text
    assert ours.display_code in text and f'href="/cases/{ours.case_id}"' in text
    assert ">intake and matching<" in text and ">done<" in text
    assert theirs.display_code not in text and str(theirs.case_id) not in text
    assert 'href="/dashboard/flow-runs"' in client.get("/dashboard").text
    in_tajik = client.get("/dashboard/flow-runs", params={"lang": "tg"}).text
    assert ">қабул ва ҷустуҷӯи мувофиқат<" in in_tajik and ">иҷро шуд<" in in_tajik
