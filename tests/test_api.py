"""The public surface is small and pinned: a change to it must change this test too."""


import pytest

import detente

EXPECTED = {
    "Analysis", "Article", "DetenteError", "Event", "Mention", "Pipeline", "Place", "Quote", "RawRecord",
    "RunReport", "Sentence", "Settings", "Store", "Story", "TimeExpr", "clean_record", "code", "code_lines",
    "load_settings", "open_store", "read_sources", "run", "__version__",
}


def test_api_all_is_pinned():
    assert set(detente.__all__) == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED - {"__version__"}))
def test_api_every_name_resolves(name):
    assert getattr(detente, name) is not None


def test_api_import_is_cheap():
    # importing the package must not load spaCy (models load on first use)
    import subprocess
    import sys

    code = "import sys, detente; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_api_unknown_name_raises():
    with pytest.raises(AttributeError):
        detente.no_such_thing  # noqa: B018
