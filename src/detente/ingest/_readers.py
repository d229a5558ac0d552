"""One reader per input format. Each yields ``RawRecord`` or ``InputError`` values, never raises.

A reader yields an error as a value, with its origin set, so that :func:`read_sources` can
count it and pass it to the run report; one bad record never ends the file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Iterator

from ..config import IngestSettings
from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, MalformedRecord, MissingField, TooLarge
from ..records import RawRecord
from ._decode import BOM, SNIFF_BYTES, check_binary, decode_utf8, declared_charset

__all__ = ["Item", "read_text_file", "read_jsonl_file", "read_csv_file", "read_html_file", "read_stream"]

Item = RawRecord | InputError

# RawRecord.fields keys, each read from the IngestSettings option of the same name + "_field".
_META_KEYS = ("title", "date", "url", "source", "id")


def _fail(error: InputError, origin: str) -> InputError:
    error.origin = origin
    return error


def _unreadable(exc: OSError, origin: str) -> InputError:
    reason = exc.strerror or exc.__class__.__name__
    return InputError(f"cannot read: {reason.lower()}", origin=origin, code="D100")


def _read_bounded(path: Path, limit: int) -> bytes:
    """The whole file, refusing (D106) from its size alone when it is over ``limit``."""
    size = path.stat().st_size
    if size > limit:
        raise TooLarge(f"file is {size} bytes, over the {limit}-byte limit (max_article_bytes)")
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)  # the file may have grown since stat()
    if len(data) > limit:
        raise TooLarge(f"file is over the {limit}-byte limit (max_article_bytes)")
    return data


def _text_of(data: bytes) -> str:
    """Bytes of one article -> text, or D101/D102/D103."""
    if not data.strip():
        raise EmptyInput("empty input")
    binary = check_binary(data[:SNIFF_BYTES])
    if binary is not None:
        raise binary
    text = decode_utf8(data)
    if not text.strip():
        raise EmptyInput("empty input (only whitespace)")
    return text


def read_text_file(path: Path, settings: IngestSettings, *, fmt: str = "text") -> Iterator[Item]:
    origin = f"{path}:0"
    try:
        text = _text_of(_read_bounded(path, settings.max_article_bytes))
    except InputError as exc:
        yield _fail(exc, origin)
    except OSError as exc:
        yield _unreadable(exc, origin)
    else:
        yield RawRecord(text=text, origin=origin, fields={}, format=fmt)


def _fields_of(obj: dict[str, Any], settings: IngestSettings) -> dict[str, Any]:
    out = {}
    for key in _META_KEYS:
        value = obj.get(getattr(settings, f"{key}_field"))
        if value is not None and value != "":
            out[key] = value
    return out


def _record_from_object(obj: Any, settings: IngestSettings, origin: str, fmt: str) -> Item:
    if not isinstance(obj, dict):
        return MalformedRecord(f"a JSON line must be an object, not {type(obj).__name__}", origin=origin)
    text = obj.get(settings.text_field)
    if text is None:
        return MissingField(f"no {settings.text_field!r} field", origin=origin)
    if not isinstance(text, str):
        return MissingField(f"field {settings.text_field!r} is not a string ({type(text).__name__})", origin=origin)
    if not text.strip():
        return EmptyInput(f"field {settings.text_field!r} is empty", origin=origin)
    return RawRecord(text=text, origin=origin, fields=_fields_of(obj, settings), format=fmt)


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, line) for each line; line is None when it is over ``limit``.

    An overlong line is skipped in chunks, so a 50 MB line is never held in memory.
    """
    number, offset = 0, 0
    while True:
        line = fh.readline(limit + 2)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if len(line.rstrip(b"\r\n")) > limit:
            while not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
                if not line:
                    break
                offset += len(line)
            yield number, start, None
        else:
            yield number, start, line


