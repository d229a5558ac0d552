"""The schema, as an ordered list of migrations.

Each migration is ``(version, description, statements)``. A migration is never edited
once released: a schema change is a new entry at the end. :func:`apply_migrations`
applies, in order and one transaction each, only the versions not yet recorded in
``schema_version``, so opening a database twice (or applying the list twice) changes
nothing. Columns named ``seq`` (not part of the published contract) keep each span
list in the order the stage produced it, so records read back equal.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Migration", "MIGRATIONS", "SCHEMA_VERSION", "applied_versions", "apply_migrations"]


class Migration(NamedTuple):
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY,
        external_id VARCHAR,
        text VARCHAR NOT NULL,
        raw_text VARCHAR,
        title VARCHAR,
        summary VARCHAR,
        source VARCHAR,
        url VARCHAR,
        published DATE,
        published_from VARCHAR,
        dateline_place VARCHAR,
        agencies VARCHAR[],
        language VARCHAR,
        origin VARCHAR,
        cleaning VARCHAR[],
        ingested_at TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS sentences (
        article_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS mentions (
        article_id VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR,
        sentence INTEGER,
        kind VARCHAR,
        name VARCHAR,
        code VARCHAR,
        sector VARCHAR,
        other_sectors VARCHAR[],
        identifier_id VARCHAR,
        identifier_text VARCHAR,
        office VARCHAR,
        antecedent_start INTEGER,
        antecedent_end INTEGER,
        rule VARCHAR,
        seq INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS places (
        article_id VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR,
        sentence INTEGER,
        name VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        feature_type VARCHAR,
        country VARCHAR,
        precision VARCHAR,
        geonameid BIGINT,
        source VARCHAR,
        seq INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS time_exprs (
        article_id VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR,
        sentence INTEGER,
        date DATE,
        end_date DATE,
        precision VARCHAR,
        relation VARCHAR,
        seq INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS quotes (
        id VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR,
        sentence INTEGER,
        kind VARCHAR,
        speaker_text VARCHAR,
        speaker_start INTEGER,
        speaker_end INTEGER,
        speaker_name VARCHAR,
        speaker_code VARCHAR,
        speaker_sector VARCHAR,
        speaker JSON,
        cue VARCHAR,
        cue_start INTEGER,
        cue_end INTEGER,
        seq INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        event VARCHAR NOT NULL,
        mode VARCHAR,
        context VARCHAR[],
        sentence INTEGER,
        start INTEGER,
        "end" INTEGER,
        anchor_start INTEGER,
        anchor_end INTEGER,
        anchor_text VARCHAR,
        actor JSON,
        recipient JSON,
        date DATE,
        end_date DATE,
        date_precision VARCHAR,
        date_from VARCHAR,
        event_loc JSON,
        place_name VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        negated BOOLEAN,
        hypothetical BOOLEAN,
        future BOOLEAN,
        historical BOOLEAN,
        confidence DOUBLE,
        rule VARCHAR,
        explanation VARCHAR,
        cameo VARCHAR,
        goldstein DOUBLE,
        quad INTEGER,
        intensity DOUBLE,
        seq INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS event_participants (
        event_id VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL CHECK (role IN ('actor', 'recipient')),
        position INTEGER NOT NULL,
        code VARCHAR,
        sector VARCHAR,
        other_sectors VARCHAR[],
        entity_text VARCHAR,
        identifier_id VARCHAR,
        identifier_text VARCHAR,
        start INTEGER,
        "end" INTEGER,
        name VARCHAR,
        kind VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS stories (
        id VARCHAR PRIMARY KEY,
        label VARCHAR,
        start_date DATE,
        end_date DATE,
        size INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS story_members (
        story_id VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        position INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS duplicates (
        article_id VARCHAR NOT NULL,
        original_id VARCHAR NOT NULL,
        similarity DOUBLE
    )""",
    """CREATE TABLE IF NOT EXISTS merged_events (
        id VARCHAR PRIMARY KEY,
        event VARCHAR NOT NULL,
        mode VARCHAR,
        actor_codes VARCHAR[],
        recipient_codes VARCHAR[],
        date DATE,
        end_date DATE,
        place_name VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        num_mentions INTEGER,
        num_articles INTEGER,
        num_sources INTEGER,
        story_id VARCHAR,
        goldstein DOUBLE,
        quad INTEGER,
        intensity DOUBLE
    )""",
    """CREATE TABLE IF NOT EXISTS merged_event_members (
        merged_id VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        position INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        started_at TIMESTAMP,
        finished_at TIMESTAMP,
        articles_read INTEGER,
        articles_written INTEGER,
        skipped INTEGER,
        args JSON
    )""",
)

