"""Records <-> table rows.

The writer builds one column-oriented pyarrow table per SQL table and batch (DuckDB
inserts those in bulk; ``executemany`` would be one statement per row). The readers turn
rows (dicts keyed by column) back into the records of :mod:`detente.records`.
Dates travel as ``datetime.date`` and come back as ``"YYYY-MM-DD"`` strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from typing import Any, Iterable

import pyarrow as pa

from ..records import Analysis, Article, Event, Mention, Place, Quote, Sentence, Story, TimeExpr
from ..records import _Record  # the to_dict mixin, whose rule _record_dict repeats faster

__all__ = [
    "COLUMNS",
    "SPAN_TABLES",
    "quote_id",
    "check_analysis",
    "to_date",
    "from_date",
    "analysis_tables",
    "story_tables",
    "story_state_tables",
    "STORY_STATE_COLUMNS",
    "article_from_row",
    "sentence_from_row",
    "mention_from_row",
    "place_from_row",
    "time_expr_from_row",
    "quote_from_row",
    "event_from_row",
]

_STR, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_STRS = pa.list_(pa.string())
_DATE = pa.date32()
_TS = pa.timestamp("us")
_JSON = pa.string()  # DuckDB casts VARCHAR to JSON on insert (and validates it)

# The columns the writer fills, per table, in insert order (a test checks them against the schema).
COLUMNS: dict[str, tuple[tuple[str, pa.DataType], ...]] = {
    "articles": (
        ("id", _STR), ("external_id", _STR), ("text", _STR), ("raw_text", _STR), ("title", _STR),
        ("summary", _STR), ("source", _STR), ("url", _STR), ("published", _DATE),
        ("published_from", _STR), ("dateline_place", _STR), ("agencies", _STRS), ("language", _STR),
        ("origin", _STR), ("cleaning", _STRS), ("ingested_at", _TS),
    ),
    "sentences": (("article_id", _STR), ("idx", _INT), ("start", _INT), ("end", _INT), ("text", _STR)),
    "mentions": (
        ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("sentence", _INT),
        ("kind", _STR), ("name", _STR), ("code", _STR), ("sector", _STR), ("other_sectors", _STRS),
        ("identifier_id", _STR), ("identifier_text", _STR), ("office", _STR),
        ("antecedent_start", _INT), ("antecedent_end", _INT), ("rule", _STR), ("seq", _INT),
    ),
    "places": (
        ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("sentence", _INT),
        ("name", _STR), ("lat", _FLOAT), ("lon", _FLOAT), ("feature_type", _STR), ("country", _STR),
        ("precision", _STR), ("geonameid", _INT), ("source", _STR), ("seq", _INT),
    ),
    "time_exprs": (
        ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR), ("sentence", _INT),
        ("date", _DATE), ("end_date", _DATE), ("precision", _STR), ("relation", _STR), ("seq", _INT),
    ),
    "quotes": (
        ("id", _STR), ("article_id", _STR), ("start", _INT), ("end", _INT), ("text", _STR),
        ("sentence", _INT), ("kind", _STR), ("speaker_text", _STR), ("speaker_start", _INT),
        ("speaker_end", _INT), ("speaker_name", _STR), ("speaker_code", _STR), ("speaker_sector", _STR),
        ("speaker", _JSON), ("cue", _STR), ("cue_start", _INT), ("cue_end", _INT), ("seq", _INT),
    ),
    "events": (
        ("id", _STR), ("article_id", _STR), ("event", _STR), ("mode", _STR), ("context", _STRS),
        ("sentence", _INT), ("start", _INT), ("end", _INT), ("anchor_start", _INT), ("anchor_end", _INT),
        ("anchor_text", _STR), ("actor", _JSON), ("recipient", _JSON), ("date", _DATE),
        ("end_date", _DATE), ("date_precision", _STR), ("date_from", _STR), ("event_loc", _JSON),
        ("place_name", _STR), ("lat", _FLOAT), ("lon", _FLOAT), ("negated", _BOOL),
        ("hypothetical", _BOOL), ("future", _BOOL), ("historical", _BOOL), ("confidence", _FLOAT),
        ("rule", _STR), ("explanation", _STR), ("cameo", _STR), ("goldstein", _FLOAT), ("quad", _INT),
        ("intensity", _FLOAT), ("seq", _INT),
    ),
    "event_participants": (
        ("event_id", _STR), ("article_id", _STR), ("role", _STR), ("position", _INT), ("code", _STR),
        ("sector", _STR), ("other_sectors", _STRS), ("entity_text", _STR), ("identifier_id", _STR),
        ("identifier_text", _STR), ("start", _INT), ("end", _INT), ("name", _STR), ("kind", _STR),
    ),
    "stories": (("id", _STR), ("label", _STR), ("start_date", _DATE), ("end_date", _DATE), ("size", _INT)),
    "story_members": (("story_id", _STR), ("article_id", _STR), ("position", _INT)),
    "duplicates": (("article_id", _STR), ("original_id", _STR), ("similarity", _FLOAT)),
    "merged_events": (
        ("id", _STR), ("event", _STR), ("mode", _STR), ("actor_codes", _STRS), ("recipient_codes", _STRS),
        ("date", _DATE), ("end_date", _DATE), ("place_name", _STR), ("lat", _FLOAT), ("lon", _FLOAT),
        ("num_mentions", _INT), ("num_articles", _INT), ("num_sources", _INT), ("story_id", _STR),
        ("goldstein", _FLOAT), ("quad", _INT), ("intensity", _FLOAT),
    ),
    "merged_event_members": (("merged_id", _STR), ("event_id", _STR), ("position", _INT)),
}

# Tables holding rows derived from one article (deleted when it is re-coded), in write order.
SPAN_TABLES = ("sentences", "mentions", "places", "time_exprs", "quotes", "events", "event_participants")

MERGED_KEYS = tuple(name for name, _ in COLUMNS["merged_events"]) + ("event_ids",)


def quote_id(article_id: str, start: int, end: int) -> str:
    """Deterministic quote id, so re-running the same corpus yields the same ids."""
    return hashlib.sha256(f"quote:{article_id}:{start}:{end}".encode("utf-8")).hexdigest()[:16]


def to_date(value: str | None) -> dt.date | None:
    """``"YYYY-MM-DD"`` -> date; raises ValueError on anything else (the records' contract)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a YYYY-MM-DD date, got a timestamp {value!r}")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"expected a YYYY-MM-DD date, got {value!r}")
    return dt.date.fromisoformat(value)


def from_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


# What json.dumps(value, ensure_ascii=False, allow_nan=False) builds on every call, built once.
_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _dumps(value: Any) -> str | None:
    return None if value is None else _JSON_ENCODER.encode(value)


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


# --- validation -----------------------------------------------------------------------------


def _span_problem(text: str, what: str, start: Any, end: Any, span_text: str | None = None) -> str | None:
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return f"{what}: offsets {start!r}..{end!r} are not integers"
    if not 0 <= start <= end <= len(text):
        return f"{what}: offsets {start}..{end} are outside the text (length {len(text)})"
    if span_text is not None and text[start:end] != span_text:
        return f"{what}: text {span_text!r} != article.text[{start}:{end}] {text[start:end]!r}"
    return None


def _mention_problems(text: str, what: str, m: Mention) -> list[str]:
    out = [_span_problem(text, what, m.start, m.end, m.text)]
    if m.antecedent_start is not None or m.antecedent_end is not None:
        out.append(_span_problem(text, f"{what} antecedent", m.antecedent_start, m.antecedent_end))
    return [p for p in out if p]


def _date_problem(what: str, value: Any) -> str | None:
    try:
        to_date(value)
    except (ValueError, TypeError) as exc:
        return f"{what}: {exc}"
    return None


def check_analysis(analysis: Analysis) -> list[str]:
    """Every way ``analysis`` breaks the records' contract (offsets slice the text; dates are ISO days)."""
    art = analysis.article
    text = art.text
    problems: list[str | None] = []
    if not isinstance(art.id, str) or not art.id:
        problems.append("article id is empty")
    if not isinstance(text, str):
        return [f"article text is {type(text).__name__}, not str"]
    problems.append(_date_problem("article published", art.published))
    for s in analysis.sentences:
        problems.append(_span_problem(text, f"sentence {s.index}", s.start, s.end, s.text))
    for i, m in enumerate(analysis.mentions):
        problems.extend(_mention_problems(text, f"mention {i}", m))
    for i, p in enumerate(analysis.places):
        problems.append(_span_problem(text, f"place {i}", p.start, p.end, p.text))
    for i, d in enumerate(analysis.dates):
        problems.append(_span_problem(text, f"date {i}", d.start, d.end, d.text))
        problems.append(_date_problem(f"date {i} date", d.date))
        problems.append(_date_problem(f"date {i} end_date", d.end_date))
    for i, q in enumerate(analysis.quotes):
        problems.append(_span_problem(text, f"quote {i}", q.start, q.end, q.text))
        if q.speaker is not None:
            problems.extend(_mention_problems(text, f"quote {i} speaker", q.speaker))
        if q.cue_start is not None or q.cue_end is not None:
            problems.append(_span_problem(text, f"quote {i} cue", q.cue_start, q.cue_end, q.cue))
    for i, e in enumerate(analysis.events):
        what = f"event {e.id or i}"
        if not e.id:
            problems.append(f"{what}: empty id")
        problems.append(_span_problem(text, f"{what} sentence", e.start, e.end))
        problems.append(_span_problem(text, f"{what} anchor", e.anchor_start, e.anchor_end, e.anchor_text))
        for role in ("actor", "recipient"):
            for j, m in enumerate(getattr(e, role)):
                problems.extend(_mention_problems(text, f"{what} {role} {j}", m))
        if e.event_loc is not None:
            loc = e.event_loc
            problems.append(_span_problem(text, f"{what} event_loc", loc.start, loc.end, loc.text))
        problems.append(_date_problem(f"{what} date", e.date))
        problems.append(_date_problem(f"{what} end_date", e.end_date))
    for i, e in enumerate(analysis.events):
        if e.article_id != art.id:
            problems.append(f"event {e.id or i}: article_id {e.article_id!r} != {art.id!r}")
    return [p for p in problems if p]


# --- records -> columns -----------------------------------------------------------------------


class _Columns:
    """Column lists for one table, turned into a typed pyarrow table at the end."""

    def __init__(self, table: str):
        self.table = table
        self.spec = COLUMNS[table]
        self.data: dict[str, list] = {name: [] for name, _ in self.spec}

    def add(self, row: dict[str, Any]) -> None:
        for name, values in self.data.items():
            values.append(row.get(name))

    def __len__(self) -> int:
        return len(self.data[self.spec[0][0]])

    def arrow(self) -> pa.Table:
        schema = pa.schema([pa.field(name, typ) for name, typ in self.spec])
        return pa.Table.from_pydict(self.data, schema=schema)


# Record -> dict as ``_Record.to_dict`` builds it, with each class's field names looked up once
# (dataclasses.fields on every speaker, actor and place was a quarter of building a batch).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _record_dict(record: Any) -> dict[str, Any]:
    cls = type(record)
    if cls.to_dict is not _Record.to_dict:
        return record.to_dict()
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        if isinstance(value, _Record):
            value = _record_dict(value)
        elif isinstance(value, list):
            value = [_record_dict(v) if isinstance(v, _Record) else v for v in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


@functools.lru_cache(maxsize=None)
def _schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, typ) for name, typ in COLUMNS[table]])


