"""MkDocs hook (named in mkdocs.yml): adds the generated codebook page to the site.

The page is built from the data files at every build (it is not a source file), and every
undocumented field or code is logged as a warning, which fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.hooks.codebook")


def on_files(files, config):
    from mkdocs.structure.files import File

    from detente.interop import build_codebook
    from detente.interop._codebook import codebook_gaps

    for gap in codebook_gaps():
        log.warning("codebook: %s", gap)
    existing = files.get_file_from_path("codebook.md")
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, "codebook.md", content=build_codebook()))
    return files
