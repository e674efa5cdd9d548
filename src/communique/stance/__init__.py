"""Stance models: the learned part of stance detection (see :mod:`communique.extract.stances` for its use)."""
