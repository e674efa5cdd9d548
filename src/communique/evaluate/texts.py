"""Reading the text files that gold annotations point into."""

from __future__ import annotations

from pathlib import Path


def read_text_exactly(path: Path) -> str:
    """A UTF-8 file's text with no newline translation.

    Gold offsets count every character of the file, so a ``\\r\\n`` must stay
    two characters (``Path.read_text`` would turn it into one) and the Article
    built from it must hold exactly this text.
    """
    return path.read_bytes().decode("utf-8")
