"""The interop data files (fields, actor and geography mappings), read once per process."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from ..errors import ConfigError

__all__ = ["load_data"]


@functools.lru_cache(maxsize=8)
def load_data(name: str) -> dict[str, Any]:
    """``name`` is a file in ``detente/interop/data`` without ``.json``: fields, actors or geo."""
    try:
        text = resources.files(__package__).joinpath("data").joinpath(f"{name}.json").read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read interop data file {name}.json: {exc}", code="D212") from exc
