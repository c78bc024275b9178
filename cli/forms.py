"""`casework forms`: signing keys, offline verification, batch printing, an NGO's language."""

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from casework.actors import system_actor
from casework.bootstrap import unit_of_work
from casework.calendar import WorkCalendar
from casework.languages import DEFAULT_LANGUAGE, Language, listed
from casework.network.commands import set_form_language
from casework.referrals.queries.form import referral_forms_issued
from casework.settings import get_settings
from referral_forms.keys import FormKeys, KeySet
from referral_forms.qr import payload_from_scan
from referral_forms.verification import Verdict, check_offline
from texts.formats import day

forms_app = typer.Typer(help="Referral forms: keys, verification, printing.", no_args_is_help=True)
keys_app = typer.Typer(help="The Ed25519 keys that sign the forms' QR.", no_args_is_help=True)
forms_app.add_typer(keys_app, name="keys")

OPERATOR = system_actor("cli:forms")
EXIT_OF = {Verdict.VALID: 0, Verdict.INVALID: 1, Verdict.EXPIRED: 3}


def _keys() -> FormKeys:
    return FormKeys.of(get_settings())


@keys_app.command("generate")
def keys_generate() -> None:
    """Create the first signing key (nothing changes if one exists; see `rotate`)."""
    keys = _keys()
    kid = keys.generate()
    if kid is None:
        typer.echo(f"a signing key already exists in {keys.directory}; use `rotate` to replace it")
    else:
        typer.echo(f"created signing key {kid} in {keys.directory}")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Sign new forms with a new key; old private keys are destroyed, old public keys stay
    published so that every form already printed still verifies."""
    keys = _keys()
    kid = keys.rotate()
    typer.echo(f"new forms are signed with key {kid}; earlier keys remain published for checks")


@keys_app.command("list")
def keys_list() -> None:
    """The published keys, by id, and which one signs new forms."""
    for jwk in _keys().public_keys().to_jwks()["keys"]:
        typer.echo(f"{jwk['kid']:>3}  {jwk['status']:<8} {jwk['x']}")


@forms_app.command("verify")
def verify(
    payload: str = typer.Argument(..., help="The QR's text: the verify URL or its payload."),
    public_key: Path | None = typer.Option(
        None,
        exists=True,
        dir_okay=False,
        help="referral-form-keys.json as published, or one PEM public key; "
        "default: this installation's key directory.",
    ),
) -> None:
    """Check a form offline, with public keys only. Exit code 0 valid, 1 invalid, 3 expired.
    Whether it was cancelled or used is known only online (the verify page)."""
    try:
        keys = KeySet.from_file(public_key) if public_key else _keys().public_keys()
    except (ValueError, KeyError) as error:
        raise typer.BadParameter(f"not a key file: {error}", param_hint="--public-key") from None
    today = WorkCalendar(get_settings().timezone).today(datetime.now(UTC))
    result = check_offline(payload_from_scan(payload), keys.key_for, today=today)
    typer.echo(result.verdict.value.upper())
    if result.claims is not None:
        claims = result.claims
        typer.echo(f"serial:        {claims.serial}")
        typer.echo(f"service:       {claims.service.value}")
        typer.echo(f"issuing NGO:   member {claims.issuer_id}")
        typer.echo(f"institution:   member {claims.institution_id}")
        typer.echo(f"issued on:     {day(claims.issued_on)}")
        typer.echo(f"valid until:   {day(claims.valid_until)}")
        typer.echo(f"signed by key: {result.key_id}")
    raise typer.Exit(EXIT_OF[result.verdict])


@forms_app.command("print")
def print_forms(
    ngo: int = typer.Option(..., help="The issuing NGO (member id)."),
    issued_from: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"]),
    issued_to: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"]),
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False, help="The PDF to write."),
    lang: Language | None = typer.Option(
        None, help=f"Default: the NGO's language, or {DEFAULT_LANGUAGE}."
    ),
) -> None:
    """Print the forms of an NGO's open referrals issued in a date range into one PDF."""
    from referral_forms.render import FormSigner, render_forms_pdf  # WeasyPrint takes 1.4 s

    settings = get_settings()
    forms = referral_forms_issued(
        unit_of_work(),
        actor=OPERATOR,
        ngo_id=ngo,
        issued_from=issued_from.date(),
        issued_to=issued_to.date(),
    )
    if not forms:
        typer.echo("no open referrals were issued by this NGO in that range")
        raise typer.Exit(1)
    signer = FormSigner(FormKeys.of(settings), settings.base_url)
    columns = (
        TextColumn("forms"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns) as progress:
        bar = progress.add_task("forms", total=len(forms) + 1)  # the last step writes the PDF
        pdf = render_forms_pdf(
            forms, signer=signer, language=lang, on_step=lambda: progress.advance(bar)
        )
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(pdf)
    os.replace(partial, output)  # never leave a half-written PDF under the real name
    typer.echo(f"{len(forms)} forms written to {output}")


@forms_app.command("specimen")
def specimen(
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False, help="The PDF to write."),
    lang: Language = typer.Option(DEFAULT_LANGUAGE, help=f"{listed()}."),
) -> None:
    """A specimen form with invented data, marked SPECIMEN, for the network to review the
    layout and each translation. A throwaway key signs its QR, so it never verifies."""
    from referral_forms.render import FormSigner, render_form_pdf
    from referral_forms.specimen import SPECIMEN

    with tempfile.TemporaryDirectory() as scratch:
        throwaway = FormKeys(Path(scratch))
        throwaway.generate()
        signer = FormSigner(throwaway, get_settings().base_url)
        output.write_bytes(render_form_pdf(SPECIMEN, signer=signer, language=lang, specimen=True))
    typer.echo(f"specimen in {lang.value} written to {output}")


@forms_app.command("language")
def language(
    ngo: int = typer.Argument(..., help="The NGO (member id)."),
    value: Language | None = typer.Argument(None, help=f"{listed()}; omit for the default."),
) -> None:
    """Set the language an NGO's forms are printed in."""
    set_form_language(unit_of_work(), actor=OPERATOR, member_id=ngo, language=value)
    typer.echo(f"NGO {ngo} prints its forms in {(value or DEFAULT_LANGUAGE).value}")
