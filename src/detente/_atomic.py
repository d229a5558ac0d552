"""Write a file under a temporary name and rename it into place, so readers never see half a file.

Shared by the store's table exports (DuckDB ``COPY`` writes the temporary path) and the interop writers
(Python writes through a file handle). Failures become ``StoreError`` D503 naming the file.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import StoreError

__all__ = ["atomic_path"]


@contextmanager
def atomic_path(path: str | Path, *, what: str = "write",
                wrap: tuple[type[BaseException], ...] = (OSError,)) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it to ``path``, on failure remove it.

    Exceptions of the ``wrap`` types become D503 naming the file; others (bugs) pass through unchanged.
    """
    path = Path(path).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create folder {path.parent}: {exc}", code="D503") from exc
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except StoreError:
        tmp.unlink(missing_ok=True)
        raise
    except wrap as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot {what} {path}: {exc}", code="D503") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
