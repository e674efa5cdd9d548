"""Time expressions: found in hand-written sentences, resolved against the article's date, and dating quotes.

Every case runs the real pipeline's parse, so finding the expression, the tense of its verb and the
resolution are tested together. Weekdays of the anchors: 2009-10-13 is a Tuesday, 2009-10-12 a Monday,
2009-10-18 a Sunday, 2010-01-05 a Tuesday in the first ISO week of 2010.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import SEED, require_shared

from communique.extract.timerules import UNRESOLVED, Resolution, _with_first_characters, find_times, resolve
from communique.extract.times import article_times, date_of, tense_of
from communique.model import Article
from communique.pipeline import analyze_article
from communique.read.text import article_from_text

TUESDAY, MONDAY, SUNDAY, NEW_YEAR = "2009-10-13", "2009-10-12", "2009-10-18", "2010-01-05"

CASES = [
    # (article date, sentence, expression, resolved, granularity)
    # the article's day
    (TUESDAY, "Clinton will later meet the Russian president.", "later", "2009-10-13", "day"),
    (TUESDAY, "The minister spoke today in Moscow.", "today", "2009-10-13", "day"),
    (TUESDAY, "Lavrov said earlier that the deal was dead.", "earlier", "2009-10-13", "day"),
    (TUESDAY, "He spoke to reporters yesterday.", "yesterday", "2009-10-12", "day"),
    (TUESDAY, "The ceasefire took effect last night.", "last night", "2009-10-12", "day"),
    (TUESDAY, "The cabinet meets tomorrow.", "tomorrow", "2009-10-14", "day"),
    # weekday names relative to the dateline
    (TUESDAY, "Lavrov met Clinton on Monday.", "Monday", "2009-10-12", "day"),
    (TUESDAY, "Lavrov met Clinton on Tuesday.", "Tuesday", "2009-10-13", "day"),
    (TUESDAY, "The envoys arrived in Vienna on Wednesday.", "Wednesday", "2009-10-07", "day"),
    (TUESDAY, "The envoys say the plan is fair, a spokesman said on Friday.", "Friday", "2009-10-09", "day"),
    (TUESDAY, "The ministers will meet on Wednesday.", "Wednesday", "2009-10-14", "day"),
    (TUESDAY, "Talks are scheduled to begin on Thursday.", "Thursday", "2009-10-15", "day"),
    (TUESDAY, "The talks resumed last Tuesday.", "last Tuesday", "2009-10-06", "day"),
    (TUESDAY, "The talks resume next Tuesday.", "next Tuesday", "2009-10-20", "day"),
    (TUESDAY, "Protesters gathered on Sunday night.", "Sunday night", "2009-10-11", "day"),
    (TUESDAY, "The talks open this Friday.", "this Friday", "2009-10-16", "day"),
    (TUESDAY, "The talks opened this Monday.", "this Monday", "2009-10-12", "day"),
    (MONDAY, "Iran said on Monday it would respond.", "Monday", "2009-10-12", "day"),
    (MONDAY, "Officials said they would reply by Friday.", "Friday", "2009-10-16", "day"),
    (MONDAY, "The inspectors left on Friday.", "Friday", "2009-10-09", "day"),
    (SUNDAY, "The ministers met on Saturday.", "Saturday", "2009-10-17", "day"),
    (SUNDAY, "The ministers meet on Sunday.", "Sunday", "2009-10-18", "day"),
    # last/this/next week, month, year
    (TUESDAY, "Last week the council met in New York.", "Last week", "2009-W41", "week"),
    (TUESDAY, "The council will meet next week.", "next week", "2009-W43", "week"),
    (TUESDAY, "This week the envoy is in Vienna.", "This week", "2009-W42", "week"),
    (TUESDAY, "Medvedev said last month that sanctions might work.", "last month", "2009-09", "month"),
    (TUESDAY, "Earlier this month, the ministers met in Geneva.", "Earlier this month", "2009-10", "month"),
    (TUESDAY, "The vote is expected next month.", "next month", "2009-11", "month"),
    (TUESDAY, "The agency reported last year that stocks fell.", "last year", "2008", "year"),
    (TUESDAY, "Late last year the programme was suspended.", "Late last year", "2008", "year"),
    (TUESDAY, "Elections will be held next year.", "next year", "2010", "year"),
    (NEW_YEAR, "The council met last month.", "last month", "2009-12", "month"),
    (NEW_YEAR, "The council met last week.", "last week", "2009-W53", "week"),
    (NEW_YEAR, "The inquiry ended last year.", "last year", "2009", "year"),
    # counted distances
    (TUESDAY, "The plant opened three years ago.", "three years ago", "2006", "year"),
    (TUESDAY, "The envoy visited two months ago.", "two months ago", "2009-08", "month"),
    (TUESDAY, "The envoy resigned 10 days ago.", "10 days ago", "2009-10-03", "day"),
    (TUESDAY, "Inspectors arrived a week ago.", "a week ago", "2009-W41", "week"),
    # explicit dates and months
    (TUESDAY, "The minister arrived on Oct. 12 for talks.", "Oct. 12", "2009-10-12", "day"),
    (TUESDAY, "The treaty was signed on 12 October 2009.", "12 October 2009", "2009-10-12", "day"),
    (TUESDAY, "The treaty was signed on October 12, 2008.", "October 12, 2008", "2008-10-12", "day"),
    (TUESDAY, "The vote is set for Nov. 3.", "Nov. 3", "2009-11-03", "day"),
    (NEW_YEAR, "The agreement was signed on Dec. 30.", "Dec. 30", "2009-12-30", "day"),
    (TUESDAY, "Iran joined the treaty in 1970.", "1970", "1970", "year"),
    (TUESDAY, "The report came out in March 2006.", "March 2006", "2006-03", "month"),
    (TUESDAY, "The sanctions were imposed in September.", "September", "2009-09", "month"),
    (TUESDAY, "The summit will take place in January.", "January", "2010-01", "month"),
    (NEW_YEAR, "The talks will resume in December.", "December", "2010-12", "month"),
    (TUESDAY, "The meeting is planned for mid-October.", "mid-October", "2009-10", "month"),
    (TUESDAY, "In May the talks stalled.", "May", "2009-05", "month"),
    # clock times
    (TUESDAY, "The meeting began at 10 a.m. on Tuesday.", "10 a.m. on Tuesday", "2009-10-13T10:00", "time"),
    (TUESDAY, "The blast happened at 7:30 p.m. local time.", "7:30 p.m.", "2009-10-13T19:30", "time"),
    (TUESDAY, "The statement was issued at 14:30 GMT.", "14:30 GMT", "2009-10-13T14:30+00:00", "time"),
    # found, but tied to another event of the story or a duration: unresolved
    (TUESDAY, "Two days later, the talks collapsed.", "Two days later", None, None),
    (TUESDAY, "The next day, the envoy left.", "The next day", None, None),
    (TUESDAY, "He later resigned from the post.", "later", None, None),
    (TUESDAY, "The plant was built several years ago.", "several years ago", None, None),
]


def body_times_of(nlp, sentence: str, date: str | None):
    article = Article(id="t", text=sentence, date=date)
    return article_times(nlp(sentence), sentence, article)


@pytest.mark.parametrize(("date", "sentence", "expression", "resolved", "granularity"), CASES)
def test_time_expression_resolution(nlp, date, sentence, expression, resolved, granularity):
    times = {time.text: time for time in body_times_of(nlp, sentence, date)}
    assert expression in times, f"{expression!r} not found; found {sorted(times)}"
    time = times[expression]
    assert time.role == "body"
    assert sentence[time.start : time.end] == expression
    assert (time.resolved, time.granularity) == (resolved, granularity)


def test_there_are_at_least_forty_hand_written_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "sentence",
    [
        "An earlier report said little about the plan.",  # an adjective, not a time
        "Lavrov may travel to Tehran.",  # the verb "may"
        "The later stages of the talks were harder.",
        "The Mayor of Moscow spoke.",
        "The rally recalled Bloody Sunday.",  # a named day, not last Sunday
    ],
)
def test_words_that_only_look_like_times_are_not_time_expressions(nlp, sentence):
    assert body_times_of(nlp, sentence, TUESDAY) == []


def test_parser_dates_without_a_word_of_time_are_left_out_and_durations_stay_unresolved(nlp):
    sentence = "The senator, 55, has backed the bill for two years, as he did in the 1990s."
    times = [(time.text, time.resolved) for time in body_times_of(nlp, sentence, TUESDAY)]
    assert times == [("two years", None), ("the 1990s", None)]  # an age is not a date


def test_without_an_article_date_only_absolute_expressions_resolve(nlp):
    sentence = "Iran joined the treaty in 1970 and signed the protocol on 18 December 2003, an envoy said on Tuesday."
    times = {time.text: time.resolved for time in body_times_of(nlp, sentence, None)}
    assert times == {"1970": "1970", "18 December 2003": "2003-12-18", "Tuesday": None}


# --- datelines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header_date", "resolved", "granularity"),
    [
        ("Tuesday, Oct 13th, 2009", "2009-10-13", "day"),
        ("Tue Oct 13, 2009 7:41am EDT", "2009-10-13T07:41-04:00", "time"),
        ("13 October 2009", "2009-10-13", "day"),
        ("2009-10-13", "2009-10-13", "day"),
        ("October 13, 2009 10:15 GMT", "2009-10-13T10:15+00:00", "time"),
    ],
)
def test_header_datelines_in_several_styles(nlp, header_date, resolved, granularity):
    text = f"Some Outlet\n{header_date}\n\nThe envoy left yesterday."
    article = article_from_text(text)
    dateline, body = article_times(nlp(text), text, article)
    assert (dateline.role, dateline.text, dateline.resolved, dateline.granularity) == (
        "dateline",
        header_date,
        resolved,
        granularity,
    )
    assert (body.text, body.resolved) == ("yesterday", "2009-10-12")


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        # resolved against the article's date
        ("MOSCOW, Oct 13 (Reuters) - The envoy left yesterday.", TUESDAY, [("Oct 13", "2009-10-13"), ("yesterday", "2009-10-12")]),
        # a full date stands in for a missing article date
        ("WASHINGTON, Oct. 13, 2009 (AP) -- The envoy left yesterday.", None, [("Oct. 13, 2009", "2009-10-13"), ("yesterday", "2009-10-12")]),
        # neither a year nor an article date: nothing to resolve against
        ("MOSCOW, Oct 13 (Reuters) - The envoy left yesterday.", None, [("Oct 13", None), ("yesterday", None)]),
        ("GENEVA, Switzerland, 13 October 2009 - The envoy left yesterday.", None, [("13 October 2009", "2009-10-13"), ("yesterday", "2009-10-12")]),
    ],
)  # fmt: skip
def test_wire_datelines_opening_the_body(nlp, text, date, expected):
    times = article_times(nlp(text), text, Article(id="t", text=text, date=date))
    assert [time.role for time in times] == ["dateline", "body"]
    assert [(time.text, time.resolved) for time in times] == expected


def test_a_body_opening_with_a_place_but_no_date_has_no_dateline(nlp):
    text = "WASHINGTON (Reuters) - The envoy left yesterday."
    times = article_times(nlp(text), text, Article(id="t", text=text, date=TUESDAY))
    assert [(time.role, time.text) for time in times] == [("body", "yesterday")]


# --- the grammar on its own ------------------------------------------------------------------------


def test_resolve_is_a_pure_function_of_the_words_the_anchor_and_the_tense():
    anchor = dt.date(2009, 10, 13)
    assert resolve("on Friday", anchor, "past") == Resolution("2009-10-09", "day")
    assert resolve("on Friday", anchor, "future") == Resolution("2009-10-16", "day")
    assert resolve("on Friday", anchor) == Resolution("2009-10-09", "day")  # no verb: the latest one
    assert resolve("Oct. 12", anchor, "future") == Resolution("2010-10-12", "day")
    assert resolve("last month", None) == UNRESOLVED
    assert resolve("the 1990s", anchor) == UNRESOLVED


def test_find_times_prefers_the_longest_expression():
    text = "Talks broke down the next day, two days later than planned, and resume next Tuesday at 10 a.m."
    assert [(text[found.start : found.end], found.rule) for found in find_times(text)] == [
        ("the next day", "anaphoric"),
        ("two days later", "anaphoric"),
        ("next Tuesday at 10 a.m.", "clock"),
    ]



@pytest.mark.parametrize(
    ("text", "expression", "rule"),
    [
        ("It happened THREE DAYS AGO, officials said.", "THREE DAYS AGO", "ago"),
        ("It happened two weeks Ago.", "two weeks Ago", "ago"),
        ("Prices soared in the 1990S.", "the 1990S", "decade"),
        ("TALKS RESUME ON MONDAY.", "MONDAY", "weekday"),
        ("The vote is set for SEPT. 5, 2016 in the capital.", "SEPT. 5, 2016", "month-day"),
        ("No deal was reached in DECEMBER 2015.", "DECEMBER 2015", "month-year"),
    ],
)
def test_rules_match_whatever_the_case_of_their_words_and_not_without_them(text, expression, rule):
    found = [(text[item.start : item.end], item.rule) for item in find_times(text)]
    assert (expression, rule) in found
    assert rule not in {item.rule for item in find_times(text.replace(expression, "then"))}


def test_the_first_character_look_ahead_keeps_every_match_and_leaves_patterns_that_match_nothing_alone():
    text = "Early May, late june, MID-JULY and mid-August; may I? In May."
    pattern = r"\b(?:(?:early|late|mid)[\s-]+)?(?-i:May|June|JULY|August)"
    led = _with_first_characters(pattern)
    assert led.pattern.startswith("(?=[")
    plain = re.compile(pattern, re.IGNORECASE)
    assert [match.span() for match in led.finditer(text)] == [match.span() for match in plain.finditer(text)]
    assert [match.group() for match in led.finditer(text)] == ["Early May", "MID-JULY", "mid-August", "May"]
    assert _with_first_characters(r"(?:later)?").pattern == r"(?:later)?"  # it can match nothing
    digits = _with_first_characters(r"\d+ days")  # \d: any digit of any script, in the look-ahead too
    assert digits.pattern == r"(?=[\d])(?:\d+ days)"
    assert [match.group() for match in digits.finditer("3 days, ٣ days, x days")] == ["3 days", "٣ days"]


# --- the date of a clause, and quote dates ----------------------------------------------------------

ARTICLE = """Test Wire
Monday, March 1st, 2010