def _jsonl_items(fh: IO[bytes], name: str, settings: IngestSettings, fmt: str) -> Iterator[Item]:
    limit = settings.max_article_bytes
    for number, offset, line in _lines(fh, limit):
        origin = f"{name}:{number}"
        if line is None:
            yield TooLarge(f"record is over the {limit}-byte limit (max_article_bytes)", origin=origin)
            continue
        if number == 1 and line.startswith(BOM):
            line, offset = line[len(BOM) :], offset + len(BOM)
        if not line.strip():
            continue  # blank lines separate nothing in JSONL; they are not records
        try:
            text = decode_utf8(line, base_offset=offset)
        except EncodingError as exc:
            yield _fail(exc, origin)
            continue
        if "\x00" in text:
            yield BinaryInput("binary input: NUL bytes in the line", origin=origin)
            continue
        try:
            obj = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            col = f" (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
            yield MalformedRecord(f"malformed JSON line: {reason}{col}", origin=origin)
            continue
        yield _record_from_object(obj, settings, origin, fmt)


def read_jsonl_file(path: Path, settings: IngestSettings) -> Iterator[Item]:
    origin = f"{path}:0"
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield _unreadable(exc, origin)
        return
    with fh:
        try:
            head = fh.read(SNIFF_BYTES)
        except OSError as exc:
            yield _unreadable(exc, origin)
            return
        if not head.strip():
            yield EmptyInput("empty input", origin=origin)
            return
        binary = check_binary(head)
        if binary is not None:
            yield _fail(binary, origin)
            return
        if head.lstrip(BOM + b" \t\r\n").startswith(b"["):
            yield MalformedRecord("a JSON array, not JSON lines (one object per line)", origin=origin)
            return
        fh.seek(0)
        try:
            yield from _jsonl_items(fh, str(path), settings, "jsonl")
        except OSError as exc:
            yield _unreadable(exc, origin)


class _LineTooLong(Exception):
    def __init__(self, number: int):
        self.number = number


class _BadLine(Exception):
    def __init__(self, number: int, error: EncodingError):
        self.number = number
        self.error = error


def _decoded_lines(fh: IO[bytes], limit: int) -> Iterator[str]:
    """Lines for csv.reader, decoded strictly; overlong or undecodable lines end the file."""
    for number, offset, line in _lines(fh, limit):
        if line is None:
            raise _LineTooLong(number)
        if number == 1 and line.startswith(BOM):
            line, offset = line[len(BOM) :], offset + len(BOM)
        try:
            yield decode_utf8(line, base_offset=offset)
        except EncodingError as exc:
            raise _BadLine(number, exc) from None


def _raise_csv_field_limit(limit: int) -> None:
    # csv's default 128 kB field limit is below a long article; raise it to the article limit
    # (never lower it: the setting is per process and other code may rely on it).
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def read_csv_file(path: Path, settings: IngestSettings) -> Iterator[Item]:
    origin0 = f"{path}:0"
    limit = settings.max_article_bytes
    _raise_csv_field_limit(limit)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield _unreadable(exc, origin0)
        return
    with fh:
        head = fh.read(SNIFF_BYTES)
        if not head.strip():
            yield EmptyInput("empty input", origin=origin0)
            return
        binary = check_binary(head)
        if binary is not None:
            yield _fail(binary, origin0)
            return
        fh.seek(0)
        yield from _csv_items(fh, str(path), settings)


def _csv_items(fh: IO[bytes], name: str, settings: IngestSettings) -> Iterator[Item]:
    limit = settings.max_article_bytes
    reader = csv.reader(_decoded_lines(fh, limit))
    header: list[str] | None = None
    index: dict[str, int] = {}
    while True:
        start = reader.line_num + 1
        origin = f"{name}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except _LineTooLong as exc:
            yield TooLarge(f"line {exc.number} is over the {limit}-byte limit; rest of file skipped", origin=origin)
            return
        except _BadLine as exc:
            yield _fail(exc.error, f"{name}:{exc.number}")
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                yield TooLarge(f"field over the {limit}-byte limit; rest of file skipped", origin=origin)
                return
            yield MalformedRecord(f"malformed CSV row: {exc}", origin=origin)
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            index = {cell: i for i, cell in enumerate(header)}
            if settings.text_field not in index:
                yield MissingField(
                    f"CSV header has no {settings.text_field!r} column (columns: {', '.join(header)[:200]})",
                    origin=origin,
                )
                return
            continue
        if len(row) != len(header):
            yield MalformedRecord(f"CSV row has {len(row)} fields, the header has {len(header)}", origin=origin)
            continue
        if sum(len(cell) for cell in row) > limit:
            yield TooLarge(f"record is over the {limit}-byte limit (max_article_bytes)", origin=origin)
            continue
        yield _record_from_object({k: row[i] for k, i in index.items()}, settings, origin, "csv")


