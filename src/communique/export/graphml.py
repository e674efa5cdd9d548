"""GraphML: the actor network (see ``communique.network``) for Gephi, visone or networkx."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx
from sqlalchemy.orm import Session

from communique.network import actor_network
from communique.query import Filters, RecordKind


def export(session: Session, stream: BinaryIO, _kind: RecordKind, _filters: Filters) -> int:
    """The whole network (every actor); returns the number of edges."""
    graph = actor_network(session)
    nx.write_graphml(graph, stream)
    return graph.number_of_edges()