The foreign minister, who said last week that the talks were over, met the envoy on Monday.

The envoy said on Friday that the deal was close. “We are ready,” the minister said.

The president told reporters in January that sanctions would follow, adding that time was short.
"""


def test_quotes_take_the_date_of_their_cue_clause_else_none(nlp):
    analysis = analyze_article(article_from_text(ARTICLE), nlp)
    dates = {quote.content[-1].text.strip("“”,. "): quote.date for quote in analysis.quotes}
    assert dates == {
        "that the talks were over": "2010-W08",  # "who said last week": the week before 1 March 2010
        "that the deal was close": "2010-02-26",  # "said on Friday": the Friday before
        "We are ready": None,  # undated: the article's date applies
        "that sanctions would follow": "2010-01",  # "told reporters in January"
        "that time was short": "2010-01",  # the participle "adding" shares the time of "told"
    }


def test_date_of_dates_the_clause_the_expression_hangs_on(nlp):
    text = "Lavrov said he would meet Clinton on Friday."
    article = Article(id="t", text=text, date=TUESDAY)
    doc = nlp(text)
    times = article_times(doc, text, article)
    said, meet = doc[1], doc[4]
    assert (said.text, meet.text) == ("said", "meet")
    assert date_of(said, times) is None  # Friday is when they meet, not when he said it
    assert date_of(meet, times).resolved == "2009-10-16"  # "would meet": the next Friday
    assert date_of(doc[3:6], times).resolved == "2009-10-16"  # a span, by its root
    assert (tense_of(said), tense_of(meet)) == ("past", "future")


def test_date_of_prefers_the_most_precise_expression(nlp):
    text = "The envoy arrived in October on Monday."
    doc = nlp(text)
    times = article_times(doc, text, Article(id="t", text=text, date=TUESDAY))
    assert date_of(doc[2], times).resolved == "2009-10-12"


# --- the seed ----------------------------------------------------------------------------------------


def test_seed_times_and_quote_dates(nlp):
    text = require_shared(SEED).read_text(encoding="utf-8")
    analysis = analyze_article(article_from_text(text), nlp)
    assert [(time.role, time.text, time.resolved, time.granularity) for time in analysis.times] == [
        ("dateline", "Tuesday, Oct 13th, 2009", "2009-10-13", "day"),
        ("body", "later", "2009-10-13", "day"),
        ("body", "last month", "2009-09", "month"),
    ]
    dated = [(quote.content[-1].text, quote.date) for quote in analysis.quotes if quote.date]
    assert dated == [("that sanctions on Iran might become inevitable", "2009-09")]
