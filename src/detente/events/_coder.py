"""The rule-based event coder: clause-level PLOVER events from the dependency parse.

For each sentence: find trigger words (verbs and event nouns from ``triggers.json``), check
each rule's conditions on the parse, pick actor and recipient mentions through the
dependency arguments, then set the flags (negated, hypothetical, future, historical), the
date and the place. Complements of framing verbs (accuse X *of* Z, urge X *to* Z, agree
*to* Z) are consumed by the framing event and not coded again.

With a trained model (``_model.EventModel``, opt-in: ``EventStage(model=True)`` loads
``data/ontology/event_model.json``) the rules' events are then checked by a classifier over every verb, clause root and event
noun: it drops rule events it finds unlikely and adds the ones no rule fired on, whose arguments and
flags the rules then read off the parse as for any other trigger (``rule`` says ``model: p=0.83``).
Only the candidates the model can still veto or add are scored (cost).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from dataclasses import replace as _dc_replace

from spacy.attrs import LEMMA, ORTH, POS
from spacy.strings import get_string_id
from spacy.symbols import AUX, NOUN, PROPN, VERB

from ..records import Analysis, Event, Mention, Place, TimeExpr
from ._lexicon import Lexicon, Rule, load_lexicon
from ._model import EventModel, candidate_tokens, load_event_model, token_features, token_vector
from ._ontology import Ontology, load_ontology

try:  # the dates stage's clause-aware helper, when that stage is installed
    from ..dates import event_date as _dates_helper
except ImportError:  # pragma: no cover - stage absent
    _dates_helper = None

try:  # state names and demonyms of the actor knowledge base, for arguments the actor stage left bare
    from ..actors import load_kb as _load_kb
except ImportError:  # pragma: no cover - stage absent
    _load_kb = None

__all__ = ["EventStage"]

_SUBJ = ("nsubj", "csubj")
_OBJ = ("dobj", "obj", "attr", "oprd")
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "pcomp", "parataxis", "csubj"})
# Prepositions whose object names who takes part in an argument ("officials from China").
_ARG_PREPS = frozenset({"of", "from", "by", "between", "in", "among"})
_RECIPIENT_PREPS = frozenset({"on", "against", "to", "with", "at", "toward", "towards", "upon"})
_LOC_PREPS = frozenset({"in", "over", "through", "across", "near", "off", "at", "into", "around", "along",
                        "within", "inside", "above", "throughout"})
_COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
# Verbal-cooperation nouns reported by a light verb in their relative clause ("the pledge it made")
_RELATIVE_LIGHT_EVENTS = frozenset({"AGREE", "SUPPORT", "REQUEST", "CONCEDE"})
# Acts done with a partner: a state in their with-phrase is a partner, not the target of another act.
_PARTNER_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE", "SUPPORT", "AID", "MOBILIZE"})
_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_POSSESSIVE_PRONOUNS = frozenset({"its", "his", "her", "their", "our", "my", "itself", "themselves"})
# Prepositions that point a show of force or an attack at a place ("fired missiles into waters around Taiwan").
_TARGET_PREPS = frozenset({"into", "toward", "towards", "around", "near", "over", "across", "through", "off", "in",
                           "at", "on", "against", "inside", "along", "to"})
_TARGETED_TYPES = frozenset({"MOBILIZE", "ASSAULT", "COERCE"})
# PLOVER's non-state actor codes (guide 2): no people of theirs protest in a place.
_NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# Types whose events have no target by nature: their recipient comes only from argument slots.
_UNDIRECTED = frozenset({"AGREE", "CONSULT", "RETREAT"})
# Cooperative acts whose announced refusal ("would not agree", "will never negotiate") is a REJECT.
_REFUSABLE = frozenset({"AGREE", "CONCEDE", "SUPPORT", "CONSULT", "COOPERATE", "AID", "RETREAT"})
_REFUSAL_MODE = {"CONSULT": "meet", "CONCEDE": "yield", "RETREAT": "yield", "AID": "assist", "COOPERATE": "assist"}
_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
_OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her"})
# The argument frame a classifier-found verb is read with, by type (nouns use the nominal frames).
_MODEL_FRAMES = {"ACCUSE": "accuse", "REQUEST": "request", "THREATEN": "threaten", "AGREE": "agree",
                 "REJECT": "reject", "AID": "give", "CONSULT": "symmetric", "COOPERATE": "symmetric"}
# Verbal acts coded only when a state actor is named (a statement by nobody in particular codes nothing).
_SPEECH_NEEDS_ACTOR = frozenset({"ACCUSE", "REQUEST", "SUPPORT", "AID"})
# Time adjuncts: what they report is context of a complement, not part of what is promised or asked.
_TIME_PREPS = frozenset({"after", "during", "following", "amid", "before"})
_UNPROMISED_MARKS = frozenset({"if", "unless", "after", "since", "because"})
# Lemmatiser slips of the pinned model on verbs (lemma -> the real one).
_LEMMA_FIXES = {"stag": "stage"}
# Particles of phrasal verbs that the parser may label as adverbs.
_PARTICLES = frozenset({"down", "up", "off", "back", "out", "over", "away", "in", "aside"})
# Governors whose negation asserts the act ("would not hesitate to target").
_AFFIRMING_GOVERNORS = frozenset({"hesitate"})
# Modals that commit the speaker to a future act: a conflict act promised this way is a threat.
_PROMISE_MODALS = frozenset({"will", "would", "shall", "'ll", "wo"})
# A conditional sanction's threat mode: what would be cut (gold guide 3, THREATEN modes).
_THREAT_MODE = {"discontinue": "restrict", "withdraw": "relations", "expel": "expel", "convict": "arrest"}
# Words that state a value ("a package worth 113 million euros") when the parser tags no MONEY entity.
_CURRENCIES = frozenset({"$", "€", "£", "dollar", "euro", "pound", "yuan", "yen", "rouble", "ruble", "rupee"})
# A sub-headline is a short line with no final punctuation (the clean text has no headline).
_SUBHEAD_MAX_TOKENS = 25
# Parts of speech a trigger can have (verbs, and nouns: event nouns or verbs the tagger took for nouns).
_TRIGGER_POS = frozenset({VERB, AUX, NOUN, PROPN})
# Years at least this far before publication make an event background, not news.
_HISTORICAL_YEARS = 2
# Military subjects that act for a state even when none is named ("the military will continue to fly");
# the lexicon's troop words also hold armed groups that act for no state.
_STATE_FORCES = frozenset({"military", "force", "army", "navy", "air force", "bomber", "warship", "troop"})
_NON_STATE_FORCES = frozenset({"insurgent", "rebel", "militant", "militia", "militiaman", "mercenary", "volunteer",
                               "recruit"})
# Words whose "about"/"of" object is an act feared or foreseen, not one that happened.
_FEAR_WORDS = frozenset({"concern", "concerned", "worry", "worried", "fear", "afraid", "fearful", "wary", "anxious",
                         "nervous", "risk", "danger", "threat", "possibility", "prospect", "likelihood", "warn",
                         "warning", "spectre", "specter"})
# Frames of acts a text can perform ("a statement condemning", "guidelines threatening").
_SPEECH_FRAMES = frozenset({"accuse", "request", "threaten", "reject"})
# Clauses of an argument that say why or when, not who or what ("a unit, for buying Russian weapons").
_ADJUNCT_IDS = frozenset(get_string_id(label) for label in ("pcomp", "advcl"))
_NNS = get_string_id("NNS")  # plural noun tag, compared by id
# Plural nouns that refer back to states just named ("both countries", "the two sides", "the parties").
_GROUP_NOUNS = frozenset({"side", "party", "country", "nation", "state", "government", "ally", "capital"})
_GROUP_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
# Prefixes of ships' names ("USS Georgia", "HMS Kent"): the name after one is no state.
_SHIP_PREFIXES = frozenset({"USS", "HMS", "INS", "HMAS", "HMCS", "HMNZS", "RFS", "JS", "ROKS", "BRP", "FS"})
# Names of seas and straits: a state named inside one ("South China Sea", "Sea of Japan") is no party.
_WATER = re.compile(r"(?:Sea|Strait|Gulf|Ocean|Bay|Channel)s?\b")  # no leading \b: literal-first is cheaper
_WATER_FEATURES = frozenset({"sea", "strait", "gulf", "ocean", "bay", "channel", "lake", "river"})


@dataclass(slots=True)
class _Candidate:
    rule: Rule
    anchor: object  # spaCy Token
    pred: object  # the token whose arguments and flags decide (verb, or the light verb of a noun)
    nominal: bool
    negated: bool = False
    consumed: list = field(default_factory=list)  # complement tokens this event consumes


class EventStage:
    """Code PLOVER events. Stage name ``events``; reads doc, sentences, mentions; writes events.

    ``places`` and ``dates`` are used when a stage filled them, ignored otherwise.
    """

    name = "events"
    requires = ("doc", "sentences", "mentions")
    assigns = ("events",)

    def __init__(self, *, lexicon: Lexicon | None = None, ontology: Ontology | None = None,
                 model: EventModel | None | bool = False):
        """``model``: False (default) codes with the rules alone; True uses the packaged trained model;
        an :class:`EventModel` is used as given.

        Rules alone are the default: trained on the annotators' training files, the hybrid gains 2.4
        points of micro-F1 in nested CV within those files but nothing on dev, written by other people
        (0.795 -> 0.791), while it costs about 2.5x the rules' CPU time; see data/ontology/README.md.
        """
        self._lexicon = lexicon
        self._ontology = ontology
        self._model = model

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        return self._lexicon

    @property
    def ontology(self) -> Ontology:
        if self._ontology is None:
            self._ontology = load_ontology()
        return self._ontology

    @property
    def model(self) -> EventModel | None:
        if self._model is True:
            self._model = load_event_model()
        return self._model or None

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.events = _Coder(analysis, self.lexicon, self.ontology, self.model).run()
        analysis.done.append(self.name)
        return analysis


class _Coder:
    """One article's coding pass (holds the per-article indexes)."""

    def __init__(self, analysis: Analysis, lexicon: Lexicon, ontology: Ontology, model: EventModel | None = None,
                 collect: list | None = None):
        self.model = model
        self.collect = collect  # training: (sentence index, token, features, coded type, vector) per candidate
        self.a = analysis
        self.lex = lexicon
        self.onto = ontology
        self.doc = analysis.doc
        self.pub_year = _year_of(analysis.article.published)
        # Doc.text and Span.text rebuild the string token by token on every call (cost): slice the
        # article's text, which the doc was parsed from (mention offsets already rely on it)
        self.text = analysis.article.text
        last = self.doc[-1] if len(self.doc) else None
        if last is None or last.idx + len(last.text_with_ws) != len(self.text):
            self.text = self.doc.text  # a doc of some other text (hand-built analyses)
        # token index -> mentions covering it
        self.tok_mentions: dict[int, list[Mention]] = {}
        self.water = _water_tokens(self.doc, self.text)
        for m in analysis.mentions:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand") or ()
            if self.water and span and span.start in self.water and span.end - 1 in self.water:
                continue  # "China" in "the South China Sea"
            for tok in span:
                self.tok_mentions.setdefault(tok.i, []).append(m)
        self._sent_low: dict[int, str] = {}  # sentence start -> its lower-cased text
        # Bare-argument fallback only complements an actor stage; without one the coder names no actors.
        self.bare_ok = bool(analysis.mentions) or "actors" in analysis.done
        self.places = [p for p in analysis.places]
        self.dates = [d for d in analysis.dates]
        # per-sentence and per-token indexes keep the coder linear in article length
        self.places_in: dict[int, list[Place]] = {}
        self.place_tok: dict[int, Place] = {}
        for p in self.places:
            self.places_in.setdefault(p.sentence, []).append(p)
            if p.country and p.feature_type not in _WATER_FEATURES:
                for tok in self.doc.char_span(p.start, p.end, alignment_mode="expand") or ():
                    self.place_tok.setdefault(tok.i, p)
        self._lemmas: dict[int, str] = {}  # token index -> lexicon key
        self._keys: dict[tuple[int, bool], str] = {}  # (lemma id, verbal) -> lexicon key: lemmas recur
        # part of speech by token index: the trigger scan builds Token objects only where a trigger can be
        self._pos: list[int] = self.doc.to_array(POS).tolist() if len(self.doc) else []
        self._sent_lemmas: dict[int, set[str]] = {}  # sentence start -> its lemmas (context lexicon)
        self._force_words: frozenset[str] | None = None  # military nouns that stand for a state
        self._partners: dict[int, set[int]] = {}  # sentence start -> tokens of partners in joint acts
        self._state_toks: set[int] | None = None  # tokens that are a state name, demonym or resolved place
        self._lemma_ids: list[int] | None = None  # lemma hash by token index, read when an event is coded
        self.dates_in: dict[int, list[TimeExpr]] = {}
        for d in self.dates:
            self.dates_in.setdefault(d.sentence, []).append(d)

    # ---- driver -------------------------------------------------------------------------
    def run(self) -> list[Event]:
        events: list[Event] = []
        doc, pos = self.doc, self._pos
        for sent_rec, sent in zip(self.a.sentences, self.doc.sents):
            first = self._first_codable(sent)
            if first is None:
                continue
            tokens = sent[first - sent.start:]
            cands = [c for i in range(first, sent.end) if pos[i] in _TRIGGER_POS for c in self._candidates(doc[i])]
            proposed = {}  # token -> the type a trigger rule proposes, before any filtering
            for c in cands:
                proposed.setdefault(c.anchor.i, c.rule.event)
            consumed: set[int] = set()
            for c in cands:
                for comp in c.consumed:
                    consumed.update(t.i for t in _complement_tokens(comp))
            cands = self._drop_dependent(cands)
            seen = set()
            coded: list[tuple[_Candidate, Event]] = []
            for c in cands:
                if c.anchor.i in consumed and not _done_mediation(c, self.lex.sets["brokered_nouns"]):
                    continue
                ev = self._event(c, sent_rec, sent)
                if ev is None:
                    continue
                key = (ev.event, ev.anchor_start)
                pkey = (ev.event, "pred", c.pred.i) if c.nominal and c.pred is not c.anchor else None
                if key in seen or (pkey and pkey in seen):
                    continue
                seen.add(key)
                if pkey:
                    seen.add(pkey)
                if not c.nominal:
                    seen.add((ev.event, "pred", c.anchor.i))  # "fired tear gas and water cannon": one act
                coded.append((c, ev))
            coded = _drop_elaborations(coded)
            coded = self._drop_rejected_texts(coded)
            if self.model is not None or self.collect is not None:
                coded = self._hybrid(tokens, proposed, coded, consumed, sent_rec, sent)
            _share_targets(coded)
            events.extend(e for _, ev in coded for e in _swap_sides(ev))
        return events

    def _drop_dependent(self, cands: list[_Candidate]) -> list[_Candidate]:
        """Drop consequence verbs ("..., killing two") when the sentence codes the act itself, and
        agentless passives with nobody named as actor ("was shot down"; gold guide 4)."""
        out = []
        for c in cands:
            rule = c.rule
            if rule.consequence and any(o is not c and o.rule.event == rule.event and not o.rule.consequence
                                        for o in cands):
                continue
            if rule.needs_actor or self._agentless_passive(c.pred) or (c.pred.dep_ == "acl" and c.pred.tag_ == "VBG"):
                actor = self._subject_of(c.pred)
                if actor is None or (actor.dep_ == "nsubjpass") or not (
                        self._mentions(actor, outside=c.pred.i) or self._author(actor, c.pred)):
                    continue
            out.append(c)
        return out

    def _drop_rejected_texts(self, coded):
        """"vetoed a resolution calling for a ceasefire": the demands of a text that was rejected
        or blocked are not asserted acts of anyone (guide 4: speech acts code only the speech act)."""
        docs = self.lex.sets.get("document_nouns", frozenset())
        rejects = {c.pred.i for c, ev in coded if ev.event == "REJECT"}
        out = []
        for c, ev in coded:
            head = c.pred.head
            if c.pred.dep_ in ("acl", "relcl") and head.lemma_.lower() in docs:
                gov = head.head.head if head.dep_ == "pobj" else head.head
                if gov.i in rejects:
                    continue
            out.append((c, ev))
        return out

    # ---- the trained classifier ------------------------------------------------------------
    def _hybrid(self, tokens, proposed, coded, consumed, sent_rec, sent):
        """Rules decide arguments and flags; the classifier vetoes rule events it finds unlikely and
        adds the events no rule fired on (thresholds set by cross-validation within dev)."""
        model = self.model
        nouns = model.event_nouns if model is not None else frozenset()
        by_anchor = {c.anchor.i: ev for c, ev in coded}
        training = self.collect is not None
        dense = training or (model is not None and model.type_dense is not None)
        coded_at = {c.anchor.i for c, _ in coded} | {c.pred.i for c, _ in coded}
        feats = {}
        for tok in candidate_tokens(tokens, self.lex.nouns, nouns):
            if not training and tok.i not in by_anchor and (tok.i in consumed or tok.i in coded_at):
                continue  # cost: a token the model can neither veto nor add is not scored
            own = by_anchor.get(tok.i)
            others = sorted({ev.event for c, ev in coded if c.anchor.i != tok.i})
            feats[tok.i] = (tok, token_features(self, tok, proposed.get(tok.i), own.event if own else None, others,
                                                tok.i in consumed), token_vector(tok) if dense else None)
        if self.collect is not None:
            for i, (tok, f, vec) in feats.items():
                own = by_anchor.get(i)
                self.collect.append((sent_rec.index, tok, f, own.event if own else None, vec))
        if model is None:
            return coded
        kept = []
        for c, ev in coded:
            f = feats.get(c.anchor.i)
            if f is not None:
                p_none = model.type_proba(f[1], f[2]).get("NONE", 0.0)
                if p_none >= model.veto_threshold:
                    continue  # the classifier is confident no event is meant here
            kept.append((c, ev))
        taken = {c.anchor.i for c, _ in kept} | {c.pred.i for c, _ in kept}
        added: list[tuple[_Candidate, Event]] = []
        for i, (tok, f, vec) in sorted(feats.items()):
            if i in taken or i in consumed:
                continue
            probs = model.type_proba(f, vec)
            event, p = max(((k, v) for k, v in probs.items() if k != "NONE"), key=lambda kv: kv[1])
            if p < model.add_threshold:
                continue
            if any(ev.event == event and (c.anchor.i == tok.head.i or c.anchor.head.i == i or c.pred.i == tok.head.i)
                   for c, ev in kept + added):
                continue  # "held talks": the light verb and its noun are one event
            cand = self._model_candidate(tok, event, model.mode_for(event, f, vec))
            if cand is None or not self._drop_dependent([cand]):
                continue
            ev = self._event(cand, sent_rec, sent)
            if ev is None:
                continue
            ev.rule = f"model: p={p:.2f}" + (ev.rule or "")[len("model"):]
            ev.confidence = round(p, 2)
            ev.explanation = _explain(ev, cand.pred if cand.pred is not cand.anchor else None)
            for comp in cand.consumed:
                consumed.update(t.i for t in _complement_tokens(comp))
            taken.update((cand.anchor.i, cand.pred.i))
            added.append((cand, ev))
        if added:
            # a framing act the classifier found consumes the acts in its complement (guide 4)
            kept = [(c, ev) for c, ev in kept if c.anchor.i not in consumed or c.rule.rule == "model"]
        return sorted(kept + added, key=lambda ce: ce[1].anchor_start)

    def _model_candidate(self, tok, event: str, mode: str | None) -> _Candidate | None:
        verbal = tok.pos_ not in ("NOUN", "PROPN")
        if verbal:
            frame = _MODEL_FRAMES.get(event, "transitive")
            if event == "CONSULT" and mode == "visit":
                frame = "visit"
        else:
            frame = "nominal_visit" if event == "CONSULT" and mode == "visit" else (
                "nominal_sym" if event in ("CONSULT", "COOPERATE") else "nominal")
        rule = Rule(rule="model", event=event, mode=mode, frame=frame, fixed_mode=mode is not None)
        if verbal:
            cand = _Candidate(rule, tok, tok, False, self._negated(tok))
            if frame in ("accuse", "request", "threaten", "agree", "reject"):
                cand.consumed = _complements(tok, frame)
            return cand
        pred = self._occurrence(tok, rule) or tok
        negated = self._negated(pred) or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
        return _Candidate(rule, tok, pred, True, negated)

    def _agentless_passive(self, pred) -> bool:
        if any(c.dep_ == "agent" for c in pred.children):
            return False
        # "Asked about the report, ...": a passive participle clause with nobody named
        return any(c.dep_ == "auxpass" for c in pred.children) or (
            pred.tag_ == "VBN" and pred.dep_ == "advcl" and not any(c.dep_ in _SUBJ for c in pred.children))

    def _first_codable(self, sent) -> int | None:
        """Index of the first token after any sub-headline line; None when the sentence is one."""
        text = self.text[sent.start_char:sent.end_char].strip()
        first = sent.start
        for tok in (sent if "\n" in text else ()):  # only a line break can start a sub-headline
            if tok.is_space and "\n" in tok.text:
                prev = tok.nbor(-1) if tok.i > sent.start else None
                if prev is not None and not _FINAL.search(prev.text):
                    first = tok.i + 1
        if first >= sent.end:
            return None
        rest = (text if first == sent.start else self.text[self.doc[first].idx:sent.end_char].strip())
        if not rest:
            return None
        if not _FINAL.search(rest) and sent.end - first <= _SUBHEAD_MAX_TOKENS:
            return None
        del text
        return first

    # ---- triggers -----------------------------------------------------------------------
    def _lemma(self, tok) -> str:
        """The lexicon key of a token: British -ise spellings fall back to the -ize entry."""
        key = self._lemmas.get(tok.i)
        if key is None:
            key = self._lemmas[tok.i] = self._lemma_key(tok)
        return key

    def _lemma_key(self, tok) -> str:
        # _lem reads only the lemma and whether the token is verbal: key the cache on their ids
        ids = (tok.lemma, tok.pos in (VERB, AUX))
        key = self._keys.get(ids)
        if key is None:
            key = self._keys[ids] = self._spelling_key(_lem(tok))
        return key

    def _spelling_key(self, lemma: str) -> str:
        if lemma not in self.lex.verbs and lemma not in self.lex.nouns:
            for a, b in (("ise", "ize"), ("isation", "ization"), ("yse", "yze")):
                if lemma.endswith(a):
                    return lemma[: -len(a)] + b
        return lemma

    def _candidates(self, tok):
        pos = tok.pos
        if pos == VERB or pos == AUX or (pos == NOUN and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
            for rule in self.lex.verbs.get(self._lemma(tok), ()):
                cand = self._match_verb(rule, tok)
                if cand is not None:
                    if cand.rule.event is not None:
                        yield cand
                    break
        elif pos == NOUN or pos == PROPN:
            for rule in self.lex.nouns.get(self._lemma(tok), ()):
                cand = self._match_noun(rule, tok)
                if cand is not None:
                    if cand.rule.event is not None:
                        yield cand
                    break

    def _match_verb(self, rule: Rule, tok, probe: bool = False) -> _Candidate | None:
        if (tok.dep_ in ("amod", "compound") or "-" in tok.text) and not (
                rule.mode == "third-party" and self._hyphen_agent(tok)):
            return None  # "Western-backed": an adjective, not a reported act ("Russian-brokered" names a broker)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and _lem(tok) in self.lex.sets.get("stative_participles", ()):
            return None  # "troops stationed on the islands": where forces are, not a move of force
        kids = list(tok.children)  # spaCy builds the children anew on each walk (cost)
        if rule.prt and not any(
            (c.dep_ in ("prt", "prep", "agent", "dative") or (c.dep_ == "advmod" and c.lower_ in _PARTICLES))
            and c.lower_ == rule.prt
            and not any(p.ent_type_ in ("DATE", "TIME") for p in c.children)
            for c in kids
        ) and not _particle_on_number(tok, rule.prt):
            return None  # ("stepped down": the parser often reads the particle as an adverb)
        if rule.prt and any(c.dep_ == "prt" and c.lower_ != rule.prt and any(
                r.prt == c.lower_ for r in self.lex.verbs.get(self._lemma(tok), ())) for c in kids):
            return None  # "called off its offensive on the town": its own particle makes another phrasal verb
        if rule.event == "MOBILIZE" and rule.prt == "into" and (
                any(c.dep_ == "prep" and c.lower_ == "from" for c in kids)
                or (tok.dep_ == "advcl" and any(r.event == "RETREAT" for r in self.lex.verbs.get(_lem(tok.head), ())))):
            # "rolled across the border from Iraq into Kuwait", "left Iraq, crossing into Kuwait": a way out
            return None
        comps = [c for c in kids if c.dep_ in ("ccomp", "xcomp", "oprd")]
        if rule.comp and not comps:
            return None
        if rule.infinitive and not any(c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in comps):
            return None
        if rule.no_comp and comps:
            return None
        dobjs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
        rel = _relativised_object(tok, dobjs)
        if rule.relative and rel is None:
            return None
        if rule.relative and rule.event == "SANCTION" and not probe and _lem(next(
                (a for a in rel.ancestors if a.pos_ == "VERB"), rel)) in self.lex.sets.get("lifting_verbs", ()) \
                and not any(t.shape_ == "dddd" for t in tok.subtree):
            # "lifted the sanctions it imposed after the crisis": the lifting (CONCEDE) is the news; a dated
            # imposition ("a ban imposed in 2019") is still listed, as historical (guide 5)
            return None
        if tok.dep_ in ("acl", "relcl") and any(a.tag_ == "TO" for a in kids) and any(
                m.lower_ in ("first", "last", "only") for m in tok.head.children):
            return None  # "the first North Korean leader to set foot in the South": restates the main act
        if rule.obj_required and not any(d.pos_ in ("PROPN", "NOUN") for d in dobjs) and rel is None:
            return None
        if rule.prt is None and rule.arg is None and tok.lemma_.lower() in self.lex.light_verbs and any(
            d.lemma_.lower() in self.lex.nouns for d in dobjs
        ):
            return None  # "launched missile strikes": the event noun carries the event
        # "gave American diplomats 72 hours to leave": a bare noun-phrase adverbial counts as an object here
        objs = _objects(tok) + [c for c in kids if c.dep_ == "npadvmod" and c.pos_ == "NOUN"]
        if rule.obj is not None and rule.event in ("RETREAT", "CONCEDE"):
            # "allowed UN inspectors to visit": the parser makes the one let in the subject of the complement
            objs += [s for c in comps if c.dep_ == "ccomp" for s in c.children if s.dep_ == "nsubj"]
        rel_words = {rel.lemma_.lower(), rel.lower_} if rel is not None else set()
        if rule.obj is not None and not _has_lemma(objs, rule.obj) and rel_words.isdisjoint(rule.obj):
            if rule.obj_ent is None or not any(t.ent_type_ in rule.obj_ent for o in objs for t in o.subtree):
                return None
        elif rule.obj is None and rule.obj_ent is not None:
            if not any(t.ent_type_ in rule.obj_ent for o in objs for t in o.subtree):
                return None
        if rule.comp_lemma is not None and not any(
            c.lemma_.lower() in rule.comp_lemma for c in comps
        ):
            return None
        if rule.comp_arg is not None and not _has_lemma(comps + objs, rule.comp_arg):
            return None
        if rule.subj is not None and not self._subject_has(tok, rule.subj):
            return None
        if rule.to_state and not self._to_state(tok):
            return None
        if rule.not_obj is not None and _has_lemma(objs, rule.not_obj):
            return None
        if rule.arg is not None and not _has_lemma(objs + _shared_subjects(tok), rule.arg):
            return None
        if rule.event in ("ASSAULT", "COERCE") and not probe and self._figurative_force(tok):
            return None
        if rule.event == "ASSAULT" and not probe and any(a.tag_ == "TO" for a in kids) and (
                tok.dep_ == "advcl" or (tok.dep_ == "xcomp" and (tok.head.pos_ == "ADJ" or _lem(tok.head) == "use"))):
            return None  # "sent troops to fight in Ukraine", "ready to fight": a purpose or readiness, no fight yet
        negated = self._negated(tok)
        if rule.only_negated:
            if not negated:
                return None
            negated = False
        cand = _Candidate(rule, tok, tok, False, negated)
        if rule.frame in ("accuse", "request", "threaten", "agree", "reject", "summon"):
            cand.consumed = _complements(tok, rule.frame)
        elif rule.event == "SANCTION" and not probe:
            # "postponed planned talks", "recalled the admiral from his US visit": the meeting or drill
            # that is called off is what the sanction discontinues, not a second event (gold guide 4)
            cand.consumed = [n for n in _discontinued(tok, kids) if n.pos_ in ("NOUN", "PROPN")
                             and self._lemma(n) in self.lex.nouns]
        if rule.frame == "agree" and not probe and self._refused_complement(cand.consumed):
            # "vowed that China would never accept it", "pledged not to release them": promising not to
            # cooperate is a refusal (REJECT); promising not to use force stays a promise
            cand.rule = _dc_replace(rule, event="REJECT", frame="reject", mode=None, rule=rule.rule + "+refusal")
        elif rule.frame == "agree" and not probe and self._conflict_complement(cand.consumed):
            if rule.conflict_event is None:
                return None  # "agreed to cut banks off SWIFT" codes the (future) sanction, not AGREE
            # "vowed to continue attacks": a promise of conflict is a threat
            cand.rule = _dc_replace(rule, event=rule.conflict_event, frame="threaten", mode=None)
        elif rule.frame == "agree" and rule.event == "AGREE" and not probe and self._concession_complement(cand.consumed) \
                and not self._mutual(tok):
            # "agreed to allow inspectors", "promised to lift the sanctions": a promised retreat or
            # easing is a verbal concession (PLOVER CONCEDE; gold guide 3)
            cand.rule = _dc_replace(rule, event="CONCEDE", mode=None, rule=rule.rule + "+concession", fixed_mode=True)
        elif rule.frame == "agree" and rule.event == "AGREE" and not probe and self._defence_complement(cand.consumed):
            # "pledged to defend the Baltic states", "vowed that NATO would defend Estonia": reassuring an
            # ally of a defence commitment is SUPPORT (gold guide 3), not a new agreement
            cand.rule = _dc_replace(rule, event="SUPPORT", mode=None, rule=rule.rule + "+defence", fixed_mode=True)
        return cand

    def _defence_complement(self, comps) -> bool:
        """A complement that defends a named state ("to defend Estonia"), not people or property."""
        return any(comp.pos_ in ("VERB", "AUX") and _lem(comp) in self.lex.sets["defence_verbs"] and not self._negated(comp)
                   and any(o.dep_ in ("dobj", "obj") and any(
                       (any(m.kind == "state" for m in self.tok_mentions.get(t.i, ())) or t.i in self.place_tok)
                       and t.dep_ != "poss" for t in o.subtree) for o in comp.children)  # not "its fishermen"
                   for comp in comps)

    def _hyphen_agent(self, tok) -> list[Mention]:
        """"a Russian-brokered truce": the state named before the hyphen of an adjectival participle."""
        if tok.dep_ != "amod":
            return []
        out: list[Mention] = []
        for c in tok.children:
            if c.dep_ != "npadvmod" or c.i + 1 >= len(self.doc) or self.doc[c.i + 1].text not in ("-", "–"):
                continue
            if c.i in self.tok_mentions:
                out += self.tok_mentions[c.i]
            elif c.text in _state_words():  # the actor stage names no state in a hyphenated adjective
                sent = self.a.sentence_at(c.idx)
                out.append(Mention(self.a.article.id, c.idx, c.idx + len(c.text), c.text,
                                   sentence=sent.index if sent else -1, kind="state", code=_state_words()[c.text],
                                   rule="events: state named in a hyphenated participle"))
        return out

    def _figurative_force(self, tok) -> bool:
        """"targeted by US sanctions", "tariffs hit Chinese exporters": a verb of force whose doer is
        itself an act of another kind (an event noun that codes a sanction, a protest ...) describes
        that act's effect; the noun is coded in its own right."""
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) or next(
            (p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
        if subj is None or subj.pos_ != "NOUN":
            return False  # "treaties annexing four regions": an acl's noun is no doer
        rule = self._first_rule(subj, verb=False)
        return rule is not None and rule.event is not None and rule.event not in ("ASSAULT", "COERCE", "MOBILIZE")

    def _refused_complement(self, comps) -> bool:
        for comp in comps:
            if comp.pos_ not in ("VERB", "AUX") or not self._negated(comp):
                continue
            rules = self.lex.verbs.get(self._lemma(comp), ())
            if any(r.event == "REJECT" and r.only_negated for r in rules):
                return True  # "never accept", "not recognise", "not allow"
            rule = self._first_rule(comp, verb=True)
            if rule is not None and rule.event in _REFUSABLE:
                return True
        return False

    def _mutual(self, tok) -> bool:
        """"X and Y agreed", "the two sides agreed", "agreed with X": a deal between parties, not one side
        giving way ("agreed to restore relations" by both is AGREE; gold guide 3)."""
        subj = self._subject_of(tok)
        if subj is not None and (any(c.dep_ == "conj" for c in subj.children) or subj.lower_ in _GROUP_COUNTS
                                 or (subj.tag == _NNS and subj.lemma_.lower() in _GROUP_NOUNS)):
            return True
        if subj is not None and subj.tag == _NNS and any(
                c.dep_ in ("amod", "compound") and any(g.dep_ == "conj" for g in c.children) for c in subj.children):
            return True  # "Russian and Ukrainian delegations agreed": two named sides in one plural subject
        return any(c.dep_ == "prep" and c.lower_ == "with" and any(p.dep_ == "pobj" for p in c.children)
                   for c in tok.children)

    def _concession_complement(self, comps) -> bool:
        for comp in comps:
            if comp.pos_ not in ("VERB", "AUX"):
                continue
            rule = self._first_rule(comp, verb=True)
            if rule is not None and rule.event in ("RETREAT", "CONCEDE"):
                return True
        return False

    def _subject_has(self, tok, words) -> bool:
        subj = self._subject_of(tok)
        if subj is None:
            return False
        return any(t.lemma_.lower() in words or t.lower_ in words for t in subj.subtree) or (
            "#demonym" in words and subj.text in _state_words() and subj.tag_ in ("NNS", "NNPS")
        )

    def _to_state(self, tok) -> bool:
        """A state is named in the verb's "to" or dative argument ("sent missiles to Ukraine")."""
        for c in tok.children:
            if c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to"):
                for t in c.subtree:
                    if t.i in self.tok_mentions or t.i in self.place_tok or (
                            t.text in _state_words() and t.pos_ == "PROPN"):
                        return True
            if c.dep_ in ("dobj", "obj"):  # "supply Ukraine with tanks"
                if c.i in self.tok_mentions and any(p.dep_ == "prep" and p.lower_ == "with" for p in tok.children):
                    return True
                # "flew a cargo of ventilators to Serbia": the parser hangs the "to" on the object
                for p in c.subtree:
                    if p.dep_ == "prep" and p.lower_ == "to" and any(
                            t.i in self.tok_mentions or t.i in self.place_tok for t in p.children):
                        return True
        return False

    def _conflict_complement(self, comps) -> bool:
        for comp in comps:
            words = [comp] + [c for c in comp.children if c.dep_ in ("dobj", "obj")]
            verbs = [comp]
            if _lem(comp) in ("keep", "continue"):
                # "vowed to keep targeting ships": the aspect verb's own complement is the promised act
                verbs += [c for c in comp.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
                words += verbs[1:]
            for w in words:
                rule = self._first_rule(w, verb=w in verbs)
                # a promise to hold drills or deploy forces is still a promise (AGREE)
                if rule is not None and rule.event not in (None, "MOBILIZE") and self.onto.types[rule.event].quad >= 3:
                    return True
            # "vowed to respond", "vowed to retaliate": a promised reply to a hostile act is a threat
            # (gold guide 3 THREATEN), unless the reply is to a crisis or request ("to respond to the floods")
            # "hit back", "strike back": the particle makes the reply ("back") a retaliation
            reply = _lem(comp) + (" back" if any(c.dep_ in ("prt", "advmod") and c.lower_ == "back"
                                                 for c in comp.children) else "")
            if reply in self.lex.sets.get("retaliation_verbs", ()) and not any(
                    c.dep_ == "prep" and c.lower_ == "to" and any(
                        _lem(p) in self.lex.sets.get("response_not", ()) for p in c.children) for c in comp.children):
                return True
        return False

    def _first_rule(self, tok, *, verb: bool) -> Rule | None:
        """The rule that would fire on ``tok`` by its own conditions ("expand patrols" is not
        "expand sanctions"), ignoring whether the sentence reports it as an occurrence."""
        for r in (self.lex.verbs if verb else self.lex.nouns).get(self._lemma(tok), ()):
            if verb:
                if self._match_verb(r, tok, probe=True) is not None:
                    return r
            elif r.mod is None or any(t.lemma_.lower() in r.mod or t.lower_ in r.mod for t in tok.children):
                return r
        return None

    def _match_noun(self, rule: Rule, tok) -> _Candidate | None:
        if tok.dep_ == "compound" and _lem(tok.head) in self.lex.sets["unit_heads"]:
            return None
        pred = self._occurrence(tok, rule)
        if pred is None:
            return None
        if rule.mod is not None:
            pool = list(tok.children) + list(tok.lefts)
            if pred is not tok:
                pool += [d for c in pred.children if c.dep_ in ("prep", "agent") for d in c.subtree]
            with_partner = "joint" in rule.mod and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
            if not with_partner and not any(t.lemma_.lower() in rule.mod or t.lower_ in rule.mod for t in pool):
                return None
        if rule.arg is not None:
            if not _has_lemma([tok] + _subjects(pred), rule.arg):
                return None
        negated = self._negated(pred) or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
        if pred is not tok and self._negated(tok):
            negated = True
        return _Candidate(rule, tok, pred, True, negated)

    def _occurrence(self, noun, rule: Rule):
        """The predicate that reports the noun as something that happened, or None (background)."""
        head = noun.head
        hl = _lem(head)
        lights = rule.light if rule.light is not None else self.lex.light_verbs
        if noun.dep_ in ("dobj", "nsubjpass", "obj") and head.pos_ in ("VERB", "AUX") and hl in lights:
            if head.dep_ in ("acl", "xcomp") and head.head.pos_ in ("NOUN", "ADJ") and any(
                    a.tag_ == "TO" for a in head.children):
                return None  # "its bid to open membership talks", "due to begin talks": an aim, not an act
            return head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            gov = head.head
            if gov.lemma_.lower() in ("engage", "participate", "take", "join", "join") and head.lower_ in ("in", "part"):
                return gov
            if gov.lemma_.lower() == "take" and any(c.lower_ == "part" for c in gov.children):
                return gov
            if rule.event == "COOPERATE" and head.lower_ == "for" and _lem(gov) in self.lex.sets["arrival_verbs"]:
                return gov  # "troops arrived in Belarus for drills with the Belarusian army": the drills are held
            if rule.event == "CONSULT" and head.lower_ == "for" and _lem(gov) in ("gather", "assemble", "convene"):
                return gov  # "G7 leaders gathered in Hiroshima for their annual summit": the summit is held
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "nsubjpass"):
            # "began a week of joint drills": the measure noun's verb reports the event
            gov = head.head.head
            if gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() in lights:
                return gov
        if noun.dep_ == "conj":
            return self._occurrence(noun.head, rule) if noun.head.pos_ in ("NOUN", "PROPN") else None
        if noun.dep_ == "pobj" and head.lower_ in ("about", "of") and _lem(head.head) in _FEAR_WORDS and not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
            return None  # "concerned about a US attack", "fears of an invasion": feared, not done
        if self._named_possessor(noun) and noun.dep_ not in ("ROOT",):
            # "in response to Tokyo's export curbs", "the Israeli bombardment of Gaza": an act whose
            # actor is named on the noun itself is asserted, wherever it sits (guide 4)
            return noun
        if rule.event in _RELATIVE_LIGHT_EVENTS and noun.dep_ != "ROOT":
            for c in noun.children:
                if c.dep_ == "relcl" and _lem(c) in lights and any(x.dep_ == "nsubj" for x in c.children) \
                        and not any(x.dep_ in ("dobj", "obj") for x in c.children):
                    # "fulfilling a pledge Putin made in July", "under contracts the two countries signed":
                    # the relative clause's light verb reports the act and names its actor
                    return c
        if rule.light_only:
            return None
        if rule.event in ("REQUEST", "AGREE") and noun.dep_ != "ROOT" and any(
                c.dep_ == "prep" and c.lower_ == "from" and any(p.i in self.tok_mentions for p in c.children)
                for c in noun.children):
            # "rejected an offer from Trump", "defied requests from Moscow": a request or offer whose
            # speaker is named was made (guide 4: the rejection does not unsay it)
            return noun
        if rule.event == "REQUEST" and self._at_request_of(noun) and not any(
                r.event in ("AID", "MOBILIZE") for r in self.lex.verbs.get(self._lemma(noun.head.head), ())):
            # "struck the camp at the request of the Somali government": the request was made; troops
            # sent or deployed at a party's request are coded as the aid itself (guide 3 AID)
            return noun
        if noun.dep_ == "pobj" and head.lower_ == "of" and _lem(head.head) in self.lex.sets.get("duration_nouns", ()):
            # "after three days of fighting", "a truce that ended weeks of clashes": the span asserts the
            # fighting, unless it is only an aim ("an agreement to end six weeks of fighting")
            gov = head.head.head
            if gov.pos_ in ("VERB", "AUX") and any(a.tag_ == "TO" for a in gov.children):
                return None
            # "after two hours of talks": a span of meetings asserts them as well; so does "after weeks of
            # street protests" (guide 3 PROTEST)
            if rule.event == "PROTEST":
                return noun
            return noun if rule.frame == "nominal_sym" and rule.event in ("ASSAULT", "CONSULT") else None
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in self.lex.sets.get("adjunct_preps", ()):
            # "after talks in Jeddah", "during a visit to Beijing": a meeting the sentence reports
            if rule.event == "CONSULT" or (rule.event == "PROTEST" and not (
                    head.lower_ == "in" and not any(c.dep_ == "det" for c in noun.children))):
                return noun  # "during demonstrations", but not the idiom "in protest at"
            # "in response to Tokyo's export curbs": an act with a named actor, in a cause adjunct
            if any(c.dep_ == "poss" and c.i in self.tok_mentions and c.pos_ != "PRON" for c in noun.children):
                return noun
        if noun.dep_ in ("nsubj", "nsubjpass") and (hl in self.lex.occurrence_verbs or hl in self.lex.occurrence_participles):
            if hl == "be" and not any(c.dep_ in ("prep", "npadvmod") for c in head.children):
                return None
            if hl in ("take",) and not any(c.lower_ in ("place", "effect") for c in head.children):
                return None
            return head
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_.lower() in self.lex.occurrence_participles:
                return noun
        return None

    def _at_request_of(self, noun) -> bool:
        """"at the request of X", "on the request of X": the adjunct names who asked."""
        return noun.dep_ == "pobj" and noun.head.lower_ in ("at", "on", "upon") and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(t.i in self.tok_mentions for t in c.subtree)
            for c in noun.children)

    def _refusal(self, pred) -> bool:
        """The negation is a stated refusal: "will not", "would not", "won't", "never"."""
        for node in self._modal_chain(pred):
            for c in node.children:
                if c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "'ll", "shall"):
                    return True
                if c.dep_ in ("neg", "advmod") and c.lower_ == "never":
                    return True
        return False

    def _named_possessor(self, noun) -> bool:
        """The noun's possessor or modifier names a state actor ("Tokyo's", "Israeli", "US")."""
        words = _state_words()
        for c in noun.children:
            if c.dep_ == "poss" and c.pos_ != "PRON" and c.i in self.tok_mentions:
                return True
            if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and (
                    c.i in self.tok_mentions or c.text in words):
                if c.i + 1 < len(self.doc) and self.doc[c.i + 1].text in ("-", "–"):
                    continue
                return True
        return False

    # ---- flags --------------------------------------------------------------------------
    def _negated(self, tok) -> bool:
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in ("never", "no")):
                return True
        node = tok
        for _ in range(3):
            if node.dep_ not in ("xcomp", "ccomp") or node.head is node:
                break
            node = node.head
            if node.lemma_.lower() in _AFFIRMING_GOVERNORS:
                return False
            if node.lemma_.lower() in self.lex.negating_governors:
                return True
            if node.dep_ != "ROOT" and False:
                break
            if any(c.dep_ == "neg" for c in node.children) and node.lemma_.lower() not in self.lex.speech_verbs:
                return True
        return False

    def _modal_chain(self, tok):
        """The predicate and the verbs governing it through xcomp (planned to visit)."""
        chain = [tok]
        node = tok
        for _ in range(3):
            if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
                break  # "X agreed to ..., and in return Y recognised ...": a conjunct with its own subject is its own clause
            if node.dep_ in ("xcomp", "conj") and node.head is not node:
                node = node.head
                chain.append(node)
            else:
                break
        return chain

    def _hypothetical(self, pred) -> bool:
        for node in self._modal_chain(pred)[1:]:
            if node.lemma_.lower() in self.lex.hypothetical_governors:
                return True
        for node in self._modal_chain(pred):
            for c in node.children:
                if c.dep_ == "aux" and c.lower_ in self.lex.hypothetical_modals:
                    if c.lower_ == "would" and (self._reported_would(node) or self._refusal_relative(node)):
                        continue
                    return True
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                    return True
        # "Should the ceasefire hold, ...": an inverted conditional has no "if", only "should" before the subject
        clause = pred.head if pred.dep_ in ("nsubj", "nsubjpass") else pred
        if clause.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "should" and any(
                    s.dep_ in ("nsubj", "nsubjpass") and s.i > c.i for s in clause.children)
                for c in clause.children):
            return True
        node = pred
        for _ in range(6):
            if any(m.dep_ == "mark" and m.lower_ in self.lex.conditional_marks for m in node.children):
                return True
            # clausal complements too ("if an offensive succeeded in seizing territory"), but not noun
            # objects: "if Washington joined Israel's strikes" asserts the strikes
            if node.dep_ in ("advcl", "conj", "xcomp", "relcl", "acl", "ccomp", "pcomp", "prep") and node.head is not node:
                node = node.head
            else:
                break
        return False

    def _possible_only(self, pred) -> bool:
        """"could", "might", "may" or a considering governor: the act is a possibility, not a stance."""
        chain = self._modal_chain(pred)
        if any(node.lemma_.lower() in self.lex.hypothetical_governors for node in chain[1:]):
            return True
        return any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may") for node in chain for c in node.children)

    def _promised(self, pred) -> bool:
        """A will/would modal commits the subject to the act, which is not itself the condition ("if
        China attacked") nor a possibility only ("could strike")."""
        chain = self._modal_chain(pred)
        if any(m.dep_ == "mark" and m.lower_ in self.lex.conditional_marks | {"when", "once"}
               for node in chain for m in node.children):
            return False
        if any(node.lemma_.lower() in self.lex.hypothetical_governors for node in chain[1:]):
            return False
        modals = {c.lower_ for node in chain for c in node.children if c.dep_ == "aux"}
        return bool(modals & _PROMISE_MODALS) and not modals & {"could", "might", "may"}

    def _refusal_relative(self, node) -> bool:
        """"said it was a red line his country would never accept": a negated would in a relative clause on
        the predicate noun of reported speech states a refusal, not a hypothetical."""
        if node.dep_ != "relcl" or not any(c.dep_ == "neg" for c in node.children):
            return False
        noun = node.head
        return noun.dep_ in ("attr", "dobj", "appos") and (
            _lem(noun.head) in self.lex.speech_verbs or _under_speech(noun.head, self.lex))

    def _reported_would(self, node) -> bool:
        """'said it would send': the backshifted future of reported speech, not a hypothetical."""
        if any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in node.children):
            return False
        if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in node.children):
            return False
        return _under_speech(node, self.lex)

    def _future(self, pred, cand: _Candidate) -> bool:
        chain = self._modal_chain(pred)
        for node in chain:
            for c in node.children:
                if c.dep_ in ("aux", "auxpass") and c.lower_ in self.lex.future_modals:
                    return True
                if c.dep_ == "aux" and c.lower_ == "would" and self._reported_would(node):
                    return True
        for node in chain[1:]:
            if node.lemma_.lower() in self.lex.future_governors:
                return True
        if cand.nominal:
            noun = cand.anchor
            if any(c.lower_ in ("upcoming", "planned", "next", "forthcoming", "future") for c in noun.children):
                return True
            done = cand.pred is not noun and cand.pred.tag_ == "VBD"
            for c in noun.children:  # "talks to be held next week" (not "a deal to sell tanks")
                if done and c.dep_ == "relcl":
                    continue  # "signed a pact under which forces will leave": the signing is done
                if c.dep_ in ("acl", "relcl") and (c.lemma_.lower() in self.lex.occurrence_verbs or any(
                        x.dep_ == "auxpass" for x in c.children)) and any(
                        x.dep_ == "aux" and x.lower_ in ("to", "will") for x in c.children) and not any(
                        x.dep_ == "dobj" for x in c.children):  # "an agreement to end the fighting": an aim
                    return True
        return False

    def _clause_tokens(self, pred, anchor):
        """Tokens of the event's own clause: the predicate's subtree minus nested clauses."""
        out = []
        stack = [pred] if pred is anchor else [pred, anchor]
        seen = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            out.append(t)
            for c in t.children:
                if c.dep_ in _CLAUSE_DEPS and c is not anchor and c.dep_ != "pcomp":
                    continue
                stack.append(c)
        return out

    def _historical_year(self, clause, sent) -> int | None:
        if self.pub_year is None:
            return None
        years = []
        for t in clause:
            m = _YEAR.match(t.text)
            if m and (t.ent_type_ == "DATE" or t.head.lower_ in ("in", "since", "of") or t.dep_ == "pobj"):
                years.append(int(m.group(1)))
        old = [y for y in years if y <= self.pub_year - _HISTORICAL_YEARS]
        return min(old) if old else None

    # ---- arguments ----------------------------------------------------------------------
    def _mentions(self, tok, *, deep: bool = True, fallback: bool = True, outside: int | None = None) -> list[Mention]:
        """Mentions naming the argument headed by ``tok`` (with its conjuncts and appositions).

        When the actor stage left the argument bare ("a Philippine resupply boat", "waters around
        Taiwan"), a state name or demonym in it, or a resolved place, stands for its state.
        """
        out: list[Mention] = []
        heads = [tok] + _conjuncts(tok)
        for c in tok.children:  # "Saudi Arabia, the UAE, Bahrain and Egypt": a list parsed as apposition
            if c.dep_ == "appos":
                heads += [c] + _conjuncts(c)
        for head in heads:
            if head.i in self.tok_mentions:
                found = self.tok_mentions[head.i]
                out.extend(found)
                # "the foreign ministers of the United States, Japan and India": one mention holds the
                # head, the rest of the list hangs off a token inside it
                for m in found:
                    span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                    for t in span or ():
                        if t.i != head.i:
                            for c in t.children:
                                if c.dep_ in ("conj", "appos") and c.i > head.i:
                                    out.extend(self._mentions(c, deep=deep, fallback=fallback))
                # "Indian and US special forces", "Japanese, American and Philippine forces": coordinated
                # state modifiers before the mention's span name partners of the same argument
                spans = [(m.start, m.end) for m in found]
                for c in head.lefts:
                    if c.dep_ not in ("amod", "nmod", "compound"):
                        continue
                    for t in (c, *c.conjuncts):
                        if t.i in self.tok_mentions and not any(a <= t.idx < b for a, b in spans):
                            out.extend(self.tok_mentions[t.i])
                continue
            if not deep:
                continue
            stack = list(head.children)
            while stack:
                t = stack.pop()
                if t.dep_ in _CLAUSE_DEPS or t.dep_ == "conj" and t.head is head:
                    continue
                if t.dep_ == "prep" and t.lower_ not in _ARG_PREPS:
                    continue
                if t.i in self.tok_mentions:
                    out.extend(self.tok_mentions[t.i])
                    stack.extend(c for c in t.children if c.dep_ in ("conj",))
                    continue
                stack.extend(t.children)
        out = _unique(out)
        if not out and deep and fallback and self.bare_ok:
            out = self._bare_states(heads, outside) or self._group(tok)
        return out

    def _bare_states(self, heads, outside: int | None = None) -> list[Mention]:
        """States named by a demonym, a state name or a resolved place inside an argument."""
        # not in a reason or time adjunct ("sanctioned a Chinese unit for buying Russian weapons" names no
        # Russia), nor in the event's own predicate ("a statement blasting America": America is no author)
        tokens, cut = [], set()
        for head in heads:
            sub = list(head.subtree)
            for t in sub:  # a cut clause's words are contiguous (projective parse), its left ones come first
                if t.i != head.i and (t.dep in _ADJUNCT_IDS or t.i == outside):  # ids: no label string built
                    cut.update(range(t.left_edge.i, t.right_edge.i + 1))
            tokens += [t for t in sub if t.i not in cut]
        return self._bare_tokens(tokens)

    def _bare_tokens(self, tokens) -> list[Mention]:
        words = _state_words()
        flag_words = self.lex.sets.get("flag_suffixes", frozenset())
        out: list[Mention] = []
        seen: set[int] = set()
        for t in tokens:
            if t.i in seen or t.i in self.water:
                continue  # "the South China Sea": no state is named
            seen.add(t.i)
            code = None
            start, end = t.idx, t.idx + len(t.text)
            nxt = t.nbor(1) if t.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.text in ("-", "–"):
                after = t.nbor(2) if t.i + 2 < len(self.doc) else None
                # "Chinese-made", "Russian-backed": not the state acting; "British-flagged": the state's ship
                if after is None or after.lower_ not in flag_words:
                    continue
            if t.i > 0 and f"{t.nbor(-1).text} {t.text}" in words:
                code = words[f"{t.nbor(-1).text} {t.text}"]
                start = t.nbor(-1).idx
            elif t.text in words:
                code = words[t.text]
            elif t.i in self.place_tok:
                p = self.place_tok[t.i]
                code, start, end = p.country, p.start, p.end
            if code and t.i > 0 and self.doc[t.i - 1].text in _SHIP_PREFIXES:
                continue  # "USS Georgia": a ship's name names no state
            if code and not any(m.code == code for m in out):
                sent = self.a.sentence_at(start)
                out.append(Mention(self.a.article.id, start, end, self.a.article.text[start:end],
                                   sentence=sent.index if sent else -1, kind="state", code=code,
                                   rule="events: state named inside the event's argument"))
        return out

    def _subject_of(self, pred):
        node = pred
        for _ in range(4):
            subs = [c for c in node.children if c.dep_ in _SUBJ]
            if subs:
                s = subs[0]
                if _relative_word(s) and node.dep_ == "relcl":
                    return node.head
                return s
            agent = [c for c in node.children if c.dep_ == "agent"]
            if agent:
                pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
                return pobj[0] if pobj else None
            if node.dep_ in ("relcl", "acl") and node.head is not node:
                if any(c.dep_ == "nsubjpass" for c in node.children):
                    return None
                return node.head
            if _finite_conjunct(node):
                # "Vilnius ordered the envoy to leave and downgraded ties": downgraded is Vilnius's act
                node = node.head.head
                continue
            if node.dep_ == "acomp" and node.head is not node:
                node = node.head  # "China was ready to stand with Russia": the adjective's subject
                continue
            if node.dep_ == "pcomp" and node.head.head is not node.head:
                node = node.head.head  # "matched the increase by raising its levies": the governor's subject
                continue
            if node.dep_ == "advcl" and node.tag_ == "VBG" and node.head.dep_ == "xcomp" and node.i > 0 \
                    and node.doc[node.i - 1].lower_ == ",":
                # "ordered China to close its consulate, accusing its staff of spying": the parser hangs the
                # comma-set participle on the ordered act, but it is the orderer's
                node = node.head.head
                continue
            if node.dep_ in ("xcomp", "conj", "advcl") and node.head is not node:
                # "urged Washington to lift": the object of the governor is the subject of lift
                if node.dep_ == "xcomp":
                    objs = [c for c in node.head.children if c.dep_ in ("dobj",)]
                    if objs:
                        return objs[0]
                node = node.head
                continue
            return None
        return None

    def _passive_patient(self, pred):
        for c in pred.children:
            if c.dep_ == "nsubjpass":
                return c
        return None

    def _actor_recipient(self, cand: _Candidate):
        rule, pred, anchor = cand.rule, cand.pred, cand.anchor
        frame = rule.frame
        actor: list[Mention] = []
        recipient: list[Mention] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in pred.children)
        agent = next((c for c in pred.children if c.dep_ == "agent"), None)
        subj = self._subject_of(pred)
        if passive and agent is None and subj is not None and subj.dep_ == "nsubjpass":
            subj = None
        if subj is not None:
            actor = self._mentions(subj, outside=pred.i)
            if not actor:
                actor = self._antecedent(subj, pred) or self._force_state(subj, pred) or self._author(subj, pred)
            if subj.dep_ == "nsubj":
                # "officials from X's office for Y and Z's ministry held talks": the parser splits a long
                # coordinated subject into two subjects of one verb; both name actors
                actor = actor + [m for o in subj.head.children if o.dep_ == "nsubj" and o is not subj
                                 for m in self._mentions(o)]
        if cand.nominal:
            noun = anchor
            sym = frame == "nominal_sym" and rule.event != "COOPERATE"
            partners: list[Mention] = []
            for c in noun.children:
                if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in self.tok_mentions:
                    actor += self.tok_mentions[c.i]
                if c.dep_ == "prep" and c.lower_ == "from" and rule.event == "RETREAT" and rule.mode == "withdraw":
                    # "its withdrawal from Afghanistan": the ground left, not a party to the withdrawal
                    recipient += [m for p in c.children for m in self._mentions(p)]
                elif c.dep_ == "prep" and c.lower_ in ("by", "between", "among", "from"):
                    actor += [m for p in c.children for m in self._mentions(p)]
                if c.dep_ == "prep" and c.lower_ == "of" and rule.event == "REQUEST" and self._at_request_of(noun):
                    actor += [m for p in c.children for m in self._mentions(p)]  # "at the request of X"
                if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS:
                    found = [m for p in c.children if p.dep_ == "pobj" for m in self._mentions(p)]
                    if sym and c.lower_ == "with":
                        partners += found
                    else:
                        recipient += found
            if not actor and any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in noun.children):
                actor = self._antecedent(noun, pred)  # "raising its levies": its = the clause's named subject
            prep = noun.head
            if prep.lower_ == "of" and prep.head.dep_ == "pobj" and _lem(prep.head) in self.lex.sets.get(
                    "duration_nouns", ()):
                prep = prep.head.head  # "after two hours of talks": the span's preposition governs
            if not actor and rule.event == "CONSULT" and pred is noun and noun.dep_ == "pobj" \
                    and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"):
                # "thanked Congress during a visit to ...", "agreed ... after talks with X": the meeting
                # in an adjunct is the governing clause's subject's
                gov = prep.head
                subj = self._subject_of(gov)
                if subj is not None:
                    actor = self._mentions(subj) or self._antecedent(subj, gov)
            if not actor and not partners and sym and rule.event == "ASSAULT" and pred is noun:
                # "a truce between X and Y took effect after days of fighting", "X declared victory over Y
                # after months of fighting": the sides of two-sided fighting are the clause's named parties
                gov, subj = self._governing_clause(noun)
                if subj is not None:
                    actor = self._mentions(subj) + [
                        m for o in [gov] + [d for d in gov.children if d.dep_ in ("dobj", "obj")]
                        for c in o.children if c.dep_ == "prep" and c.lower_ in ("over", "against", "with")
                        for p in c.children for m in self._mentions(p)]
            actor += partners
            if pred is not noun and _lem(pred) in self.lex.sets["drawn_reaction_verbs"]:
                # "tested a missile, drawing condemnation from Japan": the from-phrase speaks, the subject is
                # the one condemned
                found = [m for h in (noun, pred) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                         for p in c.children for m in self._mentions(p)]
                if found:
                    sources = {id(m) for m in found}
                    recipient += [m for m in actor if id(m) not in sources]
                    actor = _unique(found)
            if sym and pred is not noun:
                actor += [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "with"
                          for p in c.children for m in self._mentions(p)]
            if frame == "nominal_visit" and pred is not noun:
                recipient += [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "to"
                              for p in c.children for m in self._mentions(p)]
            if pred is not noun:
                preps = ("on", "against") if sym else ("on", "against", "with")
                recipient += [m for c in pred.children if c.dep_ == "prep" and c.lower_ in preps
                              for p in c.children for m in self._mentions(p)]
                recipient += [m for c in pred.children if c.dep_ == "dative" for m in self._mentions(c)]
                if passive and noun.dep_ != "nsubjpass":
                    pat = self._passive_patient(pred)
                    if pat is not None:
                        recipient += self._mentions(pat)
        else:
            objs = [c for c in pred.children if c.dep_ in _OBJ]
            if passive:
                pat = self._passive_patient(pred)
                objs = [pat] if pat is not None else []
            if frame == "host":
                actor, recipient = [m for o in objs for m in self._mentions(o)], actor
            elif frame == "receive":
                # "Ukraine received drones from Turkey": the giver is the from-phrase, the receiver the subject
                recipient = actor
                heads = [pred] + objs
                actor = [m for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                         for p in c.children for m in self._mentions(p)]
            elif frame == "give":
                recipient = [m for c in pred.children if c.dep_ == "dative" for m in self._mentions(c)]
                recipient += [m for c in pred.children if c.dep_ == "prep" and c.lower_ == "to"
                              for p in c.children for m in self._mentions(p)]
                if not recipient:
                    recipient = [m for o in objs for m in self._mentions(o, deep=False)]
            elif frame == "request":
                recipient = [m for o in objs for m in self._mentions(o)]
                if not recipient:
                    for c in pred.children:
                        if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon"):
                            recipient += [m for p in c.children for m in self._mentions(p)]
                        if c.dep_ == "ccomp":
                            s = next((x for x in c.children if x.dep_ in _SUBJ), None)
                            if s is not None:
                                recipient += self._mentions(s)
            else:
                recipient = [m for o in objs for m in self._mentions(o)]
                preps = _RECIPIENT_PREPS if frame != "visit" else frozenset({"to", "in", "at"})
                if frame == "accuse" and not passive:
                    preps = preps | {"by"}  # "denounced flyovers by US bombers"
                if frame == "symmetric":
                    preps = frozenset({"with", "alongside"})
                    # Meetings between equals: every participant is an actor (PLOVER; gold guide 2).
                    if rule.event != "COOPERATE":
                        actor = actor + recipient
                        recipient = []
                        for c in pred.children:
                            if c.dep_ == "prep" and c.lower_ in preps:
                                actor += [m for p in c.children if p.dep_ == "pobj" for m in self._mentions(p)]
                        preps = frozenset()
                for c in pred.children:
                    if c.dep_ in ("prep", "prt") and c.lower_ in preps:
                        recipient += [m for p in c.children if p.dep_ in ("pobj", "pcomp") for m in self._mentions(p)]
                if frame == "summon" and not recipient:
                    recipient = [m for o in objs for m in self._mentions(o)]
        if not recipient and frame in ("threaten", "reject", "agree") and cand.consumed:
            # "threatened to expel Japanese diplomats": the target sits in the complement
            for comp in cand.consumed:
                for c in comp.children:
                    if c.dep_ in ("dobj", "dative"):
                        recipient += self._mentions(c)
                    elif c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS:
                        recipient += [m for p in c.children for m in self._mentions(p)]
        if not recipient and frame == "accuse" and not cand.nominal:
            recipient = self._object_antecedent(pred, objs) or self._act_doer(pred, actor)
        if not recipient and not cand.nominal and frame not in ("host", "symmetric", "request"):
            recipient = self._object_partners(pred, frame)
        if not recipient and rule.event in _TARGETED_TYPES:
            recipient = self._target_place(pred, anchor, actor)
        if not recipient and rule.event == "RETREAT" and rule.mode == "withdraw" and not cand.nominal:
            # "withdrew its troops from southern Lebanon": the state whose ground is left is the one the
            # retreat is toward; the actor's own places are filtered out below
            recipient = [m for h in [pred] + objs for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                         for p in c.children if p.dep_ == "pobj" for m in self._mentions(p)]
        if not recipient and frame not in ("symmetric", "nominal_sym", "agree") and rule.event not in _UNDIRECTED:
            recipient = self._clause_others(cand, actor)
        if not recipient and actor and rule.event not in _UNDIRECTED and frame not in ("symmetric", "nominal_sym"):
            recipient = self._sole_other(anchor.sent, actor)
        if not actor and rule.event == "PROTEST":
            # "Protests erupted across Iran": civilians protesting in a state act for it
            actor = self._bare_tokens(self._clause_tokens(pred, anchor))[:1]
            if not actor:
                # "resigned after weeks of student protests", "police fired on protesters": where the
                # sentence names one state only, the protesters are its people (guide 2, within-state)
                states = [m for t in anchor.sent for m in self.tok_mentions.get(t.i, ())
                          if m.code and m.code not in _NON_STATE_CODES]
                if len({m.code for m in states}) == 1:
                    actor = states[:1]
        if not recipient and rule.mode == "third-party" and not cand.nominal:
            if not actor:
                actor = self._hyphen_agent(pred)
            recipient = self._mediated_parties(pred)
        domestic = not recipient and actor and self._domestic(rule, pred, anchor)
        actor = _unique(actor)
        ids = {id(m) for m in actor}
        recipient = [m for m in _unique(recipient) if id(m) not in ids and m.text.lower() not in _POSSESSIVE_PRONOUNS]
        own = {m.code for m in actor}
        if any(m.code not in own for m in recipient):
            # "recalled its ambassadors to Washington": the actor's own envoys are not the target
            recipient = [m for m in recipient if m.code not in own]
        elif recipient and own and {m.code for m in recipient} <= own and rule.event not in _UNDIRECTED \
                and rule.event != "COOPERATE" and frame not in ("symmetric", "nominal_sym") \
                and not self._domestic(rule, pred, anchor):
            # "recalled its navy commander from his US visit", "cancelled a meeting between the Chinese navy
            # chief and his American counterpart": the actor's own side named in the object is not the
            # target when the clause names another state; with none, the same-state dyad stands (domestic)
            others = self._clause_others(cand, actor)
            if others:
                recipient = list({m.code: m for m in reversed(others)}.values())[::-1]  # one per state
        if rule.event == "MOBILIZE" and rule.mode == "weapons" and recipient and {m.code for m in recipient} <= own:
            # "put its navy on alert", "deployed missiles to its own island": a weapons move aimed at no other
            # state has no recipient (guide 3 MOBILIZE); troops and police sent into the own state's streets
            # are within-state (guide 2)
            recipient = []
        if domestic:
            recipient = list(actor)  # police vs protesters, a state arresting its own critics (guide 2)
        return actor, recipient

    def _mediated_parties(self, pred) -> list[Mention]:
        """"a ceasefire between Israel and Iran brokered by Washington", "agreed ... in a deal brokered by
        China": the parties of a brokered deal are its between-phrase, or the subject of the clause
        that reports the deal (mediation: the parties are recipients; gold guide 2)."""
        noun = pred.head
        if pred.dep_ not in ("acl", "relcl", "amod") or noun.pos_ not in ("NOUN", "PROPN"):
            return []
        found = [m for c in noun.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                 for p in c.children for m in self._mentions(p)]
        if found:
            return found
        gov = noun.head.head if noun.dep_ == "pobj" else noun.head
        if noun.dep_ in ("dobj", "pobj", "nsubjpass") and gov is not noun:
            subj = self._subject_of(gov)
            if subj is not None:
                return self._mentions(subj)
        return []

    def _sole_other(self, sent, actor) -> list[Mention]:
        """When a sentence names only one state besides the actor, a directed act with no target in
        its own clause is aimed at it ("Kyiv complained that the boats had been stripped", after
        "Russia handed back the vessels")."""
        own = {m.code for m in actor}
        # "took part in an operation with Japan and flew over the sea": a partner is no target
        partners = self._partners.get(sent.start)
        if partners is None:  # once per sentence
            low = self.text[sent.start_char:sent.end_char].lower()
            partners = self._partners[sent.start] = set() if "with" not in low and "alongside" not in low else {
                t.i for w in sent if w.dep_ == "prep" and w.lower_ in ("with", "alongside")
                and self._cooperative(w.head) for p in w.children if p.dep_ == "pobj" for t in p.subtree}
        found = [m for t in sent if t.i not in partners for m in self.tok_mentions.get(t.i, ())
                 if m.code and m.code not in own and m.text.lower() not in _POSSESSIVE_PRONOUNS]
        if not found and self.bare_ok:
            found = [m for m in self._bare_tokens([t for t in sent if t.i not in partners]) if m.code not in own]
        codes = {m.code for m in found}
        if len(codes) != 1:
            return []
        return _unique(found)[:1]

    def _cooperative(self, tok) -> bool:
        """The word can code a joint act (talks, a call, a combined operation, drills, an agreement)."""
        table = self.lex.verbs if tok.pos in (VERB, AUX) else self.lex.nouns
        return any(r.event in _PARTNER_TYPES for r in table.get(self._lemma(tok), ()))

    def _domestic(self, rule: Rule, pred, anchor) -> bool:
        """Within-state events: civil dissent, and repression or force aimed at civilians."""
        if rule.event == "PROTEST":
            return True
        if rule.event == "COERCE" and rule.mode in self.lex.sets.get("domestic_modes", ()):
            return True
        heads = [pred] if pred is anchor else [pred, anchor]
        objs = [o for h in heads for o in _objects(h)]
        if rule.event in ("COERCE", "ASSAULT"):
            civ = self.lex.sets.get("civilians", frozenset()) - {"#demonym"}
            if _has_lemma(objs, civ):
                return True
        if rule.event in ("COERCE", "ASSAULT", "CONCEDE") or rule.mode in ("convict", "release"):
            # "Lukashenko pardoned 18 people", "the guard detained President Bazoum": acts on people
            # of no other named state fall on the actor's own state (the caller saw no other state)
            people = self.lex.sets.get("people", frozenset())
            return any(t.ent_type_ == "PERSON" for o in objs for t in o.subtree) or _has_lemma(objs, people)
        return False

    def _antecedent(self, subj, pred) -> list[Mention]:
        """A pronoun subject ("Moscow said it was suspending", "its coast guard") stands for the
        named subject of a governing clause in the same sentence (gold guide 2: antecedent in the
        sentence)."""
        pron = subj if subj.lower_ in _SUBJECT_PRONOUNS else next(
            (c for c in subj.children if c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS), None)
        if pron is None:
            return []
        node = pred
        for _ in range(6):
            if node.head is node:
                break
            node = node.head
            for c in node.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < pred.i and c.pos_ != "PRON":
                    found = self._mentions(c)
                    if found:
                        return found
        return []

    def _force_state(self, subj, pred) -> list[Mention]:
        """The state of an unnamed military subject ("the heavy bombers", "the military"): in reported
        speech the speaker's ("The Pentagon said the bombers had flown ..."), else that of the nearest
        earlier mention of the same kind of force in the article ("US B-52 bombers ... the bombers")."""
        lemma = subj.lemma_.lower()
        if lemma not in self._forces() or subj.i in self.tok_mentions:
            return []
        node = pred
        for _ in range(5):
            if node.head.i == node.i or node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "parataxis"):
                break
            node = node.head
            if node.lemma_.lower() in self.lex.speech_verbs:
                speaker = self._subject_of(node)
                found = [] if speaker is None else [
                    m for m in self._mentions(speaker) or self._antecedent(speaker, node) if m.code]
                if found:
                    return found
                break
        if self._lemma_ids is None:
            self._lemma_ids = self.doc.to_array(LEMMA).tolist()
        ids, pos = self._lemma_ids, self._pos
        for i in range(subj.i - 1, -1, -1):
            if ids[i] == subj.lemma and pos[i] == NOUN:  # ids: no Token is built per word scanned
                found = [m for m in self._mentions(self.doc[i]) if m.code]
                if found:
                    return found[:1]
        return []

    def _author(self, subj, pred) -> list[Mention]:
        """"issued a statement blasting America", "tabled a motion condemning ...": the act of a text is
        that of whoever issued it (the subject of the verb the text is the object of); "X and Y were
        among the nations that declined ...": the act of the group is that of its members named."""
        if subj.dep_ == "pobj" and subj.head.lower_ == "among" and pred.dep_ == "relcl" and subj.i == pred.head.i:
            # "Fiji and Samoa were among the nations that declined": the members named are the actors
            gov = subj.head.head
            members = next((c for c in gov.children if c.dep_ == "nsubj"), None)
            return self._mentions(members) if members is not None else []
        if pred.dep_ != "acl" or subj.i != pred.head.i or subj.dep_ not in ("dobj", "obj"):
            return []
        sets = self.lex.sets
        texts = sets.get("document_nouns", frozenset()) | sets.get("agreement", frozenset())
        if subj.lemma_.lower() not in texts and subj.ent_type_ == "" and pred.tag_ == "VBG" and any(
                r.frame in _SPEECH_FRAMES for r in self.lex.verbs.get(self._lemma(pred), ())):
            texts = texts | {subj.lemma_.lower()}  # "issued guidelines threatening ...": a text that speaks
        if subj.lemma_.lower() not in texts:
            return []
        gov = subj.head
        issuer = self._subject_of(gov)
        if issuer is None or issuer.dep_ == "nsubjpass":
            return []
        return self._mentions(issuer) or self._antecedent(issuer, gov)

    def _group(self, tok) -> list[Mention]:
        """"both countries", "the two sides", "the three countries": the states last named before the
        phrase, as many as it counts ("the sides" and "the parties" are two)."""
        if tok.tag != _NNS or tok.lemma_.lower() not in _GROUP_NOUNS:
            return []
        count = next((_GROUP_COUNTS[c.lower_] for c in tok.children if c.lower_ in _GROUP_COUNTS), None)
        if count is None and tok.lemma_.lower() in ("side", "party") and any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            count = 2
        if count is None:
            return []
        found: dict[str, Mention] = {}
        # "China urges the three countries": the clause's own subject is not one of them
        skip = {t.i for c in tok.head.children if c.dep_ in _SUBJ and c.i != tok.i for t in c.subtree}
        own = {m.code for i in skip for m in self.tok_mentions.get(i, ())}
        if self._state_toks is None:  # once per article: where a state name or demonym stands bare
            ids = _state_word_ids()  # by ORTH id: no Token is built per word
            self._state_toks = {i for i, h in enumerate(self.doc.to_array(ORTH).tolist()) if h in ids}
            self._state_toks |= set(self.place_tok)
        for i in range(tok.i - 1, -1, -1):
            if i in skip:
                continue
            found_here = self.tok_mentions.get(i)
            if not found_here and self.bare_ok and i in self._state_toks:
                found_here = self._bare_tokens([self.doc[i]])
            for m in found_here or ():
                if m.code and m.code not in found and m.code not in own and m.text.lower() not in _POSSESSIVE_PRONOUNS:
                    found[m.code] = m
            if len(found) >= count:
                break
        return list(found.values())[:count] if len(found) >= count else []

    def _forces(self) -> frozenset[str]:
        if self._force_words is None:
            sets = self.lex.sets
            self._force_words = (sets.get("hardware", frozenset()) | sets.get("troops", frozenset())
                                 | _STATE_FORCES) - _NON_STATE_FORCES
        return self._force_words

    def _clause_others(self, cand: _Candidate, actor) -> list[Mention]:
        """The target named anywhere in the event's own clause when no argument slot names one:
        a possessor or complement of the object ("dismissed Beijing's claim", "suspended imports
        from the island"), an adjunct ("in protest against the Russian occupation")."""
        own = {m.code for m in actor}
        clause = sorted(self._clause_tokens(cand.pred, cand.anchor), key=lambda t: t.i)
        subj = self._subject_of(cand.pred)
        skip = {t.i for t in subj.subtree} if subj is not None else set()
        out: list[Mention] = []
        for t in clause:
            if t.i in skip:
                continue
            for m in self.tok_mentions.get(t.i, ()):
                if m.code and m.code not in own and m.text.lower() not in _POSSESSIVE_PRONOUNS:
                    out.append(m)
        if not out and self.bare_ok:
            out = [m for m in self._bare_tokens([t for t in clause if t.i not in skip]) if m.code not in own]
        return _unique(out)

    def _object_antecedent(self, pred, objs) -> list[Mention]:
        """"expelled the Australian envoy, accusing him of spying": the object pronoun of a participle
        stands for the governing clause's object (gold guide 2: antecedent in the sentence)."""
        if pred.dep_ != "advcl" or not any(o.lower_ in _OBJECT_PRONOUNS for o in objs):
            return []
        return [m for o in pred.head.children if o.dep_ in ("dobj", "obj") for m in self._mentions(o)]

    def _act_doer(self, pred, actor) -> list[Mention]:
        """"sold missiles to Georgia, a move Moscow denounced": the condemned act is the main clause's, so its
        doer is the target (an act noun in apposition or an adjunct, the speech act in its relative clause)."""
        noun = pred.head
        if pred.dep_ not in ("relcl", "acl") or _lem(noun) not in self.lex.sets["act_nouns"] or noun.dep_ not in (
                "dobj", "npadvmod", "appos", "pobj", "attr"):
            return []
        subj = self._governing_clause(noun)[1]
        if subj is None:
            return []
        own = {m.code for m in actor}
        return [m for m in self._mentions(subj) if m.code not in own]

    def _governing_clause(self, noun):
        """The verb a noun phrase hangs under and that verb's subject, (verb, None) when it has none or the
        noun is part of it: "X declared victory over Y after months of fighting" -> (declared, X)."""
        gov = noun.head
        while gov.pos_ not in ("VERB", "AUX") and gov.head is not gov:
            gov = gov.head
        subj = self._subject_of(gov) if gov.pos_ in ("VERB", "AUX") else None
        return gov, (None if subj is None or noun in subj.subtree else subj)

    def _object_partners(self, pred, frame: str) -> list[Mention]:
        """The target hung off the object ("cut ties with Qatar") or shared with a coordinated verb
        ("fired on and seized three Ukrainian vessels")."""
        objs = [c for c in pred.children if c.dep_ in ("dobj", "obj")]
        if not objs:
            for c in pred.children:
                if c.dep_ == "conj" and c.pos_ == "VERB":
                    objs = [o for o in c.children if o.dep_ in ("dobj", "obj")]
                    if objs:
                        found = [m for o in objs for m in self._mentions(o)]
                        if found:
                            return found
            return []
        out = []
        for o in objs:
            for c in o.children:
                if c.dep_ == "prep" and c.lower_ in ("with", "on", "against", "to", "toward", "towards", "from", "for"):
                    out += [m for p in c.children if p.dep_ == "pobj" for m in self._mentions(p)]
        return out

    def _target_place(self, pred, anchor, actor) -> list[Mention]:
        """The state a show of force or an attack is aimed at, read off its locative phrase."""
        own = {m.code for m in actor}
        heads = [pred] if pred is anchor else [pred, anchor]
        heads += [c for h in list(heads) for c in h.children if c.dep_ in ("dobj", "obj")]
        for h in heads:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found = [m for m in self._mentions(p) if m.code and m.code not in own]
                            if found:
                                return found
        return []

    def _meeting_roles(self, cand: _Candidate, actor, recipient):
        """Meetings: three or more parties are multilateral; two parties meeting in one side's
        country is a visit by the other (gold guide 2-3)."""
        people = actor + recipient
        codes = {m.code for m in people if m.code}
        if len(codes) >= 3:
            return actor, recipient, "multilateral"
        if len(codes) == 2 and cand.rule.frame in ("symmetric", "nominal_sym"):
            place = self._event_loc(cand)
            host = place.country if place is not None else None
            if host in codes:
                return ([m for m in people if m.code != host], [m for m in people if m.code == host], "visit")
        return actor, recipient, None

    def _complement_mode(self, event: str, cand: _Candidate) -> str | None:
        table = self.lex.complement_modes.get(event)
        if not table:
            return None
        for comp in cand.consumed:
            for t in [comp] + [c for c in comp.children if c.dep_ in ("dobj", "pobj")]:
                mode = table.get(t.lemma_.lower())
                if mode:
                    return mode
            for t in comp.subtree:
                mode = table.get(t.lemma_.lower())
                if mode:
                    return mode
        return self.lex.complement_default.get(event)

    # ---- dates and places ----------------------------------------------------------------
    def _event_date(self, clause_ids: set[int], anchor, hist_year: int | None, sent_index: int):
        if _dates_helper is not None and any(d.date for d in self.dates_in.get(sent_index, ())):
            return _dates_helper(self.a, sent_index, anchor.idx, anchor.idx + len(anchor.text))
        pub = self.a.article.published
        best: TimeExpr | None = None
        near = self.dates_in.get(sent_index, []) + self.dates_in.get(-1, [])
        for d in near:
            if not d.date:
                continue
            span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None or not any(t.i in clause_ids for t in span):
                continue
            if best is None or abs(d.start - anchor.idx) < abs(best.start - anchor.idx):
                best = d
        if best is not None:
            return best.date, best.end_date, best.precision, "text"
        if hist_year is not None:
            return f"{hist_year}-01-01", f"{hist_year}-12-31", "year", "text"
        if pub:
            return pub, None, "day", "publication"
        return None, None, None, "none"

    def _event_loc(self, cand: _Candidate) -> Place | None:
        if not self.places:
            return None
        heads = [cand.pred] if cand.pred is cand.anchor else [cand.pred, cand.anchor]
        spans = []
        for h in heads:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in _LOC_PREPS:
                    sub = list(c.subtree)
                    spans.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
        sent = self.a.sentence_at(cand.anchor.idx) if spans else None
        pool = self.places_in.get(sent.index, []) + self.places_in.get(-1, []) if sent is not None else []
        for p in pool:
            if any(s <= p.start and p.end <= e for s, e in spans):
                return p
        return None

    # ---- assembly -----------------------------------------------------------------------
    def _contexts(self, rule: Rule, sent) -> list[str]:
        found = list(rule.context)
        lemmas = self._sent_lemmas.get(sent.start)
        if lemmas is None:  # once per sentence, not once per event; from lemma ids, with no Token built
            if self._lemma_ids is None:
                self._lemma_ids = self.doc.to_array(LEMMA).tolist()
            strings = self.doc.vocab.strings
            lemmas = self._sent_lemmas[sent.start] = {
                strings[h].lower() for h in set(self._lemma_ids[sent.start:sent.end])}
        for ctx, words in self.lex.contexts.items():
            if ctx not in found and not lemmas.isdisjoint(words):
                found.append(ctx)
        return found

    def _event(self, cand: _Candidate, sent_rec, sent) -> Event | None:
        rule, anchor, pred = cand.rule, cand.anchor, cand.pred
        event, mode = rule.event, rule.mode
        if mode is None and cand.consumed and not rule.fixed_mode:
            mode = self._complement_mode(event, cand)
        elif mode is None and cand.nominal and event in ("THREATEN", "REQUEST"):  # "a call for the release"
            table = self.lex.complement_modes.get(event, {})
            mode = next((table[t.lemma_.lower()] for t in anchor.subtree if t.lemma_.lower() in table), None)
        actor, recipient = self._actor_recipient(cand)
        if not actor and event == "ASSAULT" and rule.frame == "nominal_sym":
            return None  # "as fighting resumed in Tigray": fighting with no side named is not coded (guide 4)
        hypothetical = rule.event != "THREATEN" and self._hypothetical(pred)
        future = self._future(pred, cand)
        clause = self._clause_tokens(pred, anchor)
        hist_year = self._historical_year(clause, sent)
        low = self._sent_low.get(sent.start)
        if low is None:  # once per sentence, not once per event
            low = self._sent_low[sent.start] = self.text[sent.start_char:sent.end_char].lower()
        historical = hist_year is not None or any(p in low for p in self.lex.historical_phrases)
        if not historical and _pluperfect(pred) and not _under_speech(pred, self.lex):
            historical = True
        rule_id = rule.rule
        if event == "CONSULT" and mode is None:
            actor, recipient, mode = self._meeting_roles(cand, actor, recipient)
        if future and event == "AID" and any(t.ent_type_ == "MONEY" or t.lemma_.lower() in _CURRENCIES for t in clause):
            pass  # an announced aid package with a stated value is AID, flagged future (guide 3)
        elif future and event == "SUPPORT" and _lem(anchor) in self.lex.sets["stance_verbs"]:
            future = False  # "Turkey would stand with Azerbaijan": solidarity declared now, not a promised act (guide 3)
        elif future and event in _COOPERATION and not cand.negated and not hypothetical:
            # PLOVER: future consultation, support, cooperation and aid are AGREE.
            event, mode, rule_id = "AGREE", None, rule.rule + "+future"
        elif future and event == "RETREAT" and not cand.negated and not hypothetical:
            # An announced future retreat is a verbal concession (PLOVER CONCEDE).
            event, mode, rule_id = "CONCEDE", None, rule.rule + "+future"
        negated = cand.negated
        if negated and hypothetical and event in _REFUSABLE and self._refusal(pred) and not self._possible_only(pred):
            hypothetical = False  # "would not free the hostages unless ...": a conditioned refusal is a refusal
        if negated and not hypothetical and event in _REFUSABLE and self._refusal(pred):
            # "would not back down", "will never negotiate": a stated refusal is REJECT (guide 5)
            mode = self.lex.complement_modes.get("REJECT", {}).get(anchor.lemma_.lower()) or _REFUSAL_MODE.get(event)
            if rule.frame in ("symmetric", "nominal_sym"):
                # the refuser acts; the partner it refuses ("would not negotiate with X") is the target
                subj = self._subject_of(pred)
                own = {m.code for m in (self._mentions(subj) or self._antecedent(subj, pred))} if subj is not None else set()
                if own:
                    recipient = [m for m in actor + recipient if m.code not in own]
                    actor = [m for m in actor if m.code in own]
            event, negated, rule_id = "REJECT", False, rule_id + "+refusal"
        if event in ("ASSAULT", "COERCE") and (future or hypothetical) and not negated and actor \
                and self._promised(pred) and (event == "ASSAULT" or mode == "seize"):
            # "said they would target any US-linked ship", "would get Greenland one way or the other": a
            # force or seizure the actor commits itself to is a threat (gold guide 3, THREATEN)
            event, mode = "THREATEN", ("violence" if event == "ASSAULT" else "territory")
            hypothetical, rule_id = False, rule_id + "+promise"
        elif event == "SANCTION" and (future or hypothetical) and not negated and actor and self._promised(pred) \
                and any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
                        for c in pred.children):
            # "would sanction the speaker if he went ahead with the meeting": a sanction promised on a
            # condition is a threat, not an announced sanction (gold guide 3, THREATEN; 5: not hypothetical)
            event, mode = "THREATEN", _THREAT_MODE.get(mode)
            hypothetical, future, rule_id = False, False, rule_id + "+conditional"
        if event in ("AGREE", "CONCEDE", "THREATEN", "REJECT"):
            future = False  # the type already encodes it
        if event == "MOBILIZE" and cand.nominal and anchor.lemma_.lower() in self.lex.sets.get("joint_nouns", ()) \
                and len({m.code for m in actor}) > 1:
            # "The US, Japan and South Korea held exercises": several states drilling together is joint
            event, mode, rule_id, recipient = "COOPERATE", None, rule_id + "+joint", []
            if future and not cand.negated and not hypothetical:
                event, rule_id, future = "AGREE", rule_id + "+future", False
        if event == "COOPERATE" and cand.nominal and not recipient and len({m.code for m in actor}) == 1 \
                and rule.mod is not None and anchor.lemma_.lower() in self.lex.sets.get("joint_nouns", ()):
            # "China announced joint air and sea patrols": one state's forces acting jointly is no partnership
            event, mode, rule_id = "MOBILIZE", "weapons", rule_id + "+single"
        if event == "COOPERATE" and not recipient and len(actor) > 1:
            # "X and Y held joint drills": each side is the other's partner (gold guide 2).
            recipient = list(actor)
        if not actor and event in _SPEECH_NEEDS_ACTOR:
            # "Western governments condemned ...", "industry groups warned ...": a statement with no state
            # actor named is not coded (gold guide 6: regional constructs, individuals with no state role)
            return None
        etype = self.onto.types[event]
        if mode is not None and mode not in etype.modes:
            mode = None
        date, end_date, precision, date_from = self._event_date({t.i for t in clause}, anchor, hist_year, sent_rec.index)
        confidence = 0.9 if not cand.nominal else 0.75
        if not actor:
            confidence -= 0.25
        if etype.recipient_required and not recipient:
            confidence -= 0.15
        anchor_text = anchor.text
        art = self.a.article
        eid = _short_id(f"{art.id}:{anchor.idx}:{anchor.idx + len(anchor_text)}:{event}")
        cameo = self.onto.cameo_for(event, mode)
        ev = Event(
            id=eid, article_id=art.id, event=event, sentence=sent_rec.index,
            start=sent_rec.start, end=sent_rec.end,
            anchor_start=anchor.idx, anchor_end=anchor.idx + len(anchor_text), anchor_text=anchor_text,
            mode=mode, context=self._contexts(rule, sent), actor=actor, recipient=recipient,
            date=date, end_date=end_date, date_precision=precision, date_from=date_from,
            event_loc=self._event_loc(cand),
            negated=negated, hypothetical=hypothetical, future=future, historical=historical,
            confidence=round(max(confidence, 0.05), 2), rule=rule_id,
            cameo=cameo, goldstein=self.onto.cameo[cameo].goldstein, quad=etype.quad,
            intensity=self.onto.intensity_for(event, mode),
        )
        ev.explanation = _explain(ev, pred if pred is not anchor else None)
        return ev


