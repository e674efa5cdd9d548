"""CAMEO event coding resources: the codebook (descriptions, Goldstein scores, QuadClass, PLOVER)
and PETRARCH-format dictionaries (verb patterns, with actors and agents read into the phrase resolver).

The shipped files in ``cameo/data`` are built by ``scripts/build_cameo.py``; a user's own
dictionaries are read from a folder with :func:`communique.cameo.dictionaries.load_dictionaries`.
"""
