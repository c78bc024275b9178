"""`casework export ...`: the network's data in other systems' standards (docs/interop.md)."""

import typer

export_app = typer.Typer(help="Exports in FHIR R4, HSDS 3 and CSV.", no_args_is_help=True)
