"""Operator commands that keep beneficiaries anonymous: verify the audit chain, rotate and
retire vault keys, erase a beneficiary on request."""

import re
import uuid

import typer
from rich.progress import Progress

from casework.actors import system_actor
from casework.audit_seal import seal_audit_trail
from casework.audit_verify import verify_chain
from casework.beneficiaries.commands.erasure import erase_beneficiary
from casework.bootstrap import unit_of_work
from casework.privacy.keys import add_kek_version, retire_kek_versions
from casework.privacy.rotation import count_to_rewrap, kek_versions_in_use, rewrap_data_keys
from casework.settings import get_settings

audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)
beneficiaries_app = typer.Typer(help="Requests of beneficiaries.", no_args_is_help=True)
OPERATOR = system_actor("cli")
ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip().lower())
    if match is None:
        raise typer.BadParameter("an anchor is POSITION:HASH, as `audit verify` printed it")
    return int(match[1]), match[2]


@audit_app.command("verify")
def audit_verify(
    anchor: list[str] = typer.Option(
        [], help="POSITION:HASH recorded earlier outside the database (repeatable)."
    ),
) -> None:
    """Walk the audit chain; report the first row that was edited, deleted or rewritten."""
    anchors = dict(_anchor(a) for a in anchor)
    uow = unit_of_work()
    with uow:
        report = verify_chain(uow.session, key=uow.keys.audit_chain_key, anchors=anchors)
    if not report.intact:
        where = "" if report.broken_at is None else f" at row {report.broken_at}"
        typer.echo(f"audit chain BROKEN{where}: {report.problem}", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit chain intact: {report.rows} rows")
    typer.echo(f"unsealed rows, each checked by its MAC: {report.unsealed}")
    typer.echo(f"anchor (record it outside the database): {report.head_seq}:{report.head_hash}")


@audit_app.command("seal")
def audit_seal() -> None:
    """Chain the audit rows written since the last seal (the dispatcher does it every round)."""
    sealed = seal_audit_trail(unit_of_work())
    if sealed.busy:
        typer.echo("another sealer is at work; nothing sealed here")
        return
    typer.echo(f"sealed {sealed.rows} rows; head {sealed.head.seq}:{sealed.head.hash}")
    if sealed.refused:
        typer.echo(
            f"{len(sealed.refused)} rows fail their MAC and stay unsealed: "
            "run `casework audit verify`",
            err=True,
        )
        raise typer.Exit(1)


def _rewrap_all(version: int) -> int:
    uow = unit_of_work()
    with Progress() as progress:
        bar = progress.add_task("rewrapping data keys", total=count_to_rewrap(uow, version=version))
        return rewrap_data_keys(
            uow,
            actor=OPERATOR,
            version=version,
            on_batch=lambda done: progress.advance(bar, done),
        )


def keys_rotate() -> None:
    """Create a new vault key-encryption key and rewrap every data key under it."""
    version = add_kek_version(get_settings())
    typer.echo(f"created vault key-encryption key version {version}")
    typer.echo(f"{_rewrap_all(version)} data keys rewrapped; records were not decrypted")


def keys_retire() -> None:
    """Rewrap any data key left under an old version, then delete the unused old key files.
    Backups made before a retired version's deletion can no longer open erased records."""
    uow = unit_of_work()
    newest = uow.keys.current_kek_version
    _rewrap_all(newest)
    retired = retire_kek_versions(get_settings(), in_use=kek_versions_in_use(uow))
    typer.echo(f"retired versions: {', '.join(map(str, retired)) or 'none'}; {newest} is current")


@beneficiaries_app.command("erase")
def beneficiaries_erase(
    beneficiary_id: uuid.UUID,
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Erase a beneficiary on their request: destroys their vault key, cancels open
    referrals, forgets the UIC hash. Cannot be undone."""
    if not yes:
        typer.confirm(f"erase beneficiary {beneficiary_id}? This cannot be undone", abort=True)
    erased = erase_beneficiary(unit_of_work(), actor=OPERATOR, beneficiary_id=beneficiary_id)
    typer.echo(
        f"erased: {erased.referrals_cancelled} referrals cancelled, "
        f"{erased.cases_withdrawn} cases withdrawn"
    )
