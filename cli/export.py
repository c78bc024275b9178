"""`casework export ...`: the network's data in other systems' standards (docs/interop.md)."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.network.queries import published_directory
from casework.referrals.queries.exports import network_export
from cli.networks import NETWORK, network_id
from interop import hsds
from interop.fhir.bundles import export_bundle

export_app = typer.Typer(help="Exports in FHIR R4, HSDS 3 and CSV.", no_args_is_help=True)
OPERATOR = system_actor("cli")


def write_json(path: Path, value: list | dict) -> None:
    """Written beside and then renamed: a half-written file never sits under the real name."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, path)


@export_app.command("hsds")
def export_hsds(
    out: Path = typer.Option(..., "--out", file_okay=False, help="the directory to write into"),
    network: str = NETWORK,
) -> None:
    """The network's current members and their services as Open Referral HSDS 3:
    organizations.json and services.json, each a JSON array."""
    directory = published_directory(unit_of_work(), actor=OPERATOR, network_id=network_id(network))
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "organizations.json", hsds.organizations(directory))
    write_json(out / "services.json", hsds.services(directory))
    typer.echo(
        f"wrote {len(directory.members)} organizations and "
        f"{sum(len(m.services) for m in directory.members)} services to {out}"
    )


@export_app.command("fhir")
def export_fhir(
    out: Path = typer.Option(..., "--out", file_okay=False, help="the directory to write into"),
    since: datetime | None = typer.Option(
        None,
        formats=["%Y-%m-%d"],
        help="only referrals changed from this local day on (and the people they need)",
    ),
    network: str = NETWORK,
) -> None:
    """One FHIR R4 Bundle (collection) in bundle.json: Organization and HealthcareService per
    member and service, Patient (a pseudonym only) and Consent per beneficiary, ServiceRequest
    and Task per referral. The export is one audited read."""
    data = network_export(
        unit_of_work(),
        actor=OPERATOR,
        network_id=network_id(network),
        since=None if since is None else since.date(),
    )
    columns = (TextColumn("referrals"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns) as progress:
        bar = progress.add_task("referrals", total=len(data.referrals))
        bundle = export_bundle(
            data, at=datetime.now(UTC), on_referral=lambda: progress.advance(bar)
        )
    out.mkdir(parents=True, exist_ok=True)
    target = out / "bundle.json"
    write_json(target, bundle)
    typer.echo(f"{len(bundle['entry'])} resources ({len(data.referrals)} referrals) in {target}")
