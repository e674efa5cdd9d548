"""The actor knowledge base: reproducible build, fast load, lookups by name and date, metonymy,
agents, phrase finding, and ``communique kb import`` into a user overlay."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from conftest import REPO, SHARED, require_shared, run_python

from communique.kb import combine, load_kb, normalise, split_code, tokenize
from communique.kb.store import read_shipped, shipped_path

SEED_DATE = "2009-10-13"


@pytest.fixture(scope="module")
def kb():
    return load_kb(overlay=False)


def first(kb, name, date=None):
    matches = kb.lookup(name, date)
    assert matches, f"no entry for {name!r}"
    return matches[0]


# ---- build and load -------------------------------------------------------------------------


def test_build_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    phoenix = require_shared(SHARED / "kb" / "phoenix")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_kb.py"), "--phoenix", str(phoenix), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning:" not in result.stderr, result.stderr
    shipped = shipped_path()
    assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), "rebuild with python scripts/build_kb.py"
    assert (tmp_path / "NOTICE").read_bytes() == (shipped.parent / "NOTICE").read_bytes()


def test_shipped_file_is_deterministic_gzip_and_names_its_source():
    raw = shipped_path().read_bytes()
    assert raw[4:8] == b"\0\0\0\0", "gzip time stamp must be 0 for reproducible builds"
    document = read_shipped()
    assert document["format"] == "communique-kb" and document["columns"][:3] == ["id", "kind", "name"]
    assert "Phoenix" in document["source"] and "MIT" in document["source"]
    assert document["notice"].startswith("The MIT License (MIT)")
    assert "Copyright (c) 2014 Open Event Data Alliance" in document["notice"]
    notice = (shipped_path().parent / "NOTICE").read_text(encoding="utf-8")
    assert "Open Event Data Alliance" in notice and "THE SOFTWARE IS PROVIDED" in notice
    assert len(raw) < 2_000_000


def test_loads_in_well_under_a_second_in_a_fresh_process():
    seconds = float(
        run_python(
            "import time\n"
            "from communique.kb import lookup\n"
            "started = time.perf_counter()\n"
            "kb = lookup.load_kb(overlay=False)\n"
            "kb.lookup('Sergei Lavrov', '2009-10-13')\n"
            "print(time.perf_counter() - started)\n"
        )
    )
    assert seconds < 1.5, f"loading took {seconds:.2f} s"


def test_every_un_member_state_has_iso_code_adjective_and_capital(kb):
    countries = list(kb.entries("country"))
    assert len(countries) >= 193
    capitals = {entry.country for entry in kb.entries("capital")}
    for entry in countries:
        assert entry.country and len(entry.country) == 3, entry
        assert entry.forms and entry.forms["adjective"] or entry.country in {"DMA"}, entry.name
    city_states = {"SGP", "MCO", "HKG"}
    assert {entry.country for entry in countries} - capitals == city_states
    assert kb.states["KSV"] == "XKX" and kb.states["TMP"] == "TLS" and kb.states["RUS"] == "RUS"


# ---- names, variants and dates --------------------------------------------------------------


@pytest.mark.parametrize("name", ["Sergei Lavrov", "Sergey Lavrov", "Lavrov", "SERGEY V. LAVROV", "sergei lavrov"])
def test_lavrov_is_russias_government_on_the_seed_date(kb, name):
    match = first(kb, name, SEED_DATE)
    assert (match.entry_id, match.code, match.country, match.sector) == ("person:sergey-lavrov", "RUSGOV", "RUS", "GOV")
    assert match.kind == "person" and match.name == "Sergey Lavrov"
    assert match.rule == "dated" and match.date_known
    # the officials communique ships (scripts/officials/) name his office; their roles win for their dates
    assert (match.role, match.source) == ("Minister of Foreign Affairs of Russia", "communique")


def test_date_restricted_roles_follow_the_date(kb):
    medvedev_2004 = first(kb, "Dmitry Medvedev", "2004-06-01")
    medvedev_2009 = first(kb, "Dmitri Medvedev", SEED_DATE)
    assert medvedev_2004.entry_id == medvedev_2009.entry_id
    assert (medvedev_2004.code, medvedev_2004.sector) == ("RUSELI", "ELI")
    assert (medvedev_2009.code, medvedev_2009.sector) == ("RUSGOV", "GOV")
    clinton = first(kb, "Hillary Clinton", SEED_DATE)
    assert (clinton.code, clinton.country, clinton.rule) == ("USAGOV", "USA", "dated")
    assert first(kb, "Hillary Rodham Clinton", "2015-06-01").code == "USAELI"  # her undated default
    # Lavrov's first dated role: ambassador to the UN
    assert first(kb, "Lavrov", "1999-01-01").role == "Amb. to UN"


def test_officials_in_office_since_the_dictionaries_stopped(kb):
    # scripts/officials/: people the 2014 dictionaries lack, with their dated roles
    pashinyan = first(kb, "Nikol Pashinyan", "2020-06-01")
    assert (pashinyan.code, pashinyan.country, pashinyan.rule, pashinyan.source) == ("ARMGOV", "ARM", "dated", "communique")
    assert first(kb, "Jacinda Ardern", "2019-03-15").code == "NZLGOV"
    assert first(kb, "Jacinda Ardern", "2024-01-01").code is None  # out of office, no undated default
    assert first(kb, "Volodymyr Zelenskyy", "2023-05-01").entry_id == first(kb, "Volodymyr Zelensky").entry_id
    # a person the dictionaries know gets the newer roles on the same entry; older dates keep the dictionaries' codes
    putin_2020, putin_2009 = first(kb, "Vladimir Putin", "2020-01-01"), first(kb, "Vladimir Putin", SEED_DATE)
    assert putin_2020.entry_id == putin_2009.entry_id
    assert (putin_2020.code, putin_2020.source, putin_2009.code, putin_2009.source) == ("RUSGOV", "communique", "RUSGOV", "phoenix")


@pytest.mark.parametrize(
    ("name", "code", "sector"),
    [
        ("Verkhovna Rada", "UKRLEG", "LEG"),
        ("Institutional Revolutionary Party", "MEXPTY", "PTY"),
        ("Somaliland", "SOMPRE", "PRE"),
        ("Wagner Group", "RUSPRM", "PRM"),
        ("Syrian Democratic Forces", "SYRREB", "REB"),
    ],
)
def test_bodies_the_dictionaries_lack(kb, name, code, sector):
    match = first(kb, name)
    assert (match.code, match.sector) == (code, sector)


def test_without_a_date_the_default_code_else_the_most_recent(kb):
    medvedev = first(kb, "Medvedev")
    assert (medvedev.code, medvedev.rule, medvedev.date_known) == ("RUSELI", "default", False)
    lavrov = first(kb, "Lavrov")
    assert (lavrov.code, lavrov.rule, lavrov.date_known) == ("RUSGOV", "latest", False)
    assert first(kb, "Lavrov", "not a date").date_known is False


def test_no_code_when_the_date_is_outside_every_role_and_there_is_no_default(kb):
    match = first(kb, "Sergey Lavrov", "1980-01-01")
    assert (match.code, match.rule, match.country) == (None, "none", "RUS")


def test_surnames_and_name_variants(kb):
    clinton = kb.lookup_surname("Clinton", SEED_DATE)
    assert clinton[0].name == "Hillary Clinton" and clinton[0].rule == "dated" and clinton[0].form == "surname"
    assert "Bill Clinton" in [match.name for match in clinton]
    assert kb.lookup_person("Ali Khamenei", SEED_DATE)[0].code == "IRNGOV"
    variant = kb.lookup_person("Dimitry Medvedev", SEED_DATE)[0]
    assert (variant.name, variant.code, variant.form) == ("Dmitry Medvedev", "RUSGOV", "variant")
    assert kb.lookup_person("Xyzzy Lavrov", SEED_DATE) == []


# ---- countries, adjectives, capitals --------------------------------------------------------


@pytest.mark.parametrize(
    "name, iso, form",
    [
        ("Russia", "RUS", "name"),
        ("Russian", "RUS", "adjective"),
        ("Russians", "RUS", "demonym"),
        ("Iranian", "IRN", "adjective"),
        ("American", "USA", "adjective"),
        ("US", "USA", "adjective"),
        ("U.S.", "USA", "adjective"),
        ("British", "GBR", "adjective"),
        ("Kosovo", "XKX", "name"),
        ("Côte d’Ivoire", "CIV", "name"),
    ],
)
def test_country_names_adjectives_and_demonyms(kb, name, iso, form):
    match = first(kb, name)
    assert (match.kind, match.country, match.form) == ("country", iso, form)


@pytest.mark.parametrize(
    "capital, code",
    [
        ("Moscow", "RUSGOV"),
        ("Washington", "USAGOV"),
        ("Tehran", "IRNGOV"),
        ("London", "GBRGOV"),
        ("Paris", "FRAGOV"),
        ("Beijing", "CHNGOV"),
        ("Kyiv", "UKRGOV"),
        ("Pristina", "KSVGOV"),
    ],
)
def test_capitals_stand_for_the_government(kb, capital, code):
    match = first(kb, capital)
    assert (match.kind, match.code, match.sector) == ("capital", code, "GOV")
    assert all(m.kind != "country" for m in kb.lookup(capital))


# ---- organisations and agents ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        ("International Atomic Energy Agency", "IGOUNOIAE"),
        ("IAEA", "IGOUNOIAE"),
        ("the IAEA", "IGOUNOIAE"),
        ("UN nuclear watchdog", "IGOUNOIAE"),
        ("UN Security Council", "IGOUNO"),
        ("the UN Security Council", "IGOUNO"),
        ("United Nations", "IGOUNO"),
        ("World Health Organization", "IGOUNOHLHWHO"),
        ("Kremlin", "RUSGOV"),
        ("Hamas", "PSEREBHMS"),
    ],
)
def test_organisations(kb, name, code):
    assert first(kb, name).code == code


def test_code_anatomy(kb):
    assert first(kb, "IAEA").sector == "IGO" and first(kb, "IAEA").country is None
    who = split_code("IGOUNOHLHWHO", kb.states)
    assert (who.country, who.sector, who.orgs) == (None, "HLH", ("UNO", "WHO"))
    iraq = split_code("IRQGOVMIL", kb.states)
    assert (iraq.country, iraq.sector, iraq.secondary) == ("IRQ", "GOV", ("MIL",))
    assert split_code("MNCUSAMED", kb.states).country == "USA"
    assert split_code("KSVGOV", kb.states).country == "XKX"
    assert combine("IRQ", "~COP") == "IRQCOP" and combine("UNO", "IGO~") == "IGOUNO"


@pytest.mark.parametrize(
    "text, code",
    [
        ("foreign minister", "~GOV"),
        ("Foreign Ministers", "~GOV"),
        ("police", "~COP"),
        ("warplanes", "~MIL"),
        ("soldiers", "~MIL"),
        ("President", "~GOV"),
        ("heavily armed police", "~COP"),
        ("peacekeeping troops", "IGO~"),
    ],
)
def test_agents(kb, text, code):
    agent = kb.agent(text)
    assert agent is not None and agent.code == code


def test_agents_combine_with_a_country(kb):
    pieces = kb.find_in_text("Iraqi police")
    assert [p.kind for p in pieces] == ["entity", "agent"]
    assert pieces[1].agent.apply(pieces[0].matches[0].code) == "IRQCOP"
    american, warplanes = kb.find_in_text("American warplanes")
    assert warplanes.agent.apply(american.matches[0].code) == "USAMIL"


# ---- finding KB phrases in a mention ---------------------------------------------------------


def test_find_in_text_splits_a_titled_mention(kb):
    text = "Russian President Dmitry Medvedev"
    pieces = kb.find_in_text(text, SEED_DATE)
    assert [(p.text, p.kind) for p in pieces] == [
        ("Russian", "entity"),
        ("President", "agent"),
        ("Dmitry Medvedev", "entity"),
    ]
    assert all(text[p.start : p.end] == p.text for p in pieces)
    assert pieces[0].matches[0].country == "RUS" and pieces[0].matches[0].form == "adjective"
    assert pieces[1].agent.sector == "GOV"
    assert pieces[2].matches[0].code == "RUSGOV" and pieces[2].matches[0].date_known


def test_find_in_text_compounds_metonyms_and_descriptions(kb):
    assert [(p.text, p.matches[0].country) for p in kb.find_in_text("Russia and the US")] == [
        ("Russia", "RUS"),
        ("the US", "USA"),
    ]
    pieces = kb.find_in_text("Moscow praised Tehran’s stance", SEED_DATE)
    assert [(p.text, p.matches[0].code) for p in pieces] == [("Moscow", "RUSGOV"), ("Tehran", "IRNGOV")]
    russian, minister = kb.find_in_text("The Russian foreign minister")
    assert (russian.matches[0].country, minister.agent.code) == ("RUS", "~GOV")
    watchdog = kb.find_in_text("the UN nuclear watchdog")
    assert [(p.text, p.matches[0].code) for p in watchdog] == [("UN nuclear watchdog", "IGOUNOIAE")]
    council = kb.find_in_text("the UN Security Council")
    assert [(p.text, p.matches[0].code) for p in council] == [("UN Security Council", "IGOUNO")]
    clinton = kb.find_in_text("US Secretary of State Hillary Clinton", SEED_DATE)[-1]
    assert (clinton.text, clinton.matches[0].code) == ("Hillary Clinton", "USAGOV")


def test_common_words_match_only_when_capitalised(kb):
    assert kb.lookup("us") == [] and first(kb, "US").country == "USA"
    assert kb.find_in_text("he told us so") == []
    assert kb.lookup("turkey") == [] and first(kb, "Turkey").country == "TUR"


def test_bad_input_gives_no_match_and_no_error(kb):
    assert kb.lookup("") == [] and kb.find_in_text("") == [] and kb.agent("") is None
    assert kb.lookup("Сергей Лавров") == []
    long_mention = "the " + "very " * 40 + "long description of someone"
    assert len(long_mention) > 200 and kb.lookup(long_mention) == []
    assert isinstance(kb.find_in_text(long_mention), list)


def test_normalisation():
    assert normalise("U.S.") == "us"
    assert normalise("Côte d’Ivoire") == "cote d'ivoire"
    assert normalise("Abdullah Gül") == "abdullah gul"
    assert normalise("SERGEY_V._LAVROV_") == "sergey v lavrov"
    assert normalise("Ban Ki-moon") == "ban ki moon"
    assert [t[2] for t in tokenize("Russia's envoy")] == ["russia", "'s", "envoy"]


# ---- kb import -------------------------------------------------------------------------------

CSV_ROWS = """name,aliases,kind,country,sector,role,start,end,cameo,wikidata
Rishi Sunak,Sunak,person,GBR,GOV,Prime Minister of the United Kingdom,2022-10-25,2024-07-05,,Q7334406
Sergei Lavrov,,person,RUS,GOV,Minister of Foreign Affairs,2004-03-09,,,
Bad Date,,person,FRA,GOV,,2023-13-01,,,
Rafael Grossi,,person,,,Director General of the IAEA,2019-12-03,,IGOUNOIAE,http://www.wikidata.org/entity/Q2127921
"""

JSONL_ROWS = [
    {
        "name": "Volodymyr Zelensky",
        "aliases": ["Zelensky", "Volodymyr Zelenskyy"],
        "kind": "person",
        "country": "UKR",
        "sector": "GOV",
        "role": "President of Ukraine",
        "start": "2019-05-20T00:00:00Z",
        "end": None,
        "wikidata": "Q3881622",
    },
    {"name": "Wagner Group", "kind": "group", "country": "RUS", "sector": "PRM", "start": "2014-01-01"},
    {"name": "Nobody", "kind": "person", "country": "XXX", "sector": "GOV"},
]


def write_import_files(folder):
    csv_path = folder / "people.csv"
    csv_path.write_text(CSV_ROWS, encoding="utf-8")
    jsonl_path = folder / "people.jsonl"
    jsonl_path.write_text("\n".join(json.dumps(row) for row in JSONL_ROWS) + "\n{not json\n", encoding="utf-8")
    return csv_path, jsonl_path


def test_kb_import_reports_bad_rows_and_merges_the_rest(cli, tmp_path):
    csv_path, jsonl_path = write_import_files(tmp_path)
    kb_dir = tmp_path / "kb"
    result = cli("kb", "import", csv_path, jsonl_path, "--kb-dir", kb_dir)
    assert result.exit_code == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {csv_path}:4: bad date '2023-13-01' in start (want YYYY-MM-DD)",
        f"error: {jsonl_path}:3: unknown country 'XXX' (want an ISO 3166 alpha-3 code such as RUS)",
        f"error: {jsonl_path}:4: not JSON (Expecting property name enclosed in double quotes)",
    ]
    assert result.stderr.splitlines()[-1].endswith("5 new, 0 updated, 0 unchanged; 3 rows failed")
    overlay = kb_dir / "overlay.jsonl"
    stored = overlay.read_bytes()

    again = cli("kb", "import", csv_path, jsonl_path, "--kb-dir", kb_dir)
    assert again.exit_code == 1
    assert again.stderr.splitlines()[-1].endswith("0 new, 0 updated, 5 unchanged; 3 rows failed")
    assert overlay.read_bytes() == stored, "importing the same file twice must store it once"
    assert len(overlay.read_text(encoding="utf-8").splitlines()) == 5

    kb = load_kb(kb_dir)
    sunak = first(kb, "Rishi Sunak", "2023-05-01")
    assert (sunak.code, sunak.country, sunak.sector, sunak.rule, sunak.source) == (
        "GBRGOV",
        "GBR",
        "GOV",
        "dated",
        "user",
    )
    assert sunak.role == "Prime Minister of the United Kingdom" and sunak.entry.wikidata == "Q7334406"
    assert first(kb, "Sunak", "2025-01-01").code is None  # out of office, no default
    assert first(kb, "Zelensky", "2023-05-01").code == "UKRGOV"
    assert first(kb, "Rafael Grossi", "2023-05-01").code == "IGOUNOIAE"
    assert first(kb, "Wagner Group", "2023-05-01").sector == "PRM"
    # the overlay joins the shipped entry and its roles win for their dates
    lavrov = first(kb, "Sergey Lavrov", "2023-05-01")
    assert (lavrov.entry_id, lavrov.role, lavrov.source) == (
        "person:sergey-lavrov",
        "Minister of Foreign Affairs",
        "user",
    )
    assert first(kb, "Lavrov", "2000-01-01").role == "Amb. to UN"
    # without the overlay, the officials communique ships still know him; with it, the user's row wins
    shipped = first(load_kb(overlay=False), "Rishi Sunak", "2023-05-01")
    assert (shipped.code, shipped.source, shipped.entry.wikidata) == ("GBRGOV", "communique", None)


def test_kb_import_of_good_rows_exits_0_and_updates_roles(cli, tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text(
        "name,kind,country,sector,role,start,end\nAnnalena Baerbock,person,DEU,GOV,Foreign Minister,2021-12-08,\n"
    )
    kb_dir = tmp_path / "kb"
    assert cli("kb", "import", path, "--kb-dir", kb_dir).exit_code == 0
    path.write_text(
        "name,kind,country,sector,role,start,end\nAnnalena Baerbock,person,DEU,GOV,Foreign Minister,2021-12-08,2025-05-06\n"
    )
    result = cli("kb", "import", path, "--kb-dir", kb_dir)
    assert result.exit_code == 0 and "0 new, 1 updated" in result.stderr
    kb = load_kb(kb_dir)
    assert first(kb, "Annalena Baerbock", "2023-01-01").code == "DEUGOV"
    assert first(kb, "Annalena Baerbock", "2025-06-01").code is None


def test_kb_import_skips_comment_lines_before_the_header_and_counts_them_in_line_numbers(cli, tmp_path):
    path = tmp_path / "commented.csv"
    path.write_text("# People in office\n# compiled by hand\nname,kind,country,sector,start\nX Y,person,FRA,GOV,2023-02-30\n")
    result = cli("kb", "import", path, "--kb-dir", tmp_path / "kb")
    assert result.exit_code == 1
    assert f"error: {path}:4: bad date '2023-02-30' in start (want YYYY-MM-DD)" in result.stderr


def test_kb_import_refuses_a_file_with_unknown_columns(cli, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("name,colour\nX,red\n")
    result = cli("kb", "import", path, "--kb-dir", tmp_path / "kb")
    assert result.exit_code == 1
    assert f"error: {path}:1: unknown column 'colour'" in result.stderr
    assert not (tmp_path / "kb" / "overlay.jsonl").exists()


def test_kb_show_and_info(cli, tmp_path):
    shown = cli("kb", "show", "Sergei Lavrov", "--date", SEED_DATE, "--json", "--kb-dir", tmp_path)
    assert shown.exit_code == 0
    match = json.loads(shown.stdout.splitlines()[0])
    assert (match["code"], match["rule"], match["date_known"]) == ("RUSGOV", "dated", True)
    assert "~MIL" in cli("kb", "show", "warplanes", "--kb-dir", tmp_path).stdout
    assert cli("kb", "show", "xyzzy qwerty", "--kb-dir", tmp_path).exit_code == 1
    info = cli("kb", "info", "--kb-dir", tmp_path)
    assert info.exit_code == 0 and "Phoenix" in info.stdout and "country" in info.stdout


def test_overlay_file_is_plain_sorted_json_lines(tmp_path, cli):
    csv_path, jsonl_path = write_import_files(tmp_path)
    cli("kb", "import", jsonl_path, csv_path, "--kb-dir", tmp_path / "a")
    cli("kb", "import", csv_path, jsonl_path, "--kb-dir", tmp_path / "b")
    a = (tmp_path / "a" / "overlay.jsonl").read_bytes()
    assert a == (tmp_path / "b" / "overlay.jsonl").read_bytes(), "the import order must not matter"
    keys = [json.loads(line)["key"] for line in a.decode().splitlines()]
    assert keys == sorted(keys)
    assert gzip  # the shipped file is gzip; the overlay stays readable text
