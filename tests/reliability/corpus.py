"""A small synthetic corpus for the crash, disk and concurrency tests (original wording, varied).

Each article is a few sentences built from a grid of actors, actions and places, so that every
one has a different text (and id) and codes to a few events, quotes and places.
"""

from __future__ import annotations

import json
from pathlib import Path

ACTORS = [
    ("Vietnam", "Hanoi", "the Vietnamese foreign ministry"),
    ("Norway", "Oslo", "the Norwegian defence ministry"),
    ("Kenya", "Nairobi", "Kenya's interior minister"),
    ("Chile", "Santiago", "the Chilean navy"),
    ("Poland", "Warsaw", "the Polish prime minister"),
    ("Egypt", "Cairo", "Egypt's foreign minister"),
]
ACTIONS = [
    ("accused {b} of sending patrol boats into its fishing grounds", "The patrols must stop at once"),
    ("signed a grain and fuel agreement with {b}", "This accord serves both our peoples"),
    ("expelled two diplomats from the embassy of {b}", "Their activities were incompatible with their status"),
    ("held joint naval exercises with {b}", "The drills strengthen our common readiness"),
    ("imposed sanctions on three companies from {b}", "We will not tolerate the smuggling of parts"),
    ("promised humanitarian aid to {b} after the floods", "Our help will arrive within days"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(n: int) -> dict:
    a_name, a_city, a_voice = ACTORS[n % len(ACTORS)]
    b_name = ACTORS[(n // len(ACTORS) + 1 + n) % len(ACTORS)][0]
    if b_name == a_name:
        b_name = ACTORS[(n + 1) % len(ACTORS)][0]
    action, quote = ACTIONS[(n // 2) % len(ACTIONS)]
    day = DAYS[n % len(DAYS)]
    month = 1 + n % 12
    text = (
        f"{a_city.upper()} - {a_name} {action.format(b=b_name)} on {day}, officials said.\n\n"
        f"\"{quote},\" {a_voice} told reporters in {a_city}, in statement number {n + 1} of the year.\n\n"
        f"Officials in {b_name} did not respond to a request for comment by the evening."
    )
    return {"id": f"syn-{n}", "title": f"{a_name} and {b_name}: report {n + 1}", "date": f"2025-{month:02d}-1{n % 9}",
            "source": "Synthetic Wire", "text": text}


def write_corpus(folder: Path, n: int, *, name: str = "corpus.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(article(i)) + "\n")
    return path
