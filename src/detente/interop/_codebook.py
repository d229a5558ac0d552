"""The codebook, generated from the data files so it cannot drift from them.

Sources: the ontology (``data/ontology``: types, modes, contexts, quads, CAMEO codes and
Goldstein values), the knowledge base (``data/kb``: states, offices), this package's
``data/actors.json`` (sectors, CAMEO actor mapping), ``data/geo.json`` and ``data/fields.json``
(every exported field and store column), and the store schema itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._columns import LAYOUT_COLUMNS
from ._data import load_data

__all__ = ["build_codebook", "write_codebook", "field_spec", "codebook_gaps", "store_schema"]


def field_spec(layout: str) -> dict[str, dict[str, str]]:
    """{column: {"type": ..., "description": ...}} of an export layout, in the layout's column order."""
    fields = load_data("fields")["layouts"][layout]["fields"]
    return {c: fields[c] for c in LAYOUT_COLUMNS[layout] if c in fields}


def store_schema() -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, SQL type)]} of a fresh store (all migrations applied), in column order."""
    from ..store import open_store

    with open_store(":memory:") as store:
        rows = store.sql(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        )
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        out.setdefault(r["table_name"], []).append((r["column_name"], r["data_type"]))
    return out


def _kb_sectors() -> set[str]:
    from ..actors import load_kb

    kb = load_kb()
    used = set()
    for org in kb.organisations:
        used.update(s for s in (org.sector, *org.other_sectors) if s)
        used.update(p["sector"] for p in org.periods if p.get("sector"))
    for role in kb.roles:
        used.update(s for s in (role.sector, *role.other_sectors) if s)
    for spec in kb.offices.values():
        used.update(s for s in (spec.get("sector"), *spec.get("other_sectors", [])) if s)
    return used


def codebook_gaps() -> list[str]:
    """Every column, field or code the data files leave undocumented (empty when all is well)."""
    from ..actors import load_kb

    gaps = []
    fields = load_data("fields")
    for layout, columns in LAYOUT_COLUMNS.items():
        documented = fields["layouts"][layout]["fields"]
        gaps += [f"{layout}: column {c!r} has no entry in fields.json" for c in columns if c not in documented]
        gaps += [f"{layout}: fields.json documents {c!r}, which the layout does not have"
                 for c in documented if c not in columns]
        gaps += [f"{layout}: {c!r} has an empty description" for c in columns
                 if c in documented and not documented[c].get("description")]
    for table, columns in store_schema().items():
        doc = fields["tables"].get(table)
        if doc is None:
            gaps.append(f"store table {table!r} has no entry in fields.json")
            continue
        gaps += [f"store table {table}: column {c!r} is undocumented" for c, _ in columns if not doc.get(c)]
    actors = load_data("actors")
    gaps += [f"sector {s!r} used by the knowledge base is not in actors.json"
             for s in sorted(_kb_sectors() - set(actors["sectors"]))]
    names = {o.name for o in load_kb().organisations}
    gaps += [f"known group {n!r} in actors.json is not a knowledge-base organisation"
             for n in actors["known_groups"] if n not in names]
    return gaps


def _cell(value: Any) -> str:
    if value is None or value == "":
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return out + [""]


def _ontology_sections() -> list[str]:
    from ..events import load_ontology

    onto = load_ontology()
    out = ["## Event types", "",
           "The 16 PLOVER types. Quad is PLOVER's class (1 verbal cooperation, 2 material cooperation, "
           "3 verbal conflict, 4 material conflict); intensity is PLOVER's -10..+10 score; CAMEO is the "
           "code the GDELT layout writes and Goldstein its value.", ""]
    out += _table(["type", "quad", "recipient required", "intensity", "CAMEO", "Goldstein", "definition"], [
        [t.name, t.quad, "yes" if t.recipient_required else "no", t.intensity, t.cameo,
         onto.cameo[t.cameo].goldstein, t.definition] for t in onto.types.values()])
    out += ["## Modes", "", f"The {len(onto.modes)} modes; a mode refines its type's CAMEO code, "
            "Goldstein value and intensity.", ""]
    out += _table(["type", "mode", "intensity", "CAMEO", "Goldstein", "definition"], [
        [m.event, m.name, m.intensity, m.cameo, onto.cameo[m.cameo].goldstein, m.definition] for m in onto.modes])
    out += ["## Contexts", "", f"The {len(onto.contexts)} PLOVER contexts (any event may have several):", ""]
    out += _table(["context"], [[c] for c in onto.contexts])
    out += ["## Quad classes", ""]
    out += _table(["quad", "meaning"], [[k, v] for k, v in sorted(onto.quads.items())])
    out += ["GDELT's `QuadClass` is computed from the CAMEO root code instead, as GDELT does:", ""]
    quad = load_data("actors")["quad_by_cameo_root"]
    out += _table(["CAMEO root", "QuadClass"], [[k, v] for k, v in quad.items()])
    out += ["## CAMEO codes and Goldstein values", "",
            "Every CAMEO code the ontology uses, with GDELT's Goldstein value and the PLOVER type, mode and "
            "context it maps to (empty: no PLOVER type, as for CAMEO 01x/02x).", ""]
    out += _table(["CAMEO", "name", "Goldstein", "PLOVER type", "PLOVER mode", "PLOVER context"], [
        [c.code, c.name, c.goldstein, c.plover_event, c.plover_mode, c.plover_context]
        for c in onto.cameo.values()])
    return out


def _actor_sections() -> list[str]:
    from ..actors import load_kb

    actors = load_data("actors")
    kb = load_kb()
    out = ["## Actors", "", "An actor is a country code plus a primary sector and secondary sectors. "
           "The country code is ISO 3166 alpha-3 (KOS for Kosovo) or one of PLOVER's non-state codes.", "",
           "### Sectors and their CAMEO roles", "",
           "The GDELT layout writes each sector as the CAMEO role in the last column (empty: CAMEO has no "
           "such role, the actor code is the country alone). Note PLOVER's `MED` is **health** "
           "(CAMEO `HLH`) while CAMEO's `MED` is **media** (PLOVER `JRN`).", ""]
    out += _table(["sector", "label", "definition", "CAMEO role"], [
        [code, s["label"], s["definition"], s["cameo"]] for code, s in actors["sectors"].items()])
    out += ["### Non-state codes", ""]
    out += _table(["PLOVER code", "meaning", "CAMEO type", "CAMEO known group"], [
        [code, s["label"], s["cameo_type"], s["known_group"]] for code, s in actors["non_state"].items()])
    out += ["An intergovernmental organisation's `GOV` sector is not written again as a role "
            "(CAMEO writes `IGOUNO`, not `IGOUNOGOV`).", "", "### Known groups", "",
            "Knowledge-base organisations written with a CAMEO known-group code:", ""]
    out += _table(["organisation", "known group"], [[k, v] for k, v in actors["known_groups"].items()])
    out += ["### Offices", "", "Offices in the knowledge base (the POLECAT layout's Title columns) and the "
            "sectors their holders get:", ""]
    out += _table(["office", "title", "sector", "other sectors"], [
        [k, v.get("title"), v.get("sector"), ", ".join(v.get("other_sectors", []))]
        for k, v in kb.offices.items()])
    out += ["### Country codes", "", f"The {len(kb.states)} states of the knowledge base:", ""]
    out += _table(["code", "name"], [[s.code, s.name] for s in sorted(kb.states.values(), key=lambda s: s.code)])
    return out


def _layout_sections() -> list[str]:
    fields = load_data("fields")
    geo = load_data("geo")
    out = ["## Export layouts", "", "Every field of every export. Types: int (always filled), Int (integer, "
           "may be empty), float (may be empty), str, bool, list, object. Empty means the value is unknown "
           "or not computed: detente never fills a field it cannot fill honestly.", ""]
    for layout, columns in LAYOUT_COLUMNS.items():
        spec = fields["layouts"][layout]
        out += [f"### {spec['title']} (`{layout}`)", "", f"File: {spec['file']}.", "", spec["intro"], ""]
        out += _table(["#", "field", "type", "meaning"], [
            [i, f"`{c}`", spec["fields"].get(c, {}).get("type"),
             spec["fields"].get(c, {}).get("description") or "**UNDOCUMENTED**"]
            for i, c in enumerate(columns, 1)])
    out += ["### GDELT geography types", "", geo["_about"], ""]
    out += _table(["precision", "outside the USA", "in the USA"], [
        [p, v["world"], v["us"]] for p, v in geo["by_precision"].items()])
    out += _table(["type", "GDELT name"], [[k, v] for k, v in geo["gdelt_types"].items()])
    return out


def _store_sections() -> list[str]:
    tables = load_data("fields")["tables"]
    out = ["## Store tables", "", "The DuckDB store's tables (what `Store.sql` queries and the Parquet export "
           "writes). Offsets are character offsets into `articles.text`.", ""]
    for table, columns in store_schema().items():
        doc = tables.get(table, {})
        out += [f"### `{table}`", "", doc.get("_table", "**UNDOCUMENTED**"), ""]
        out += _table(["column", "type", "meaning"], [
            [f"`{c}`", t, doc.get(c) or "**UNDOCUMENTED**"] for c, t in columns])
    return out


def build_codebook() -> str:
    """The codebook as Markdown (the guide's codebook page)."""
    lines = ["# Codebook", "",
             "Generated from detente's data files when the documentation is built (do not edit this page: "
             "edit `src/detente/data/ontology/`, `src/detente/data/kb/` or `src/detente/interop/data/`). "
             "It says what every code, exported field and store column means.", ""]
    lines += _ontology_sections() + _actor_sections() + _layout_sections() + _store_sections()
    return "\n".join(lines).rstrip() + "\n"


def write_codebook(path: str | Path) -> Path:
    """Write :func:`build_codebook` to ``path`` (e.g. docs/guide/codebook.md)."""
    from ._write import atomic

    with atomic(path) as fh:
        fh.write(build_codebook())
    return Path(path)
