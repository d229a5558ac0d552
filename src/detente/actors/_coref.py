"""In-document coreference for actor mentions.

Rules, each small and readable in a mention's ``rule``:

* appositions share what they know: "Zhao Lijian, a spokesperson for the Chinese Foreign Ministry";
* a definite title without a country ("the spokesman", "the ministry", "the minister") takes the
  most recent mention with the same title or office;
* a bare surname or given name ("Ren") takes the earlier full name it is part of;
* "he"/"she" as subject of a reporting verb takes the most recent person;
* "its forces", "its ambassador" take the country of the most recent state or organisation;
* an unresolved office title ("the president") takes the country from the context, then the
  office-holder on the article's date;
* a capital or metonym ("Beijing") links to the actor of the same country already introduced.
"""

from __future__ import annotations

from ._kb import NON_STATE_CODES, KnowledgeBase
from ._resolve import Draft

# How far back (in sentences) a pronoun or bare title may look for its antecedent.
MAX_SENTENCES_BACK = 4
PRONOUNS = frozenset({"he", "she"})


def _copy(target: Draft, source: Draft, why: str) -> None:
    target.code = source.code
    target.sector = source.sector
    target.other = list(source.other)
    target.name = source.name
    target.qid = source.qid
    target.office = source.office or target.office
    target.office_key = source.office_key or target.office_key
    target.antecedent = (source.start, source.end)
    target.needs = None
    what = source.name or f"{source.code} {source.sector}"
    target.rule = f"{why}: refers to {what}"


def _title_key(d: Draft) -> set[str]:
    keys = set()
    if d.role_office:
        keys.add(d.role_office)
    if d.office_key:
        keys.add(d.office_key)
    if d.head_word:
        keys.add(d.head_word.split()[-1].rstrip("s"))
    if d.office:
        keys.update(w.rstrip("s") for w in d.office.lower().split())
    return keys


def resolve_coreference(doc, drafts: list[Draft], kb: KnowledgeBase, date: str | None, sent_of,
                        state_tokens: dict[int, tuple[str, ...]] | None = None) -> list[Draft]:
    drafts.sort(key=lambda d: d.start)
    _appositions(doc, drafts)
    state_tokens = state_tokens or {}
    sentence_codes = _sentence_codes(drafts, state_tokens, sent_of)
    # a person met by an office-holder is as often from elsewhere: a state must be named otherwise,
    # and no office-holder of another state may be in the sentence
    sentence_codes_for_persons = _sentence_codes(drafts, state_tokens, sent_of, persons=False)
    not_local = frozenset(kb.lexicon.get("not_local_words", ()))
    no_state = frozenset(kb.lexicon.get("no_sentence_state", ()))
    out: list[Draft] = []
    name_parts: dict[str, Draft] = {}
    covered = set()
    for d in drafts:
        covered.update(range(d.start, d.end))
    pronoun_drafts = _pronouns(doc, covered, set(kb.lexicon.get("reporting_verbs", ())))
    partial = _partial_names(doc, covered)
    events = sorted(drafts + pronoun_drafts + partial, key=lambda d: d.start)
    for d in events:
        prior = [p for p in out if p.code is not None]
        if d.needs == "pronoun":
            ant = _last_person(prior, doc, d, sent_of)
            if ant is None:
                continue
            _copy(d, ant, f"'{doc[d.start:d.end].text}' subject of a reporting verb")
            d.kind = "person"
        elif d.needs == "name-part":
            ant = name_parts.get(doc[d.start:d.end].text)
            if ant is None:
                continue
            _copy(d, ant, f"'{doc[d.start:d.end].text}' is part of an earlier name")
            d.kind = "person"
        elif d.needs == "antecedent":
            if not _conjunct(doc, d, prior):
                _definite(doc, d, prior, drafts, kb, date, sent_of)
            if d.code is None and not d.possessive:
                _sentence_state(doc, d, sentence_codes.get(sent_of(d.start), set()), state_tokens, not_local, no_state)
        elif (d.code is not None and d.kind == "person" and d.name is None and d.head_word
              and doc[d.start - 1].lower_ == "the" if d.start > 0 else False):
            _same_title(doc, d, prior, sent_of)
        if d.head_word and d.head_word.split()[-1].startswith("counterpart"):
            _counterpart(doc, d, prior)
        elif d.needs == "country" and d.code is None:
            ant = name_parts.get(doc[d.start:d.end].text.split()[-1])
            if ant is not None and d.end - d.start == 1:
                _copy(d, ant, "name part of an earlier person")
            elif d.code is None and d.sector is not None:
                # a titled person the KB does not know ("opposition candidate X"): the sentence's state
                here = sent_of(d.start)
                named = sentence_codes_for_persons.get(here, set())
                if named == sentence_codes.get(here, set()):  # no office-holder of another state either
                    _sentence_state(doc, d, named, state_tokens, not_local, no_state, kinds=("person",))
        if d.from_capital and d.code is not None and d.antecedent is None:
            same = [p for p in prior if p.code == d.code and p.kind in ("state", "organisation") and p.sector == d.sector]
            if same:
                d.antecedent = (same[-1].start, same[-1].end)
                d.rule += f"; same actor as '{doc[same[-1].start:same[-1].end].text}'"
        if d.code is None and d.kind != "person":
            continue
        if d.code is None and d.needs in ("antecedent", "pronoun", "name-part"):
            continue
        if d.kind == "person" and d.name and d.code is not None and d.needs is None:
            parts = d.name.split()
            if len(parts) >= 2:
                for part in (parts[0], parts[-1]):
                    name_parts[part] = d
        out.append(d)
    return out


