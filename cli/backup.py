"""`casework backup` and `casework restore`: the data to one folder, the keys to another."""

from pathlib import Path

import typer

from casework.backup.commands import back_up, restore
from casework.clock import SystemClock
from casework.runtime_role import runtime_role_of
from casework.schema_version import migrations
from casework.settings import get_settings


def backup(
    out: Path = typer.Option(..., help="A new folder for the database copy and its manifest."),
    keys_out: Path = typer.Option(
        ..., help="A new folder for the key files, outside --out: keep it somewhere else."
    ),
) -> None:
    """Copy the database while the app runs (SQLite's online backup, or pg_dump) and the key
    files to a folder of their own, each with a manifest of SHA-256 checksums."""
    made = back_up(get_settings(), out=out, keys_out=keys_out, now=SystemClock().now())
    typer.echo(f"database backed up to {out} (migration {made.migration})")
    typer.echo(f"{made.attachments} attached files backed up with it")
    typer.echo(f"{made.key_files} key files backed up to {keys_out}")
    typer.echo(f"audit chain head in the copy: {made.chain.seq}:{made.chain.hash}")
    if made.pepper_in_environment:
        typer.echo("the UIC pepper comes from the environment: keep it with the keys backup")


def restore_backup(
    data_from: Path = typer.Option(..., "--from", help="The folder `casework backup --out` made."),
    keys_from: Path = typer.Option(..., help="The folder `casework backup --keys-out` made."),
) -> None:
    """Restore a backup into an empty data folder (or empty database) and its keys where this
    installation reads them; refuses a damaged backup or keys of another installation."""
    settings = get_settings()
    scripts = migrations()
    known = {revision.revision for revision in scripts.walk_revisions()}
    restored = restore(settings, data_from=data_from, keys_from=keys_from, known_migrations=known)
    typer.echo(f"database restored at migration {restored.migration}")
    typer.echo(f"audit chain intact: {restored.chain.rows} rows")
    typer.echo(f"{len(restored.key_files)} key files restored")
    if restored.migration not in scripts.get_heads():
        typer.echo("the database is behind this version: run `casework db upgrade`")
    elif runtime_role_of(settings.database_url, settings.migration_database_url) is not None:
        typer.echo("grant the runtime role its tables: run `casework db grant-runtime`")