# The incremental stories step's state (detente.stories._incremental): what it needs to cluster new
# articles against the stored stories around their dates without re-reading the store. Rebuilt by a full
# stories rebuild and emptied by replace_stories, so an old database upgrades with empty tables and its
# next stories step is a full one. No keys or indexes: rows are deleted and re-inserted in one
# transaction, and DuckDB's zone maps serve the range and join lookups.
_V2 = (
    # fingerprint of the settings the state was built with, document counts, the next story part number
    """CREATE TABLE IF NOT EXISTS story_state (key VARCHAR NOT NULL, value VARCHAR)""",
    # document frequencies: kind 't' content terms, 'e' entity features (actor codes, places)
    """CREATE TABLE IF NOT EXISTS story_df (kind VARCHAR NOT NULL, term VARCHAR NOT NULL, df BIGINT NOT NULL)""",
    # one row per clusterer story before merging (a part of an output story); state is JSON:
    # centroid, summary, entity sums, the most recent member vectors
    """CREATE TABLE IF NOT EXISTS story_parts (
        seq BIGINT NOT NULL,
        id VARCHAR NOT NULL,
        story_id VARCHAR NOT NULL,
        start_day INTEGER,
        end_day INTEGER,
        start_date VARCHAR,
        end_date VARCHAR,
        n_members INTEGER,
        n_vecs INTEGER,
        label VARCHAR,
        label_score DOUBLE,
        state VARCHAR
    )""",
    # each part's summary terms: where an undated part looks for the dated story it belongs to
    """CREATE TABLE IF NOT EXISTS story_part_terms (term VARCHAR NOT NULL, seq BIGINT NOT NULL)""",
    # the clusterer's inverted index: (term, date bucket) -> parts, in insertion order
    """CREATE TABLE IF NOT EXISTS story_postings (term VARCHAR NOT NULL, bucket INTEGER NOT NULL,
        pos INTEGER NOT NULL, seq BIGINT NOT NULL)""",
    # per clustered article: its part and place in it, its MinHash signature and its copy group
    """CREATE TABLE IF NOT EXISTS story_articles (
        article_id VARCHAR NOT NULL,
        part_seq BIGINT NOT NULL,
        pos INTEGER NOT NULL,
        published VARCHAR,
        shingles INTEGER,
        signature BLOB,
        copy_group VARCHAR NOT NULL
    )""",
    # MinHash LSH band keys: articles sharing a key are proposed as copies
    """CREATE TABLE IF NOT EXISTS story_bands (band_key BIGINT NOT NULL, article_id VARCHAR NOT NULL)""",
    # per merged report: its kind, the day it is merged on, its merged event
    """CREATE TABLE IF NOT EXISTS story_event_keys (event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, day INTEGER, merged_id VARCHAR NOT NULL)""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, spans, events, participants, stories, merged events, runs", _V1),
    Migration(2, "state of the incremental stories step", _V2),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

_BOOTSTRAP = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR,
    applied_at TIMESTAMP DEFAULT CAST(current_timestamp AS TIMESTAMP)
)"""


def applied_versions(con) -> list[int]:
    """Versions recorded in ``schema_version`` (empty when the table does not exist)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version' "
        "AND table_schema = current_schema()"
    ).fetchone()[0]
    if not exists:
        return []
    return [row[0] for row in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]


def apply_migrations(con, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations not yet recorded, in order; return the versions applied now.

    The caller has already refused databases newer than ``migrations``.
    """
    con.execute(_BOOTSTRAP)
    done = set(applied_versions(con))
    applied = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                [migration.version, migration.description],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
