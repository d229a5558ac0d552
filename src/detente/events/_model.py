"""The trained part of the event coder: a multinomial logistic regression over trigger candidates.

Every verb, every noun the lexicon or the training gold knows as an event noun, and every clause
root is a candidate. Its sparse features (lemma, the head of its object or complement, dependency
label, POS, which arguments name resolved actors, negation / modal / tense markers, attached
prepositions, the trigger lexicon's own opinion and the bag of lemmas of its clause) are scored by
two linear models read from ``data/ontology/event_model.json``: one over ``NONE`` + the 16 types,
one over the type's modes. The weights are trained by ``python -m detente.events.train`` on the dev
split of the gold, the demo stories and the annotators' training files (never test); the thresholds the
coder uses were set by cross-validation within that data.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping

import numpy as np

from ..errors import ConfigError

__all__ = ["EventModel", "load_event_model", "candidate_tokens", "token_features", "token_vector", "MODEL_FILE"]

MODEL_FILE = "event_model.json"
PRUNE = 0.05  # weights smaller than this are left out of the file (keeps it small; no change in dev F1)
VECTOR_SCALE = 0.1  # keeps the dense inputs on the scale of the binary features
NONE = "NONE"
# Parts of speech whose lemmas make the clause's bag of words (function words carry no event).
_BOW_POS = frozenset({"VERB", "NOUN", "ADJ"})
_MODAL_WORDS = frozenset({"will", "would", "could", "may", "might", "should", "must", "can", "shall", "'ll", "wo"})


@dataclass(frozen=True)
class EventModel:
    """Two softmax classifiers over named sparse features (feature name -> row of weights per class)."""

    type_classes: tuple[str, ...]
    type_weights: Mapping[str, np.ndarray]
    type_bias: np.ndarray
    mode_classes: tuple[str, ...]
    mode_weights: Mapping[str, np.ndarray]
    mode_bias: np.ndarray
    event_nouns: frozenset[str]
    add_threshold: float
    veto_threshold: float
    meta: Mapping[str, object]
    type_dense: np.ndarray | None = None  # [dims x classes]: weights of the parser's token vector
    mode_dense: np.ndarray | None = None

    def type_proba(self, features: Iterable[str], vector: np.ndarray | None = None) -> dict[str, float]:
        return _softmax(self.type_classes, self._type_table, self.type_bias, features, self.type_dense, vector)

    def mode_for(self, event: str, features: Iterable[str], vector: np.ndarray | None = None) -> str | None:
        """The most likely mode of ``event`` (None when "no mode" wins or the type has none trained)."""
        probs = _softmax(self.mode_classes, self._mode_table, self.mode_bias, features, self.mode_dense, vector)
        best, best_p = None, -1.0
        for label, p in probs.items():
            etype, _, mode = label.partition("/")
            if etype == event and p > best_p:
                best, best_p = (mode or None), p
        return best

    @functools.cached_property
    def _type_table(self) -> tuple[dict[str, int], np.ndarray]:
        return _table(self.type_weights, len(self.type_classes))

    @functools.cached_property
    def _mode_table(self) -> tuple[dict[str, int], np.ndarray]:
        return _table(self.mode_weights, len(self.mode_classes))

    def to_json(self) -> dict:
        def rows(weights, n):
            out = {}
            for f, row in weights.items():
                nz = {str(i): round(float(v), 2) for i, v in enumerate(row) if abs(v) >= PRUNE}
                if nz:
                    out[f] = nz
            return out

        def dense(m):
            return None if m is None else [[round(float(v), 4) for v in row] for row in m]

        return {
            "_doc": "Trained by `python -m detente.events.train` on dev + train gold (never test); see events/_model.py.",
            "meta": dict(self.meta),
            "add_threshold": self.add_threshold,
            "veto_threshold": self.veto_threshold,
            "event_nouns": sorted(self.event_nouns),
            "type": {"classes": list(self.type_classes), "bias": [round(float(b), 4) for b in self.type_bias],
                     "weights": rows(self.type_weights, len(self.type_classes)), "dense": dense(self.type_dense)},
            "mode": {"classes": list(self.mode_classes), "bias": [round(float(b), 4) for b in self.mode_bias],
                     "weights": rows(self.mode_weights, len(self.mode_classes)), "dense": dense(self.mode_dense)},
        }

    @classmethod
    def from_json(cls, data: dict) -> "EventModel":
        def table(spec):
            classes = tuple(spec["classes"])
            weights = {}
            for f, nz in spec["weights"].items():
                row = np.zeros(len(classes))
                for i, v in nz.items():
                    row[int(i)] = v
                weights[f] = row
            dense = spec.get("dense")
            return (classes, MappingProxyType(weights), np.asarray(spec["bias"], dtype=float),
                    None if dense is None else np.asarray(dense, dtype=float))

        tc, tw, tb, td = table(data["type"])
        mc, mw, mb, md = table(data["mode"])
        return cls(tc, tw, tb, mc, mw, mb, frozenset(data.get("event_nouns", ())),
                   float(data["add_threshold"]), float(data["veto_threshold"]),
                   MappingProxyType(dict(data.get("meta", {}))), td, md)


def _table(weights: Mapping[str, np.ndarray], k: int) -> tuple[dict[str, int], np.ndarray]:
    """Feature -> row index and the weight matrix: one fancy-indexed sum per candidate (cost)."""
    index = {f: i for i, f in enumerate(weights)}
    matrix = np.zeros((len(index), k))
    for f, i in index.items():
        matrix[i] = weights[f]
    return index, matrix


def _softmax(classes, table, bias, features, dense=None, vector=None) -> dict[str, float]:
    index, matrix = table
    z = bias.copy()
    rows = [i for i in map(index.get, set(features)) if i is not None]
    if rows:
        z += matrix[rows].sum(axis=0)
    if dense is not None and vector is not None and len(vector) == dense.shape[0]:
        z += vector @ dense
    z -= z.max()
    e = np.exp(z)
    e /= e.sum()
    return dict(zip(classes, e.tolist()))


@functools.lru_cache(maxsize=1)
def load_event_model() -> EventModel | None:
    """The packaged model, or None when no model file has been trained yet."""
    path = resources.files("detente.data").joinpath("ontology", MODEL_FILE)
    if not path.is_file():
        return None
    try:
        return EventModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot read the event model {MODEL_FILE}: {exc}", code="D213") from exc


def token_vector(tok) -> np.ndarray | None:
    """The parser's contextual vector of the token (tok2vec output), scaled; None when the pipeline has none."""
    tensor = getattr(tok.doc, "tensor", None)
    if tensor is None or len(tensor) != len(tok.doc):
        return None
    return np.asarray(tensor[tok.i], dtype=float) * VECTOR_SCALE


