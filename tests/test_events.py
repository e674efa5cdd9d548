"""Event coding: the codebook, PETRARCH-format dictionaries, the coder's actors and codes, modality,
quotes, and the events of a whole article. Every sentence here is written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO, SHARED, require_shared

from communique.cameo.codebook import event_code, quad_class
from communique.cameo.dictionaries import DictionaryError, load_dictionaries, shipped_dictionaries
from communique.cameo.verbs import read_verb_file
from communique.extract.events import code_events, dictionary_actor_coder, modality_of
from communique.parse import load_pipeline
from communique.pipeline import analyze_text

VERBS = """\
&TIES
+DIPLOMATIC TIES
+RELATIONS

--- RESTORE  [064]  ---
RESTORE
- * NEW_&TIES [065]

--- MEET  [040:040]  ---
MEET {MEETS MET MEETING}

--- CONDEMN  [122]  ---
CONDEMN

--- ATTACK  [190]  ---
ATTACK
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF} [1721]
"""
ACTORS = """\
VALDORIA [VLD]
+VALDORIAN
KESTRIA [KST]
BRELAND [BRL]
THE_TWIN_ISLES [TWA/TWB]
"""
AGENTS = """\
SOLDIER [~MIL]
GOVERNMENT [~GOV]
"""
DISCARDS = """\
FOOTBALL MATCH
"""


@pytest.fixture(scope="module")
def dictionaries(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dictionaries")
    (folder / "test.verbs.txt").write_text(VERBS, encoding="utf-8")
    (folder / "test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (folder / "test.discards.txt").write_text(DISCARDS, encoding="utf-8")
    return load_dictionaries(folder)


def coded(nlp, dictionaries, text, **options) -> list[tuple[str, str | None, str, str]]:
    """(source, target, code, modality) of every event in ``text``."""
    doc = nlp(text)
    coder = dictionary_actor_coder(dictionaries, None, text)
    found = []
    for sentence in doc.sents:
        for event in code_events(sentence, dictionaries, coder, **options):
            found.append((event.source.code, event.target.code if event.target else None, event.code, event.modality))
    return found


# ---- codebook ---------------------------------------------------------------------------------


def test_codebook_gives_description_goldstein_quadclass_and_plover():
    code = event_code("051")
    assert (code.root, code.description, code.goldstein, code.quad_class) == ("05", "Praise or endorse", 3.4, 1)
    assert code.plover_category == "SUPPORT"
    assert event_code("190").quad_class == 4
    assert event_code("1721").plover_mode == "restrict"


def test_unlisted_code_takes_its_parents_facts_but_no_description():
    code = event_code("0421")
    assert code.description is None and code.plover_category == "CONSULT" and code.goldstein == event_code("042").goldstein


@pytest.mark.parametrize(("root", "quad"), [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4), ("ab", None)])
def test_quad_class_by_root(root, quad):
    assert quad_class(root) == quad


# ---- dictionaries -----------------------------------------------------------------------------


def test_verb_file_reads_blocks_forms_multiword_verbs_and_synsets(tmp_path):
    path = tmp_path / "v.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    warnings: list[str] = []
    verbs = read_verb_file(path, warnings)
    assert warnings == []
    assert {v.code for v in verbs.verbs["MET"]} == {"040:040"}
    assert verbs.verbs["CORDON"][0].after == ("OFF",) and verbs.verbs["CORDON"][0].code == "1721"
    pattern = verbs.patterns["RESTORE"][0]
    new, ties = (("NEW",),), (("DIPLOMATIC", "TIES"), ("RELATIONS",))
    assert pattern.code == "065" and pattern.after == ((new, ties),)  # one chunk: NEW_&TIES are adjacent


def test_folder_without_verbs_is_refused(tmp_path):
    (tmp_path / "only.actors.txt").write_text(ACTORS, encoding="utf-8")
    with pytest.raises(DictionaryError, match="no verb dictionary"):
        load_dictionaries(tmp_path)


def test_shipped_lexicon_is_built_from_the_cameo_verb_dictionary():
    verbs = shipped_dictionaries().verbs
    assert any(v.code == "051" for v in verbs.verbs["PRAISE"])
    assert any(v.code == "030" for v in verbs.verbs["AGREE"])  # communique's addition replaces CAMEO.2.0's 050


def test_shipped_cameo_files_are_up_to_date(tmp_path):
    require_shared(SHARED / "kb" / "phoenix" / "CAMEO.2.0.txt")
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_cameo.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    shipped = REPO / "src" / "communique" / "cameo" / "data"
    for name in ("codebook.json", "verbs.json", "NOTICE"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), f"{name} is stale: run scripts/build_cameo.py"


# ---- the coder --------------------------------------------------------------------------------


def test_subject_verb_object(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria condemned Kestria on Monday.") == [("VLD", "KST", "122", "asserted")]


def test_pattern_refines_the_default_code(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria restored new diplomatic ties with Kestria.")[0][2] == "065"
    assert coded(nlp, dictionaries, "Valdoria restored old diplomatic ties with Kestria.")[0][2] == "064"


def test_target_inside_the_object_and_agent_with_owner(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Soldiers from Valdoria attacked the roads leading into Kestria.") == [
        ("VLDMIL", "KST", "190", "asserted")
    ]


def test_multiword_verb_needs_its_particle(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria cordoned off the border with Kestria.")[0][2] == "1721"
    assert coded(nlp, dictionaries, "Valdoria cordoned the border with Kestria.") == []


def test_code_pair_codes_the_reverse_event(nlp, dictionaries):
    found = coded(nlp, dictionaries, "Valdoria met Kestria on Friday.")
    assert {(s, t, c) for s, t, c, _ in found} == {("VLD", "KST", "040"), ("KST", "VLD", "040")}


def test_conjoined_subjects_and_objects_give_one_event_per_pair(nlp, dictionaries):
    found = coded(nlp, dictionaries, "Valdoria and Breland condemned Kestria.")
    assert {(s, t) for s, t, _, _ in found} == {("VLD", "KST"), ("BRL", "KST")}


def test_entry_standing_for_several_actors(nlp, dictionaries):
    found = coded(nlp, dictionaries, "The Twin Isles condemned Kestria.")
    assert {s for s, _, _, _ in found} == {"TWA", "TWB"}


def test_passive_agent_is_the_source(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Kestria was condemned by Valdoria.") == [("VLD", "KST", "122", "asserted")]


def test_discarded_sentence_codes_nothing(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria condemned Kestria after the football match.") == []


def test_require_target_and_reciprocal_options(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria condemned the decision.", require_target=True) == []
    found = coded(nlp, dictionaries, "Valdoria and Kestria restored diplomatic ties.", reciprocal=True)
    assert {(s, t) for s, t, _, _ in found} == {("VLD", "KST"), ("KST", "VLD")}


# ---- modality: one test per case the issue names -------------------------------------------


def test_negated_event_is_marked_negated(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria did not meet Kestria.")[0][3] == "negated"


def test_future_meeting_is_coded_as_intent_to_meet(nlp, dictionaries):
    found = coded(nlp, dictionaries, "Valdoria will meet Kestria next week.")
    assert found[0][2:] == ("036", "future")
    assert coded(nlp, dictionaries, "Valdoria will meet Kestria next week.", intent_codes=False)[0][2] == "040"


def test_intended_event(nlp, dictionaries):
    found = coded(nlp, dictionaries, "Valdoria plans to meet Kestria.")
    assert ("VLD", "KST", "036", "intended") in found


def test_conditional_event(nlp, dictionaries):
    found = coded(nlp, dictionaries, "Valdoria would attack Kestria if the talks fail.")
    assert found[0][3] == "conditional" and found[0][2] == "138"  # a conditional attack is a threat of force


def test_historical_event(nlp, dictionaries):
    assert coded(nlp, dictionaries, "Valdoria has condemned Kestria three times.")[0][3] == "historical"


def test_refused_cooperation_is_a_rejection(nlp, dictionaries):
    found = coded(nlp, dictionaries, "Valdoria refused to meet Kestria.")
    assert found == [("VLD", "KST", "125", "negated")]


def test_modality_of_plain_past_is_asserted(nlp):
    doc = nlp("The minister visited the capital.")
    assert modality_of(doc[2]) == "asserted"


# ---- whole articles ---------------------------------------------------------------------------

ARTICLE = (
    "Example Times\nMonday, March 2nd, 2015\n\n"
    "German Chancellor Angela Merkel praised France for its support on Monday.\n\n"
    "Merkel will later meet French President Francois Hollande in Paris.\n\n"
    "Greece has come under repeated sanctions by the European Union.\n\n"
    "\u201cWe condemn the attack on Ukraine,\u201d Merkel said.\n"
)


@pytest.fixture(scope="module")
def analysis():
    return analyze_text(ARTICLE)


def by_verb(analysis, verb):
    found = [event for event in analysis.events if event.verb.text == verb]
    assert found, f"no event on {verb!r}: {[(e.verb.text, e.code.cameo) for e in analysis.events]}"
    return found[0]


def test_article_event_carries_codes_offsets_sentence_and_date(analysis):
    praise = by_verb(analysis, "praised")
    text = analysis.article.text
    assert (praise.code.cameo, praise.source_code, praise.target_code) == ("051", "DEUGOV", "FRA")
    assert text[praise.verb.start : praise.verb.end] == "praised"
    assert text[praise.source.start : praise.source.end] == praise.source.text
    assert praise.sentence.text.startswith("German Chancellor") and praise.date == "2015-03-02"
    assert praise.source_actor_ids and praise.code.plover_category == "SUPPORT"


def test_article_future_meeting_has_place(analysis):
    meet = by_verb(analysis, "meet")
    assert (meet.code.cameo, meet.modality, meet.target_code) == ("036", "future", "FRAGOV")
    assert meet.place is not None and meet.place.text == "Paris"


def test_historical_event_is_never_dated_to_the_article(analysis):
    sanctions = by_verb(analysis, "sanctions")
    assert sanctions.modality == "historical" and sanctions.date is None
    assert sanctions.target_code == "GRC" and sanctions.source_code.startswith("IGO")


def test_event_in_a_quote_is_attributed_to_the_quote_and_its_speaker(analysis):
    condemn = by_verb(analysis, "condemn")
    quote = next(q for q in analysis.quotes if q.id == condemn.reported_by_quote_id)
    assert quote.speaker.name and "Merkel" in quote.speaker.name
    assert condemn.source_code == "DEUGOV"  # "We" in the quotation is the speaker's side


def test_events_are_deterministic(analysis):
    again = analyze_text(ARTICLE)
    assert json.dumps([e.model_dump() for e in again.events]) == json.dumps([e.model_dump() for e in analysis.events])


def test_analyze_codes_with_a_users_dictionaries(cli, tmp_path, dictionaries):
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "mine.verbs.txt").write_text(VERBS, encoding="utf-8")
    (folder / "mine.actors.txt").write_text(ACTORS, encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("Valdoria condemned Kestria on Monday.\n", encoding="utf-8")
    result = cli("analyze", article, "--dictionaries", folder)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[0])["events"]
    assert [(e["source_code"], e["target_code"], e["code"]["cameo"]) for e in found] == [("VLD", "KST", "122")]
    assert load_pipeline().get_pipe("communique").dictionaries is None  # the shared pipeline is left as it was
    refused = cli("analyze", article, "--dictionaries", tmp_path / "nowhere")
    assert refused.exit_code == 2 and "not a folder" in refused.stderr


# ---- the shipped lexicon: codes a user of CAMEO expects ----------------------------------------

LEXICON_ARTICLE = (
    "Example Times\nTuesday, May 5th, 2015\n\n"
    "Farmers in Greece began a hunger strike on Monday to demand the resignation of the German chancellor.\n\n"
    "Rebels in Chad have sworn to fight until they take the capital.\n\n"
    "The Sudanese army launched mortar and rocket fire against Chadian villages.\n\n"
    "Bolivia expelled inspectors of the United Nations on Friday.\n\n"
    "Norway halted economic aid to Chile.\n\n"
    "A Peruvian company is suing the Government of Ecuador over a contract.\n\n"
    "Two hundred Malian rebels surrendered to the army of Mali.\n\n"
    "Kenya will support a resolution that aims to impose sanctions on Somalia.\n\n"
    "The Portuguese president gave a warm welcome to the Spanish king.\n\n"
    "Ghana closed its embassy in Togo, according to Nigeria.\n"
)


@pytest.fixture(scope="module")
def lexicon_analysis():
    return analyze_text(LEXICON_ARTICLE)


def codes_on(analysis, verb) -> set[str]:
    return {event.code.cameo for event in analysis.events if event.verb.text == verb}


def test_appeals_are_plover_requests_like_demands():
    assert event_code("0241").plover_category == "REQUEST"
    assert (event_code("0241").plover_mode, event_code("0241").plover_context) == (
        event_code("1041").plover_mode,
        event_code("1041").plover_context,
    )


def test_an_act_without_a_target_is_aimed_at_the_target_of_its_purpose(lexicon_analysis):
    strike = by_verb(lexicon_analysis, "strike")
    assert strike.code.cameo == "142" and strike.source_code.startswith("GRC") and strike.target_code.startswith("DEU")


def test_infinitive_taken_for_a_purpose_clause_is_still_intended(lexicon_analysis):
    fight = by_verb(lexicon_analysis, "fight")
    assert (fight.code.cameo, fight.modality) == ("138", "intended")  # vowing to fight threatens force
    assert codes_on(lexicon_analysis, "sworn") == set()  # the vow is the threat, not an event of its own


def test_light_verb_with_conjoined_event_noun(lexicon_analysis):
    fire = codes_on(lexicon_analysis, "fire")
    assert fire and {code[:2] for code in fire} == {"19"} and codes_on(lexicon_analysis, "launched") == set()


@pytest.mark.parametrize(
    ("verb", "code"),
    [("expelled", "1662"), ("halted", "1621"), ("suing", "115"), ("surrendered", "0874"), ("welcome", "043")],
)
def test_codes_from_the_cameo_codebook_definitions(lexicon_analysis, verb, code):
    assert code in codes_on(lexicon_analysis, verb)


def test_patterns_do_not_read_inside_a_relative_clause(lexicon_analysis):
    support = by_verb(lexicon_analysis, "support")
    assert not support.code.cameo.startswith("13")  # future support, not a threat of sanctions


def test_according_to_is_no_event(lexicon_analysis):
    assert codes_on(lexicon_analysis, "according") == set() and codes_on(lexicon_analysis, "closed")
