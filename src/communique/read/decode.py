"""Turning the bytes of a file into text, or saying clearly why we cannot."""

from __future__ import annotations

import codecs
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.01
_SINGLE_BYTE_LATIN = ("cp125", "iso8859", "latin", "mac_")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why, in a few words."""


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as UTF-8, a BOM-marked Unicode encoding, or a detected legacy encoding.

    Line endings are normalised to ``\\n`` so that offsets do not depend on the
    platform the file was written on.
    """
    text = _decode(data)
    if _control_share(text[:_SNIFF_BYTES]) > _MAX_CONTROL_SHARE:
        raise DecodeError("binary file (mostly control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding}") from error
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("not UTF-8, and no other text encoding could be detected")
    if best.encoding.startswith(_SINGLE_BYTE_LATIN):
        # Detectors cannot tell the Latin code pages apart on short texts; for
        # English news the Western one is by far the likeliest when it fits.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for char in text if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char not in "\t\n\r\f")
    return controls / len(text)
