"""Gold formats and scorers (see docs/gold-format.md).

Each scorer module (``events``, ``actors``, ``quotes``, ``dates``, ``places``, ``stories``)
reads a gold JSONL file and returns a plain dict of scores; :mod:`detente.eval.floors`
compares scores with the floors pinned in ``tests/gold/floors/<name>.json``.
"""
