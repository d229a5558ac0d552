"""Every ```bash block of the guide runs, in page order, in one fresh folder: the guide stays true.

The folder gets a ``.venv`` link to the repository's environment, so commands read exactly as a
user types them in the repository root. Blocks preceded by ``<!-- not-run: reason -->`` are
skipped (installs, servers); there may be only a few.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs_guide import GUIDE, ROOT, all_commands, commands, nav_pages

COMMANDS = all_commands()
MAX_NOT_RUN = 4  # installs and the server: anything more means the guide is drifting from what is tested
TIMEOUT_S = 300


@pytest.fixture(scope="module")
def guide_results(tmp_path_factory, demo_db):
    """Run every command block once, in order; (folder, {block id: (exit code, output)}).

    The folder starts with a copy of the session's demo store (built by the same ``run`` the
    first-run page's command calls), so that command re-runs over a full store instead of coding
    the demo corpus a second time in the session; coding from scratch is what the own-corpus
    page's commands do.
    """
    work = tmp_path_factory.mktemp("guide")
    shutil.copyfile(demo_db, work / "demo.duckdb")
    venv = ROOT / ".venv" if (ROOT / ".venv").exists() else Path(sys.prefix)
    (work / ".venv").symlink_to(venv, target_is_directory=True)
    env = {**os.environ, "MPLBACKEND": "Agg", "NO_COLOR": "1"}
    results = {}
    for cmd in COMMANDS:
        if cmd.skip_reason:
            continue
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", cmd.script], cwd=work, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_S)
        results[cmd.id] = (proc.returncode, proc.stdout + proc.stderr)
    return work, results


def test_docs_nav_lists_every_page():
    pages = set(nav_pages())
    on_disk = {p.name for p in GUIDE.glob("*.md")}
    assert on_disk - pages == set(), "pages missing from mkdocs.yml nav"
    assert pages - on_disk <= {"codebook.md"}, "nav names pages that do not exist (codebook.md is generated)"


def test_docs_not_run_blocks_are_few_and_explained():
    skipped = [c for c in COMMANDS if c.skip_reason is not None]
    assert len(skipped) <= MAX_NOT_RUN, [c.id for c in skipped]
    assert all(c.skip_reason.strip() for c in skipped)
    assert len(COMMANDS) - len(skipped) >= 15, "the guide should show (and test) real commands"


@pytest.mark.parametrize("page", ["first-run.md", "own-corpus.md", "dyads.md", "export.md", "evaluate.md"])
def test_docs_pages_have_commands(page):
    assert [c for c in commands(page) if c.skip_reason is None], f"{page} shows no runnable command"


@pytest.mark.slow
@pytest.mark.parametrize("cmd", [c for c in COMMANDS if c.skip_reason is None], ids=lambda c: c.id)
def test_docs_command_runs(cmd, guide_results):
    code, output = guide_results[1][cmd.id]
    assert code == 0, f"{cmd.id} exited {code}:\n{cmd.script}\n--- output ---\n{output[-3000:]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", ["demo.duckdb", "mine.duckdb", "coded.jsonl", "exports/events.tsv",
                                  "exports/gdelt-mentions.tsv", "exports/polecat.tsv", "exports/plover.jsonl",
                                  "exports/tables/events.parquet", "tables/events.csv"])
def test_docs_commands_leave_expected_files(path, guide_results):
    work, _ = guide_results
    assert (work / path).is_file() and (work / path).stat().st_size > 0, path
