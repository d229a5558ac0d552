"""Coded errors.

Every error a user can see carries a stable code, a message and, where it concerns
input, the origin (``file:line``). The tree::

    DetenteError                 D000
    ├── InputError               D1xx  unreadable / malformed / empty input (skipped, counted)
    │   ├── EmptyInput           D101
    │   ├── BinaryInput          D102
    │   ├── EncodingError        D103
    │   ├── MalformedRecord      D104
    │   ├── MissingField         D105
    │   ├── TooLarge             D106
    │   └── NotEnglish           D107
    ├── ConfigError              D2xx  bad options or data files
    ├── ModelError               D3xx  language model missing or wrong version
    ├── StageError               D4xx  a stage's contract is not met, or a stage failed on one article
    ├── StoreError               D5xx  database problems (locked, read-only, full disk, schema)
    └── QueryError               D6xx  bad query parameters (unknown dyad, bad date)
"""

from __future__ import annotations

__all__ = [
    "DetenteError",
    "InputError",
    "EmptyInput",
    "BinaryInput",
    "EncodingError",
    "MalformedRecord",
    "MissingField",
    "TooLarge",
    "NotEnglish",
    "ConfigError",
    "ModelError",
    "StageError",
    "StoreError",
    "QueryError",
]


class DetenteError(Exception):
    code = "D000"

    def __init__(self, message: str, *, origin: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}{self.code} {self.message}"

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "origin": self.origin}


class InputError(DetenteError):
    code = "D100"


class EmptyInput(InputError):
    code = "D101"


class BinaryInput(InputError):
    code = "D102"


class EncodingError(InputError):
    code = "D103"


class MalformedRecord(InputError):
    code = "D104"


class MissingField(InputError):
    code = "D105"


class TooLarge(InputError):
    code = "D106"


class NotEnglish(InputError):
    code = "D107"


class ConfigError(DetenteError):
    code = "D200"


class ModelError(DetenteError):
    code = "D300"


class StageError(DetenteError):
    code = "D400"


class StoreError(DetenteError):
    code = "D500"


class QueryError(DetenteError):
    code = "D600"
