"""The JSON Schema of communique's output, generated from the document model.

The committed copy lives in ``schema/analysis.schema.json``; regenerate it
with ``communique schema --out schema/analysis.schema.json`` after adding
fields (a test fails while the two differ).
"""

from __future__ import annotations

import json

from communique.model import SCHEMA_VERSION, Analysis

SCHEMA_ID = f"https://communique.invalid/schema/analysis-{SCHEMA_VERSION}.json"


def analysis_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one line of ``communique analyze`` output."""
    schema = Analysis.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"communique analysis, schema version {SCHEMA_VERSION}",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def analysis_schema_json() -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(analysis_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
