"""Find actor mentions in a parsed article and resolve them against the knowledge base.

The steps, in order:

1. **match**: KB names (case-sensitive PhraseMatcher) and role nouns (case-insensitive) give
   *elements*: state names, demonyms, capitals and metonyms, organisations, office-holders, roles.
   Origins ("Russian-made"), places ("Seattle, Washington") and regional constructs ("the West")
   become blocks that hide what they cover.
2. **regions**: spaCy noun chunks, joined where one KB name spans several, and a role phrase
   joined with the ``of``/``for`` phrase that names its institution.
3. **interpret**: each region yields zero or more mentions: coordinated countries split, the
   head element decides the kind, the institution and role decide the sector, office-holders
   are looked up for the article's date.
4. **coreference** (``_coref``) fills mentions that need the context.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from ._kb import NON_STATE_CODES, KnowledgeBase

# Tokens allowed between coordinated country modifiers ("Russian and Belarusian", "China-US").
COORD_TOKENS = frozenset({"and", "or", ",", "-", "–", "—", "/", "&"})
HYPHENS = frozenset({"-", "–", "—", "/"})
# Prepositions that attach the institution to a role noun ("spokesman for the ministry").
ROLE_PREPS = frozenset({"of", "for", "from"})
# Determiners and possessive pronouns left out of a mention's span.
LEADING_DROP = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
PERSON_LABELS = frozenset({"PERSON"})
ORG_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


@dataclass(slots=True)
class Element:
    start: int  # token offsets, end exclusive
    end: int
    type: str  # state adj capital org person pname role ship named_org block
    code: str | None = None
    sector: str | None = None
    other: tuple[str, ...] = ()
    kind: str | None = None
    ref: Any = None  # Organisation / list of person indices / Role
    note: str = ""


@dataclass(slots=True)
class Region:
    start: int
    end: int
    main_end: int  # end of the part that holds the head (before an "of"/"for" attachment)
    elements: list[Element] = field(default_factory=list)


@dataclass(slots=True)
class Draft:
    """A mention before offsets are finalised; ``needs`` says what coreference must supply."""

    start: int
    end: int
    kind: str
    code: str | None = None
    sector: str | None = None
    other: list[str] = field(default_factory=list)
    name: str | None = None
    qid: str | None = None
    office: str | None = None
    rule: str = ""
    needs: str | None = None  # None | "antecedent" | "country"
    head_word: str | None = None
    role_office: str | None = None
    office_key: str | None = None  # the KB office of a resolved office-holder
    from_capital: bool = False
    possessive: bool = False
    former: bool = False
    antecedent: tuple[int, int] | None = None
    sentence: int = -1
    root: int = -1  # token index of the region's syntactic head


class Matchers:
    """spaCy PhraseMatchers built once per vocabulary from the KB tables."""

    def __init__(self, kb: KnowledgeBase, vocab):
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.roles = PhraseMatcher(vocab, attr="LOWER")
        self.payloads: dict[str, list[tuple]] = {}
        self.single = kb.single_token_names()
        by_text: dict[str, list[tuple]] = {}
        for text, payload in kb.exact_patterns():
            by_text.setdefault(text, []).append(payload)
        for text, payloads in by_text.items():
            key = f"kb:{text}"
            self.payloads[key] = payloads
            self.exact.add(key, [tokenizer(text)])
        role_texts: dict[int, list[str]] = {}
        for text, index in kb.role_patterns():
            role_texts.setdefault(index, []).append(text)
        for index, texts in role_texts.items():
            self.roles.add(f"role:{index}", [tokenizer(t) for t in texts])


_EXACT_PRIORITY = {"block": 0, "org": 1, "person": 2, "state": 3, "capital": 4, "adj": 5}


def _payload_element(payloads: list[tuple], start: int, end: int, kb: KnowledgeBase) -> Element:
    payloads = sorted(payloads, key=lambda p: _EXACT_PRIORITY.get(p[0], 9))
    first = payloads[0]
    kind = first[0]
    if kind == "block":
        return Element(start, end, "block", note=first[1])
    if kind == "org":
        org = kb.organisations[first[1]]
        return Element(start, end, "org", org.code, org.sector, org.other_sectors, org.kind, org)
    if kind == "person":
        return Element(start, end, "person", ref=[p[1] for p in payloads if p[0] == "person"])
    if kind == "state":
        return Element(start, end, "state", first[1], "GOV", kind="state")
    if kind == "capital":
        _, code, sector, mkind = first
        return Element(start, end, "capital", code, sector, kind=mkind)
    return Element(start, end, "adj", first[1], kind="state")


def find_elements(doc, kb: KnowledgeBase, matchers: Matchers, date: str | None) -> list[Element]:
    """Non-overlapping elements over the doc, longest first; KB names beat role nouns on ties."""
    lex = kb.lexicon
    cands: list[tuple[int, int, int, Element]] = []
    strings = doc.vocab.strings
    for match_id, start, end in matchers.exact(doc):
        el = _payload_element(matchers.payloads[strings[match_id]], start, end, kb)
        cands.append((end - start, 0, start, el))
    for match_id, start, end in matchers.roles(doc):
        role_index = int(strings[match_id].split(":", 1)[1])
        role = kb.roles[role_index]
        el = Element(start, end, "role", role.default_code, role.sector, role.other_sectors, role.kind, role)
        cands.append((end - start, 1, start, el))
    # Ship names ("USS Carl Vinson" is a US military unit) and hyphenated names ("Russian-made",
    # "U.S.-China"): one pass over the tokens, skipped when the text has neither (the pass is a
    # large share of the stage's time on long articles)
    prefixes = lex.get("ship_prefixes", {})
    participles = set(lex.get("origin_participles", []))
    text = doc.text
    ships = any(p in text for p in prefixes)
    hyphens = "-" in text
    ship_cands: list[tuple[int, int, int, Element]] = []
    hyphen_cands: list[tuple[int, int, int, Element]] = []
    for tok in (doc if ships or hyphens else ()):
        word = tok.text
        if ships and word in prefixes and tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper():
            end = tok.i + 1
            while end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
                end += 1
            el = Element(tok.i, end, "org", prefixes[word], "MIL", (), "group", note="ship")
            ship_cands.append((end - tok.i, 0, tok.i, el))
        if hyphens and "-" in word[1:-1] and word not in matchers.single:
            parts = word.split("-")
            codes = [matchers.single.get(p) for p in parts]
            if codes[0] is None:
                continue
            if parts[-1].lower() in participles:
                el = Element(tok.i, tok.i + 1, "block", note="origin")
            elif sum(c is not None for c in codes) >= 2:
                el = Element(tok.i, tok.i + 1, "state", codes[0], "GOV", kind="state",
                             ref=[c for c in codes if c], note="hyphenated states")
            else:
                el = Element(tok.i, tok.i + 1, "adj", codes[0], kind="state")
            hyphen_cands.append((1, 0, tok.i, el))
    cands += ship_cands + hyphen_cands
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    taken = [False] * len(doc)
    chosen: list[Element] = []
    for _, _, _, el in cands:
        if any(taken[el.start:el.end]):
            continue
        for i in range(el.start, el.end):
            taken[i] = True
        chosen.append(el)
    chosen.sort(key=lambda e: e.start)
    _mark_blocks(doc, chosen, kb, date, matchers.single)
    _add_unknown_persons(doc, chosen)
    return chosen


def _mark_blocks(doc, elements: list[Element], kb: KnowledgeBase, date: str | None,
                 place_names: dict[str, str] | None = None) -> None:
    """Turn origins, places and names-inside-names into blocks or organisations, in place."""
    lex = kb.lexicon
    participles = set(lex.get("origin_participles", []))
    stances = set(lex.get("stance_prefixes", []))
    facilities = set(lex.get("facility_nouns", []))
    org_types = lex.get("org_types", {})
    for el in elements:
        if el.type not in ("state", "adj", "capital"):
            continue
        nxt = doc[el.end] if el.end < len(doc) else None
        nxt2 = doc[el.end + 1] if el.end + 1 < len(doc) else None
        prev = doc[el.start - 1] if el.start > 0 else None
        prev2 = doc[el.start - 2] if el.start > 1 else None
        # "South China Sea", "Taiwan Strait", "Sea of Japan", "Persian Gulf": a body of water is a
        # place; no state is ever taken from its name
        water = _water_body(doc, el)
        if water is not None:
            el.type, (el.start, el.end), el.note = "block", water, "body of water"
            continue
        # "Russian-made", "US-built": an origin, not an actor
        if nxt is not None and nxt.text in HYPHENS and nxt2 is not None and nxt2.lower_ in participles:
            el.type, el.end, el.note = "block", el.end + 2, "origin"
            continue
        # "pro-Palestinian students", "anti-American protests": a stance, not the state's people
        if prev is not None and prev.text in HYPHENS and prev2 is not None and prev2.lower_ in stances:
            el.type, el.start, el.note = "block", el.start - 2, "stance"
            continue
        # "Seattle, Washington" / "Paris, France": the second name locates the first
        if (prev is not None and prev.text == "," and prev2 is not None and prev2.ent_type_ in ("GPE", "LOC")
                and prev2.pos_ == "PROPN" and not _is_element_token(elements, prev2.i)):
            el.type, el.note = "block", "place qualifier"
            continue
        # "Kabul airport", "Donetsk region": a facility or area named after the place is a place
        if el.type in ("state", "capital") and nxt is not None and nxt.lower_ in facilities and nxt.pos_ in ("NOUN", "PROPN"):
            el.type, el.end, el.note = "block", el.end + 1, "facility"
            continue
        # "Washington state", "Washington State"
        if el.type == "capital" and nxt is not None and nxt.lower_ == "state" and nxt.pos_ != "VERB":
            el.type, el.end, el.note = "block", el.end + 1, "US state"
            continue
        # "Jordan Peterson": a state name that begins a person's name
        if (el.type == "state" and nxt is not None and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PERSON"
                and doc[el.start].ent_type_ == "PERSON" and not _is_element_token(elements, nxt.i)):
            el.type, el.note = "drop", "part of a person's name"
            continue
        named = _named_after(doc, el, org_types, elements)
        if named is not None:
            start, end, sector, word = named
            el.start, el.end = start, end
            el.type, el.sector, el.kind, el.other = "named_org", sector, "organisation", ()
            el.note = f"organisation named after {kb.state_name(el.code) or el.code} ('{word}')"
    # merge-away elements swallowed by a widened named_org
    keep: list[Element] = []
    for el in sorted(elements, key=lambda e: (e.start, -(e.end - e.start))):
        if keep and el.start < keep[-1].end:
            continue
        keep.append(el)
    elements[:] = keep
    # person aliases of one token are trusted only near the person's dates
    for el in elements:
        if el.type == "person" and el.end - el.start == 1:
            near = [i for i in el.ref if kb.persons[i].near(date)]
            ent = doc[el.start].ent_type_
            # the small model often tags a bare surname as a place ("between Scholz and Biden"): trust
            # the place reading only when the word also names a state, demonym or capital
            place = ent in ("GPE", "LOC") and (place_names is None or doc[el.start].text in place_names)
            if not near or place or _inside_longer_name(doc, el, elements):
                el.type = "drop"  # someone else of that name: leave the tokens to the NER
            else:
                el.ref = near
        # "Nikola Tesla", "Henry Ford": an organisation's name inside a longer person's name
        elif (el.type == "org" and all(t.ent_type_ in PERSON_LABELS for t in doc[el.start:el.end])
              and _inside_longer_name(doc, el, elements)):
            el.type = "drop"
    elements[:] = [el for el in elements if el.type != "drop"]


# Capitalised words that make a name a body of water ("Sea", "Strait of", ...); "strait" in lower
# case too after a state name ("the Taiwan strait"), "sea" not ("Russian sea drones").
WATER_WORDS = frozenset({"Sea", "Seas", "Strait", "Straits", "Gulf", "Ocean", "Channel", "Bay"})
WATER_WORDS_LOWER = frozenset({"strait", "straits"})
COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central"})


def _water_body(doc, el: Element) -> tuple[int, int] | None:
    """The token span of the body of water whose name holds the element, or None."""
    nxt = doc[el.end] if el.end < len(doc) else None
    if nxt is not None and (nxt.text in WATER_WORDS or (el.type == "state" and nxt.text in WATER_WORDS_LOWER)):
        start = el.start
        while start > 0 and doc[start - 1].text in COMPASS_WORDS:  # "South China Sea", "East China Sea"
            start -= 1
        return start, el.end + 1
    if el.start >= 2 and doc[el.start - 1].lower_ == "of" and doc[el.start - 2].text in WATER_WORDS:
        return el.start - 2, el.end  # "Sea of Japan", "Gulf of Thailand", "Strait of Gibraltar"
    return None


def _is_element_token(elements: list[Element], i: int) -> bool:
    return any(e.start <= i < e.end and e.type != "block" for e in elements)


def _inside_longer_name(doc, el: Element, elements: list[Element]) -> bool:
    """"Bill Gates" is not Robert Gates: an uncovered capitalised name token next to the surname."""
    for i in (el.start - 1, el.end):
        if 0 <= i < len(doc):
            tok = doc[i]
            if (tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ == "PERSON"
                    and not any(e.start <= i < e.end for e in elements)):
                return True
    return False


def _named_after(doc, el: Element, org_types: dict[str, str], elements: list[Element]):
    """(start, end, sector, word) when a state name is part of an organisation's own name."""

    def is_type_word(tok) -> bool:
        return tok.text[:1].isupper() and tok.lower_ in org_types

    # "Bank of China", "University of Tokyo"
    if el.start >= 2 and doc[el.start - 1].lower_ == "of" and is_type_word(doc[el.start - 2]):
        start = el.start - 2
        while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN":
            start -= 1
        word = doc[el.start - 2]
        return start, _extend_name(doc, el.end, org_types), org_types[word.lower_], word.text
    # "China University of Political Science and Law", "Peking University"
    if el.end < len(doc) and is_type_word(doc[el.end]):
        word = doc[el.end]
        return el.start, _extend_name(doc, el.end + 1, org_types), org_types[word.lower_], word.text
    # inside an ORG entity that carries a type word: "the Chinese Academy of Social Sciences"
    tok = doc[el.start]
    if tok.ent_type_ in ORG_LABELS:
        ent = next((e for e in doc.ents if e.start <= el.start < e.end), None)
        if ent is not None:
            covered = {i for e in elements if e is not el and e.type != "block" for i in range(e.start, e.end)}
            words = [t for t in ent if is_type_word(t) and t.i not in covered]
            if words:
                start = ent.start + (1 if ent[0].lower_ == "the" else 0)
                return start, ent.end, org_types[words[-1].lower_], words[-1].text
    return None


