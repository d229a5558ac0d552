"""Quote attribution scorer (gold: ``tests/gold/quotes.jsonl``, format in docs/gold-format.md).

A predicted quote matches a gold quote when their contents overlap by token Dice >= ``CONTENT_MATCH``
and the predicted speaker is the gold speaker: its span (or its antecedent's span) overlaps an occurrence of
the gold speaker string, or one name contains the other.

Annotation conventions the gold follows:

- direct: a quotation standing as its own statement; a quotation split by "he said" is two quotes;
- partial: a quoted fragment inside reported speech or a characterisation ("called it 'dangerous'"); the
  reported clause around it is not listed again;
- indirect: reported speech (a speech verb with a clause; "according to X, S"); the content is the clause
  without "that";
- a quotation nobody is said to utter (a scare quote) is not a quote;
- the speaker is the name (or description) as written, for pronouns the name they refer to.

``predict(row) -> list[Quote]`` receives one gold row and returns the predicted quotes for its ``text``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..records import Quote

__all__ = ["score_quotes", "content_overlap", "speaker_matches", "CONTENT_MATCH"]

# Boundaries of reported clauses are a matter of judgement ("... on Thursday" inside or outside):
# 0.8 token Dice forgives a word or two, never a different statement.
CONTENT_MATCH = 0.8
_WORD = re.compile(r"\w+(?:['’]\w+)?")


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    pool = list(tb)
    common = 0
    for w in ta:
        if w in pool:
            pool.remove(w)
            common += 1
    return 2 * common / (len(ta) + len(tb))


def _norm(text: str) -> str:
    return " ".join(_tokens(text))


def speaker_matches(text: str, gold_speaker: str, quote: Quote) -> bool:
    sp = quote.speaker
    if sp is None:
        return False
    spans = [(sp.start, sp.end)]
    if sp.antecedent_start is not None and sp.antecedent_end is not None:
        spans.append((sp.antecedent_start, sp.antecedent_end))
    for m in re.finditer(re.escape(gold_speaker), text):
        if any(s < m.end() and m.start() < e for s, e in spans):
            return True
    g, p = _norm(gold_speaker), _norm(sp.text)
    return bool(g) and bool(p) and (f" {g} " in f" {p} " or f" {p} " in f" {g} ")


def score_quotes(rows: Iterable[dict[str, Any]], predict: Callable[[dict[str, Any]], list[Quote]]) -> dict[str, float]:
    n_gold = n_pred = tp = content_tp = kind_ok = 0
    errors: list[str] = []
    for row in rows:
        preds = [q for q in predict(row)]
        gold = row.get("quotes", [])
        n_gold += len(gold)
        n_pred += len(preds)
        free = list(preds)
        free_content = list(preds)
        for g in gold:
            hit = next((p for p in free if content_overlap(g["content"], p.text) >= CONTENT_MATCH
                        and speaker_matches(row["text"], g["speaker"], p)), None)
            chit = next((p for p in free_content if content_overlap(g["content"], p.text) >= CONTENT_MATCH), None)
            if chit is not None:
                content_tp += 1
                free_content.remove(chit)
            if hit is not None:
                tp += 1
                free.remove(hit)
                kind_ok += hit.kind == g.get("kind", "direct")
            else:
                got = chit.speaker.text if chit is not None and chit.speaker else None
                errors.append(f"{row['id']}: missed {g['speaker']!r}: {g['content'][:50]!r} (content found: "
                              f"{chit is not None}, speaker {got!r})")
        for p in free:
            errors.append(f"{row['id']}: spurious {p.kind} {p.speaker.text if p.speaker else None!r}: {p.text[:50]!r}")

    def f1(t: int) -> tuple[float, float, float]:
        prec = t / n_pred if n_pred else 0.0
        rec = t / n_gold if n_gold else 0.0
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    p, r, f = f1(tp)
    cp, cr, cf = f1(content_tp)
    return {
        "quote_precision": p, "quote_recall": r, "quote_f1": f,
        "content_precision": cp, "content_recall": cr, "content_f1": cf,
        "speaker_accuracy": tp / content_tp if content_tp else 0.0,
        "kind_accuracy": kind_ok / tp if tp else 0.0,
        "n_gold": n_gold, "n_pred": n_pred, "errors": errors,
    }
