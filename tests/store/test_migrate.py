"""comity.store.migrate: schema versions, upgrades, refusing newer stores."""

from __future__ import annotations

import pytest

from comity.errors import ComityError, E
from comity.store import Store
from comity.store import migrate as migrate_module
from comity.store.migrate import Migration


def _versions(store: Store) -> list[int]:
    rows = store.con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    return [row[0] for row in rows]


def test_new_store_is_at_the_code_version(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        current = migrate_module.code_version()
        assert store.version == current
        assert _versions(store) == list(range(1, current + 1))
    with Store(tmp_path / "a.duckdb") as store:  # reopening applies nothing
        assert _versions(store) == list(range(1, current + 1))


def test_old_store_is_migrated_and_keeps_its_data(tmp_path, make_document, make_events, monkeypatch):
    path = tmp_path / "old.duckdb"
    document = make_document("a")
    events = make_events(document)
    with Store(path) as store:
        store.add_batch([document], events, signatures={"d-a": b"sig"})

    def add_priority(con):
        con.execute("ALTER TABLE documents ADD COLUMN priority INTEGER DEFAULT 0")
        con.execute("UPDATE documents SET priority = length(title)")

    old = migrate_module.code_version()
    new = old + 1
    steps = [*migrate_module.MIGRATIONS, Migration(new, "document priority", add_priority)]
    monkeypatch.setattr(migrate_module, "MIGRATIONS", steps)
    with pytest.raises(ComityError, match=f"needs migrating to {new}"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.version == new
        assert _versions(store) == list(range(1, new + 1))
        assert store.documents() == [document]
        assert store.events() == events
        assert list(store.iter_signatures()) == [("d-a", b"sig")]
        assert store.sql("SELECT priority FROM documents")["priority"][0] == len(document.title)
    with Store(path, read_only=True) as store:
        assert store.version == new


def test_failed_migration_rolls_back(tmp_path, make_document, monkeypatch):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.add_batch([make_document("a")])

    def broken(con):
        con.execute("ALTER TABLE documents ADD COLUMN half_done INTEGER")
        con.execute("SELECT * FROM no_such_table")

    old = migrate_module.code_version()
    monkeypatch.setattr(
        migrate_module, "MIGRATIONS", [*migrate_module.MIGRATIONS, Migration(old + 1, "broken", broken)]
    )
    with pytest.raises(ComityError, match=rf"migration {old + 1} \(broken\) failed"):
        Store(path)
    monkeypatch.undo()
    with Store(path) as store:
        assert _versions(store) == list(range(1, old + 1))
        assert "half_done" not in store.sql("SELECT * FROM documents").columns
        assert store.counts()["documents"] == 1


def test_newer_store_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)")
    for read_only in (False, True):
        with pytest.raises(ComityError) as info:
            Store(path, read_only=read_only)
        assert info.value.code is E.E302
        assert info.value.where == str(path)


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    with Store(path) as store:
        store.con.execute("DROP TABLE schema_version")
    with pytest.raises(ComityError, match="not a comity store"):
        Store(path)