def _extend_name(doc, end: int, org_types: dict[str, str] | None = None) -> int:
    """Extend a name through "of X and Y" tails of capitalised words (not into a second name)."""
    i = end
    while i < len(doc):
        tok = doc[i]
        if tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
            i += 1
        elif tok.lower_ in ("of", "and", "for") and i + 1 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 1].pos_ == "PROPN":
            if tok.lower_ == "and" and _starts_new_name(doc, i + 1, org_types or {}):
                break
            i += 1
        else:
            break
    return i


def _starts_new_name(doc, i: int, org_types: dict[str, str]) -> bool:
    """After "and": does a second organisation name start here ("... and Peking University")?"""
    j = i
    while j < len(doc) and doc[j].text[:1].isupper():
        if doc[j].lower_ in org_types or doc[j].ent_type_ in ("GPE", "NORP"):
            return True
        j += 1
    return False


def _add_unknown_persons(doc, elements: list[Element]) -> None:
    """PERSON entities not covered by KB names become ``pname`` elements (the uncovered tail)."""
    covered = [False] * len(doc)
    for el in elements:
        for i in range(el.start, el.end):
            covered[i] = True
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS:
            continue
        toks = [t.i for t in ent if not covered[t.i] and t.pos_ in ("PROPN", "NOUN", "X") and t.text[:1].isupper()]
        if not toks:
            continue
        # keep the last contiguous run (titles come first: "Spokesman Ren Guoqiang")
        end = toks[-1] + 1
        start = end - 1
        while start - 1 >= ent.start and (start - 1) in toks:
            start -= 1
        # a run that continues a hyphenated name ("Chiu Kuo-cheng") is kept whole
        elements.append(Element(start, end, "pname", kind="person"))
        for i in range(start, end):
            covered[i] = True
    elements.sort(key=lambda e: e.start)