# ---- helpers ---------------------------------------------------------------------------
def _drop_elaborations(coded):
    """"condemned the drills, calling them a provocation": a participle that restates the act of
    its governing verb is the same event, not a second one; so is a purpose infinitive of the
    same type ("held phone talks to discuss maritime safety")."""
    out = []
    for c, ev in coded:
        restates = c.pred.dep_ == "advcl" and c.pred.tag_ == "VBG"
        purpose = c.pred.dep_ in ("advcl", "xcomp") and any(t.tag_ == "TO" for t in c.pred.children)
        # ("called Israel a terror state, accusing it of war crimes": an allegation after a condemnation
        # adds a charge, a second ACCUSE of another mode)
        if (restates or purpose) and any(
                o.pred.i == c.pred.head.i and other.event == ev.event
                and not (ev.event == "ACCUSE" and ev.mode == "allege" and other.mode == "disapprove")
                for o, other in coded if other is not ev):
            continue
        # "blocked highways, demanding fresh elections": what protesters demand is the protest's aim
        if ev.event == "REQUEST" and c.pred.dep_ in ("advcl", "xcomp", "conj") and any(
                o.pred.i == c.pred.head.i and other.event == "PROTEST" for o, other in coded):
            continue
        # "export controls cutting China off": a participle on an event noun describes that same event
        if not c.nominal and c.pred.dep_ == "acl" and any(
                o.anchor.i == c.pred.head.i and other.event == ev.event for o, other in coded if other is not ev):
            continue
        out.append((c, ev))
    return out