def read_html_file(path: Path, settings: IngestSettings) -> Iterator[Item]:
    origin = f"{path}:0"
    try:
        data = _read_bounded(path, settings.max_article_bytes)
        if not data.strip():
            raise EmptyInput("empty input")
        binary = check_binary(data[:SNIFF_BYTES])
        if binary is not None:
            raise binary
        html = _decode_html(data)
        yield _extract_html(html, origin, str(path))
    except InputError as exc:
        yield _fail(exc, origin)
    except OSError as exc:
        yield _unreadable(exc, origin)


def _decode_html(data: bytes) -> str:
    """UTF-8, or the charset the page declares; never a silent guess."""
    try:
        return decode_utf8(data)
    except EncodingError:
        charset = declared_charset(data[:4096])
        if charset in (None, "utf-8", "utf8"):
            raise
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise EncodingError(f"cannot decode the page as its declared charset {charset!r}") from None


def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    # No signal-based timeout: it only works on the main thread and a worker may call us.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # Short news items are articles too; the default 250-char floor drops briefs.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
    return config


def _extract_html(html: str, origin: str, name: str) -> Item:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            favor_recall=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            # Only dates the page states; htmldate's extensive search guesses from the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_trafilatura_config(),
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        return MalformedRecord(f"HTML could not be parsed: {exc.__class__.__name__}", origin=origin)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return EmptyInput("no main text found in the HTML page", origin=origin)
    fields = {}
    for key, attr in (("title", "title"), ("date", "date"), ("url", "url"), ("source", "sitename")):
        value = getattr(doc, attr, None)
        if value:
            fields[key] = value
    return RawRecord(text=text, origin=origin, fields=fields, format="html")


def read_stream(stream: IO[Any], settings: IngestSettings, name: str = "<stdin>") -> Iterator[Item]:
    """Standard input: JSON lines when the first non-blank line starts with "{", else one article."""
    binary = getattr(stream, "buffer", None)
    fh = binary if binary is not None else _EncodedText(stream)
    limit = settings.max_article_bytes
    first = fh.readline(limit + 2)
    while first and not first.strip() and len(first) <= limit:
        first = fh.readline(limit + 2)
    if first.lstrip(BOM + b" \t").startswith(b"{"):
        yield from _jsonl_items(_Prepend(first, fh), name, settings, "jsonl")
        return
    origin = f"{name}:0"
    chunks, size = [first], len(first)
    while size <= limit:
        chunk = fh.read(1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        while fh.read(1 << 20):  # drain, so the writer does not see a broken pipe
            pass
        yield TooLarge(f"input is over the {limit}-byte limit (max_article_bytes)", origin=origin)
        return
    try:
        text = _text_of(b"".join(chunks))
    except InputError as exc:
        yield _fail(exc, origin)
        return
    yield RawRecord(text=text, origin=origin, fields={}, format="stdin")


class _EncodedText:
    """A text stream seen as bytes (for a replaced sys.stdin without a .buffer)."""

    def __init__(self, stream: IO[str]):
        self._stream = stream

    def readline(self, limit: int = -1) -> bytes:
        return self._stream.readline(limit).encode("utf-8", "surrogateescape")

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).encode("utf-8", "surrogateescape")


class _Prepend:
    """A byte stream with one line already read put back in front."""

    def __init__(self, first: bytes, rest: Any):
        self._first: bytes | None = first
        self._rest = rest

    def readline(self, limit: int = -1) -> bytes:
        if self._first is not None:
            line, self._first = self._first, None
            return line
        return self._rest.readline(limit)