# ------------------------------------------------------------------------------------------------
# regions


def build_regions(doc, elements: list[Element]) -> list[Region]:
    if any(a.start > b.start for a, b in zip(elements, elements[1:])):
        elements = sorted(elements, key=lambda e: e.start)  # find_elements gives them sorted already
    live = [e for e in elements if e.type != "block"]
    spans: list[list[int]] = [[c.start, c.end, c.end] for c in doc.noun_chunks]
    # an element outside every chunk is a region of its own. Elements come sorted by start, so one
    # pass with the running furthest end of the spans starting at or before the element decides
    # "inside some span" (the spans added here start at an earlier element, so they count too)
    chunks = sorted(spans)
    k, reach = 0, -1
    for el in live:
        while k < len(chunks) and chunks[k][0] <= el.start:
            reach = max(reach, chunks[k][1])
            k += 1
        if reach < el.end:
            spans.append([el.start, el.end, el.end])
            reach = max(reach, el.end)
    spans.sort()
    # join spans that one element crosses (KB names spanning "of"): union in token order
    merged: list[list[int]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
            merged[-1][2] = merged[-1][1]
        else:
            merged.append(span)
    changed = True
    while changed:
        changed = False
        for el in live:
            inside = [m for m in merged if m[0] < el.end and el.start < m[1]]
            if len(inside) > 1 or (inside and (el.start < inside[0][0] or el.end > inside[0][1])):
                lo = min([el.start] + [m[0] for m in inside])
                hi = max([el.end] + [m[1] for m in inside])
                merged = [m for m in merged if m not in inside] + [[lo, hi, hi]]
                merged.sort()
                changed = True
                break
    regions = []
    starts = [el.start for el in elements]  # sorted by start (find_elements sorts them)
    for s, e, main in merged:
        els = []
        for j in range(bisect_left(starts, s), len(elements)):
            el = elements[j]
            if el.start >= e:
                break
            if el.end <= e:
                els.append(el)
        regions.append(Region(s, e, main, els))
    regions = _join_modifiers(doc, regions)
    regions = [part for reg in regions for part in _split_coordinated(doc, reg)]
    # "spokesman for the Chinese Foreign Ministry": join role + of/for + institution
    out: list[Region] = []
    i = 0
    while i < len(regions):
        reg = regions[i]
        if i + 1 < len(regions):
            nxt = regions[i + 1]
            if (nxt.start == reg.end + 1 and doc[reg.end].lower_ in ROLE_PREPS and _ends_with_role(doc, reg)
                    and any(el.type in ("org", "state", "adj", "capital", "named_org") or (el.type == "role" and el.ref.type == "institution")
                            for el in nxt.elements if el.type != "block")
                    and not any(el.type in ("person", "pname") for el in nxt.elements)):
                out.append(Region(reg.start, nxt.end, reg.end, reg.elements + nxt.elements))
                i += 2
                continue
        out.append(reg)
        i += 1
    # "Department of Defense spokesman Lt. Col." + "Martin Meiners": touching chunks that the
    # parser split inside one title-and-name phrase
    joined: list[Region] = []
    for reg in out:
        if joined:
            prev = joined[-1]
            live_prev = [el for el in prev.elements if el.type != "block"]
            if (reg.start == prev.end and prev.main_end == prev.end and live_prev
                    and live_prev[-1].type in ("role", "org", "named_org") and live_prev[-1].end == prev.end
                    and any(el.type in ("person", "pname") for el in reg.elements)
                    and "\n" not in doc[prev.end - 1].text_with_ws and not doc[reg.start].is_sent_start):
                joined[-1] = Region(prev.start, reg.end, reg.end, prev.elements + reg.elements)
                continue
        joined.append(reg)
    return [r for r in joined if any(el.type != "block" for el in r.elements)]


def _is_head_like(el: Element) -> bool:
    return el.type in ("person", "pname", "org", "named_org") or (
        el.type == "role" and el.ref.type in ("office", "group", "institution"))


def _split_coordinated(doc, reg: Region) -> list[Region]:
    """"Prime Minister Fumio Kishida and President Joe Biden": one chunk, two actors. Split at
    "and"/"or" when a head-like element ends before it and another starts after it."""
    for tok in doc[reg.start:reg.end]:
        if tok.lower_ not in ("and", "or") or tok.i in (reg.start, reg.end - 1):
            continue
        before = [el for el in reg.elements if el.end <= tok.i]
        after = [el for el in reg.elements if el.start > tok.i]
        if before and after and _is_head_like(before[-1]) and before[-1].end == tok.i and any(_is_head_like(el) for el in after):
            left = Region(reg.start, tok.i, min(reg.main_end, tok.i), before)
            right = Region(tok.i + 1, reg.end, max(reg.main_end, tok.i + 1), after)
            return [left, *_split_coordinated(doc, right)]
    return [reg]


def _join_modifiers(doc, regions: list[Region]) -> list[Region]:
    """Join a region whose head modifies a later region ("Department of Defense" + "spokesman" +
    "Lt. Col. Martin Meiners" when the parser made no chunk of the whole), if only regions and
    punctuation lie between them."""
    out: list[Region] = []
    i = 0
    while i < len(regions):
        reg = regions[i]
        root = region_root(doc, reg)
        target = None
        if root.dep_ in ("compound", "nmod", "amod") and root.head.i >= reg.end:
            for j in range(i + 1, len(regions)):
                nxt = regions[j]
                gap_ok = all(t.is_punct and t.text not in (",", ";", ":") for t in doc[regions[j - 1].end:nxt.start])
                if not gap_ok:
                    break
                if nxt.start <= root.head.i < nxt.end:
                    target = j
                    break
        if target is None:
            out.append(reg)
            i += 1
            continue
        group = regions[i:target + 1]
        els = [el for g in group for el in g.elements]
        out.append(Region(reg.start, group[-1].end, group[-1].main_end, els))
        i = target + 1
    return out


def _ends_with_role(doc, reg: Region) -> bool:
    live = [el for el in reg.elements if el.type != "block"]
    if not live:
        return False
    last = live[-1]
    return last.type == "role" and last.end == reg.end and last.ref.type in ("office", "generic", "rank", "group")


def region_root(doc, reg: Region):
    """The syntactic head of the region's main part: the token whose head lies outside it."""
    # scan from the end: the last such token is the answer, and a chunk's head is usually its last word
    for i in range(reg.main_end - 1, reg.start - 1, -1):
        t = doc[i]
        h = t.head.i
        if h < reg.start or h >= reg.main_end or h == i:
            return t
    return doc[reg.main_end - 1]


# ------------------------------------------------------------------------------------------------
# interpretation

COUNTRY_TYPES = ("state", "adj", "capital")
HEAD_TYPES = ("role", "org", "person", "pname", "named_org")


def _is_place(doc, reg: Region, kb: KnowledgeBase) -> bool:
    """A bare state or capital after "in"/"at", or the object of "visit": a place, not an actor."""
    root = region_root(doc, reg)
    lex = kb.lexicon
    if root.dep_ == "pobj" and root.head.lower_ in lex.get("locative_preps", ()):
        return True
    if root.dep_ == "dobj" and root.head.lemma_ in lex.get("place_verbs", ()):
        return True
    # conjoined with a place: "in Beijing and Moscow"
    if root.dep_ == "conj":
        first = root.head
        while first.dep_ == "conj":
            first = first.head
        if first.dep_ == "pobj" and first.head.lower_ in lex.get("locative_preps", ()):
            return True
    return False


def _coordinated(doc, a: Element, b: Element) -> bool:
    between = doc[a.end:b.start]
    return all(t.lower_ in COORD_TOKENS for t in between)


def _span_start(doc, start: int, end: int) -> tuple[int, bool]:
    """Drop leading determiners and possessive pronouns; report a possessive "its"/"their"."""
    possessive = False
    for i in range(start, end - 1):
        # a chunk that runs across a line break or a dash starts after it ("relations\nBEIJING - ...")
        tok = doc[i]
        if tok.tag_ == "POS":
            continue
        junk = len(tok.text) == 1 and not (tok.text.isascii() and tok.text.isalnum()) and tok.text not in "(."
        if junk and _glued_hyphen(doc, tok):
            continue  # "Kassym-Jomart", "al-Assad": a hyphen inside a word, not a separator
        if tok.is_space or "\n" in tok.text_with_ws or tok.text in ("–", "—", "\"", "“", "”", "‘", "’", "'") or junk:
            start = i + 1
    while start < end - 1 and doc[start].lower_ in LEADING_DROP:
        if doc[start].lower_ in POSSESSIVE_PRONOUNS:
            possessive = True
        start += 1
    return start, possessive


def _glued_hyphen(doc, tok) -> bool:
    """A hyphen with no space on either side joins two parts of one word ("Abd-Rabbu")."""
    return (tok.text == "-" and not tok.whitespace_ and 0 < tok.i < len(doc) - 1
            and not doc[tok.i - 1].whitespace_ and doc[tok.i - 1].is_alpha and doc[tok.i + 1].is_alpha)


def interpret(doc, reg: Region, kb: KnowledgeBase, date: str | None) -> list[Draft]:
    els = [el for el in reg.elements if el.type != "block"]
    if not els:
        return []
    root = region_root(doc, reg)
    main = [el for el in els if el.start < reg.main_end]
    persons = [el for el in main if el.type in ("person", "pname")]
    head: Element | None = None
    later_heads = [el for el in main if el.type in HEAD_TYPES and persons and el.start >= persons[-1].end]
    if persons and not later_heads:
        head = persons[-1]
    else:
        # "Putin's defence minister", "the Biden administration": the person only modifies the head
        for el in main:
            if el.type in HEAD_TYPES and el.start <= root.i < el.end:
                head = el
        if head is None:
            # metonyms standing for an institution ("the Pentagon") head their own region
            for el in main:
                if el.type == "capital" and el.kind == "organisation" and el.start <= root.i < el.end:
                    head = el
    if head is None and persons:
        head = later_heads[-1] if later_heads else None
    countries = [el for el in els if el.type in COUNTRY_TYPES and el is not head]
    countries += [_person_as_country(el, kb, date) for el in persons if el is not head and el.type == "person"]
    countries.sort(key=lambda e: e.start)
    if head is not None and len(els) == 1 and (head.type == "capital" or getattr(head.ref, "metonym", False)) and _is_place(doc, reg, kb):
        return []  # "at the White House", "met in Brussels": a place
    # "former ...", "ex-...", "then-Defense Secretary ..." (the prefix may sit just outside the chunk)
    lead = reg.start
    if reg.start >= 1 and doc[reg.start].text == "-":
        lead = reg.start - 1
    elif reg.start >= 2 and doc[reg.start - 1].text == "-":
        lead = reg.start - 2
    former_words = kb.lexicon.get("former_words", ())
    former = any(t.lower_ in former_words for t in doc[lead:reg.main_end])
    # "said ousted President X": the parser often reads the participle as a verb outside the chunk
    prefix = doc[reg.start - 1] if reg.start >= 1 else None
    outside_former = (prefix is not None and prefix.lower_ in former_words and prefix.tag_ in ("VBN", "VBD", "JJ")
                      and prefix.whitespace_ != "" and not any(c.dep_.startswith("nsubj") for c in prefix.children)
                      and any(el.type in ("person", "role") for el in els))
    former = former or outside_former

    if head is None:
        return _country_only(doc, reg, els, countries, root, kb)
    origin = any(el.type == "block" and el.note == "origin" for el in reg.elements)
    if origin and not countries and head.type == "role":
        return []  # "Russian-made aircraft": the origin is not the operator

    # coordinated countries before the head: "Russian and Belarusian soldiers"
    before = [c for c in countries if c.end <= head.start]
    groups: list[list[Element]] = []
    for c in before:
        if groups and _coordinated(doc, groups[-1][-1], c):
            groups[-1].append(c)
        else:
            groups.append([c])
    coord = next((g for g in groups if len(g) > 1 and len({c.code for c in g}) > 1), None)
    drafts: list[Draft] = []
    if coord is not None and head.type in ("role",):
        for k, c in enumerate(coord):
            # the last conjunct carries the shared head noun: "Russian" + "Belarusian soldiers"
            end = c.end if k < len(coord) - 1 else reg.main_end
            d = _resolve_head(doc, reg, els, head, [c], kb, date, former, c.start, end)
            d.rule = f"coordinated {kb.state_name(c.code) or c.code}; " + d.rule
            drafts.append(d)
        return drafts
    start, possessive = _span_start(doc, reg.start, reg.end)
    if outside_former and start == reg.start:
        start = reg.start - 1  # the span keeps the word that makes the person former
    end = reg.end
    if reg.main_end == reg.end and root.i >= head.end and head.start >= start:
        end = head.end  # "the Biden administration's efforts": the actor ends at its head
    d = _resolve_head(doc, reg, els, head, countries, kb, date, former, start, end)
    d.possessive = possessive
    d.root = root.i
    return [d]


def _person_as_country(el: Element, kb: KnowledgeBase, date: str | None) -> Element:
    """A known person who modifies the head gives it a country ("the Biden administration")."""
    person = _pick_person([kb.persons[i] for i in el.ref], date)
    term, _ = person.term_on(date)
    code = term.country if term else person.country
    return Element(el.start, el.end, "adj", code, kind="state", note=f"person {person.name}")


def _country_only(doc, reg: Region, els: list[Element], countries: list[Element], root, kb: KnowledgeBase) -> list[Draft]:
    """A region without an actor noun: names of states stand for the state; adjectives only when
    used as nouns ("the Chinese") or hyphen-coordinated ("Russian-Chinese")."""
    out = []
    for el in els:
        # an organisation modifying a non-actor noun: "the G20 summit", "a NATO exercise"
        if el.type in ("org", "named_org") and el.code:
            org = el.ref if el.type == "org" else None
            name = getattr(org, "name", None) or doc[el.start:el.end].text
            d = Draft(el.start, el.end, el.kind or "organisation", el.code, el.sector, list(el.other), name,
                      getattr(org, "qid", None), None, f"organisation '{doc[el.start:el.end].text}' -> {el.code} {el.sector}")
            out.append(d)
    only_country = all(el.type in COUNTRY_TYPES for el in els)
    if only_country and len(countries) == 1 and _is_place(doc, reg, kb):
        return out
    for c in countries:
        hyphen_pair = any(
            (o is not c and (_coordinated(doc, o, c) or _coordinated(doc, c, o))
             and any(t.text in HYPHENS for t in doc[min(c.end, o.end):max(c.start, o.start)]))
            for o in countries
        )
        nominal = c.start <= root.i < c.end
        if c.type == "adj" and not (nominal or hyphen_pair):
            continue
        if c.type in ("state", "capital") and len(countries) == 1 and only_country and _is_place(doc, reg, kb):
            continue
        # "the Hanoi summit", "the Minsk agreements": a city naming a meeting or a thing is a place
        last = doc[c.end - 1]
        if (c.type == "capital" and c.kind == "state" and not nominal and last.dep_ == "compound"
                and last.head.i == root.i and root.pos_ == "NOUN"):
            continue
        name = kb.state_name(c.code)
        if c.type == "capital" and c.kind == "organisation":
            kind = "organisation"
            rule = f"metonym '{doc[c.start:c.end].text}' -> {c.code} {c.sector}"
        elif c.type == "capital":
            kind, rule = "state", f"capital '{doc[c.start:c.end].text}' stands for the {name} government"
        elif c.type == "adj":
            kind, rule = "group", f"demonym '{doc[c.start:c.end].text}' used as a noun"
        else:
            kind, rule = "state", f"state name -> {c.code}; a state acting is coded GOV"
        sector = c.sector or "GOV"
        start = c.start
        if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].i >= reg.start:
            start -= 1
        codes = c.ref if isinstance(c.ref, list) and c.type == "state" else [c.code]
        for code in codes:  # "U.S.-China": one token, two states
            d = Draft(start, c.end, kind, code, sector, [], kb.state_name(code), None, None,
                      rule if len(codes) == 1 else f"hyphenated state names -> {code}")
            d.from_capital = c.type == "capital"
            out.append(d)
    return out


