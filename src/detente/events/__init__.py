"""Event coding: the PLOVER ontology as data, the hybrid coder stage and PLOVER records.

Public API::

    load_ontology() -> Ontology            # 16 types, 67 modes, 37 contexts, CAMEO + Goldstein
    EventStage(model=True)                 # stage "events": doc, sentences, mentions -> events
                                           #   model=True: rules + the packaged classifier; False: rules alone
    load_event_model() -> EventModel|None  # the trained classifier (data/ontology/event_model.json)
    event_record(event, article=None)      # the PLOVER JSON record of one Event

Retrain the classifier from the dev and training gold with
``python -m detente.events.train --train 'tests/gold/train/events-*.jsonl'``.
"""

from ._coder import EventStage
from ._model import EventModel, load_event_model
from ._ontology import CameoCode, EventMode, EventType, Ontology, load_ontology
from ._record import event_record

__all__ = ["EventStage", "event_record", "load_ontology", "Ontology", "EventType", "EventMode", "CameoCode",
           "EventModel", "load_event_model"]
