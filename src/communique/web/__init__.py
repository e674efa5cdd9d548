"""``communique serve``: a read-only JSON API and the web pages, one FastAPI app.

    app.py        the app: database sessions, static files (vendored JS), error handlers
    api.py        /api/...: JSON, paginated, OpenAPI-documented at /docs
    pages.py      HTML pages rendered with Jinja2 (autoescaped: article text is untrusted)
    views.py      the reads the API and the pages share
    highlight.py  article text cut into escaped segments, each with the annotations covering it
    charts.py     the stance timeline as a Plotly figure
"""
