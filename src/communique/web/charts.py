"""The stance timeline as a Plotly figure: one line per issue, +1 for and -1 against, by date.

The figure goes to the page as JSON (escaped by Jinja's ``tojson``) and is
drawn there by plotly.js served from the installed plotly package. Plotly
reads a few HTML tags in labels, so names and issues taken from articles are
HTML-escaped first (Plotly shows the entities as the characters they stand for).
"""

from __future__ import annotations

import json
from html import escape
from itertools import groupby

import plotly.graph_objects as go


def stance_timeline_figure(points: list[dict], actor_name: str) -> dict:
    """The figure (``{"data", "layout"}``) for ``views.stance_timeline`` points."""
    figure = go.Figure()
    for _issue_id, issue_points in groupby(points, key=lambda point: point["issue_id"]):
        issue_points = list(issue_points)
        figure.add_trace(
            go.Scatter(
                x=[point["date"] for point in issue_points],
                y=[point["score"] for point in issue_points],
                mode="lines+markers",
                name=escape(issue_points[0]["issue"] or issue_points[0]["issue_id"]),
                text=[f"{point['stances']} stance(s)" for point in issue_points],
                hovertemplate="%{x}: %{y:+.2f} (%{text})<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        title=f"Stance of {escape(actor_name)} by issue",
        xaxis={"title": "date", "type": "date", "tickformat": "%Y-%m-%d"},
        yaxis={"title": "against (-1) … for (+1)", "range": [-1.1, 1.1]},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        height=360,
        showlegend=True,
    )
    return json.loads(figure.to_json())