def _table(table: str, rows: list[tuple]) -> pa.Table:
    """Row tuples (in COLUMNS order) as a typed pyarrow table."""
    schema = _schema(table)
    columns = zip(*rows)
    return pa.Table.from_arrays([pa.array(list(col), type=f.type) for col, f in zip(columns, schema)], schema=schema)


def analysis_tables(analyses: Iterable[Analysis], ingested_at: dt.datetime) -> dict[str, pa.Table]:
    """One pyarrow table per SQL table for a batch of (already checked) analyses.

    Rows are tuples in the order of :data:`COLUMNS` (tests/store/test_store_write_read.py checks
    the tables against a row-by-row build).
    """
    rows: dict[str, list[tuple]] = {name: [] for name in ("articles",) + SPAN_TABLES}
    articles, sentences, mentions, places = rows["articles"], rows["sentences"], rows["mentions"], rows["places"]
    time_exprs, quotes, events, participants = (rows["time_exprs"], rows["quotes"], rows["events"],
                                                rows["event_participants"])
    for analysis in analyses:
        a = analysis.article
        aid = a.id
        articles.append((
            aid, a.external_id, a.text, a.raw_text, a.title, a.summary, a.source, a.url, to_date(a.published),
            a.published_from, a.dateline_place, list(a.agencies), a.language, a.origin, list(a.cleaning),
            ingested_at,
        ))
        for s in analysis.sentences:
            sentences.append((aid, s.index, s.start, s.end, s.text))
        for seq, m in enumerate(analysis.mentions):
            mentions.append((
                aid, m.start, m.end, m.text, m.sentence, m.kind, m.name, m.code, m.sector, list(m.other_sectors),
                m.identifier_id, m.identifier_text, m.office, m.antecedent_start, m.antecedent_end, m.rule, seq,
            ))
        for seq, p in enumerate(analysis.places):
            places.append((
                aid, p.start, p.end, p.text, p.sentence, p.name, p.lat, p.lon, p.feature_type, p.country,
                p.precision, p.geonameid, p.source, seq,
            ))
        for seq, d in enumerate(analysis.dates):
            time_exprs.append((
                aid, d.start, d.end, d.text, d.sentence, to_date(d.date), to_date(d.end_date), d.precision,
                d.relation, seq,
            ))
        for seq, q in enumerate(analysis.quotes):
            sp = q.speaker
            quotes.append((
                quote_id(aid, q.start, q.end), aid, q.start, q.end, q.text, q.sentence, q.kind,
                sp.text if sp else None, sp.start if sp else None, sp.end if sp else None,
                sp.name if sp else None, sp.code if sp else None, sp.sector if sp else None,
                _dumps(_record_dict(sp)) if sp else None, q.cue, q.cue_start, q.cue_end, seq,
            ))
        for seq, e in enumerate(analysis.events):
            loc = e.event_loc
            events.append((
                e.id, aid, e.event, e.mode, list(e.context), e.sentence, e.start, e.end, e.anchor_start,
                e.anchor_end, e.anchor_text, _dumps([_record_dict(m) for m in e.actor]),
                _dumps([_record_dict(m) for m in e.recipient]), to_date(e.date), to_date(e.end_date),
                e.date_precision, e.date_from, _dumps(_record_dict(loc)) if loc else None,
                loc.name if loc else None, loc.lat if loc else None, loc.lon if loc else None, e.negated,
                e.hypothetical, e.future, e.historical, e.confidence, e.rule, e.explanation, e.cameo,
                e.goldstein, e.quad, e.intensity, seq,
            ))
            for role, members in (("actor", e.actor), ("recipient", e.recipient)):
                for position, m in enumerate(members):
                    participants.append((
                        e.id, aid, role, position, m.code, m.sector, list(m.other_sectors), m.text,
                        m.identifier_id, m.identifier_text, m.start, m.end, m.name, m.kind,
                    ))
    return {name: _table(name, r) for name, r in rows.items() if r}


