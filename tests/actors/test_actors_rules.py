"""Table-driven tests for the resolver rules fixed after the independent gold's dev split (own sentences)."""

from __future__ import annotations

import pytest

# A hyphen inside a name ("Kassym-Jomart", "al-Assad") does not cut the mention; a "deposed"/"ousted"
# the parser leaves outside the noun chunk still makes the person former.
# (sentence, date, span, code, sector)
CASES_HYPHENATED_NAMES = [
    ("Kazakh President Kassym-Jomart Tokayev dismissed the cabinet.", "2022-01-05",
     "Kazakh President Kassym-Jomart Tokayev", "KAZ", "GOV"),
    ("Yemeni President Abd-Rabbu Mansour Hadi returned to Aden.", "2015-09-22",
     "Yemeni President Abd-Rabbu Mansour Hadi", "YEM", "GOV"),
    ("State television said deposed President Bashar al-Assad had fled.", "2024-12-10",
     "deposed President Bashar al-Assad", "SYR", "ELI"),
]


@pytest.mark.parametrize("text,date,span,code,sector", CASES_HYPHENATED_NAMES)
def test_actors_hyphen_keeps_the_whole_name(resolve, find, text, date, span, code, sector):
    m = find(resolve(text, date), span)
    assert m is not None and m.text == span, m and m.text
    assert (m.code, m.sector) == (code, sector), m.rule


# "The army ousted President X": a verb with its own subject does not make X former.
def test_actors_ousted_as_main_verb_is_not_former(resolve, find):
    m = find(resolve("The army ousted President Omar al-Bashir on Thursday.", "2019-04-12"), "Omar al-Bashir")
    assert m is not None and m.sector != "ELI" and not m.text.startswith("ousted"), m and m.rule


# A known organisation named right before an institution noun is that institution.
CASES_ORG_INSTITUTION = [
    ("The state-run Xinhua news agency published the statement.", "2023-03-01", "Xinhua news agency", "CHN", "JRN"),
    ("A tanker was hit off Aden, according to the UK Maritime Trade Operations agency.", "2024-03-01",
     "UK Maritime Trade Operations agency", "GBR", "MIL"),
]


@pytest.mark.parametrize("text,date,span,code,sector", CASES_ORG_INSTITUTION)
def test_actors_organisation_before_institution_noun(resolve, find, text, date, span, code, sector):
    m = find(resolve(text, date), span)
    assert m is not None, span
    assert (m.code, m.sector, m.kind) == (code, sector, "organisation"), m.rule


# A title in the text beats the KB office: before the term starts (the office is not yet held) and
# when the text names a different post (an army chief who also heads the state).
# (sentence, date, span, code, sector, office-holder's KB office not taken)
CASES_TEXT_TITLE_WINS = [
    ("Opposition candidate Bassirou Diomaye Faye addressed supporters in Dakar.", "2024-03-20",
     "Opposition candidate Bassirou Diomaye Faye", "SEN", "PTY"),
    ("Army chief Abdel Fattah al-Burhan toured the front.", "2023-07-01", "Abdel Fattah al-Burhan", "SDN", "MIL"),
    ("Colonel Mamady Doumbouya spoke on state television.", "2021-09-05", "Mamady Doumbouya", "GIN", "MIL"),
    # same sector as the KB office: unchanged
    ("Kenyan President William Ruto opened the summit.", "2023-09-04", "William Ruto", "KEN", "GOV"),
]


@pytest.mark.parametrize("text,date,span,code,sector", CASES_TEXT_TITLE_WINS)
def test_actors_title_in_text_beats_kb_office(resolve, find, text, date, span, code, sector):
    m = find(resolve(text, date), span)
    assert m is not None, span
    assert (m.code, m.sector, m.kind) == (code, sector, "person"), m.rule


# "commander"/"leader"/"spokesman" of a non-state organisation take its sector; not in an IGO.
CASES_ORG_TITLES = [
    ("Hamas commander Mohammed Deif was killed.", "2024-08-01", "Hamas commander Mohammed Deif", "PSE", "REB"),
    ("FARC leader Rodrigo Londono apologised to victims.", "2017-03-01", "FARC leader Rodrigo Londono", "COL", "REB"),
    ("Hamas spokesman Hazem Qassem rejected the plan.", "2024-05-01", "Hamas spokesman Hazem Qassem", "PSE", "REB"),
    ("NATO leaders met in Vilnius.", "2023-07-11", "NATO leaders", "IGO", "GOV"),
]


