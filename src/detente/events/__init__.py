"""Event coding: the PLOVER ontology as data, the rule-based coder stage and PLOVER records.

Public API::

    load_ontology() -> Ontology            # 16 types, 67 modes, 37 contexts, CAMEO + Goldstein
    EventStage()                           # stage "events": doc, sentences, mentions -> events
    event_record(event, article=None)      # the PLOVER JSON record of one Event
"""

from ._coder import EventStage
from ._ontology import CameoCode, EventMode, EventType, Ontology, load_ontology
from ._record import event_record

__all__ = ["EventStage", "event_record", "load_ontology", "Ontology", "EventType", "EventMode", "CameoCode"]