def story_tables(stories: list[Story], duplicates: list[tuple[str, str, float]],
                 merged: list[dict[str, Any]]) -> dict[str, pa.Table]:
    cols = {name: _Columns(name) for name in
            ("stories", "story_members", "duplicates", "merged_events", "merged_event_members")}
    for s in stories:
        cols["stories"].add({"id": s.id, "label": s.label, "start_date": to_date(s.start_date),
                             "end_date": to_date(s.end_date), "size": len(s.members)})
        for position, article_id in enumerate(s.members):
            cols["story_members"].add({"story_id": s.id, "article_id": article_id, "position": position})
    for article_id, original_id, similarity in duplicates:
        cols["duplicates"].add({"article_id": article_id, "original_id": original_id,
                                "similarity": float(similarity) if similarity is not None else None})
    for m in merged:
        unknown = set(m) - set(MERGED_KEYS)
        if unknown:
            raise ValueError(f"merged event {m.get('id')!r}: unknown key(s) {', '.join(sorted(unknown))}")
        if not m.get("id") or not m.get("event"):
            raise ValueError(f"merged event {m.get('id')!r}: 'id' and 'event' are required")
        row = dict(m)
        row["date"] = to_date(m.get("date"))
        row["end_date"] = to_date(m.get("end_date"))
        row["actor_codes"] = list(m.get("actor_codes") or [])
        row["recipient_codes"] = list(m.get("recipient_codes") or [])
        cols["merged_events"].add(row)
        for position, event_id in enumerate(m.get("event_ids") or []):
            cols["merged_event_members"].add({"merged_id": m["id"], "event_id": event_id, "position": position})
    return {name: c.arrow() for name, c in cols.items()}


