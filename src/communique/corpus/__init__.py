"""Across articles: near-duplicate stories, and events counted once however many articles report them."""
