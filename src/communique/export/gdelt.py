"""GDELT 2.0 event records: communique's events in GDELT's 61 tab-separated columns, in GDELT's order.

Columns communique knows are filled (dates, actor codes, names, countries and
types, CAMEO event code, base and root, QuadClass, Goldstein score, the place
named in the text, when it was added, the source URL); the rest (religion,
ethnicity, geocoding, tone) are left empty, as GDELT itself leaves unknown
fields. GLOBALEVENTID numbers the exported events from 1 in export order, so
it is stable for a given database but not across databases. An event with no
known day gets empty date columns rather than a guessed one.
"""

from __future__ import annotations

from datetime import date as Date
from typing import BinaryIO

from sqlalchemy.orm import Session

from communique.model import Actor, Analysis, Event
from communique.query import Filters, RecordKind, stored_articles
from communique.store.ingest import first_actor

COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles "
    "AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode "
    "Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type "
    "ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long "
    "ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
"""The GDELT 2.0 event table's columns, in file order."""

_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


def export(session: Session, stream: BinaryIO, _kind: RecordKind, filters: Filters) -> int:
    written = 0
    for article in stored_articles(session, filters):
        analysis = Analysis.model_validate_json(article.analysis_json)
        added = article.ingested_at.replace("-", "").replace("T", "").replace(":", "")
        for event in analysis.events:
            written += 1
            record = gdelt_record(written, analysis, event, added)
            stream.write(("\t".join(record[column] for column in COLUMNS) + "\n").encode("utf-8"))
    return written


def gdelt_record(event_number: int, analysis: Analysis, event: Event, date_added: str) -> dict[str, str]:
    """One event as a GDELT record: every column, empty where communique does not know it."""
    record = dict.fromkeys(COLUMNS, "")
    actors = {actor.id: actor for actor in analysis.actors}
    article = analysis.article
    record.update(
        GLOBALEVENTID=str(event_number),
        **_date_columns(event.date or (None if event.modality == "historical" else article.date)),
        **_actor_columns("Actor1", first_actor(event.source_actor_ids, actors), event.source.text if event.source else None),
        **_actor_columns("Actor2", first_actor(event.target_actor_ids, actors), event.target.text if event.target else None),
        IsRootEvent="1" if "\n" not in article.text[article.body_start : event.sentence.start].strip() else "0",
        EventCode=event.code.cameo,
        EventBaseCode=event.code.cameo[:3],
        EventRootCode=event.code.root,
        QuadClass=_text(event.code.quad_class),
        GoldsteinScale=_text(event.code.goldstein),
        NumMentions="1",
        NumSources="1",
        NumArticles="1",
        ActionGeo_FullName=event.place.text if event.place else "",
        DATEADDED=date_added,
        SOURCEURL=article.url or article.source_path or "",
    )
    return record


def _date_columns(iso: str | None) -> dict[str, str]:
    try:
        day = Date.fromisoformat(iso) if iso and len(iso) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return {}
    fraction = day.year + day.timetuple().tm_yday / 365  # as GDELT computes it: YEAR + DAYOFYEAR/365
    return {
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": str(day.year),
        "FractionDate": f"{fraction:.4f}",
    }


def _actor_columns(prefix: str, actor: Actor | None, text: str | None) -> dict[str, str]:
    if actor is None:
        return {f"{prefix}Name": (text or "").upper()}
    code = actor.cameo or ""
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": actor.name.upper(),
        f"{prefix}CountryCode": actor.country or "",
        f"{prefix}KnownGroupCode": code[:3] if code.startswith(_KNOWN_GROUP_PREFIXES) else "",
        f"{prefix}Type1Code": actor.sector or "",
    }


def _text(value: float | int | None) -> str:
    return "" if value is None else str(value)
