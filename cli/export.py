"""`casework export ...`: the network's data in other systems' standards (docs/interop.md)."""

import json
from pathlib import Path

import typer

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.network.queries import published_directory
from cli.networks import NETWORK, network_id
from interop import hsds

export_app = typer.Typer(help="Exports in FHIR R4, HSDS 3 and CSV.", no_args_is_help=True)
OPERATOR = system_actor("cli")


def write_json(path: Path, records: list) -> None:
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


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
