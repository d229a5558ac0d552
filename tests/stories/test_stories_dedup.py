"""Syndicated-copy detection: edits a republisher makes keep a copy a copy; a retelling is not one."""

from __future__ import annotations

import pytest

from detente.stories import DuplicateIndex, DuplicateSettings


def _trim_last(text: str) -> str:
    return "\n\n".join(text.split("\n\n")[:-1])


def _boilerplate(text: str) -> str:
    return (
        text
        + "\n\nSign up for our evening newsletter. Follow us for breaking news.\n\nAll rights reserved. Comments are closed."
    )


def _new_dateline(text: str) -> str:
    return text.replace("VALLETTA - ", "ROME (Wire) - ", 1)


def _light_edits(text: str) -> str:
    return text.replace(" said", " stated", 2).replace("on Monday", "earlier this week", 1)


def _added_paragraph(text: str) -> str:
    return (
        text
        + "\n\nThe agreement is the latest in a series of regional arrangements on maritime rescue, and diplomats"
        " said Greece and Cyprus had asked to join talks on a similar plan for the eastern Mediterranean."
    )


def _all_edits(text: str) -> str:
    return _boilerplate(_light_edits(_new_dateline(_trim_last(text))))


@pytest.mark.parametrize(
    "edit",
    [_trim_last, _boilerplate, _new_dateline, _light_edits, _added_paragraph, _all_edits],
    ids=["trimmed", "boilerplate", "dateline", "light-edits", "added-paragraph", "all"],
)
def test_stories_dedup_detects_edited_copies(edit, base_text, make_article):
    index = DuplicateIndex()
    assert index.add(make_article("orig", base_text, "2026-05-04")) is None
    assert index.add(make_article("copy", edit(base_text), "2026-05-05", title="A new headline")) == "orig"
    ((copy, original, sim),) = index.duplicates()
    assert (copy, original) == ("copy", "orig") and 0.8 <= sim <= 1.0


@pytest.mark.parametrize("text_key", ["other", "unrelated"])
def test_stories_dedup_keeps_retellings_apart(text_key, base_text, other_text, make_article, gold_rows):
    text = other_text if text_key == "other" else gold_rows[0]["text"]
    index = DuplicateIndex()
    index.add(make_article("a", base_text))
    assert index.add(make_article("b", text)) is None
    assert index.duplicates() == []


@pytest.mark.parametrize(
    "dates, expected_original",
    [
        (("2026-05-04", "2026-05-05"), "a"),  # the earlier version is the original
        (("2026-05-06", "2026-05-05"), "b"),  # a late-arriving earlier copy becomes the original
        (("2026-05-05", "2026-05-05"), "a"),  # same day: the smaller id
        ((None, "2026-05-05"), "b"),  # undated versions come after dated ones
    ],
)
def test_stories_dedup_original_is_earliest(dates, expected_original, base_text, make_article):
    index = DuplicateIndex()
    index.add(make_article("a", base_text, dates[0]))
    index.add(make_article("b", _boilerplate(base_text), dates[1]))
    assert index.original_of("a") == index.original_of("b") == expected_original
    assert index.copies_of("a") == ["b"] and index.copies_of("b") == ["a"]
    ((copy, original, _),) = index.duplicates()
    assert original == expected_original and copy != expected_original


@pytest.mark.parametrize("n_copies", [1, 3])
def test_stories_dedup_groups_copies_transitively(n_copies, base_text, make_article):
    index = DuplicateIndex()
    index.add(make_article("a0", base_text, "2026-05-04"))
    for i in range(n_copies):
        index.add(make_article(f"c{i}", _boilerplate(_light_edits(base_text)) + f"\n\nSyndicated by outlet {i}.", "2026-05-05"))
    assert index.groups() == [sorted(["a0"] + [f"c{i}" for i in range(n_copies)])]
    assert all(orig == "a0" for _, orig, _ in index.duplicates())


@pytest.mark.parametrize("text", ["Ships met.", "Two navies met at the port on Monday to agree on patrols."])
def test_stories_dedup_ignores_tiny_texts(text, make_article):
    index = DuplicateIndex(DuplicateSettings())
    index.add(make_article("a", text))
    assert index.add(make_article("b", text + " ")) is None


@pytest.mark.parametrize("repeat", [2])
def test_stories_dedup_readding_is_a_noop(repeat, base_text, make_article):
    index = DuplicateIndex()
    for _ in range(repeat):
        index.add(make_article("a", base_text))
    assert len(index) == 1 and index.duplicates() == []
