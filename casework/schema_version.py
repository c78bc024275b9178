"""Which migration a database is at, against the newest this code has (Alembic's, in
migrations/): an app serving a schema that is missing or behind fails on every request, or on
the first that reads what a newer migration added."""

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

# Alembic is imported where it is used: it brings Mako and Pygments, about 0.2 s of the app's
# start, and the app only asks which migration a database is at.
if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"
UPGRADE = "run `casework db upgrade`"


def alembic_config(database_url: str | None = None) -> "Config":
    """Alembic's configuration; on `database_url` if given, else the settings' migration URL
    (migrations/env.py)."""
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    if database_url is not None:
        config.attributes["database_url"] = database_url
    return config


@cache
def migrations() -> "ScriptDirectory":
    """This code's migrations, read once: reading them runs every file (0.05 to 0.1 s)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def migration_of(connection: Connection) -> str | None:
    """The migration the database is at (Alembic's version table); None if it was never
    migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_problem(connection: Connection) -> str | None:
    """What keeps this code from serving the database's schema, in one sentence with the
    remedy; None when the database is at this code's newest migration."""
    at, scripts = migration_of(connection), migrations()
    head = scripts.get_current_head()
    if at == head:
        return None
    if at is None:
        return f"the database was never migrated: {UPGRADE}"
    if at not in {script.revision for script in scripts.walk_revisions()}:
        return (
            f"the database is at migration {at}, which this version does not have: a newer "
            "version migrated it, and only that version (or a later one) serves it"
        )
    return f"the database is at migration {at}, and this version needs {head}: {UPGRADE}"
