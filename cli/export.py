"""`casework export ...`: the network's data in other systems' standards (docs/interop.md)."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.errors import NotFound
from casework.referrals.queries.exports import network_export
from interop.fhir.bundles import export_bundle

export_app = typer.Typer(help="Exports in FHIR R4, HSDS 3 and CSV.", no_args_is_help=True)

OPERATOR = system_actor("cli:export")


@export_app.command("fhir")
def fhir(
    out: Path = typer.Option(..., file_okay=False, help="The folder to write bundle.json into."),
    since: datetime | None = typer.Option(
        None,
        formats=["%Y-%m-%d"],
        help="Only referrals changed from this local day on (and the people they need).",
    ),
    network: str | None = typer.Option(None, help="One network, by its code (e.g. KHT)."),
) -> None:
    """One FHIR R4 Bundle (collection): Organization and HealthcareService per member and
    service, Patient (a pseudonym only) and Consent per beneficiary, ServiceRequest and Task
    per referral. The export is one audited read."""
    try:
        data = network_export(
            unit_of_work(),
            actor=OPERATOR,
            network_code=network,
            since=None if since is None else since.date(),
        )
    except NotFound:
        raise typer.BadParameter(
            f"no network has the code {network}", param_hint="--network"
        ) from None
    columns = (TextColumn("referrals"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns) as progress:
        bar = progress.add_task("referrals", total=len(data.referrals))
        bundle = export_bundle(
            data, at=datetime.now(UTC), on_referral=lambda: progress.advance(bar)
        )
    out.mkdir(parents=True, exist_ok=True)
    target = out / "bundle.json"
    partial = target.with_name(target.name + ".partial")
    partial.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, target)  # never leave a half-written bundle under the real name
    typer.echo(f"{len(bundle['entry'])} resources ({len(data.referrals)} referrals) in {target}")
