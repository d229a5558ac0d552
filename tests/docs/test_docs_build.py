"""The guide builds offline with ``mkdocs build --strict``, the generated codebook included."""

from __future__ import annotations

import subprocess
import sys

import pytest
from docs_guide import MKDOCS_YML, ROOT

pytest.importorskip("mkdocs", reason="mkdocs==1.6.1 is a docs dependency")


def test_docs_build_strict(tmp_path):
    site = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(MKDOCS_YML),
                           "-d", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (site / "codebook.html").read_text(encoding="utf-8")
    assert "GlobalEventID" in page and "ASSAULT" in page and "merged_event_members" in page
    for name in ("index", "install", "first-run", "own-corpus", "dyads", "dashboard", "export",
                 "knowledge-base", "cluster", "evaluate"):
        assert (site / f"{name}.html").is_file(), name
    # No theme asset may come from the network: the plain theme bundles everything.
    assert "https://cdn" not in (site / "index.html").read_text(encoding="utf-8")
    assert not (ROOT / "docs" / "guide" / "codebook.md").exists(), "the codebook is generated, not a source file"