def _resolve_head(doc, reg: Region, els: list[Element], head: Element, countries: list[Element], kb: KnowledgeBase,
                  date: str | None, former: bool, start: int, end: int) -> Draft:
    start, _ = _span_start(doc, start, end)
    roles = [el for el in els if el.type == "role" and el.start < reg.main_end]
    insts = [el for el in els if el.type in ("org", "named_org") or (el.type == "role" and el.ref.type == "institution")
             or (el.type == "capital" and el.kind == "organisation")]
    explicit = countries[0] if countries else None
    head_tok = doc[head.end - 1]
    plural = head_tok.tag_ in ("NNS", "NNPS")
    d = Draft(start, end, "person")
    rules: list[str] = []

    # --- the person, if the KB knows them ----------------------------------------------------------
    if head.type == "person":
        candidates = [kb.persons[i] for i in head.ref]
        person = _pick_person(candidates, date)
        term, status = person.term_on(date)
        d.kind, d.name, d.qid = "person", person.name, person.qid
        d.office_key = term.office if term else None
        d.code = term.country if term else person.country
        sector, other = kb.office_sectors(term.office if term else None)
        titles = [el for el in els if el.type == "role" and el.ref.type in ("office", "rank") and el.end <= head.start]
        if status == "former" and not former and titles:
            # the text gives a current title the KB does not know of: trust the text, not ELI
            t = titles[-1]
            d.office = doc[t.start:t.end].text.lower()
            d.sector, d.other = t.sector, list(t.other)
            rules.append(f"{person.name}: no current term in the KB, title '{doc[t.start:t.end].text}' -> {t.sector}")
            return _finish(d, rules, head)
        # a specific title in the text (an office the KB knows, or a rank) beats the KB office
        # ("army chief al-Burhan" heads the state too; "Colonel Doumbouya" on the coup day)
        # only the title next to the name: "General Secretary Xi" is no general
        t = titles[-1] if titles else None
        if t is not None and not ((t.ref.type == "rank" or t.ref.office) and not _after_glued_hyphen(doc, t)):
            t = None
        if not former and status in ("current", "future", "undated") and t is not None and (
                status == "future" or (t.sector != sector and t.ref.office != (term.office if term else None))):
            d.office = doc[t.start:t.end].text.lower()
            d.sector = t.sector
            d.other = [s for s in [*t.other, *([] if status == "future" else [sector, *other])] if s and s != t.sector]
            why = "not yet in office" if status == "future" else f"also {kb.office_title(term.office) if term else '?'}"
            rules.append(f"{person.name}: title '{doc[t.start:t.end].text}' in the text -> {t.sector} ({why})")
            return _finish(d, rules, head)
        if status == "future" and not former:
            # office-holder dates are respected: no office before the term starts
            titled = [t for t in titles if not _after_glued_hyphen(doc, t)]
            if titled:
                t = titled[-1]
                d.office, d.sector, d.other = doc[t.start:t.end].text.lower(), t.sector, list(t.other)
            d.office_key = None
            rules.append(f"{person.name}: not yet {kb.office_title(term.office) if term else 'in office'} on {date}")
            return _finish(d, rules, head)
        if status == "former" or former:
            d.office = f"former {kb.office_title(term.office)}" if term else "former official"
            d.sector, d.other = "ELI", [s for s in [sector, *other] if s and s != "ELI"]
            rules.append(f"{person.name} left office as {kb.office_title(term.office) if term else '?'} before {date}: ELI")
        else:
            d.office = kb.office_title(term.office) if term else None
            d.sector, d.other = sector, other
            when = "" if status == "current" else f" ({status})"
            rules.append(f"office-holder {person.name}: {d.office} of {d.code} on {date or 'undated'}{when}")
        return _finish(d, rules, head)

    # --- everything else: country from modifiers / institution, sector from role + institution ------
    inst = insts[-1] if insts else None  # the last institution named in the region
    role = None
    for el in roles:
        # "the official Xinhua news agency": a title word used as an adjective is no title
        adjective = el is not head and el.end - el.start == 1 and doc[el.start].pos_ == "ADJ"
        if el.ref.type != "institution" and el.start <= head.end and not adjective:
            role = el
    if head.type == "role" and head.ref.type != "institution":
        role = head
    if head.type == "role" and head.ref.type == "institution":
        inst = head if inst is None or inst.end <= head.end else inst
    # "the Xinhua news agency", "the UK Maritime Trade Operations agency": a known organisation
    # named right before the institution noun is that institution
    named_by = _naming_org(els, head) if head.type == "role" and head.ref.type == "institution" else None
    if named_by is not None:
        inst = named_by

    code = None
    # "Israel's UN ambassador", "the US envoy to the UN": a state's diplomat at an international
    # body is the state's (but "the UN envoy for Syria" is the UN's: the state comes after)
    envoy_of_state = (role is not None and explicit is not None and inst is not None
                      and doc[role.end - 1].lower_ in DIPLOMAT_WORDS and explicit.end <= inst.start)
    if inst is not None and inst.code in NON_STATE_CODES and not envoy_of_state:
        code = inst.code
        rules.append(f"'{doc[inst.start:inst.end].text}' -> {code}")
    elif explicit is not None:
        code = explicit.code
        rules.append(f"'{doc[explicit.start:explicit.end].text}' -> {code}")
    elif inst is not None and inst.code:
        code = inst.code
        rules.append(f"'{doc[inst.start:inst.end].text}' belongs to {code}")
    elif role is not None and role.code:
        code = role.code
        rules.append(f"'{doc[role.start:role.end].text}' is a {code} title")
    d.code = code

    inst_sector = inst.sector if inst is not None else None
    inst_other = list(inst.other) if inst is not None else []
    if inst is not None and inst.type == "org" and hasattr(inst.ref, "sector_on"):
        inst_sector = inst.ref.sector_on(date)
    if role is not None and inst is not None and inst is not role:
        r = role.ref
        armed = r.type == "group" and r.sector == "MIL" and inst_sector in ("REB", "COP", "SPY")
        if _led_by(role, inst, inst_sector):
            # "Hamas commander", "FARC leader", "party spokesman": the organisation's sector
            d.sector, d.other = inst_sector, inst_other
            rules.append(f"'{doc[role.start:role.end].text}' of '{doc[inst.start:inst.end].text}' takes its sector {inst_sector}")
        elif r.inherit or r.type == "generic" or armed or r.type == "rank" and inst_sector is not None:
            d.sector = inst_sector
            d.other = inst_other + ([r.sector] if r.sector and r.sector != inst_sector and r.type != "rank" and r.sector not in inst_other else [])
            rules.append(f"'{doc[role.start:role.end].text}' of '{doc[inst.start:inst.end].text}' takes its sector {inst_sector}")
        else:
            d.sector = r.sector
            d.other = [s for s in [*r.other_sectors, inst_sector, *inst_other] if s and s != r.sector]
            rules.append(f"title '{doc[role.start:role.end].text}' -> {r.sector}")
    elif role is not None:
        d.sector, d.other = role.sector, list(role.ref.other_sectors)
        rules.append(f"title '{doc[role.start:role.end].text}' -> {role.sector}")
    elif inst is not None:
        d.sector, d.other = inst_sector, inst_other
        if inst.note:
            rules.append(inst.note)
    # dedupe secondary sectors
    d.other = [s for i, s in enumerate(d.other) if s and s != d.sector and s not in d.other[:i]]

    # --- kind --------------------------------------------------------------------------------------
    if head.type == "pname":
        d.kind = "person"
        d.name = doc[head.start:head.end].text
    elif head.type == "role" and head.ref.type != "institution":
        d.kind = "group" if (head.ref.kind == "group" or plural) else "person"
    else:
        d.kind = head.kind or "organisation"
        if head.type == "org":
            d.name = head.ref.name if hasattr(head.ref, "name") else doc[head.start:head.end].text
            d.qid = getattr(head.ref, "qid", None)
        elif head.type == "named_org":
            d.name = doc[head.start:head.end].text
        elif named_by is not None and named_by.type == "org":
            d.kind = "organisation"
            d.name, d.qid = named_by.ref.name, named_by.ref.qid

    if role is not None:
        d.role_office = role.ref.office
        d.head_word = doc[role.start:role.end].text.lower()
        d.office = kb.office_title(role.ref.office) if role.ref.office and role.ref.office != "spokesperson" else (
            "spokesperson" if role.ref.office == "spokesperson" else None)
    elif head.type == "role":
        d.head_word = doc[head.start:head.end].text.lower()
    if former and d.kind == "person":
        d.other = [s for s in [d.sector, *d.other] if s and s != "ELI"]
        d.sector = "ELI"
        rules.append("'former': ELI")

    # --- a title with a known office and a country, no name: who held it then -----------------------
    if head.type == "role" and d.kind == "person" and role is not None and role.ref.office in kb.offices and d.code and not former:
        found = kb.holder(d.code, role.ref.office, date)
        if found is not None:
            person, term = found
            d.name, d.qid = person.name, person.qid
            d.office_key = term.office
            rules.append(f"{kb.office_title(term.office)} of {d.code} on {date}: {person.name}")
    if d.code is None:
        if d.kind == "person" and head.type == "role" or d.possessive or head.type == "role":
            d.needs = "antecedent"
        else:
            d.needs = "country" if head.type == "pname" else None
    if head.type == "capital":
        d.from_capital = True
    return _finish(d, rules, head)


