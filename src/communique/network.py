"""The actor network: who acts on and takes stances toward whom, across all stored articles.

Nodes are actors (by actor key, so one actor across articles); an edge
``a -> b`` gathers the events with ``a`` as source and ``b`` as target
(``events``, ``mean_goldstein``: cooperation above zero, conflict below) and
the stances ``a`` holds toward ``b`` (``stances``, ``stance_balance`` =
positive minus negative). The same graph feeds the GraphML export, the API
and the network page.
"""

from __future__ import annotations

import networkx as nx
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from communique.store.tables import ActorRow, EventRow, StanceRow

DEFAULT_MAX_NODES = 200


def actor_network(session: Session, max_nodes: int | None = None) -> nx.DiGraph:
    """The network of the ``max_nodes`` actors mentioned in most articles (all when None)."""
    graph = nx.DiGraph()
    for key, name, cameo, articles in session.execute(_actors(max_nodes)):
        graph.add_node(key, name=name, cameo=cameo or "", articles=articles)
    for source, target, events, goldstein in session.execute(_event_edges()):
        if source in graph and target in graph:
            _edge(graph, source, target).update(events=events, mean_goldstein=round(float(goldstein or 0.0), 3))
    for holder, target, stances, balance in session.execute(_stance_edges()):
        if holder in graph and target in graph:
            _edge(graph, holder, target).update(stances=stances, stance_balance=int(balance))
    return graph


def network_json(graph: nx.DiGraph) -> dict:
    """The graph as ``{"nodes": [...], "edges": [...]}`` with every attribute, for the API and the page."""
    return {
        "nodes": [{"id": key, **attributes} for key, attributes in graph.nodes(data=True)],
        "edges": [{"source": a, "target": b, **attributes} for a, b, attributes in graph.edges(data=True)],
    }


def _edge(graph: nx.DiGraph, source: str, target: str) -> dict:
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, events=0, mean_goldstein=0.0, stances=0, stance_balance=0)
    return graph.edges[source, target]


def _actors(max_nodes: int | None):
    articles = func.count(func.distinct(ActorRow.article_id))
    return (
        select(ActorRow.actor_key, func.min(ActorRow.name), func.min(ActorRow.cameo), articles)
        .group_by(ActorRow.actor_key)
        .order_by(articles.desc(), ActorRow.actor_key)
        .limit(max_nodes)
    )


def _event_edges():
    return (
        select(EventRow.source_key, EventRow.target_key, func.count(), func.avg(EventRow.goldstein))
        .where(EventRow.source_key.is_not(None), EventRow.target_key.is_not(None))
        .group_by(EventRow.source_key, EventRow.target_key)
    )


def _stance_edges():
    sign = case((StanceRow.polarity == "positive", 1), (StanceRow.polarity == "negative", -1), else_=0)
    return (
        select(StanceRow.holder_key, StanceRow.target_key, func.count(), func.sum(sign))
        .where(StanceRow.holder_key.is_not(None), StanceRow.target_key.is_not(None))
        .group_by(StanceRow.holder_key, StanceRow.target_key)
    )
