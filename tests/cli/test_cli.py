"""The CLI is a thin layer: each test runs a command, then checks the effect through the library."""

from __future__ import annotations

import json

import pytest

from detente.cli import EXIT_OK, EXIT_SKIPPED, build_parser, main
from detente.store import open_store

GOOD = (
    "TOKYO - Japan's defence ministry said on Friday that two Chinese coast guard ships entered the waters "
    "around the Senkaku Islands, and Tokyo lodged a protest with Beijing.\n\n"
    "\"We will respond calmly but firmly,\" Chief Cabinet Secretary Yoshimasa Hayashi told reporters.\n"
)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("date 2023-06-02\n" + GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "bad.jsonl").write_text('{"id": "x1", "text": "' + GOOD.replace("\n", " ").replace('"', "'")
                                      + '", "date": "2023-06-03"}\n{not json\n', encoding="utf-8")
    return folder


def test_cli_run_reports_skips_and_is_idempotent(corpus, tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    assert main(["run", str(corpus), "--db", str(db), "--no-progress"]) == EXIT_SKIPPED
    out = capsys.readouterr()
    assert "empty.txt" in out.err and "D101" in out.err
    assert "bad.jsonl:2" in out.err and "D104" in out.err
    with open_store(db, read_only=True) as store:
        first = store.counts()
    assert first["articles"] == 2
    main(["run", str(corpus), "--db", str(db), "--no-progress"])
    assert "articles already stored: 2" in capsys.readouterr().out
    with open_store(db, read_only=True) as store:
        again = store.counts()
    assert again.pop("runs") == first.pop("runs") + 1  # a run is recorded, nothing else is added
    assert again == first


def test_cli_run_clean_input_exits_zero(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["run", str(tmp_path / "a.txt"), "--db", str(tmp_path / "t.duckdb"), "-q"]) == EXIT_OK


def test_cli_code_contract(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "s1", "text": "China accused the United States of provocations in the Taiwan Strait.", "date": "2021-08-28"},
        "not json",
        {"id": "s3", "title": "no text"},
        {"id": "s4", "text": "The weather was mild.", "date": "2021-08-28"},
    ]
    src.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["code", str(src), "-o", str(out)]) == EXIT_SKIPPED
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert rows[0]["id"] == "s1" and {"events", "quotes", "entities"} <= set(rows[0])
    assert rows[1]["error"]["code"] == "D104" and rows[1]["line"] == 2
    assert rows[2]["error"]["code"] == "D105"
    assert rows[3]["events"] == []
    text = lines[0]["text"]
    for e in rows[0]["events"]:
        assert text[e["text_info"]["start"]:e["text_info"]["end"]]
        for ent in e["actor"] + e["recipient"]:
            assert text[ent["start"]:ent["end"]] == ent["entity_text"]
    accuse = [e for e in rows[0]["events"] if e["event"] == "ACCUSE"]
    assert accuse and accuse[0]["actor"][0]["code"] == "CHN" and accuse[0]["recipient"][0]["code"] == "USA"


def test_cli_show_marks_spans(demo_db, demo_store, capsys):
    article_id = demo_store.sql("SELECT article_id FROM events LIMIT 1", [])[0]["article_id"]
    assert main(["show", article_id, "--db", str(demo_db), "--no-color"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"id: {article_id}" in out and "]{" in out and "events (" in out


def test_cli_show_unknown_article(demo_db, capsys):
    assert main(["show", "nope", "--db", str(demo_db)]) == 1
    assert "D601" in capsys.readouterr().err


def test_cli_actors_lists_counts(demo_db, demo_store, capsys):
    assert main(["actors", "--db", str(demo_db), "--limit", "5"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6 and int(lines[1].split()[0]) >= int(lines[-1].split()[0])


def test_cli_stories(demo_db, capsys):
    assert main(["stories", "--db", str(demo_db)]) == EXIT_OK
    assert "articles" in capsys.readouterr().out


def test_cli_dyad_table_and_png(demo_db, demo_store, tmp_path, capsys):
    from detente.query import dyads

    top = dyads(demo_store, limit=1)[0]
    png = tmp_path / "dyad.png"
    assert main(["dyad", top["a"], top["b"], "--db", str(demo_db), "--by", "month", "--png", str(png)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("period") and len(out.splitlines()) >= 3
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("fmt, suffix", [("jsonl", ".jsonl"), ("csv", ".csv"), ("parquet", ".parquet")])
def test_cli_export_all_tables(demo_db, tmp_path, capsys, fmt, suffix):
    out = tmp_path / fmt
    assert main(["export", "--db", str(demo_db), "--format", fmt, "--out", str(out)]) == EXIT_OK
    names = {p.name for p in out.iterdir()}
    assert f"events{suffix}" in names and f"articles{suffix}" in names


def test_cli_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in commands:
        assert f"detente {name}" in readme, f"`detente {name}` is not documented in the README"


def test_cli_events_merged_lists_sources(demo_db, capsys):
    assert main(["events", "--db", str(demo_db), "--merged", "--limit", "5"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "merged events" in out.splitlines()[0] and "sources" in out


def test_cli_events_json(demo_db, capsys):
    assert main(["events", "--db", str(demo_db), "--type", "ACCUSE", "--json"]) == EXIT_OK
    page = json.loads(capsys.readouterr().out)
    assert all(e["event"] == "ACCUSE" for e in page["items"])
