"""The actor knowledge base: states, organisations, dated office-holders and the role lexicon.

Everything here is read from the data files in ``detente/data/kb/`` (see the README there);
this module only indexes them. :func:`load_kb` reads the files once per process and per path.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from ..errors import ConfigError

__all__ = ["KnowledgeBase", "State", "Organisation", "Person", "Term", "Role", "load_kb"]

# Non-state PLOVER "country" codes: an explicit state modifier never overrides these.
NON_STATE_CODES = frozenset({"UNO", "EUR", "IGO", "NGO", "ISM", "IMG", "MNC"})

# A surname-only alias ("Putin") is trusted only this many years around the person's terms:
# outside that window a bare surname is more likely someone else.
SURNAME_WINDOW_YEARS = 4


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None
    metonyms: tuple[dict, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    aliases: tuple[str, ...]
    code: str
    sector: str | None
    other_sectors: tuple[str, ...]
    kind: str
    qid: str | None
    periods: tuple[dict, ...] = ()
    metonym: bool = False  # a place name standing for the organisation ("Brussels")

    def sector_on(self, date: str | None) -> str | None:
        """The sector on ``date``: a later period (the Taliban governing from 2021) replaces it."""
        sector = self.sector
        for period in self.periods:
            if date and date >= period["start"]:
                sector = period["sector"]
        return sector


@dataclass(frozen=True, slots=True)
class Term:
    office: str
    start: str | None
    end: str | None  # the last day in office (inclusive: the day of a handover names both); None = in office
    country: str

    def covers(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    qid: str | None
    country: str
    terms: tuple[Term, ...]

    def term_on(self, date: str | None) -> tuple[Term | None, str]:
        """(term, status) on ``date``; status is ``current``, ``former``, ``future`` or ``undated``."""
        if not self.terms:
            return None, "undated"
        if not date:
            return self.terms[-1], "undated"
        current = [t for t in self.terms if t.covers(date)]
        if current:
            return current[-1], "current"
        past = [t for t in self.terms if t.end is not None and t.end < date]
        if past:
            return max(past, key=lambda t: t.end or ""), "former"
        return min(self.terms, key=lambda t: t.start or ""), "future"

    def near(self, date: str | None) -> bool:
        """Whether ``date`` falls within the surname window around this person's terms."""
        if not date:
            return True
        year = int(date[:4])
        for t in self.terms:
            lo = int((t.start or "1900")[:4]) - SURNAME_WINDOW_YEARS
            hi = int((t.end or "2999")[:4]) + SURNAME_WINDOW_YEARS
            if lo <= year <= hi:
                return True
        return False


@dataclass(frozen=True, slots=True)
class Role:
    terms: tuple[str, ...]
    type: str  # office | generic | rank | group | institution
    sector: str | None
    other_sectors: tuple[str, ...]
    kind: str
    office: str | None = None
    inherit: bool = False  # takes its sector from the institution it belongs to
    default_code: str | None = None


