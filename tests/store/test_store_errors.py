"""Opening errors carry codes and paths: missing, foreign, unwritable, locked."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from detente.errors import StoreError
from detente.store import open_store

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0  # root ignores permission bits


def _parent_is_a_file(tmp_path):
    (tmp_path / "plain.txt").write_text("not a folder")
    return tmp_path / "plain.txt" / "db.duckdb", False


def _read_only_file(tmp_path):
    path = tmp_path / "ro.duckdb"
    open_store(path).close()
    path.chmod(0o444)
    return path, False


def _read_only_folder(tmp_path):
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "db.duckdb", False


def _missing_read_only(tmp_path):
    return tmp_path / "absent.duckdb", True


def _foreign_file(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes, not a database\n" * 50)
    return path, False


def _foreign_file_read_only(tmp_path):
    path, _ = _foreign_file(tmp_path)
    return path, True


needs_permissions = pytest.mark.skipif(ROOT_USER, reason="permission bits do not bind root")


@pytest.mark.parametrize(
    "setup,code",
    [
        (_parent_is_a_file, "D503"),
        pytest.param(_read_only_file, "D503", marks=needs_permissions),
        pytest.param(_read_only_folder, "D503", marks=needs_permissions),
        (_missing_read_only, "D501"),
        (_foreign_file, "D501"),
        (_foreign_file_read_only, "D501"),
    ],
)
def test_store_open_errors_have_codes_and_paths(tmp_path, setup, code):
    path, read_only = setup(tmp_path)
    with pytest.raises(StoreError) as info:
        open_store(path, read_only=read_only)
    assert info.value.code == code
    assert str(path) in info.value.message or str(path.parent) in info.value.message


def test_store_open_creates_missing_folders(tmp_path):
    path = tmp_path / "a" / "b" / "store.duckdb"
    with open_store(path) as store:
        assert store.counts()["articles"] == 0
    assert path.exists()


def test_store_locked_by_another_process(tmp_db):
    open_store(tmp_db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()",
         str(tmp_db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        for read_only in (False, True):
            with pytest.raises(StoreError) as info:
                open_store(tmp_db, read_only=read_only)
            assert info.value.code == "D504"
            assert str(tmp_db) in info.value.message and "another process" in info.value.message
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    open_store(tmp_db).close()  # free again once the other process is gone


def test_store_open_twice_in_other_mode_in_one_process(tmp_db):
    with open_store(tmp_db):
        with pytest.raises(StoreError) as info:
            open_store(tmp_db, read_only=True)
        assert info.value.code == "D504"
        with open_store(tmp_db) as second:  # the same mode shares the database
            assert second.counts()["articles"] == 0