DIPLOMAT_WORDS = frozenset({"ambassador", "ambassadors", "envoy", "envoys", "diplomat", "diplomats", "delegate",
                            "delegates", "representative", "representatives", "delegation"})
# Office titles that carry no office of state of their own: they take a non-state organisation's sector.
LED_OFFICES = frozenset({None, "spokesperson"})
INTERGOVERNMENTAL = frozenset({"IGO", "UNO", "EUR"})


def _led_by(role: Element, inst: Element | None, inst_sector: str | None) -> bool:
    """"Hamas commander", "FARC leader": a title without an office of state, held in an organisation
    whose own sector is not GOV, is that organisation's. Not in an intergovernmental one: "NATO leaders"
    are the member states' leaders."""
    return (role.ref.type == "office" and role.ref.office in LED_OFFICES and inst is not None
            and inst.type in ("org", "named_org") and inst_sector is not None and inst_sector != "GOV"
            and inst.code not in INTERGOVERNMENTAL)


def _after_glued_hyphen(doc, el: Element) -> bool:
    """"Secretary-General": the second half of a hyphenated title is no title of its own."""
    return el.start >= 2 and _glued_hyphen(doc, doc[el.start - 1])


def _naming_org(els: list[Element], head: Element) -> Element | None:
    """The organisation element that ends right before an institution noun ("Xinhua" + "news agency")."""
    for el in els:
        if el.type in ("org", "named_org") and el.code and el.end == head.start:
            return el
    return None


def _finish(d: Draft, rules: list[str], head: Element) -> Draft:
    d.rule = "; ".join(rules) if rules else f"{head.type} element"
    return d


def _pick_person(candidates, date):
    if len(candidates) == 1 or not date:
        return candidates[0]
    for p in candidates:
        term, status = p.term_on(date)
        if status == "current":
            return p
    return candidates[0]
