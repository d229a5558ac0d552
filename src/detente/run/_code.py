"""The public coding contract: ``detente.code(text)`` and ``detente code IN.jsonl -o OUT.jsonl``.

Input lines are ``{"id", "text", "date"?, "title"?, "url"?, "source"?}``, each an article or a
single sentence. The text is coded exactly as given (no cleaning), so every offset in the
output slices the input's ``text``. Output is one line per input line, in order::

    {"id": ..., "events": [PLOVER records], "quotes": [...], "entities": [...]}

A bad line (not JSON, no text) becomes ``{"id": ..., "line": N, "error": {"code", "message"}}``,
is reported, and the rest goes on.
"""

from __future__ import annotations

import json
from typing import IO, Any, Iterable, Iterator

from ..clean import check_limits
from ..errors import DetenteError, InputError, MalformedRecord, MissingField
from ..records import Analysis, Article, article_id_for
from ..report import RunReport
from ._pipeline import Pipeline, batched

__all__ = ["code", "code_lines", "code_file", "analysis_record"]


def analysis_record(analysis: Analysis, *, id: Any = None) -> dict[str, Any]:
    """The output line of the coding contract for one analysed text."""
    from ..events import event_record

    article = analysis.article
    entities = []
    for m in analysis.mentions:
        entity = m.entity()
        entity.update(kind=m.kind, name=m.name, sentence=m.sentence)
        entities.append(entity)
    quotes = []
    for q in analysis.quotes:
        quotes.append(
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "kind": q.kind,
                "cue": q.cue,
                "speaker": q.speaker.entity() if q.speaker else None,
                "sentence": q.sentence,
            }
        )
    return {
        "id": id if id is not None else (article.external_id or article.id),
        "events": [event_record(e, article) for e in analysis.events],
        "quotes": quotes,
        "entities": entities,
        "places": [p.to_dict() for p in analysis.places],
        "dates": [d.to_dict() for d in analysis.dates],
    }


def _article(text: str, *, date=None, title=None, url=None, source=None, id=None, origin="<memory>") -> Article:
    return Article(
        id=article_id_for(text),
        text=text,
        raw_text=text,
        title=title,
        url=url,
        source=source,
        published=date,
        published_from="input" if date else "none",
        origin=origin,
        external_id=None if id is None else str(id),
    )


def code(
    text: str,
    *,
    date: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    id: Any = None,
    pipeline: Pipeline | None = None,
) -> dict[str, Any]:
    """Code one text (an article or a sentence). ``date`` (YYYY-MM-DD) anchors relative dates."""
    pipeline = pipeline or Pipeline()
    report = RunReport()
    too_large = check_limits(text)
    if too_large is not None:
        raise too_large
    article = _article(text, date=date, title=title, url=url, source=source, id=id)
    for analysis in pipeline.analyze([article], report):
        return analysis_record(analysis, id=id)
    skip = report.skips[0] if report.skips else None
    raise DetenteError(skip.reason if skip else "coding failed", code=skip.code if skip else "D400")


def _parse_line(line: str, n: int, origin: str) -> tuple[Any, Article]:
    where = f"{origin}:{n}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(f"invalid JSON: {exc.msg} at column {exc.colno}", origin=where) from None
    if not isinstance(data, dict):
        raise MalformedRecord("a line must be a JSON object", origin=where)
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MissingField("missing or empty 'text' field", origin=where)
    too_large = check_limits(text)  # the same shape limits as cleaning: bounded time per text
    if too_large is not None:
        too_large.origin = where
        raise too_large
    date = data.get("date")
    if date is not None and not isinstance(date, str):
        raise MalformedRecord("'date' must be a YYYY-MM-DD string", origin=where)
    fields = {k: data.get(k) for k in ("title", "url", "source")}
    fields = {k: (v if isinstance(v, str) else None) for k, v in fields.items()}
    return data.get("id"), _article(text, date=date, id=data.get("id"), origin=where, **fields)


def code_lines(
    lines: Iterable[str],
    *,
    pipeline: Pipeline | None = None,
    report: RunReport | None = None,
    origin: str = "<input>",
    batch_size: int = 64,
) -> Iterator[dict[str, Any]]:
    """Code JSONL lines, yielding one output record per non-blank input line, in input order."""
    pipeline = pipeline or Pipeline()
    report = report if report is not None else RunReport()
    numbered = ((n, line) for n, line in enumerate(lines, 1) if line.strip())
    for chunk in batched(numbered, batch_size):
        slots: list[dict[str, Any] | None] = []
        good: list[tuple[int, Any, Article]] = []
        for n, line in chunk:
            report.read += 1
            try:
                ident, article = _parse_line(line, n, origin)
            except InputError as exc:
                report.skip(exc)
                slots.append({"id": None, "line": n, "error": exc.to_dict()})
                continue
            good.append((len(slots), ident, article))
            slots.append(None)
        by_origin = {article.origin: (slot, ident) for slot, ident, article in good}
        for analysis in pipeline.analyze([a for _, _, a in good], report):
            slot, ident = by_origin[analysis.article.origin]
            slots[slot] = analysis_record(analysis, id=ident)
            report.processed += 1
        idents = {slot: ident for slot, ident, _ in good}
        for i, ((n, _), record) in enumerate(zip(chunk, slots)):
            if record is None:  # the pipeline reported a stage failure for this line
                where = f"{origin}:{n}"
                skip = next((s for s in reversed(report.skips) if s.origin == where), None)
                error = {"code": skip.code, "message": skip.reason} if skip else {"code": "D400", "message": "failed"}
                record = {"id": idents.get(i), "line": n, "error": error}
            yield record


def code_file(src: IO[str], dst: IO[str], **kwargs) -> RunReport:
    report = kwargs.pop("report", None) or RunReport()
    for record in code_lines(src, report=report, **kwargs):
        dst.write(json.dumps(record, ensure_ascii=False) + "\n")
    return report
