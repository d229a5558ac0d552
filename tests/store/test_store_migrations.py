"""Schema versioning: migrations apply once, in order; newer databases are refused."""

from __future__ import annotations

import duckdb
import pytest

from detente.errors import StoreError
from detente.store import SCHEMA_VERSION, TABLES, open_store
from detente.store._migrations import MIGRATIONS, Migration, apply_migrations
from detente.store._rows import COLUMNS

# The published contract other engineers code against: every one of these columns must exist.
CONTRACT = {
    "articles": "id external_id text raw_text title summary source url published published_from "
                "dateline_place agencies language origin cleaning ingested_at",
    "sentences": "article_id idx start end text",
    "mentions": "article_id start end text sentence kind name code sector other_sectors identifier_id "
                "identifier_text office antecedent_start antecedent_end rule",
    "places": "article_id start end text sentence name lat lon feature_type country precision geonameid source",
    "time_exprs": "article_id start end text sentence date end_date precision relation",
    "quotes": "id article_id start end text sentence kind speaker_text speaker_start speaker_end speaker_name "
              "speaker_code speaker_sector speaker cue cue_start cue_end",
    "events": "id article_id event mode context sentence start end anchor_start anchor_end anchor_text actor "
              "recipient date end_date date_precision date_from event_loc place_name lat lon negated "
              "hypothetical future historical confidence rule explanation cameo goldstein quad intensity",
    "event_participants": "event_id article_id role position code sector other_sectors entity_text "
                          "identifier_id identifier_text start end",
    "stories": "id label start_date end_date size",
    "story_members": "story_id article_id",
    "duplicates": "article_id original_id similarity",
    "merged_events": "id event mode actor_codes recipient_codes date end_date place_name lat lon num_mentions "
                     "num_articles num_sources story_id goldstein quad intensity",
    "merged_event_members": "merged_id event_id",
    "runs": "id started_at finished_at articles_read articles_written skipped args",
}
TYPED = [
    ("articles", "published", "DATE"), ("articles", "agencies", "VARCHAR[]"), ("articles", "cleaning", "VARCHAR[]"),
    ("articles", "ingested_at", "TIMESTAMP"), ("events", "date", "DATE"), ("events", "end_date", "DATE"),
    ("events", "actor", "JSON"), ("events", "recipient", "JSON"), ("events", "event_loc", "JSON"),
    ("events", "context", "VARCHAR[]"), ("quotes", "speaker", "JSON"), ("runs", "args", "JSON"),
    ("mentions", "other_sectors", "VARCHAR[]"), ("event_participants", "other_sectors", "VARCHAR[]"),
    ("merged_events", "actor_codes", "VARCHAR[]"), ("merged_events", "recipient_codes", "VARCHAR[]"),
]


def _columns(con, table):
    return {row[0]: row[1] for row in con.execute(f"DESCRIBE {table}").fetchall()}


def _versions(con):
    return con.execute("SELECT version, description FROM schema_version ORDER BY version").fetchall()


def test_store_migrations_open_applies_all(tmp_db):
    with open_store(tmp_db) as store:
        assert store.schema_version == SCHEMA_VERSION
    con = duckdb.connect(str(tmp_db))
    assert [v for v, _ in _versions(con)] == [m.version for m in MIGRATIONS]
    con.close()


def test_store_migrations_are_idempotent(tmp_db):
    open_store(tmp_db).close()
    con = duckdb.connect(str(tmp_db))
    before = (_versions(con), {t: _columns(con, t) for t in TABLES})
    assert apply_migrations(con) == []  # applying twice is a no-op
    assert apply_migrations(con) == []
    assert (_versions(con), {t: _columns(con, t) for t in TABLES}) == before
    con.close()
    open_store(tmp_db).close()  # and so is re-opening
    con = duckdb.connect(str(tmp_db))
    assert _versions(con) == before[0]
    con.close()


def test_store_migrations_apply_only_pending_in_order():
    con = duckdb.connect(":memory:")
    first = Migration(1, "one table", ("CREATE TABLE IF NOT EXISTS t1 (a INTEGER)",))
    second = Migration(2, "another", ("CREATE TABLE IF NOT EXISTS t2 (b INTEGER)", "INSERT INTO t2 VALUES (7)"))
    assert apply_migrations(con, (first,)) == [1]
    assert apply_migrations(con, (second, first)) == [2]  # given out of order, still applied by version
    assert apply_migrations(con, (first, second)) == []
    assert con.execute("SELECT count(*) FROM t2").fetchone()[0] == 1  # the INSERT ran once
    assert [v for v, _ in _versions(con)] == [1, 2]


def test_store_migrations_failed_migration_leaves_no_trace():
    con = duckdb.connect(":memory:")
    bad = Migration(1, "broken", ("CREATE TABLE t1 (a INTEGER)", "THIS IS NOT SQL"))
    with pytest.raises(duckdb.Error):
        apply_migrations(con, (bad,))
    assert _versions(con) == []
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 't1'").fetchone()[0] == 0


def test_store_migrations_list_is_ordered_and_unique():
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert SCHEMA_VERSION == versions[-1]
    assert all(m.description and m.statements for m in MIGRATIONS)


@pytest.mark.parametrize("read_only", [False, True])
def test_store_newer_schema_is_refused(tmp_db, read_only):
    open_store(tmp_db).close()
    con = duckdb.connect(str(tmp_db))
    con.execute("INSERT INTO schema_version (version, description) VALUES (?, 'from the future')",
                [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError) as info:
        open_store(tmp_db, read_only=read_only)
    assert info.value.code == "D502"
    assert "newer" in info.value.message and str(tmp_db) in info.value.message


@pytest.mark.parametrize("setup", ["empty", "old"])
def test_store_read_only_refuses_unmigrated_database(tmp_db, setup):
    con = duckdb.connect(str(tmp_db))
    if setup == "old":
        con.execute("CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
        con.execute("INSERT INTO schema_version VALUES (0, 'older', NULL)")
    con.close()
    with pytest.raises(StoreError) as info:
        open_store(tmp_db, read_only=True)
    assert info.value.code == "D502" and "writable" in info.value.message
    with open_store(tmp_db) as store:  # opening writable migrates it
        assert store.schema_version == SCHEMA_VERSION


@pytest.fixture(scope="module")
def schema(template_db):
    con = duckdb.connect(str(template_db), read_only=True)
    try:
        return {t: _columns(con, t) for t in TABLES}
    finally:
        con.close()


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_store_schema_has_contract_columns(schema, table):
    assert set(CONTRACT[table].split()) <= set(schema[table])
    # The writer fills only columns that exist (the migrations and the writer cannot drift apart).
    assert {name for name, _ in COLUMNS.get(table, ())} <= set(schema[table])


def test_store_schema_tables_are_listed():
    assert set(TABLES) == set(CONTRACT)


@pytest.mark.parametrize("table,column,sql_type", TYPED)
def test_store_schema_column_types(schema, table, column, sql_type):
    assert schema[table][column] == sql_type