@pytest.mark.parametrize("text,date,span,code,sector", CASES_ORG_TITLES)
def test_actors_generic_title_takes_organisation_sector(resolve, find, text, date, span, code, sector):
    m = find(resolve(text, date), span)
    assert m is not None, span
    assert (m.code, m.sector) == (code, sector), m.rule


# A bare role noun takes the state of "in X", else the one state its sentence names; never when the
# sentence names two, when it says "foreign", or for weapons (shot down ones are the other side's).
# (sentence, span, code or None)
CASES_SENTENCE_STATE = [
    ("Police in Nairobi arrested dozens of protesters.", "Police", "KEN"),
    ("Police in Nairobi arrested dozens of protesters.", "protesters", "KEN"),
    ("Thai lawmakers debated the budget while the army stayed in its barracks.", "army", "THA"),
    ("Chinese and Japanese officials met as protesters gathered outside.", "protesters", None),
    ("Haitian officials said foreign mercenaries took part in the killing.", "foreign mercenaries", None),
    ("Russian forces said they shot down five drones.", "five drones", None),
]


@pytest.mark.parametrize("text,span,code", CASES_SENTENCE_STATE)
def test_actors_bare_role_noun_takes_the_sentence_state(resolve, find, text, span, code):
    m = find(resolve(text, "2024-06-25"), span)
    got = m.code if m is not None else None
    assert got == code, m and m.rule


# Places and stances are not actors: facilities named after a city, flags of convenience, "pro-"/"anti-".
CASES_PLACE_READINGS = [
    ("A bomb exploded at Kabul airport on Thursday.", "Kabul airport", None),
    ("A Panama-flagged tanker caught fire off Singapore.", "Panama-flagged", None),
    ("A Cook Islands-flagged tanker dragged its anchor.", "Cook Islands", None),
    ("Anti-American protesters burned flags in Tehran.", "Anti-American", "IRN"),  # the protesters, not the USA
]


@pytest.mark.parametrize("text,span,code", CASES_PLACE_READINGS)
def test_actors_place_and_stance_readings_are_not_the_state(resolve, find, text, span, code):
    m = find(resolve(text, "2024-01-10"), span)
    got = m.code if m is not None else None
    assert got == code, m and m.rule


# An organisation's name inside a longer person's name is the person ("Nikola Tesla" is no company).
def test_actors_organisation_inside_person_name(resolve, find):
    m = find(resolve("The museum honours Nikola Tesla, the inventor.", "2023-01-01"), "Tesla")
    assert m is not None and m.kind == "person" and m.code is None, m and m.rule
    m = find(resolve("Tesla shares fell after the recall.", "2023-01-01"), "Tesla")
    assert m is not None and (m.code, m.sector) == ("USA", "BUS"), m and m.rule


# PLOVER: PROTEST is civilian collective dissent, OPP "usually secondary".
CASES_PROTESTERS = [
    ("Iranian protesters marched in Tehran.", "Iranian protesters"),
    ("Kenyan demonstrators gathered outside the courthouse.", "Kenyan demonstrators"),
]


@pytest.mark.parametrize("text,span", CASES_PROTESTERS)
def test_actors_protesters_are_civilians_with_opp_secondary(resolve, find, text, span):
    m = find(resolve(text, "2023-01-01"), span)
    assert m is not None and m.sector == "CVL" and "OPP" in m.other_sectors, m and m.rule


# A titled person the KB does not know takes the sentence's state only when it is named as a state,
# demonym or capital, and no office-holder of another state is in the sentence.
# (sentence, date, span, code or None)
CASES_PERSON_SENTENCE_STATE = [
    ("Ugandan police detained opposition candidate Kizza Besigye in Kampala.", "2016-02-19",
     "opposition candidate Kizza Besigye", "UGA"),
    ("President Joe Biden met opposition leader Maria Lopez in Caracas.", "2023-05-01",
     "opposition leader Maria Lopez", None),
    ("Pope Francis received Cardinal Pietro Rossi on Monday.", "2023-05-01", "Cardinal Pietro Rossi", None),
]


@pytest.mark.parametrize("text,date,span,code", CASES_PERSON_SENTENCE_STATE)
def test_actors_titled_person_takes_a_named_sentence_state(resolve, find, text, date, span, code):
    m = find(resolve(text, date), span)
    assert m is not None and m.kind == "person", span
    assert m.code == code, m.rule


# Only the title next to the name counts: "General Secretary" is no military rank.
def test_actors_title_next_to_name_only(resolve, find):
    m = find(resolve("General Secretary Xi Jinping addressed the congress.", "2022-10-16"), "Xi Jinping")
    assert m is not None and (m.code, m.sector) == ("CHN", "GOV"), m and m.rule
