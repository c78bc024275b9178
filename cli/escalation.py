"""`casework escalation ...` and `casework notifications ...`: the ladder's policy, the
meeting agenda requests, contacts and failed deliveries, for operators and coordinators."""

import typer
from sqlalchemy import select

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.calendar import DeadlineUnit
from casework.escalation.commands.thresholds import set_threshold
from casework.escalation.model import LEVELS
from casework.escalation.queries import agenda_requests, ladders
from casework.languages import DEFAULT_LANGUAGE, Language, listed
from casework.notifications.commands import add_contact
from casework.notifications.model import Channel
from casework.notifications.queries import contacts, delivery_problems
from casework.referrals.model import Referral
from cli.networks import NETWORK, network_id
from cli.prefect_server import run_flow

escalation_app = typer.Typer(help="The escalation ladder and its thresholds.", no_args_is_help=True)
notifications_app = typer.Typer(help="Contacts and deliveries.", no_args_is_help=True)
OPERATOR = system_actor("cli")


@escalation_app.command("thresholds")
def show_thresholds(network: str = NETWORK) -> None:
    """Show how late a referral must be to reach each level."""
    with (uow := unit_of_work()):
        found = ladders(uow.session, network_id=network_id(network))
    for ladder in found:
        steps = ", ".join(f"level {lvl}: {ladder.overdue_by[lvl]}" for lvl in LEVELS)
        typer.echo(f"{ladder.unit.value:>12}  {steps}")


@escalation_app.command("set-threshold")
def edit_threshold(
    unit: DeadlineUnit = typer.Option(..., help="hours or working_days"),
    level: int = typer.Option(..., min=1, max=4),
    overdue_by: int = typer.Option(..., min=0, help="how many units past the deadline"),
    network: str = NETWORK,
) -> None:
    """Change one threshold of a network's ladder (applies from the next sweep)."""
    ladder = set_threshold(
        unit_of_work(),
        actor=OPERATOR,
        network_id=network_id(network),
        unit=unit,
        level=level,
        overdue_by=overdue_by,
    )
    typer.echo(f"{unit.value}: {ladder.overdue_by}")


@escalation_app.command("agenda")
def show_agenda(network: str = NETWORK) -> None:
    """Referrals that reached level 4 and wait for the next network meeting."""
    with (uow := unit_of_work()):
        for step in agenda_requests(uow.session, network_id=network_id(network)):
            serial = uow.session.scalar(
                select(Referral.serial).where(Referral.id == step.referral_id)
            )
            typer.echo(f"{serial}  {step.reason}  since {step.escalated_at:%Y-%m-%d %H:%M} UTC")


@notifications_app.command("failed")
def show_failed() -> None:
    """Deliveries that failed for good or are being retried."""
    for p in delivery_problems(unit_of_work(), actor=OPERATOR):
        typer.echo(
            f"#{p.id} {p.status.value:<8} {p.channel.value:<7} {p.address}  "
            f"attempts {p.attempts}: {p.last_error}"
        )


@notifications_app.command("deliver")
def deliver_now() -> None:
    """Send every due delivery now (the delivery flow, once)."""
    from flows.notify import deliver_notifications

    typer.echo(run_flow(deliver_notifications))


@notifications_app.command("add-contact")
def contact_add(
    role: str = typer.Option(..., help="caseworker, supervisor, focal_point, head or coordinator"),
    channel: Channel = typer.Option(..., help="email or webhook"),
    address: str = typer.Option(..., help="a role mailbox or a gateway number"),
    member_id: int | None = typer.Option(None, help="the member; none for the coordinator"),
    language: Language = typer.Option(
        DEFAULT_LANGUAGE, help=f"{listed()}: what the notices to this address are worded in"
    ),
    network: str = NETWORK,
) -> None:
    """Send a role's notices to one more address."""
    contact_id = add_contact(
        unit_of_work(),
        actor=OPERATOR,
        network_id=network_id(network),
        member_id=member_id,
        role=role,
        channel=channel,
        address=address,
        language=language,
    )
    typer.echo(f"contact {contact_id} added")


@notifications_app.command("contacts")
def contact_list(network: str = NETWORK) -> None:
    """List where each role receives notices."""
    for c in contacts(unit_of_work(), network_id=network_id(network)):
        member = "network" if c.member_id is None else f"member {c.member_id}"
        typer.echo(
            f"#{c.id} {member:<10} {c.role:<12} {c.channel.value:<7} {c.language.value} {c.address}"
        )
