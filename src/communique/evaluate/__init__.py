"""Scoring communique against hand annotations: ``communique eval ...``.

Each module does one job, so a new benchmark reuses the rest:

- ``brat``: reads BRAT standoff ``.ann`` files (PolNeAR's format) into spans.
- ``spans``: the span scorer (exact after trimming, lenient on shared word
  tokens, micro precision/recall/F1) that every span benchmark shares.
- ``polnear``: PolNeAR attribution spans (Source, Cue, Content), for
  communique and, on the same parsed Docs, textacy's direct quotations.
- ``seed``: the hand annotation of the seed article, one function per section.
- ``actors``: the NGEC actor-resolution cases (short phrases to codes, co-actors).
- ``cli``: the ``eval`` Typer sub-app that prints the tables and the JSON line.

Scores are measurements, not pass/fail checks: the commands exit 0 whenever
they ran.
"""