# The incremental stories step's state tables (migration 2), in write order, with their column types.
STORY_STATE_COLUMNS: dict[str, tuple[tuple[str, pa.DataType], ...]] = {
    "story_state": (("key", _STR), ("value", _STR)),
    "story_df": (("kind", _STR), ("term", _STR), ("df", _INT)),
    "story_parts": (
        ("seq", _INT), ("id", _STR), ("story_id", _STR), ("start_day", _INT), ("end_day", _INT),
        ("start_date", _STR), ("end_date", _STR), ("n_members", _INT), ("n_vecs", _INT), ("label", _STR),
        ("label_score", _FLOAT), ("state", _STR),
    ),
    "story_part_terms": (("term", _STR), ("seq", _INT)),
    "story_postings": (("term", _STR), ("bucket", _INT), ("pos", _INT), ("seq", _INT)),
    "story_articles": (
        ("article_id", _STR), ("part_seq", _INT), ("pos", _INT), ("published", _STR), ("shingles", _INT),
        ("signature", pa.binary()), ("copy_group", _STR),
    ),
    "story_bands": (("band_key", _INT), ("article_id", _STR)),
    "story_event_keys": (("event_id", _STR), ("article_id", _STR), ("kind", _STR), ("day", _INT),
                         ("merged_id", _STR)),
}


