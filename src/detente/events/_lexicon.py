"""The trigger lexicon (``data/ontology/triggers.json``) compiled into lookup tables once."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from ..errors import ConfigError

__all__ = ["Rule", "Lexicon", "load_lexicon"]


@dataclass(frozen=True, slots=True)
class Rule:
    rule: str
    event: str | None  # None: a blocking rule ("declined to comment" codes nothing)
    mode: str | None
    frame: str
    prt: str | None = None
    obj: frozenset[str] | None = None
    not_obj: frozenset[str] | None = None
    arg: frozenset[str] | None = None
    mod: frozenset[str] | None = None
    light: frozenset[str] | None = None
    light_only: bool = False
    only_negated: bool = False
    comp: bool = False
    no_comp: bool = False
    obj_required: bool = False
    context: tuple[str, ...] = ()
    fixed_mode: bool = False  # the rule's mode stands; the complement does not refine it
    comp_lemma: frozenset[str] | None = None  # a complement clause headed by one of these lemmas
    to_state: bool = False  # a "to"/dative argument names a state ("sent missiles to Ukraine")
    obj_ent: frozenset[str] | None = None  # or the object is a named entity of these spaCy types
    conflict_event: str | None = None  # framing verb whose complement is a conflict act ("vowed to strike")
    subj: frozenset[str] | None = None  # the subject's subtree must hold one of these lemmas
    needs_actor: bool = False  # coded only when a named actor does it ("killed" with no perpetrator is not)
    consequence: bool = False  # a result of another act of the same type in the sentence ("..., wounding two")
    comp_arg: frozenset[str] | None = None  # the object or the complement clause holds one of these lemmas
    infinitive: bool = False  # the verb governs a to-infinitive complement ("told Islamabad to let ...")
    relative: bool = False  # only in a relative or participle clause about its object ("the pact they signed")


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: Mapping[str, tuple[Rule, ...]]
    nouns: Mapping[str, tuple[Rule, ...]]
    sets: Mapping[str, frozenset[str]]
    speech_verbs: frozenset[str]
    future_governors: frozenset[str]
    hypothetical_governors: frozenset[str]
    hypothetical_modals: frozenset[str]
    future_modals: frozenset[str]
    conditional_marks: frozenset[str]
    negators: frozenset[str]
    negating_governors: frozenset[str]
    historical_phrases: tuple[str, ...]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    occurrence_participles: frozenset[str]
    complement_modes: Mapping[str, Mapping[str, str]]  # event -> lemma -> mode
    complement_default: Mapping[str, str]
    contexts: Mapping[str, frozenset[str]]


def _words(value, sets: dict[str, frozenset[str]]) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        if not value.startswith("@") or value[1:] not in sets:
            raise ConfigError(f"triggers.json: unknown set {value!r}", code="D212")
        return sets[value[1:]]
    return frozenset(w.lower() for w in value)


def _entity_types(value) -> frozenset[str] | None:
    # spaCy's entity labels are upper case ("PERSON", "MONEY"): lower-casing them like words never matched
    return None if value is None else frozenset(w.upper() for w in value)


def _rules(table: dict, sets) -> dict[str, tuple[Rule, ...]]:
    out = {}
    for lemma, specs in table.items():
        rules = []
        for s in specs:
            rules.append(
                Rule(
                    rule=s["rule"], event=s["event"], mode=s.get("mode"), frame=s["frame"],
                    prt=s.get("prt"), obj=_words(s.get("obj"), sets), not_obj=_words(s.get("not_obj"), sets),
                    arg=_words(s.get("arg"), sets), mod=_words(s.get("mod"), sets),
                    light=_words(s.get("light"), sets), light_only=bool(s.get("light_only")),
                    only_negated=bool(s.get("only_negated")), comp=bool(s.get("comp")),
                    no_comp=bool(s.get("no_comp")), obj_required=bool(s.get("obj_required")), context=tuple(s.get("context", ())),
                    fixed_mode=bool(s.get("fixed_mode")), comp_lemma=_words(s.get("comp_lemma"), sets),
                    to_state=bool(s.get("to_state")), obj_ent=_entity_types(s.get("obj_ent")),
                    conflict_event=s.get("conflict_event"), subj=_words(s.get("subj"), sets),
                    needs_actor=bool(s.get("needs_actor")), consequence=bool(s.get("consequence")),
                    comp_arg=_words(s.get("comp_arg"), sets), infinitive=bool(s.get("infinitive")),
                    relative=bool(s.get("relative")),
                )
            )
        out[lemma.lower()] = tuple(rules)
    return out


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and compile ``triggers.json`` once per process."""
    try:
        text = resources.files("detente.data").joinpath("ontology", "triggers.json").read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the trigger lexicon: {exc}", code="D212") from exc
    sets = {k: frozenset(w.lower() for w in v) for k, v in data["sets"].items()}
    cmodes: dict[str, Mapping[str, str]] = {}
    cdefault: dict[str, str] = {}
    for event, spec in data["complement_modes"].items():
        table = {}
        for mode, lemmas in spec.items():
            if mode == "default":
                cdefault[event] = lemmas
                continue
            for lemma in lemmas:
                table.setdefault(lemma, mode)
        cmodes[event] = MappingProxyType(table)
    fs = lambda key: frozenset(data[key])  # noqa: E731
    return Lexicon(
        verbs=MappingProxyType(_rules(data["verbs"], sets)),
        nouns=MappingProxyType(_rules(data["nouns"], sets)),
        sets=MappingProxyType(sets),
        speech_verbs=fs("speech_verbs"),
        future_governors=fs("future_governors"),
        hypothetical_governors=fs("hypothetical_governors"),
        hypothetical_modals=fs("hypothetical_modals"),
        future_modals=fs("future_modals"),
        conditional_marks=fs("conditional_marks"),
        negators=fs("negators"),
        negating_governors=fs("negating_governors"),
        historical_phrases=tuple(data["historical_phrases"]),
        light_verbs=fs("light_verbs"),
        occurrence_verbs=fs("occurrence_verbs"),
        occurrence_participles=fs("occurrence_participles"),
        complement_modes=MappingProxyType(cmodes),
        complement_default=MappingProxyType(cdefault),
        contexts=MappingProxyType({k: frozenset(v) for k, v in data["contexts"].items()}),
    )
