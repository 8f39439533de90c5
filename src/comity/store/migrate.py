"""Schema versions: an ordered list of migrations, each applied once in its own transaction.

Version 1 is ``schema.sql``. A later schema change appends ``Migration(2, "what changed",
sql_file("migrations/0002_what_changed.sql"))`` (or a Python function taking the connection)
to ``MIGRATIONS``; opening an older store applies the missing steps and records each one in
``schema_version``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import duckdb

from comity.errors import ComityError, E


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def sql_file(name: str) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """A migration step that runs the SQL file ``name`` (relative to this package)."""

    def apply(con: duckdb.DuckDBPyConnection) -> None:
        sql = resources.files("comity.store").joinpath(name).read_text(encoding="utf-8")
        con.execute(sql)

    return apply


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", sql_file("schema.sql")),
    Migration(2, "event clusters (relations)", sql_file("migrations/0002_relations.sql")),
    Migration(3, "provenance: quality, corroboration", sql_file("migrations/0003_provenance.sql")),
    Migration(4, "wire copy: the agency a document credits", sql_file("migrations/0004_wire_copy.sql")),
    Migration(5, "event rules: the trace of each event", sql_file("migrations/0005_event_rules.sql")),
]


def code_version() -> int:
    """The schema version this code writes: the last migration's."""
    return max(m.version for m in MIGRATIONS)


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store's schema version, 0 for an empty database, None when it is not a comity store."""
    query = (
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary"
    )
    tables = {row[0] for row in con.execute(query).fetchall()}
    if "schema_version" in tables:
        ((version,),) = con.execute("SELECT max(version) FROM schema_version").fetchall()
        return int(version) if version is not None else 0
    return 0 if not tables else None


def migrate(con: duckdb.DuckDBPyConnection, *, where: str, read_only: bool = False) -> int:
    """Bring the schema up to ``code_version()``; returns the version the store is at."""
    current = stored_version(con)
    target = code_version()
    if current is None:
        detail = "not a comity store (no schema_version table)"
        raise ComityError(E.E301, where=where, detail=detail)
    if current > target:
        raise ComityError(E.E302, where=where, detail=f"store version {current}, code {target}")
    if current == target:
        return current
    if read_only:
        detail = f"schema version {current} needs migrating to {target}; open it once to write"
        raise ComityError(E.E301, where=where, detail=detail)
    for step in sorted(MIGRATIONS, key=lambda m: m.version):
        if step.version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
            step.apply(con)
            now = datetime.now(UTC).replace(tzinfo=None)
            con.execute("INSERT INTO schema_version VALUES (?, ?)", [step.version, now])
            con.execute("COMMIT")
        except BaseException as exc:
            con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                detail = f"migration {step.version} ({step.name}) failed: {exc}"
                raise ComityError(E.E301, where=where, detail=detail) from exc
            raise
    return target