def _share_targets(coded) -> None:
    """Coordinated verbs of one subject share its target: "expelled ten Russian diplomats and
    sanctioned dozens of companies" sanctions Russia too."""
    for c, ev in coded:
        if ev.recipient or ev.event in _UNDIRECTED or c.nominal:
            continue
        own = {m.code for m in ev.actor}
        for o, other in coded:
            if other is ev or o.nominal or not other.recipient:
                continue
            if (c.pred.dep_ == "conj" and c.pred.head.i == o.pred.i) or (o.pred.dep_ == "conj" and o.pred.head.i == c.pred.i):
                if {m.code for m in other.actor} == own:
                    ev.recipient = [m for m in other.recipient if m.code not in own]
                    break


@functools.lru_cache(maxsize=1)
def _state_words() -> dict[str, str]:
    """Surface form -> ISO3 for state names and demonyms (from the actor knowledge base)."""
    if _load_kb is None:
        return {}
    try:
        kb = _load_kb()
    except Exception:  # noqa: BLE001 - a broken KB must not stop event coding
        return {}
    out: dict[str, str] = {}
    for state in kb.states.values():
        for word in (*state.aliases, *state.adjectives):
            if word and word[:1].isupper():
                out.setdefault(word, state.code)
    return out


def _water_tokens(doc, text: str) -> frozenset[int]:
    """Indices of the tokens of sea, strait and gulf names: "the South China Sea", "Taiwan Strait",
    "Sea of Japan", "Strait of Hormuz" (not "Gulf states" or "the Gulf Cooperation Council")."""
    matches = list(_WATER.finditer(text)) if len(doc) else ()
    if not matches:
        return frozenset()
    out: set[int] = set()
    n = len(doc)
    for match in matches:
        span = doc.char_span(match.start(), match.end())  # None inside a longer word
        if span is None or len(span) != 1:
            continue
        tok = span[0]
        name = [tok.i]
        j = tok.i + 1
        if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].text[:1].isupper():
            name.append(j)  # "Sea of Japan"
            j += 1
            while j < n and doc[j].text[:1].isupper() and not doc[j].is_sent_start:
                name.append(j)
                j += 1
        elif j < n and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            continue  # "Gulf Cooperation Council": the word starts some other name
        k = tok.i - 1
        while k >= 0 and doc[k].text[:1].isupper() and doc[k].pos_ in ("PROPN", "ADJ", "NOUN") \
                and not doc[k + 1].is_sent_start:
            name.append(k)
            k -= 1
        if len(name) > 1:
            out.update(name)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _state_word_ids() -> frozenset[int]:
    """String ids of the single words among the state names and demonyms."""
    return frozenset(get_string_id(w.split()[-1]) for w in _state_words())  # "States" of "United States" too


