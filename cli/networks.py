"""The `--network` option of operators' commands: a network named by its code."""

import typer
from sqlalchemy import select

from casework.bootstrap import unit_of_work
from casework.network.model import Network

NETWORK = typer.Option("KHT", "--network", help="the network's code")


def network_id(code: str) -> int:
    """The id of the network with `code`; an unknown code is the option's error."""
    with (uow := unit_of_work()):
        found = uow.session.scalar(select(Network.id).where(Network.code == code))
    if found is None:
        raise typer.BadParameter(f"no network with code {code!r}", param_hint="--network")
    return found
