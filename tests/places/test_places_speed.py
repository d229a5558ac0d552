"""Places: spotting reads token offsets from the doc's arrays (issue 8); they must be the tokens' own."""

from __future__ import annotations

import pytest

from detente.places._resolve import _token_offsets


@pytest.mark.parametrize(
    "text",
    [
        "BEIJING - Chinese warships sailed through the Taiwan Strait on Monday.",
        "Kyiv  and\tKharkiv\n\nwere shelled; “Sevastopol” was not. Île-de-France, São Paulo.",
        "   leading spaces, then U.S.-led drills off the coast of Hawaii…",
    ],
)
def test_places_token_offsets_are_token_offsets(parse, text):
    doc = parse(text).doc
    starts, ends = _token_offsets(doc)
    assert list(zip(starts, ends)) == [(t.idx, t.idx + len(t)) for t in doc]
    assert all(text[s:e] == t.text for s, e, t in zip(starts, ends, doc))
