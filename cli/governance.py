"""`casework governance`: run the governance flows once, print a specimen report, print a
closed meeting's protocol, and set the network's threshold of commitments kept."""

from pathlib import Path

import typer

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.governance.commitment_threshold import set_commitment_threshold
from casework.languages import DEFAULT_LANGUAGE, Language, listed
from cli.networks import NETWORK, network_id
from cli.prefect_server import run_flow

governance_app = typer.Typer(
    help="Memorandum renewal, monthly meetings, the network reports.", no_args_is_help=True
)


@governance_app.command("renew")
def renew(day: str | None = typer.Option(None, help="Run as of this date (YYYY-MM-DD).")) -> None:
    """Run the memorandum renewal flow once: draft what is due, publish what is ready."""
    from flows.memorandum_renewal import memorandum_renewal

    result = run_flow(lambda: memorandum_renewal(day=day))
    typer.echo(f"drafts {result['drafts']}, published memoranda {result['published']}")


@governance_app.command("meetings")
def meetings(
    day: str | None = typer.Option(None, help="Run as of this date (YYYY-MM-DD)."),
) -> None:
    """Run the monthly meeting flow once: schedule this month's meetings, refresh agendas."""
    from flows.monthly_meeting import monthly_meeting

    result = run_flow(lambda: monthly_meeting(day=day))
    typer.echo(f"scheduled {result['scheduled']}, agendas {result['agendas']}")


PERIOD_HELP = "A month (2026-03), a quarter (2026-Q1), a year (2026) or all (since founding)."


def _period(key: str):
    """The period a key names, or the option refused with the reason."""
    from casework.errors import InvalidInput
    from casework.governance.reports.periods import parse_period

    try:
        return parse_period(key)
    except InvalidInput as refused:
        raise typer.BadParameter(refused.message, param_hint="--period") from None


@governance_app.command("report")
def report(
    period: str | None = typer.Option(
        None,
        "--period",
        "--month",  # its name before quarters and years; kept for operators' scripts
        help=f"{PERIOD_HELP} Default: last month and the quarter or year it closed.",
    ),
) -> None:
    """Run the network report flow once: generate, store and announce the period's report."""
    from flows.network_report import network_report

    if period is not None:
        _period(period)
    result = run_flow(lambda: network_report(period=period))
    typer.echo(f"reports {result['reports']}, members notified {result['notices']}")


@governance_app.command("specimen")
def specimen(
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the PDF."),
    lang: Language = typer.Option(DEFAULT_LANGUAGE, help=listed()),
    period: str = typer.Option(
        "2026-02", help=f"{PERIOD_HELP} 2026-01 is a quiet month, whose report points to 2026-Q1."
    ),
) -> None:
    """An invented period of the demo network as a report PDF, to review layout and wording."""
    from reports.render import render_report
    from reports.specimen import specimen

    _html, pdf = render_report(specimen(_period(period)), lang)
    output.write_bytes(pdf)
    typer.echo(f"wrote {output} ({len(pdf) // 1024} KiB)")


@governance_app.command("commitment-threshold")
def commitment_threshold(
    percent: int = typer.Option(
        ..., min=1, max=100, help="the share of commitments kept below which a member is listed"
    ),
    network: str = NETWORK,
) -> None:
    """Set the network's threshold of commitments kept (applies from the next agenda built)."""
    set_commitment_threshold(
        unit_of_work(), actor=system_actor("cli"), network_id=network_id(network), percent=percent
    )
    typer.echo(f"commitment threshold {percent}%")


@governance_app.command("protocol")
def protocol(
    meeting_id: int = typer.Argument(..., min=1, help="The closed meeting's id."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the PDF."),
    lang: Language = typer.Option(DEFAULT_LANGUAGE, help=listed()),
) -> None:
    """A closed meeting's protocol as a PDF to print and sign (the same as the meeting page's)."""
    from casework.bootstrap import unit_of_work
    from casework.governance.meetings.protocol import meeting_protocol
    from casework.settings import get_settings
    from reports.protocol import protocol_pdf

    settings = get_settings()
    uow = unit_of_work(settings)
    view = meeting_protocol(uow, actor=system_actor("cli:governance"), meeting_id=meeting_id)
    pdf = protocol_pdf(view, lang, zone=settings.timezone)
    output.write_bytes(pdf)
    typer.echo(f"wrote {output} ({len(pdf) // 1024} KiB)")
