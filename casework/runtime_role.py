"""The PostgreSQL role the app runs as: it reads and writes the records, appends to the audit
trail, seals it and moves its head, but owns nothing. Only the owner (who runs the migrations)
may disable the append-only triggers, alter the tables, or change, delete or truncate audit
rows."""

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from casework.errors import InvalidInput

# What the runtime role may do to the tables that are not plain records; the rest get
# SELECT, INSERT, UPDATE and DELETE.
LIMITED = {
    # Append-only: sealing fills in a row's chain columns once (the guard refuses the rest);
    # never UPDATE of its content, DELETE or TRUNCATE.
    "audit_log": "SELECT, INSERT, UPDATE (seq, prev_hash, row_hash)",
    "audit_chain_head": "SELECT, UPDATE",  # the sealer locks it (FOR UPDATE) and moves it
    "alembic_version": "SELECT",
}
RECORDS = "SELECT, INSERT, UPDATE, DELETE"


def runtime_role_of(database_url: str, migration_database_url: str) -> str | None:
    """The role named by the app's URL when migrations run as another role on PostgreSQL."""
    runtime, owner = make_url(database_url), make_url(migration_database_url)
    if runtime.get_backend_name() != "postgresql" or runtime.username == owner.username:
        return None
    return runtime.username


def grant_runtime(owner_engine: Engine, role: str) -> list[str]:
    """Give `role` what the app needs on every table, and no more; idempotent, so it is run
    again after each migration (new tables). Returns the tables granted."""
    if owner_engine.dialect.name != "postgresql":
        raise InvalidInput(
            "db.roles_need_postgresql", "SQLite has no roles: a runtime role needs PostgreSQL"
        )
    quote = owner_engine.dialect.identifier_preparer.quote
    who = quote(role)
    with owner_engine.begin() as connection:
        owner = connection.scalar(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'")
        )
        if owner == role:
            raise InvalidInput(
                "db.runtime_role_owns",
                "{role} owns the tables: the app must run as another role",
                role=role,
            )
        tables = sorted(inspect(connection).get_table_names())
        connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {who}"))
        for table in tables:
            connection.execute(text(f"REVOKE ALL ON {quote(table)} FROM {who}"))
            rights = LIMITED.get(table, RECORDS)
            connection.execute(text(f"GRANT {rights} ON {quote(table)} TO {who}"))
        connection.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {who}"))
    return tables