def candidate_tokens(tokens, lexicon_nouns, event_nouns) -> list:
    """Verbs, clause roots and event nouns: the tokens the classifier scores."""
    out = []
    for tok in tokens:
        if tok.pos_ in ("VERB", "AUX"):
            if tok.pos_ == "AUX" and tok.dep_ not in ("ROOT", "conj", "ccomp", "xcomp", "advcl"):
                continue  # auxiliaries ("has", "will") only when they head a clause
            out.append(tok)
        elif tok.dep_ == "ROOT" and not tok.is_punct and not tok.is_space:
            out.append(tok)
        elif tok.pos_ in ("NOUN", "PROPN"):
            lemma = tok.lemma_.lower()
            if lemma in lexicon_nouns or lemma in event_nouns:
                out.append(tok)
    return out


def token_features(coder, tok, rule_event: str | None, coded_event: str | None, sent_types: Iterable[str],
                   consumed: bool) -> list[str]:
    """The sparse features of one candidate. ``coder`` is the per-article rule coder (its argument
    and flag helpers are reused); ``rule_event`` the type a trigger rule proposes for the token,
    ``coded_event`` the type the rules finally coded on it, ``sent_types`` the other types the rules
    coded in the sentence, ``consumed`` whether a framing verb's complement holds the token."""
    lex = coder.lex
    lemma = tok.lemma_.lower()
    head = tok.head
    f = [f"lem={lemma}", f"pos={tok.pos_}", f"dep={tok.dep_}", f"tag={tok.tag_}", f"pos_dep={tok.pos_}_{tok.dep_}",
         f"rule={rule_event or NONE}", f"coded={coded_event or NONE}", f"lem_rule={lemma}|{rule_event or NONE}"]
    if consumed:
        f.append("consumed")
    for table, name in ((lex.verbs, "lexv"), (lex.nouns, "lexn")):
        for r in table.get(lemma, ()):
            f.append(f"{name}={r.event or 'BLOCK'}")
            if r.mode:
                f.append(f"{name}_mode={r.event}/{r.mode}")
    for t in sent_types:
        f.append(f"sent_has={t}")
        if t == rule_event:
            f.append("sent_has_same")
    # the governor: a framing verb over a complement, the light verb of a noun
    if head is not tok:
        f.append(f"head={head.lemma_.lower()}")
        f.append(f"dep_head={tok.dep_}|{head.lemma_.lower()}")
        if tok.dep_ in ("xcomp", "ccomp", "pobj", "pcomp"):
            f.append(f"gov_speech={head.lemma_.lower() in lex.speech_verbs}")
        if tok.dep_ == "pobj":
            f.append(f"prep_of={head.lower_}|{head.head.lemma_.lower()}")
    objs, preps = [], []
    subj = None
    for c in tok.children:
        dep = c.dep_
        if dep in ("dobj", "obj", "attr", "oprd", "nsubjpass", "dative"):
            objs.append(c)
        elif dep in ("prep", "agent", "prt"):
            preps.append(c)
            f.append(f"prep={c.lower_}")
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    f.append(f"prep_obj={c.lower_}|{p.lemma_.lower()}")
                    if p.i in coder.tok_mentions:
                        f.append(f"prep_actor={c.lower_}")
        elif dep in ("xcomp", "ccomp"):
            f.append(f"comp={c.lemma_.lower()}")
            f.append(f"lem_comp={lemma}|{c.lemma_.lower()}")
        elif dep in ("nsubj", "csubj"):
            subj = c
        elif dep in ("aux", "auxpass"):
            w = c.lower_
            if w in _MODAL_WORDS or w in ("to", "had", "has", "have"):
                f.append(f"aux={w}")
            if dep == "auxpass":
                f.append("passive")
        elif dep == "neg" or c.lower_ in ("never", "no"):
            f.append("neg")
        elif dep == "mark":
            f.append(f"mark={c.lower_}")
        elif dep in ("amod", "compound", "poss", "nmod") and c.i < tok.i:
            f.append(f"mod={c.lemma_.lower()}")
            if c.i in coder.tok_mentions or c.ent_type_ in ("GPE", "NORP", "ORG"):
                f.append("mod_actor")
    for o in objs:
        ol = o.lemma_.lower()
        f.append(f"obj={ol}")
        f.append(f"lem_obj={lemma}|{ol}")
        if any(t.i in coder.tok_mentions for t in o.subtree):
            f.append("obj_actor")
        if o.ent_type_:
            f.append(f"obj_ent={o.ent_type_}")
    if not objs:
        f.append("no_obj")
    if subj is None and tok.pos_ in ("VERB", "AUX"):
        subj = coder._subject_of(tok)
    if subj is not None:
        f.append(f"subj={subj.lemma_.lower() if subj.pos_ == 'PRON' else subj.pos_}")
        f.append("subj_actor" if coder._mentions(subj, fallback=False) else "subj_noactor")
    else:
        f.append("no_subj")
    if tok.pos_ in ("VERB", "AUX") and coder._negated(tok):
        f.append("negated")
    # the bag of lemmas of the token's own clause
    for t in coder._clause_tokens(tok, tok):
        if t is not tok and t.pos_ in _BOW_POS:
            f.append(f"bow={t.lemma_.lower()}")
    return f
