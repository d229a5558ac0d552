"""Actors: knowledge base, resolver and in-document coreference.

Public API::

    ActorStage(kb=None)                      # stage "actors": requires doc, sentences; assigns mentions
    load_kb(path=None) -> KnowledgeBase      # the data files in detente/data/kb/, read once per process
    actor_for_span(analysis, start, end)     # resolved mentions inside a character span
    list_actors(mentions)                    # counts by (code, sector, name)

Every :class:`~detente.records.Mention` carries a ``rule`` that says how it was resolved.
"""

from ._kb import KnowledgeBase, load_kb
from ._stage import ActorStage, actor_for_span, list_actors

__all__ = ["ActorStage", "KnowledgeBase", "load_kb", "actor_for_span", "list_actors"]
