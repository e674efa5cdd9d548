"""communique: who said what, about whom, with what stance, and what happened.

The data flow, one module or package per step::

    read/        files, folders, JSON Lines, stdin  ->  Article
    parse.py     the spaCy pipeline, loaded once per process
    extract/     pure functions from a parsed Doc to plain records
    components   the same extractors as spaCy components (nlp.add_pipe("communique"))
    pipeline.py  Article -> Analysis, one article or a stream of them
    cli.py       the ``communique`` command

Quick use::

    from communique import analyze_text
    analysis = analyze_text("Lavrov said sanctions were counterproductive.")
"""

__version__ = "0.1.0"

from communique.pipeline import analyze_article, analyze_articles, analyze_text

__all__ = ["__version__", "analyze_article", "analyze_articles", "analyze_text"]