def _year_of(date: str | None) -> int | None:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _objects(tok) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in _OBJ or c.dep_ in ("nsubjpass", "dative"):
            out.append(c)
        elif c.dep_ in ("prep", "prt", "agent"):
            out.extend(p for p in c.children if p.dep_ in ("pobj", "pcomp"))
    return out


def _lem(tok) -> str:
    """The token's lemma, with the model's known lemmatiser slips mended ("staged" -> "stag")."""
    lemma = tok.lemma_.lower()
    return _LEMMA_FIXES.get(lemma, lemma) if tok.pos_ in ("VERB", "AUX") else lemma


def _relativised_object(tok, dobjs):
    """The noun a relative or participle clause is about, when it is the clause's object: "the pact
    that Putin and Kim signed", "the asylum it had granted", "a ban imposed in 2006"."""
    head = tok.head
    if head is tok or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return head
    if tok.dep_ == "relcl" and all(_relative_word(d) for d in dobjs) and any(
            c.dep_ == "nsubj" and not _relative_word(c) for c in tok.children):
        return head
    return None


def _done_mediation(c, brokered_nouns) -> bool:
    """"agreed to a truce brokered by Egypt", "agreed to an Egyptian-brokered truce": the brokering
    participle on the agreed noun reports mediation that already took place, not part of the promise."""
    return c.rule.event == "CONSULT" and c.rule.mode == "third-party" and not c.nominal \
        and c.anchor.tag_ == "VBN" and c.anchor.dep_ in ("acl", "amod") and _lem(c.anchor.head) in brokered_nouns


