"""deployments/prefect.yaml deploys every flow the dispatcher may start, under the name it
asks for, and schedules the sweep, housekeeping and the governance flows."""

from pathlib import Path

import yaml

from casework.settings import Mode, Settings
from flows.dispatch import FLOWS, embedded_schedules

PREFECT_YAML = Path(__file__).resolve().parents[2] / "deployments" / "prefect.yaml"


def load() -> dict:
    return yaml.safe_load(PREFECT_YAML.read_text())


def entrypoint_of(flow) -> str:
    module = flow.fn.__module__.replace(".", "/")
    return f"{module}.py:{flow.fn.__name__}"


def test_every_dispatched_flow_has_a_deployment_named_as_the_dispatcher_expects():
    deployments = load()["deployments"]
    suffix = Settings().deployment_suffix
    assert sorted(d["entrypoint"] for d in deployments) == sorted(
        entrypoint_of(flow) for flow in FLOWS.values()
    )
    assert {d["name"] for d in deployments} == {suffix}
    assert {d["work_pool"]["name"] for d in deployments} == {"casework"}


def scheduled() -> dict[str, dict]:
    return {d["entrypoint"]: d for d in load()["deployments"] if d.get("schedules")}


def test_the_sweep_runs_every_15_minutes_in_the_regions_time_one_at_a_time():
    sweep = scheduled()[entrypoint_of(FLOWS["escalation-sweep"])]
    assert sweep["schedules"] == [
        {"cron": "*/15 * * * *", "timezone": "Asia/Dushanbe", "active": True}
    ]
    assert sweep["concurrency_limit"] == 1


def test_the_governance_flows_run_daily_and_the_report_on_the_first_of_the_month():
    crons = {
        name: [s["cron"] for s in scheduled()[entrypoint_of(FLOWS[name])]["schedules"]]
        for name in ("memorandum-renewal", "monthly-meeting", "network-report")
    }
    assert crons == {
        "memorandum-renewal": ["15 6 * * *"],
        "monthly-meeting": ["30 6 * * *"],
        "network-report": ["0 7 1 * *"],
    }
    assert len(scheduled()) == 5  # nothing else runs by the clock
    assert {s["timezone"] for d in scheduled().values() for s in d["schedules"]} == {
        "Asia/Dushanbe"
    }


def test_housekeeping_runs_hourly_in_server_mode_and_with_the_sweep_in_embedded_mode():
    """Expired Idempotency-Keys are deleted by the clock, not only when their user returns."""
    housekeeping = scheduled()[entrypoint_of(FLOWS["housekeeping"])]
    assert housekeeping["schedules"] == [
        {"cron": "45 * * * *", "timezone": "Asia/Dushanbe", "active": True}
    ]
    assert housekeeping["concurrency_limit"] == 1
    embedded = {
        s.flow.name: s.interval
        for s in embedded_schedules(Settings(mode=Mode.EMBEDDED, sweep_interval_minutes=7))
        if s.enabled
    }
    assert embedded["housekeeping"] == embedded["escalation-sweep"]