@dataclass(slots=True)
class KnowledgeBase:
    """Indexed knowledge base. Build with :func:`load_kb`; treat as read-only."""

    version: str
    states: dict[str, State]
    organisations: list[Organisation]
    persons: list[Person]
    offices: dict[str, dict]
    roles: list[Role]
    lexicon: dict[str, Any]
    _holders: dict[tuple[str, str], list[tuple[Term, int]]] = field(default_factory=dict, repr=False)
    _names: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for i, person in enumerate(self.persons):
            for term in person.terms:
                self._holders.setdefault((term.country, term.office), []).append((term, i))

    # -- look-ups -------------------------------------------------------------------------------
    def holder(self, country: str, office: str, date: str | None) -> tuple[Person, Term] | None:
        """The person holding ``office`` for ``country`` on ``date`` (the latest to start, if several)."""
        if not date:
            return None
        found = [(t, i) for t, i in self._holders.get((country, office), []) if t.covers(date)]
        if not found:
            return None
        term, i = max(found, key=lambda x: x[0].start or "")
        return self.persons[i], term

    def office_sectors(self, office: str | None) -> tuple[str | None, list[str]]:
        spec = self.offices.get(office or "")
        if not spec:
            return None, []
        return spec["sector"], list(spec.get("other_sectors", []))

    def office_title(self, office: str | None) -> str | None:
        spec = self.offices.get(office or "")
        return spec["title"] if spec else office

    def state_name(self, code: str | None) -> str | None:
        # indexed on first use: the resolver asks for a name per mention
        names = self._names
        if not names:
            for state in self.states.values():
                names.setdefault(state.code, state.name)
        return names.get(code)

    # -- name tables for the matchers -------------------------------------------------------------
    def exact_patterns(self) -> Iterable[tuple[str, tuple]]:
        """(surface text, payload) pairs matched case-sensitively. Payloads are small tuples."""
        lex = self.lexicon
        for phrase in lex.get("not_actors", []):
            yield phrase, ("block", phrase)
        for state in self.states.values():
            for alias in state.aliases:
                yield alias, ("state", state.code)
                if alias[:1].islower():
                    yield alias[:1].upper() + alias[1:], ("state", state.code)
            for adj in state.adjectives:
                yield adj, ("adj", state.code)
            if state.capital:
                yield state.capital, ("capital", state.code, "GOV", "state")
            for met in state.metonyms:
                yield met["text"], ("capital", state.code, met["sector"], met["kind"])
        for i, org in enumerate(self.organisations):
            for alias in (org.name, *org.aliases):
                yield alias, ("org", i)
                if alias.startswith("the "):
                    yield "The " + alias[4:], ("org", i)
        for i, person in enumerate(self.persons):
            for alias in (person.name, *person.aliases):
                yield alias, ("person", i)

    def single_token_names(self) -> dict[str, str]:
        """One-word state names, demonyms and capitals -> code, for words glued by hyphens
        that the tokenizer keeps whole ("U.S.-China")."""
        out: dict[str, str] = {}
        for state in self.states.values():
            for text in (*state.aliases, *state.adjectives, state.capital or ""):
                if text and " " not in text and "-" not in text:
                    out.setdefault(text, state.code)
        return out

    def role_patterns(self) -> Iterable[tuple[str, int]]:
        """(lower-case term, role index) pairs, plurals included, matched case-insensitively."""
        seen: set[str] = set()
        for i, role in enumerate(self.roles):
            for term in role.terms:
                forms = [term]
                if role.type in ("office", "rank", "generic") and role.kind == "person":
                    forms.append(_plural(term))
                for form in forms:
                    key = form.lower()
                    if key not in seen:  # first entry wins: the file is ordered by priority
                        seen.add(key)
                        yield key, i


def _plural(term: str) -> str:
    head, _, last = term.rpartition(" ")
    if last.endswith("man"):
        plural = last[:-3] + "men"
    elif last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith("person"):
        plural = last[:-6] + "people"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"invalid JSON: {exc}", origin=f"{path}:{n}", code="D211") from exc
            if "_meta" not in row:
                rows.append(row)
    return rows


def _default_dir() -> Path:
    return Path(str(resources.files("detente.data").joinpath("kb")))


@functools.lru_cache(maxsize=4)
def load_kb(path: str | None = None) -> KnowledgeBase:
    """Read the knowledge base from ``path`` (default: the packaged ``data/kb``) once per process.

    Raises :class:`ConfigError` (D210/D211) when a file is missing or malformed.
    """
    base = Path(path) if path else _default_dir()
    try:
        states_doc = json.loads((base / "states.json").read_text(encoding="utf-8"))
        offices_doc = json.loads((base / "offices.json").read_text(encoding="utf-8"))
        lexicon = json.loads((base / "lexicon.json").read_text(encoding="utf-8"))
        orgs = _read_jsonl(base / "organisations.jsonl")
        people = _read_jsonl(base / "office_holders.jsonl")
    except OSError as exc:
        raise ConfigError(f"cannot read knowledge base: {exc}", origin=str(base), code="D210") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON in knowledge base: {exc}", origin=str(base), code="D211") from exc
    states = {
        s["code"]: State(s["code"], s["name"], tuple(s.get("aliases", [])), tuple(s.get("adjectives", [])),
                         s.get("capital"), tuple(s.get("metonyms", [])))
        for s in states_doc["states"]
    }
    organisations = [
        Organisation(o["name"], tuple(o.get("aliases", [])), o["code"], o.get("sector"),
                     tuple(o.get("other_sectors", [])), o.get("kind", "organisation"), o.get("qid"),
                     tuple(o.get("periods", []) or ()), bool(o.get("metonym", False)))
        for o in orgs
    ]
    persons = [
        Person(p["name"], tuple(p.get("aliases", [])), p.get("qid"), p["country"],
               tuple(Term(t["office"], t.get("start"), t.get("end"), t.get("country", p["country"]))
                     for t in p.get("terms", [])))
        for p in people
    ]
    roles = [
        Role(tuple(r["terms"]), r["type"], r.get("sector"), tuple(r.get("other_sectors", [])), r.get("kind", "person"),
             r.get("office"), bool(r.get("inherit", False)), r.get("default_code"))
        for r in lexicon.get("roles", [])
    ]
    return KnowledgeBase(
        version=str(states_doc.get("version", "")),
        states=states,
        organisations=organisations,
        persons=persons,
        offices=offices_doc["offices"],
        roles=roles,
        lexicon=lexicon,
    )
