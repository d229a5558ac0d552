"""The guide's pages and their shell commands, in the order mkdocs.yml lists them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
MKDOCS_YML = ROOT / "mkdocs.yml"

_FENCE = re.compile(r"^```bash[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
_NOT_RUN = re.compile(r"<!--\s*not-run:\s*(.*?)\s*-->\s*$", re.S)
_NAV_PAGE = re.compile(r"^\s*-\s*[^:\n]+:\s*(\S+\.md)\s*$", re.M)


@dataclass(frozen=True)
class Command:
    page: str
    number: int  # 1-based position of the fence on its page
    script: str
    skip_reason: str | None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.number}"


def nav_pages() -> list[str]:
    """Pages in nav order. A regex, not a YAML parser: mkdocs.yml's nav is a flat list by design."""
    text = MKDOCS_YML.read_text(encoding="utf-8")
    nav = text[text.index("\nnav:"):]
    return _NAV_PAGE.findall(nav)


def commands(page: str) -> list[Command]:
    path = GUIDE / page
    if not path.exists():
        return []  # generated pages (the codebook) hold no commands
    text = path.read_text(encoding="utf-8")
    out = []
    for n, match in enumerate(_FENCE.finditer(text), 1):
        before = text[: match.start()].rstrip()
        marker = _NOT_RUN.search(before[-300:])
        out.append(Command(page, n, match.group(1), marker.group(1) if marker else None))
    return out


def all_commands() -> list[Command]:
    return [c for page in nav_pages() for c in commands(page)]
