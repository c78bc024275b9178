"""`casework network groups ...`: the coordinator's list of population groups that intake
offers, each with its words in English, Russian and Tajik."""

import typer

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.cases.group_commands import GroupLabels, add_group, relabel_group, retire_group
from casework.cases.population_groups import GroupView, network_groups
from cli.networks import NETWORK, network_id

network_app = typer.Typer(help="The network's own lists.", no_args_is_help=True)
groups_app = typer.Typer(help="Population groups offered at intake.", no_args_is_help=True)
network_app.add_typer(groups_app, name="groups")
OPERATOR = system_actor("cli")

EN = typer.Option(..., "--en", help="the group's name in English")
RU = typer.Option(..., "--ru", help="in Russian")
TG = typer.Option(..., "--tg", help="in Tajik")


def _line(group: GroupView) -> str:
    retired = f"  (retired {group.retired_at:%Y-%m-%d})" if group.retired_at else ""
    words = " | ".join(group.labels[lang] for lang in ("en", "ru", "tg"))
    return f"{group.code:<28} {words}{retired}"


@groups_app.command("list")
def list_groups(network: str = NETWORK) -> None:
    """Every group of the list, the retired ones marked."""
    found = network_groups(
        unit_of_work(), actor=OPERATOR, network_id=network_id(network), retired=True
    )
    for group in found:
        typer.echo(_line(group))


@groups_app.command("add")
def add(code: str, en: str = EN, ru: str = RU, tg: str = TG, network: str = NETWORK) -> None:
    """Add a group (its code is kept with cases: choose it for good)."""
    group = add_group(
        unit_of_work(),
        actor=OPERATOR,
        network_id=network_id(network),
        code=code,
        labels=GroupLabels(en, ru, tg),
    )
    typer.echo(f"added {_line(group)}")


@groups_app.command("relabel")
def relabel(code: str, en: str = EN, ru: str = RU, tg: str = TG, network: str = NETWORK) -> None:
    """New words for a group; its cases keep the code and read the new words."""
    group = relabel_group(
        unit_of_work(),
        actor=OPERATOR,
        network_id=network_id(network),
        code=code,
        labels=GroupLabels(en, ru, tg),
    )
    typer.echo(f"relabelled {_line(group)}")


@groups_app.command("retire")
def retire(code: str, network: str = NETWORK) -> None:
    """Stop offering a group at intake; the cases that have it keep it."""
    group = retire_group(unit_of_work(), actor=OPERATOR, network_id=network_id(network), code=code)
    typer.echo(f"retired {_line(group)}")