def _relative_word(tok) -> bool:
    return tok.tag_ in ("WDT", "WP") or tok.lower_ in ("that", "which", "who", "whom")


def _complement_tokens(comp) -> list:
    """The tokens a framing verb consumes through its complement. A finite verb the parser hung as a
    conjunct of an infinitive ("ordered the envoy to leave and downgraded ties") is a second act of
    the governing subject, not part of the complement."""
    out = []
    stack = [comp]
    while stack:
        t = stack.pop()
        if t is not comp and _finite_conjunct(t):
            continue
        if t is not comp and t.dep_ == "prep" and t.lower_ in _TIME_PREPS:
            continue  # "agreed to cut the gas price after talks with X": the talks are no part of the promise
        if t is not comp and t.dep_ == "prep" and t.lower_ == "at" and any(
                c.dep_ == "poss" for p in t.children if p.dep_ == "pobj" for c in p.children):
            continue  # "agreed to curb the trade at their meeting": the meeting is being held, not promised
        if t is not comp and t.dep_ == "relcl" and any(c.dep_ == "nsubj" and not _relative_word(c) for c in t.children):
            continue  # "to protest a pact that Putin and Kim had signed": a named party's act, asserted as fact
        if t is not comp and t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _UNPROMISED_MARKS
                                                        for m in t.children):
            # "threatened to cut gas if the EU imposed sanctions": the condition is coded, flagged (guide 5);
            # "vowed to fight after Trump threatened tariffs": a time adjunct is asserted (guide 4)
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _finite_conjunct(tok) -> bool:
    return (tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ", "VBP") and tok.head.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.head.children))


def _subjects(tok) -> list:
    return [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]


def _shared_subjects(tok) -> list:
    """The verb's subjects, or those of the verb it is coordinated with when it has none of its own:
    "the bombers had taken part in drills and had flown over the sea" (flown's subject is the bombers)."""
    for _ in range(3):
        subs = _subjects(tok)
        if subs or tok.dep_ != "conj" or tok.head.pos_ not in ("VERB", "AUX"):
            return subs
        tok = tok.head
    return []


_SWAP_RULES = frozenset({"swap.verb", "prisoner_swap.noun", "prisoner_exchange.noun"})


def _swap_sides(ev: Event) -> list[Event]:
    """"Russia and Ukraine swapped prisoners": each side of a swap frees the other's people, one
    event per side (gold guide 3, RETREAT release)."""
    codes = sorted({m.code for m in ev.actor if m.code})
    if ev.event != "RETREAT" or ev.rule.split("+")[0] not in _SWAP_RULES or len(codes) < 2:
        return [ev]
    out = []
    for code in codes:
        side = _dc_replace(ev, id=_short_id(f"{ev.id}:{code}"),
                           actor=[m for m in ev.actor if m.code == code],
                           recipient=[m for m in ev.actor if m.code and m.code != code])
        out.append(side)
    return out


def _short_id(key: str) -> str:
    """An event id: stable across runs, so re-coding an article gives the same ids."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _particle_on_number(verb, prt: str) -> bool:
    """"handed over 32 prisoners": the parser reads the particle as "more than" on the count; the word
    right after the verb, modifying a number, is still the verb's particle."""
    doc = verb.doc
    if verb.i + 2 >= len(doc):
        return False
    nxt = doc[verb.i + 1]
    return nxt.lower_ == prt and nxt.dep_ == "quantmod" and nxt.head.like_num and nxt.head.i == verb.i + 2


def _has_lemma(tokens, words: frozenset[str]) -> bool:
    demonyms = "#demonym" in words  # "barred all Malaysians": a plural demonym names a state's people
    states = "#state" in words  # "banned 59 Chinese apps": any state name or demonym in the argument
    for tok in tokens:
        for t in tok.subtree:
            if t.lemma_.lower() in words or t.lower_ in words:
                return True
            if demonyms and t.tag_ in ("NNS", "NNPS") and t.text in _state_words():
                return True
            if states and t.text in _state_words():
                return True
    return False


def _conjuncts(tok) -> list:
    return [c for c in tok.conjuncts if c.i > tok.i]


def _complements(tok, frame: str) -> list:
    """Complement clauses a framing verb consumes (accuse X of Z; urge X to Z; agree to Z)."""
    out = []
    kids = list(tok.children)
    has_obj = any(c.dep_ == "dobj" for c in kids)
    for c in kids:
        if c.dep_ in ("xcomp", "ccomp"):
            if c.i < tok.i and has_obj:
                continue  # "X blamed Y; Z denied any role": a clause before a verb with its own object is no complement
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for", "over", "to", "on", "with"):
            if frame == "accuse" and c.lower_ not in ("of", "for", "over"):
                continue
            if frame == "request" and c.lower_ not in ("for", "on"):
                continue
            out.extend(p for p in c.children if p.dep_ in ("pobj", "pcomp"))
        elif c.dep_ == "dobj" and frame in ("threaten", "reject", "accuse", "request"):
            out.append(c)  # the object of a condemnation, denial or threat is not coded (guide 4)
        elif c.dep_ == "advcl" and frame in ("summon", "request", "threaten") and any(
                a.tag_ == "TO" for a in c.children):
            # "summoned the envoy to protest X" (a purpose, not "after X scolded Y"); "called on Nicaragua
            # to free jailed critics", "gave Seoul 48 hours to dismantle the loudspeakers", which the parser
            # reads as purpose clauses: demanded, not done
            out.append(c)
    return out


def _discontinued(tok, kids) -> list:
    """The things a cancelling verb acts on: its objects and what it recalls someone from."""
    objs = [c for c in kids if c.dep_ in ("dobj", "obj", "nsubjpass")]
    out = []
    for h in [tok] + objs:
        for c in (kids if h is tok else h.children):
            if c.dep_ == "prep" and c.lower_ == "from":
                out.extend(p for p in c.children if p.dep_ == "pobj")
    out += objs
    return out + [c for o in out for c in _conjuncts(o)]


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in mentions:
        key = (m.start, m.end)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _pluperfect(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children) and tok.tag_ == "VBN"


def _under_speech(tok, lex: Lexicon) -> bool:
    node = tok
    for _ in range(4):
        if node.head is node:
            return False
        if node.dep_ in ("ccomp", "xcomp", "conj", "advcl"):
            node = node.head
            if node.lemma_.lower() in lex.speech_verbs:
                return True
        else:
            return False
    return False


def _explain(ev: Event, light) -> str:
    what = ev.event + (f" ({ev.mode})" if ev.mode else "")
    anchor = f"'{light.text} {ev.anchor_text}'" if light is not None else f"'{ev.anchor_text}'"
    parts = []
    if ev.actor:
        parts.append("subject " + " and ".join(f"'{m.text}'" for m in ev.actor))
    if ev.recipient:
        parts.append("object " + " and ".join(f"'{m.text}'" for m in ev.recipient))
    why = f"{what} because {anchor}" + (" has " + " and ".join(parts) if parts else " has no resolved actor")
    flags = [n for n in ("negated", "hypothetical", "future", "historical") if getattr(ev, n)]
    if flags:
        why += "; flagged " + ", ".join(flags)
    if ev.rule and ev.rule.startswith("model"):
        return why + f" ({ev.rule}; arguments by the rules)"
    return why + f" (rule {ev.rule})"