def _sentence_codes(drafts: list[Draft], state_tokens: dict[int, tuple[str, ...]], sent_of,
                    persons: bool = True) -> dict[int, set[str]]:
    """Sentence index -> the states it names: state names, demonyms and capitals (places too), and
    the states of the actors already resolved (national organisations; office-holders if ``persons``)."""
    out: dict[int, set[str]] = {}
    for i, codes in state_tokens.items():
        out.setdefault(sent_of(i), set()).update(codes)
    for d in drafts:
        if d.code is not None and d.code not in NON_STATE_CODES and (persons or d.kind != "person"):
            out.setdefault(sent_of(d.start), set()).add(d.code)
    return out


def _sentence_state(doc, d: Draft, codes: set[str], state_tokens: dict[int, tuple[str, ...]],
                    not_local: frozenset[str], no_state: frozenset[str],
                    kinds: tuple[str, ...] = ("group", "organisation")) -> None:
    """A bare role noun ("protesters", "police", "parliament") takes the state of "in X" that
    attaches to it, else the state when its sentence names exactly one."""
    if d.root < 0 or d.kind not in kinds:
        return
    if any(t.lower_ in not_local for t in doc[d.start:d.end]):
        return  # "foreign mercenaries": explicitly not the sentence's state
    if doc[d.root].lower_ in no_state:
        return  # weapons shot down and reporters briefed are as often another state's
    root = doc[d.root]
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            found = state_tokens.get(obj.i) if obj is not None else None
            if found and len(found) == 1:
                d.code, d.needs = found[0], None
                d.rule = f"'{root.text} in {obj.text}' -> {found[0]}; " + d.rule
                return
    if len(codes) == 1:
        (code,) = codes
        d.code, d.needs = code, None
        d.rule = f"the sentence names one state only ({code}); " + d.rule


LEADER_OFFICES = frozenset({"head_of_state", "head_of_government", "supreme_leader", "party_leader"})


def _same_title(doc, d: Draft, prior: list[Draft], sent_of) -> None:
    """"Kim Jong Un ... The North Korean leader": a definite title of the same country and office."""
    here = sent_of(d.start)
    keys = _title_key(d)
    word = d.head_word.split()[-1]
    for p in reversed(prior):
        if p.kind != "person" or p.code != d.code or not p.name or here - sent_of(p.start) > MAX_SENTENCES_BACK:
            continue
        leader = word == "leader" and (p.office_key in LEADER_OFFICES)
        if leader or (keys & _title_key(p)):
            _copy(d, p, f"'{doc[d.start:d.end].text}' names the same office-holder")
            return


def _conjunct(doc, d: Draft, prior: list[Draft]) -> bool:
    """"Venezuelan soldiers and police": a conjunct without a country takes its partner's."""
    if d.root < 0 or doc[d.root].dep_ != "conj":
        return False
    partner = doc[d.root].head.i
    for p in reversed(prior):
        if p.start <= partner < p.end and p.code:
            d.code, d.needs, d.antecedent = p.code, None, None
            d.rule = f"conjoined with '{doc[p.start:p.end].text}' ({p.code}); " + d.rule
            return True
    return False


def _counterpart(doc, d: Draft, prior: list[Draft]) -> None:
    """"his Chinese counterpart": the same kind of post as the person just named."""
    for p in reversed(prior):
        if p.kind == "person" and p.start < d.start and p.sector and p is not d:
            d.sector, d.other = p.sector, [s for s in p.other if s != p.sector]
            d.rule += f"; counterpart of '{doc[p.start:p.end].text}' takes its sector {p.sector}"
            return