def story_state_tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """State rows (dicts keyed by column) as typed pyarrow tables, for the tables named in ``rows``."""
    out = {}
    for table, spec in STORY_STATE_COLUMNS.items():
        if table in rows:
            data = {name: [r.get(name) for r in rows[table]] for name, _ in spec}
            out[table] = pa.Table.from_pydict(data, schema=pa.schema([pa.field(n, t) for n, t in spec]))
    return out


# --- rows -> records --------------------------------------------------------------------------


def article_from_row(r: dict[str, Any]) -> Article:
    return Article(
        id=r["id"], text=r["text"], raw_text=r["raw_text"] if r["raw_text"] is not None else "",
        title=r["title"], summary=r["summary"], source=r["source"], url=r["url"],
        published=from_date(r["published"]), published_from=r["published_from"],
        dateline_place=r["dateline_place"], agencies=list(r["agencies"] or []),
        language=r["language"] if r["language"] is not None else "en",
        origin=r["origin"] if r["origin"] is not None else "<memory>", external_id=r["external_id"],
        cleaning=list(r["cleaning"] or []),
    )


def sentence_from_row(r: dict[str, Any]) -> Sentence:
    return Sentence(r["article_id"], r["idx"], r["start"], r["end"], r["text"])


def mention_from_row(r: dict[str, Any]) -> Mention:
    return Mention(
        article_id=r["article_id"], start=r["start"], end=r["end"], text=r["text"], sentence=r["sentence"],
        kind=r["kind"], name=r["name"], code=r["code"], sector=r["sector"],
        other_sectors=list(r["other_sectors"] or []), identifier_id=r["identifier_id"],
        identifier_text=r["identifier_text"], office=r["office"], antecedent_start=r["antecedent_start"],
        antecedent_end=r["antecedent_end"], rule=r["rule"],
    )


def place_from_row(r: dict[str, Any]) -> Place:
    return Place(
        article_id=r["article_id"], start=r["start"], end=r["end"], text=r["text"], sentence=r["sentence"],
        name=r["name"], lat=r["lat"], lon=r["lon"], feature_type=r["feature_type"], country=r["country"],
        precision=r["precision"], geonameid=r["geonameid"], source=r["source"],
    )


def time_expr_from_row(r: dict[str, Any]) -> TimeExpr:
    return TimeExpr(
        article_id=r["article_id"], start=r["start"], end=r["end"], text=r["text"], sentence=r["sentence"],
        date=from_date(r["date"]), end_date=from_date(r["end_date"]), precision=r["precision"],
        relation=r["relation"],
    )


def quote_from_row(r: dict[str, Any]) -> Quote:
    speaker = _loads(r["speaker"])
    return Quote(
        article_id=r["article_id"], start=r["start"], end=r["end"], text=r["text"], sentence=r["sentence"],
        kind=r["kind"], speaker=Mention.from_dict(speaker) if speaker is not None else None, cue=r["cue"],
        cue_start=r["cue_start"], cue_end=r["cue_end"],
    )


def event_from_row(r: dict[str, Any]) -> Event:
    loc = _loads(r["event_loc"])
    return Event(
        id=r["id"], article_id=r["article_id"], event=r["event"], sentence=r["sentence"], start=r["start"],
        end=r["end"], anchor_start=r["anchor_start"], anchor_end=r["anchor_end"],
        anchor_text=r["anchor_text"], mode=r["mode"], context=list(r["context"] or []),
        actor=[Mention.from_dict(m) for m in _loads(r["actor"]) or []],
        recipient=[Mention.from_dict(m) for m in _loads(r["recipient"]) or []],
        date=from_date(r["date"]), end_date=from_date(r["end_date"]), date_precision=r["date_precision"],
        date_from=r["date_from"], event_loc=Place.from_dict(loc) if loc is not None else None,
        negated=bool(r["negated"]), hypothetical=bool(r["hypothetical"]), future=bool(r["future"]),
        historical=bool(r["historical"]), confidence=r["confidence"] if r["confidence"] is not None else 0.0,
        rule=r["rule"], explanation=r["explanation"], cameo=r["cameo"], goldstein=r["goldstein"],
        quad=r["quad"], intensity=r["intensity"],
    )
