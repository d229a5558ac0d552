"""Plain-text rendering of an article with its spans, for ``detente show``."""

from __future__ import annotations

from ..records import Analysis

__all__ = ["mark_spans", "render_analysis"]

_BOLD, _CYAN, _YELLOW, _RESET = "\033[1m", "\033[36m", "\033[33m", "\033[0m"


def mark_spans(text: str, spans: list[tuple[int, int, str]], *, color: bool = False) -> str:
    """Insert ``[span]{label}`` markers. Spans that overlap an earlier-starting one are left unmarked."""
    out, pos = [], 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or not (0 <= start < end <= len(text)):
            continue
        out.append(text[pos:start])
        inner = text[start:end]
        if color:
            out.append(f"{_BOLD}[{inner}]{_RESET}{_CYAN}{{{label}}}{_RESET}")
        else:
            out.append(f"[{inner}]{{{label}}}")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def render_analysis(analysis: Analysis, *, color: bool = False) -> str:
    a = analysis.article
    spans = []
    for m in analysis.mentions:
        label = " ".join(x for x in (m.code or "?", m.sector or "") if x)
        spans.append((m.start, m.end, label))
    for p in analysis.places:
        spans.append((p.start, p.end, f"PLACE {p.name or '?'}"))
    head = [
        f"id: {a.id}",
        f"title: {a.title or '-'}",
        f"published: {a.published or '-'} (from {a.published_from or '-'})",
        f"source: {a.source or '-'}   url: {a.url or '-'}",
        f"dateline: {a.dateline_place or '-'}   agencies: {', '.join(a.agencies) or '-'}",
        "",
        mark_spans(a.text, spans, color=color),
        "",
    ]
    if analysis.events:
        head.append(f"events ({len(analysis.events)}):")
        for e in analysis.events:
            flags = [f for f in ("negated", "hypothetical", "future", "historical") if getattr(e, f)]
            actors = "+".join(m.code or "?" for m in e.actor) or "-"
            recips = "+".join(m.code or "?" for m in e.recipient) or "-"
            mode = f" {e.mode}" if e.mode else ""
            flag = f" [{', '.join(flags)}]" if flags else ""
            head.append(
                f"  {e.event}{mode} {actors} -> {recips} on {e.date or '?'}{flag}"
                f"  anchor {e.anchor_start}-{e.anchor_end} {a.text[e.anchor_start:e.anchor_end]!r}"
            )
            if e.explanation:
                head.append(f"      why: {e.explanation}")
    if analysis.quotes:
        head.append(f"quotes ({len(analysis.quotes)}):")
        for q in analysis.quotes:
            who = q.speaker.name or q.speaker.text if q.speaker else "?"
            head.append(f"  {who} ({q.kind}, {q.start}-{q.end}): {a.text[q.start:q.end]!r}")
    if analysis.dates:
        head.append(f"dates ({len(analysis.dates)}):")
        for d in analysis.dates:
            rng = f"..{d.end_date}" if d.end_date and d.end_date != d.date else ""
            head.append(f"  {a.text[d.start:d.end]!r} -> {d.date or '?'}{rng} ({d.precision or '?'})")
    if color:
        head[0] = f"{_YELLOW}{head[0]}{_RESET}"
    return "\n".join(head)
