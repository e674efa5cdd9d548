"""Where the knowledge base lives: the shipped file and the user's overlay.

The shipped knowledge base is ``communique/kb/data/phoenix-kb.json.gz`` (built by
``scripts/build_kb.py``): gzip-compressed JSON, one header object whose ``entries`` list
holds one JSON array per entry, its fields named by the header's ``columns``
(``id, kind, name, country, names, codes, forms, note, source``). Each code is
``[code, start, end, role]`` with ISO dates or ``null``. ``NOTICE`` beside it carries the
source and the MIT licence of the Phoenix dictionaries.

The user's overlay (``communique kb import``) is ``overlay.jsonl`` in the knowledge-base
folder: ``--kb-dir``, else ``$COMMUNIQUE_KB_DIR``, else ``$XDG_DATA_HOME/communique/kb``,
else ``~/.local/share/communique/kb``. One JSON object per entry, sorted by its ``key``,
written atomically, so importing the same rows again leaves the file byte-identical.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from importlib.resources import files
from pathlib import Path

KB_FILE = "phoenix-kb.json.gz"
OVERLAY_FILE = "overlay.jsonl"
ENV_DIR = "COMMUNIQUE_KB_DIR"


def shipped_path() -> Path:
    """The knowledge base shipped inside the package."""
    return Path(str(files("communique.kb") / "data" / KB_FILE))


def read_shipped(path: Path | None = None) -> dict:
    """The shipped knowledge-base document (header fields and ``entries``)."""
    with open(path or shipped_path(), "rb") as handle:
        return json.loads(gzip.decompress(handle.read()))


def default_kb_dir() -> Path:
    """The user's knowledge-base folder when no ``--kb-dir`` is given."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR]).expanduser()
    base = (
        Path(os.environ["XDG_DATA_HOME"]).expanduser()
        if os.environ.get("XDG_DATA_HOME")
        else Path.home() / ".local" / "share"
    )
    return base / "communique" / "kb"


def overlay_path(kb_dir: Path | str | None = None) -> Path:
    """The overlay file inside ``kb_dir`` (or the default folder)."""
    return Path(kb_dir).expanduser() / OVERLAY_FILE if kb_dir else default_kb_dir() / OVERLAY_FILE


def read_overlay(kb_dir: Path | str | None = None) -> list[dict]:
    """The overlay's entries; an empty list when there is no overlay yet."""
    path = overlay_path(kb_dir)
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_overlay(items: list[dict], kb_dir: Path | str | None = None) -> Path:
    """Replace the overlay with ``items`` (sorted by key), atomically."""
    path = overlay_path(kb_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(
        json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for item in sorted(items, key=lambda item: item["key"])
    )
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp", newline="\n"
    ) as handle:
        handle.write(text)
    try:
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path
