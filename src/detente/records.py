"""Typed records that flow through the pipeline.

Every span (sentence, mention, event anchor, quote, place) holds ``start``/``end``
character offsets into ``Article.text``, the stored clean text, so that
``article.text[span.start:span.end]`` is exactly the span's text. Records are plain
dataclasses with ``to_dict``/``from_dict`` so the store and the exports round-trip
them without loss.

The flow, and which stage fills which field::

    ingest  -> RawRecord                      (text + fields as read, origin "file:line")
    clean   -> Article                        (clean text, title, dates, dateline, agencies)
    nlp     -> Analysis.doc, .sentences       (spaCy doc, never stored)
    actors  -> Analysis.mentions              (resolved actor mentions, coreference)
    places  -> Analysis.places
    dates   -> Analysis.dates
    quotes  -> Analysis.quotes
    events  -> Analysis.events
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

__all__ = [
    "RawRecord",
    "Article",
    "Sentence",
    "Mention",
    "Place",
    "TimeExpr",
    "Quote",
    "Event",
    "Story",
    "Analysis",
    "article_id_for",
]

T = TypeVar("T", bound="_Record")


class _Record:
    """Mixin: lossless conversion to and from plain JSON-able dicts."""

    # Fields holding nested records, by name -> record class name (resolved lazily).
    _nested: ClassVar[dict[str, str]] = {}
    _nested_lists: ClassVar[dict[str, str]] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, _Record):
                value = value.to_dict()
            elif isinstance(value, list):
                value = [v.to_dict() if isinstance(v, _Record) else v for v in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = _field_names(cls)
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names:
                continue  # additive schema: unknown keys from newer writers are ignored
            if key in cls._nested and isinstance(value, dict):
                value = _RECORDS[cls._nested[key]].from_dict(value)
            elif key in cls._nested_lists and isinstance(value, list):
                sub = _RECORDS[cls._nested_lists[key]]
                value = [sub.from_dict(v) if isinstance(v, dict) else v for v in value]
            kwargs[key] = value
        return cls(**kwargs)


@functools.cache
def _field_names(cls) -> dict[str, None]:
    """The record's field names in declaration order (a dict: ordered, and O(1) to test).

    dataclasses.fields() rebuilds its tuple on every call: a fifth of reading events back from the store.
    """
    return dict.fromkeys(f.name for f in dataclasses.fields(cls))


def normalise_for_id(text: str) -> str:
    """The normal form hashed into an article id: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def article_id_for(text: str) -> str:
    """Stable article id: the first 16 hex digits of SHA-256 over the normalised clean text."""
    return hashlib.sha256(normalise_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class RawRecord(_Record):
    """One article as a reader found it, before cleaning.

    ``fields`` holds what the source gave besides the text (title, date, url, source, id).
    ``origin`` names where it came from, as ``path:line`` (line 0 for whole files).
    """

    text: str
    origin: str = "<memory>"
    fields: dict[str, Any] = field(default_factory=dict)
    format: str = "text"  # text | jsonl | csv | html | stdin | memory


@dataclass(slots=True)
class Article(_Record):
    id: str
    text: str  # clean body text: every offset in the system points into this string
    raw_text: str = ""
    title: str | None = None
    summary: str | None = None  # standfirst / dek
    source: str | None = None  # outlet or publisher
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_from: str | None = None  # input | metadata | dateline | text | none
    dateline_place: str | None = None
    agencies: list[str] = field(default_factory=list)
    language: str = "en"
    origin: str = "<memory>"
    external_id: str | None = None  # the id the input gave, if any
    cleaning: list[str] = field(default_factory=list)  # names of cleaning steps that changed the text


@dataclass(slots=True)
class Sentence(_Record):
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention(_Record):
    """A span that names an actor, resolved (where possible) to PLOVER country + sector."""

    article_id: str
    start: int
    end: int
    text: str  # entity_text: article.text[start:end]
    sentence: int = -1
    kind: str = "unknown"  # person | organisation | state | group | unknown
    name: str | None = None  # canonical name, e.g. "Ren Guoqiang"
    code: str | None = None  # ISO3 or PLOVER non-state code (UNO, EUR, IGO, NGO, ISM, IMG, MNC)
    sector: str | None = None  # primary PLOVER sector
    other_sectors: list[str] = field(default_factory=list)
    identifier_id: str | None = None  # Wikidata QID
    identifier_text: str | None = None
    office: str | None = None
    antecedent_start: int | None = None  # for coreferent mentions: the antecedent's span
    antecedent_end: int | None = None
    rule: str | None = None  # how it was resolved, for the user to read

    def entity(self) -> dict[str, Any]:
        """The entity object of the public ``detente code`` contract."""
        return {
            "entity_text": self.text,
            "code": self.code,
            "sector": self.sector,
            "other_sectors": list(self.other_sectors),
            "identifier_id": self.identifier_id,
            "identifier_text": self.identifier_text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Place(_Record):
    article_id: str
    start: int
    end: int
    text: str
    sentence: int = -1
    name: str | None = None  # resolved place name
    lat: float | None = None
    lon: float | None = None
    feature_type: str | None = None  # country | city | sea | strait | island | reef | base | region ...
    country: str | None = None  # ISO3 of the containing / claiming state, if any
    precision: str | None = None  # country | province | city | feature
    geonameid: int | None = None
    source: str | None = None  # which gazetteer entry decided it


@dataclass(slots=True)
class TimeExpr(_Record):
    """A date expression in the text, resolved against the publication date."""

    article_id: str
    start: int
    end: int
    text: str
    sentence: int = -1
    date: str | None = None  # YYYY-MM-DD (first day of the range)
    end_date: str | None = None  # last day of the range, inclusive
    precision: str | None = None  # day | week | month | year | range
    relation: str | None = None  # past | present | future relative to publication


@dataclass(slots=True)
class Quote(_Record):
    article_id: str
    start: int  # content span
    end: int
    text: str
    sentence: int = -1
    kind: str = "direct"  # direct | indirect | partial
    speaker: Mention | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None

    _nested: ClassVar[dict[str, str]] = {"speaker": "Mention"}


@dataclass(slots=True)
class Event(_Record):
    """One coded event, following PLOVER's record fields plus CAMEO/Goldstein."""

    id: str
    article_id: str
    event: str  # PLOVER type, e.g. "ACCUSE"
    sentence: int  # text_info.sequence
    start: int  # sentence span
    end: int
    anchor_start: int  # the words that express the event
    anchor_end: int
    anchor_text: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: list[Mention] = field(default_factory=list)
    recipient: list[Mention] = field(default_factory=list)
    date: str | None = None
    end_date: str | None = None
    date_precision: str | None = None
    date_from: str | None = None  # text | publication | none
    event_loc: Place | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    confidence: float = 0.0
    rule: str | None = None  # which rule or model decided it
    explanation: str | None = None  # a sentence a user can read
    cameo: str | None = None
    goldstein: float | None = None
    quad: int | None = None
    intensity: float | None = None

    _nested: ClassVar[dict[str, str]] = {"event_loc": "Place"}
    _nested_lists: ClassVar[dict[str, str]] = {"actor": "Mention", "recipient": "Mention"}


@dataclass(slots=True)
class Story(_Record):
    id: str
    label: str
    start_date: str | None = None
    end_date: str | None = None
    members: list[str] = field(default_factory=list)  # article ids


@dataclass(slots=True)
class Analysis:
    """An article on its way through the stages. ``doc`` is the spaCy Doc (never stored)."""

    article: Article
    doc: Any = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # names of stages that have run

    def sentence_at(self, offset: int) -> Sentence | None:
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent
        return None


_RECORDS: dict[str, type[_Record]] = {
    cls.__name__: cls
    for cls in (RawRecord, Article, Sentence, Mention, Place, TimeExpr, Quote, Event, Story)
}
