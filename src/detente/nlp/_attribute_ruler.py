"""A faster stand-in for spaCy's ``attribute_ruler`` with the same output.

The English pipeline's attribute ruler holds ~180 single-token rules (tag -> POS and morphology, a few
lemma exceptions). spaCy runs them through the general ``Matcher``, which tries every rule at every
token: 20-27 ms for a 600-word article on our machines, a tenth of the whole parse. Here the
rules are indexed by the tag, lowercase form or dependency they require, so each token is checked
only against the few rules that can match it. Only the matching is replaced: the matches are the
same tuples the Matcher gives, found on the unmodified doc, and spaCy's own ``set_annotations``
writes them in rule order so that later rules win. ``tests/nlp/test_nlp_attribute_ruler.py``
compares every token attribute with the stock component.

Rules this module does not understand (quantifiers, other attributes or operators) make
:func:`compile_rules` return ``None`` and the stock component stays in place.
"""

from __future__ import annotations

import functools
import re

from spacy.attrs import IDS

__all__ = ["compile_rules", "install"]

# Columns of the per-doc array; every rule in the English models reads only these.
_COLUMNS = {name: col for col, name in enumerate(("TAG", "LOWER", "DEP", "IS_SPACE"))}
_ARRAY_ATTRS = [IDS[name] for name in _COLUMNS]
_INDEX_COLUMNS = tuple(_COLUMNS.values())
# Index keys by preference: the most selective attribute a rule's first token fixes (a word before a tag).
_INDEXED = ("LOWER", "TAG", "DEP", "IS_SPACE")


class _Unsupported(Exception):
    pass


def _predicate(attr: str, value, strings):
    """One token test as (column, kind, operand); string operands are compared as hashes, like the Matcher."""
    if attr not in _COLUMNS:
        raise _Unsupported(attr)
    col = _COLUMNS[attr]
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(f"{attr}={value!r}")
        return (col, "eq", int(value))
    if isinstance(value, str):
        return (col, "eq", strings.add(value))
    if isinstance(value, dict) and len(value) == 1:
        (op, operand), = value.items()
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
            return (col, op, frozenset(strings.add(v) for v in operand))
        if op == "REGEX" and isinstance(operand, str):
            return (col, "REGEX", _memo_search(re.compile(operand), strings))
    raise _Unsupported(f"{attr}={value!r}")


def _index_values(token_spec: dict, strings) -> tuple[int, list[int]] | None:
    """The column and values a rule's first token must have, for the index; None if it fixes none."""
    for attr in _INDEXED:
        value = token_spec.get(attr)
        if isinstance(value, bool):
            return _COLUMNS[attr], [int(value)]
        if isinstance(value, str):
            return _COLUMNS[attr], [strings.add(value)]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return _COLUMNS[attr], [strings.add(v) for v in value["IN"]]
    return None


def compile_rules(ruler):
    """Index the stock ruler's patterns, or return None when one of them is beyond this module."""
    strings = ruler.vocab.strings
    index: list[dict[int, list]] = [{}, {}, {}, {}]
    scan_all: list = []
    try:
        for attr_id, group in enumerate(ruler.patterns):
            for pattern in group["patterns"]:
                if not pattern or any(not isinstance(t, dict) or "OP" in t for t in pattern):
                    raise _Unsupported("quantifier or empty pattern")
                tests = tuple(
                    tuple(_predicate(attr, value, strings) for attr, value in token.items()) for token in pattern
                )
                rule = (attr_id, tests)
                key = _index_values(pattern[0], strings)
                if key is None:
                    scan_all.append(rule)
                else:
                    col, values = key
                    for v in values:
                        index[col].setdefault(v, []).append(rule)
    except _Unsupported:
        return None
    return index, scan_all


def _memo_search(regex, strings):
    """regex.search over the string of a hash, remembered per hash: the few regex rules see every token."""

    @functools.lru_cache(maxsize=65536)
    def search(value: int) -> bool:
        return regex.search(strings[value]) is not None

    return search


def _holds(tests, row) -> bool:
    for col, kind, operand in tests:
        value = row[col]
        if kind == "eq":
            if value != operand:
                return False
        elif kind == "IN":
            if value not in operand:
                return False
        elif kind == "NOT_IN":
            if value in operand:
                return False
        elif not operand(value):  # REGEX reads the string, as the Matcher does
            return False
    return True


class _IndexedMatch:
    """Replaces ``ruler.match``: the same list of matches as spaCy's Matcher, found through the index."""

    def __init__(self, ruler, rules):
        self._ruler = ruler
        self._use(rules)

    def _use(self, rules) -> None:
        self._size = len(self._ruler.attrs)
        self._rules = rules
        strings = self._ruler.vocab.strings
        self._keys = [strings.add(str(i)) for i in range(self._size)]  # the Matcher's key per rule group

    def __call__(self, doc):
        if len(self._ruler.attrs) != self._size:  # rules added after install: index them again
            rules = compile_rules(self._ruler)
            if rules is None:
                return type(self._ruler).match(self._ruler, doc)
            self._use(rules)
        rows = doc.to_array(_ARRAY_ATTRS).tolist()
        n = len(rows)
        index, scan_all = self._rules
        found = set()
        for start, row in enumerate(rows):
            candidates = []
            for col in _INDEX_COLUMNS:
                hit = index[col].get(row[col])
                if hit:
                    candidates.extend(hit)
            candidates.extend(scan_all)
            for attr_id, tests in candidates:
                end = start + len(tests)
                if end > n or not _holds(tests[0], row):
                    continue
                if end == start + 1 or all(_holds(t, rows[start + k]) for k, t in enumerate(tests[1:], 1)):
                    found.add((attr_id, self._keys[attr_id], start, end))
        # spaCy sorts the same tuples, so later rules are written last and win.
        return sorted(found)


def install(nlp) -> bool:
    """Make the stock ``attribute_ruler`` of ``nlp`` match through the index; False when left as it was.

    Only the matching step is replaced (an instance attribute), so writing, serialisation and
    ``add_patterns`` stay spaCy's own.
    """
    if "attribute_ruler" not in nlp.component_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    rules = compile_rules(ruler)
    if rules is None:
        return False
    ruler.match = _IndexedMatch(ruler, rules)
    return True