def _appositions(doc, drafts: list[Draft]) -> None:
    """Share country and sector across "NAME, TITLE" and "TITLE, NAME" appositions."""
    for a, b in zip(drafts, drafts[1:]):
        if b.start - a.end > 2 or b.start <= a.end:
            continue
        between = doc[a.end:b.start]
        if not between or between[0].text != ",":
            continue
        a_toks = range(a.start, a.end)
        b_toks = range(b.start, b.end)
        linked = any(t.dep_ == "appos" and t.head.i in a_toks for t in doc[b.start:b.end]) or any(
            t.dep_ == "appos" and t.head.i in b_toks for t in doc[a.start:a.end])
        if not linked or a.kind != "person" and b.kind != "person":
            continue
        for src, dst in ((a, b), (b, a)):
            if src.code is not None and dst.code is None:
                dst.code, dst.sector, dst.other = src.code, src.sector, list(src.other)
                dst.office = dst.office or src.office
                dst.needs = None
                dst.antecedent = (src.start, src.end)
                dst.rule = f"apposition with '{doc[src.start:src.end].text}'"
            elif src.code is not None and dst.code == src.code and not dst.sector and src.sector:
                dst.sector, dst.other = src.sector, list(src.other)


def _pronouns(doc, covered: set[int], reporting: set[str]) -> list[Draft]:
    """"he"/"she" as the subject of a reporting verb ("he said", "she told reporters")."""
    out = []
    for tok in doc:
        if (tok.lower_ in PRONOUNS and tok.i not in covered and tok.dep_ in ("nsubj", "nsubjpass")
                and tok.head.lemma_ in reporting):
            out.append(Draft(tok.i, tok.i + 1, "person", needs="pronoun", head_word=tok.head.lemma_))
    return out


def _partial_names(doc, covered: set[int]) -> list[Draft]:
    """Single capitalised proper nouns not yet covered: candidates for "Ren", "Wu", "Milley"."""
    out = []
    for tok in doc:
        if tok.i in covered or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not tok.text.isalpha():
            continue
        if tok.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP", ""):
            continue
        prev = doc[tok.i - 1] if tok.i else None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if (prev is not None and prev.pos_ == "PROPN" and prev.i not in covered) or (nxt is not None and nxt.pos_ == "PROPN" and nxt.i not in covered):
            continue
        out.append(Draft(tok.i, tok.i + 1, "person", needs="name-part"))
    return out


def _last_person(prior: list[Draft], doc, d: Draft, sent_of) -> Draft | None:
    here = sent_of(d.start)
    for p in reversed(prior):
        if p.kind == "person" and p.start < d.start and here - sent_of(p.start) <= MAX_SENTENCES_BACK:
            return p
    return None


def _definite(doc, d: Draft, prior: list[Draft], drafts: list[Draft], kb: KnowledgeBase, date, sent_of) -> None:
    here = sent_of(d.start)
    keys = _title_key(d)
    # "its forces": the country of the most recent state or organisation, same sentence first
    if d.possessive:
        for p in reversed(prior):
            if p.start < d.start and p.kind in ("state", "organisation", "group") and p.code not in NON_STATE_CODES:
                d.code = p.code
                d.antecedent = (p.start, p.end)
                d.needs = None
                d.rule = f"possessive refers to '{doc[p.start:p.end].text}' ({p.code}); " + d.rule
                return
    for p in reversed(prior):
        if p.start >= d.start or here - sent_of(p.start) > MAX_SENTENCES_BACK:
            continue
        if p.kind == d.kind or (d.kind == "person" and p.kind == "person"):
            if keys & _title_key(p) or (d.head_word and p.head_word and d.head_word.split()[-1] in p.head_word):
                _copy(d, p, f"'{doc[d.start:d.end].text}' repeats an earlier title")
                return
    # office titles with no antecedent: the country from the context, the holder from the date
    office = d.role_office
    if office and office in kb.offices:
        country = None
        for p in reversed(prior):
            if p.start < d.start and p.code and p.code not in NON_STATE_CODES and here - sent_of(p.start) <= MAX_SENTENCES_BACK:
                country = p.code
                break
        if country is None:
            for p in drafts:
                if p.start > d.start and sent_of(p.start) == here and p.code and p.code not in NON_STATE_CODES:
                    country = p.code
                    break
        if country is not None:
            d.code = country
            d.needs = None
            found = kb.holder(country, office, date)
            if found is not None:
                person, term = found
                d.name, d.qid = person.name, person.qid
                d.sector, d.other = kb.office_sectors(office)
                d.rule = f"'{doc[d.start:d.end].text}': {country} from the context; {kb.office_title(office)} on {date}: {person.name}"
            else:
                d.rule = f"'{doc[d.start:d.end].text}': {country} from the context"
