"""Byte-level checks shared by the readers: binary sniffing and strict UTF-8 decoding."""

from __future__ import annotations

import re

from ..errors import BinaryInput, EncodingError, InputError

__all__ = ["SNIFF_BYTES", "BOM", "check_binary", "decode_utf8", "declared_charset"]

# Bytes looked at to decide whether a file is text: enough to see past a header, small
# enough that a 50 MB file costs nothing to sniff.
SNIFF_BYTES = 64 * 1024

# Above this share of control bytes a "text" is a binary format that happens to have no NULs.
_MAX_CONTROL_SHARE = 0.10

BOM = b"\xef\xbb\xbf"

_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.I)


def check_binary(sample: bytes) -> InputError | None:
    """A D102 error when ``sample`` (the first bytes of an input) is not text."""
    if b"\x00" in sample:
        hint = " (UTF-16? re-save it as UTF-8)" if sample[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        return BinaryInput(f"binary input: NUL bytes{hint}")
    if sample:
        controls = len(sample) - len(sample.translate(None, _CONTROL))
        if controls / len(sample) > _MAX_CONTROL_SHARE:
            return BinaryInput(f"binary input: {controls} control bytes in the first {len(sample)}")
    return None


def decode_utf8(data: bytes, *, base_offset: int = 0) -> str:
    """Decode UTF-8 (with or without BOM) strictly; raise D103 with the byte offset of the fault.

    Never falls back to latin-1: a wrong guess would turn into mojibake that no later step can
    see, while a clear skip line lets the user re-save the file.
    """
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = base_offset + skip + exc.start
        bad = data[skip + exc.start : skip + exc.start + 4].hex(" ")
        raise EncodingError(f"invalid UTF-8 at byte {offset} (bytes {bad}); re-save the input as UTF-8") from None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any."""
    match = _CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None
