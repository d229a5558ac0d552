"""clean_record: the cleaning steps in their fixed order, from RawRecord to Article."""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

from ..config import CleanSettings
from ..errors import EmptyInput, InputError, MissingField
from ..records import Article, RawRecord, article_id_for
from ._boilerplate import strip_boilerplate
from ._dateline import parse_dateline
from ._dates import find_published_date
from ._draft import Draft
from ._encoding import fix_encoding
from ._language import detect_language
from ._limits import check_limits
from ._metadata import read_metadata
from ._title import split_title
from ._whitespace import normalise_whitespace, one_line

__all__ = ["CleaningStep", "CLEANING_STEPS", "clean_record", "clean_draft", "draft_from_record"]


# Rounds of the whole sequence at most; real articles settle in two (the second changes nothing).
MAX_ROUNDS = 4


class CleaningStep(NamedTuple):
    name: str
    run: Callable[..., Draft]


def _plain(step: Callable[[Draft], Draft]) -> Callable[..., Draft]:
    def run(draft: Draft, settings: CleanSettings) -> Draft:
        return step(draft)

    run.__name__ = step.__name__
    run.__doc__ = step.__doc__
    return run


# The order matters: encoding before any pattern sees the text; metadata and boilerplate
# before the title (a "title:" line or a byline is no headline); the title before the dateline
# (the dateline starts the body, not the page); dates once every candidate has been seen;
# language last, on the clean body.
CLEANING_STEPS: tuple[CleaningStep, ...] = (
    CleaningStep("fix_encoding", _plain(fix_encoding)),
    CleaningStep("normalise_whitespace", _plain(normalise_whitespace)),
    CleaningStep("read_metadata", _plain(read_metadata)),
    CleaningStep("strip_boilerplate", _plain(strip_boilerplate)),
    CleaningStep("split_title", _plain(split_title)),
    CleaningStep("parse_dateline", _plain(parse_dateline)),
    CleaningStep("find_published_date", _plain(find_published_date)),
    CleaningStep("detect_language", detect_language),
)


def _text_field(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return one_line(str(value))


def draft_from_record(raw: RawRecord) -> Draft:
    """The starting Draft: the raw text plus what the input's own fields say."""
    fields = raw.fields or {}
    title = _text_field(fields.get("title"))
    return Draft(
        text=raw.text,
        title=title,
        title_from="input" if title else None,
        source=_text_field(fields.get("source")),
        url=_text_field(fields.get("url")),
        external_id=_text_field(fields.get("id")),
        input_date=fields.get("date"),
    )


def clean_draft(draft: Draft, *, settings: CleanSettings = CleanSettings()) -> tuple[Draft, list[str]]:
    """Run every step in order until the text is stable; return it and the steps that changed it.

    One pass can uncover work for another (a dateline taken off a line that then reads as a
    headline; a footer moved into the tail zone). Repeating to a fixed point is what makes
    cleaning idempotent: the clean text, re-read with the title and date found, is already clean.
    """
    changed: set[str] = set()
    for _ in range(MAX_ROUNDS):
        start = draft.text
        for step in CLEANING_STEPS:
            before = draft.text
            draft = step.run(draft, settings)
            if draft.text != before:
                changed.add(step.name)
        if draft.text == start:
            break
    return draft, [step.name for step in CLEANING_STEPS if step.name in changed]


def clean_record(raw: RawRecord, *, settings: CleanSettings = CleanSettings()) -> Article:
    """Clean one raw record into an Article, or raise an InputError (D101 empty, D106 over a
    shape limit of :func:`check_limits`, D107 not English).

    The steps, in order (each a public function over :class:`Draft`): fix_encoding,
    normalise_whitespace, read_metadata, strip_boilerplate, split_title, parse_dateline,
    find_published_date, detect_language. Cleaning is idempotent: cleaning the clean text again,
    with the title and date the Article got, returns the same text.
    """
    if not isinstance(raw.text, str):
        raise MissingField(f"text is a {type(raw.text).__name__}, not a string", origin=raw.origin)
    if not raw.text.strip():
        raise EmptyInput("empty text", origin=raw.origin)
    try:
        draft, changed = clean_draft(draft_from_record(raw), settings=settings)
    except InputError as exc:
        exc.origin = exc.origin or raw.origin
        raise
    if len(draft.text) < settings.min_chars:
        what = "nothing" if not draft.text else f"only {len(draft.text)} characters"
        raise EmptyInput(f"{what} left after cleaning (min_chars is {settings.min_chars})", origin=raw.origin)
    too_large = check_limits(draft.text)  # bounded time per article in the stages after cleaning
    if too_large is not None:
        too_large.origin = raw.origin
        raise too_large
    return Article(
        id=article_id_for(draft.text),
        text=draft.text,
        raw_text=raw.text,
        title=draft.title,
        summary=draft.summary,
        source=draft.source,
        url=draft.url,
        published=draft.published,
        published_from=draft.published_from,
        dateline_place=draft.dateline_place,
        agencies=list(draft.agencies),
        language=draft.language or "en",
        origin=raw.origin,
        external_id=draft.external_id,
        cleaning=changed,
    )
