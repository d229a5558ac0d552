"""Table-driven tests for the resolver's hard cases (original sentences, not gold or seed text)."""

from __future__ import annotations

import pytest


# (sentence, date, span, code, sector, kind)
CASES_TITLES = [
    ("Chinese Defence Ministry Spokesman Ren Guoqiang spoke to reporters on Thursday.", "2019-03-28",
     "Chinese Defence Ministry Spokesman Ren Guoqiang", "CHN", "GOV", "person"),
    ("Defense Minister Sergei Shoigu opened the army games outside Moscow.", "2018-07-28",
     "Defense Minister Sergei Shoigu", "RUS", "GOV", "person"),
    ("Chinese navy commander Zhang Wei inspected the port facilities.", "2022-04-01",
     "Chinese navy commander Zhang Wei", "CHN", "MIL", "person"),
    ("A Japanese coast guard official described the incident.", "2021-02-01",
     "A Japanese coast guard official", "JPN", "COP", "person"),
    ("Indian army colonel Rakesh Menon briefed the press.", "2020-06-20",
     "Indian army colonel Rakesh Menon", "IND", "MIL", "person"),
    ("Pentagon spokesman Major Ann Lee declined to comment.", "2019-05-05",
     "Pentagon spokesman Major Ann Lee", "USA", "MIL", "person"),
    ("US senators pressed the nominee on Taiwan policy.", "2021-05-05", "US senators", "USA", "LEG", "group"),
    ("Ukrainian police detained two suspects.", "2023-05-05", "Ukrainian police", "UKR", "COP", "group"),
    # PLOVER: PROTEST is civilian collective dissent and OPP is "usually secondary": protesters are CVL (+OPP)
    ("Iranian protesters gathered outside the embassy.", "2022-10-01", "Iranian protesters", "IRN", "CVL", "group"),
    ("Russian journalists were barred from the briefing.", "2022-10-01", "Russian journalists", "RUS", "JRN", "group"),
]


@pytest.mark.parametrize("text,date,span,code,sector,kind", CASES_TITLES)
def test_actors_title_gives_country_and_sector(resolve, find, text, date, span, code, sector, kind):
    m = find(resolve(text, date), span)
    assert m is not None, span
    assert (m.code, m.sector, m.kind) == (code, sector, kind), m.rule


def test_actors_defence_spokesman_is_one_person_gov_plus_mil(resolve):
    a = resolve("Chinese Defence Ministry Spokesman Ren Guoqiang rejected the report.", "2018-10-25")
    people = [m for m in a.mentions if m.kind == "person"]
    assert len(people) == 1
    m = people[0]
    assert m.text == "Chinese Defence Ministry Spokesman Ren Guoqiang"
    assert (m.code, m.sector, m.other_sectors) == ("CHN", "GOV", ["MIL"])
    assert m.office and "spokesperson" in m.office
    assert m.name == "Ren Guoqiang" and m.rule


CASES_GROUPS = [
    ("US B-52 bombers flew over the disputed waters.", "US B-52 bombers", "USA", "MIL"),
    ("Two British destroyers entered the strait.", "Two British destroyers", "GBR", "MIL"),
    ("The USS Ronald Reagan left port on Monday.", "USS Ronald Reagan", "USA", "MIL"),
    ("Taliban fighters seized the border post.", "Taliban fighters", "AFG", "REB"),
]


@pytest.mark.parametrize("text,span,code,sector", CASES_GROUPS)
def test_actors_military_groups(resolve, find, text, span, code, sector):
    m = find(resolve(text, "2020-01-01"), span)
    assert m is not None and (m.code, m.sector) == (code, sector), m and m.rule


CASES_NOT_ACTORS = [
    ("The rebels flew Russian-made aircraft.", "Russian-made"),
    ("Ankara bought US-built fighters and Chinese-designed drones.", "US-built"),
    ("Ankara bought US-built fighters and Chinese-designed drones.", "Chinese-designed"),
    ("The West has imposed new sanctions.", "The West"),
    ("Western diplomats walked out of the session.", "Western diplomats"),
    ("Two ships collided in the South China Sea.", "South China Sea"),
    ("Crews from Spokane, Washington flew to the fire.", "Washington"),
    ("Washington state passed a new budget.", "Washington state"),
]


@pytest.mark.parametrize("text,span", CASES_NOT_ACTORS)
def test_actors_origins_regions_and_places_are_not_coded(resolve, find, text, span):
    m = find(resolve(text, "2021-01-01"), span)
    assert m is None or m.code is None, m.rule


def test_actors_russian_made_aircraft_yields_no_actor(resolve):
    a = resolve("The unit bought Russian-made aircraft last year.", "2018-09-20")
    assert [m for m in a.mentions if m.code == "RUS"] == []


CASES_WASHINGTON = [
    ("Washington imposed new tariffs on Beijing.", "Washington", "USA", "GOV", "state"),
    ("The Washington governor signed the bill.", "The Washington governor", "USA", "GOV", "person"),
    ("Washington Post reporters asked the question.", "Washington Post", "USA", "JRN", None),
]


@pytest.mark.parametrize("text,span,code,sector,kind", CASES_WASHINGTON)
def test_actors_washington_government_versus_other(resolve, find, text, span, code, sector, kind):
    m = find(resolve(text, "2019-01-01"), span)
    assert m is not None and (m.code, m.sector) == (code, sector), m and m.rule
    if kind:
        assert m.kind == kind


def test_actors_washington_governor_is_not_the_federal_government(resolve, find):
    m = find(resolve("The Washington governor signed the bill.", "2019-01-01"), "governor")
    assert m.kind == "person" and "governor" in m.text


CASES_NAMED_AFTER = [
    ("Lecturers at the China University of Political Science and Law held a seminar.",
     "China University of Political Science and Law", "EDU"),
    ("The Bank of China raised its reserve ratio.", "Bank of China", "BUS"),
    ("Researchers at the University of Tokyo published the study.", "University of Tokyo", "EDU"),
]


@pytest.mark.parametrize("text,span,sector", CASES_NAMED_AFTER)
def test_actors_organisation_named_after_a_state_is_not_the_state(resolve, find, text, span, sector):
    m = find(resolve(text, "2020-01-01"), span)
    assert m is not None and m.kind == "organisation" and m.sector == sector, m and m.rule
    assert m.sector != "GOV"


CASES_COORDINATED = [
    ("China and Russia held joint patrols.", [("China", "CHN", "GOV"), ("Russia", "RUS", "GOV")]),
    ("Russian and Belarusian soldiers took part.", [("Russian", "RUS", "MIL"), ("Belarusian soldiers", "BLR", "MIL")]),
    ("Japanese and Australian diplomats met.", [("Japanese", "JPN", "GOV"), ("Australian diplomats", "AUS", "GOV")]),
]


@pytest.mark.parametrize("text,expected", CASES_COORDINATED)
def test_actors_coordinated_actors_split(resolve, text, expected):
    a = resolve(text, "2022-01-01")
    coded = [(m.text, m.code, m.sector) for m in a.mentions if m.code]
    assert coded == expected


CASES_TAIWAN_AND_CAPITALS = [
    ("Taiwan protested the flights.", "Taiwan", "TWN"),
    ("Taipei protested the flights.", "Taipei", "TWN"),
    ("Beijing rejected the claim.", "Beijing", "CHN"),
    ("The Kremlin rejected the claim.", "Kremlin", "RUS"),
    ("Downing Street rejected the claim.", "Downing Street", "GBR"),
    ("Seoul and Tokyo agreed to share intelligence.", "Tokyo", "JPN"),
]


@pytest.mark.parametrize("text,span,code", CASES_TAIWAN_AND_CAPITALS)
def test_actors_capitals_and_taiwan(resolve, find, text, span, code):
    m = find(resolve(text, "2021-01-01"), span)
    assert m is not None and m.code == code and m.sector == "GOV", m and m.rule


def test_actors_pentagon_is_us_military(resolve, find):
    m = find(resolve("The Pentagon announced the deployment.", "2021-01-01"), "Pentagon")
    assert (m.code, m.sector, m.kind) == ("USA", "MIL", "organisation")


CASES_PLACES = [
    ("The talks took place in Beijing.", "Beijing"),
    ("The minister visited Taipei last week.", "Taipei"),
    ("Troops were deployed in Syria.", "Syria"),
]


@pytest.mark.parametrize("text,span", CASES_PLACES)
def test_actors_locations_are_not_actors(resolve, find, text, span):
    m = find(resolve(text, "2021-01-01"), span)
    assert m is None or m.code is None


CASES_NON_STATE = [
    ("The UN Security Council met in emergency session.", "UN Security Council", "UNO", "GOV"),
    ("The European Union extended its sanctions.", "European Union", "EUR", "GOV"),
    ("NATO held exercises in Norway.", "NATO", "IGO", "MIL"),
    ("Islamic State claimed the attack.", "Islamic State", "IMG", "REB"),
    ("Hezbollah denied involvement.", "Hezbollah", "LBN", "REB"),
    ("Amnesty International published a report.", "Amnesty International", "NGO", None),
    ("Xinhua reported the launch.", "Xinhua", "CHN", "JRN"),
]


@pytest.mark.parametrize("text,span,code,sector", CASES_NON_STATE)
def test_actors_non_state_codes(resolve, find, text, span, code, sector):
    m = find(resolve(text, "2021-01-01"), span)
    assert m is not None and (m.code, m.sector) == (code, sector), m and m.rule


def test_actors_every_mention_explains_itself(resolve):
    a = resolve("Beijing warned the Pentagon, and NATO troops arrived. The spokesman said nothing.", "2021-01-01")
    assert a.mentions and all(m.rule for m in a.mentions)
    assert a.done[-1] == "actors"


CASES_OTHER_PEOPLE = [
    ("Jordan Peterson spoke in Austin, Texas.", "2023-02-01", "Jordan"),
    ("Bill Gates met the donors.", "2010-02-01", "Gates"),
    ("Jerome Powell raised rates.", "2023-02-01", "Powell"),
]


@pytest.mark.parametrize("text,date,span", CASES_OTHER_PEOPLE)
def test_actors_names_of_other_people_are_not_kb_actors(resolve, find, text, date, span):
    m = find(resolve(text, date), span)
    assert m is None or m.code is None, m.rule


def test_actors_coordinated_office_holders_split(resolve):
    a = resolve("Japanese Prime Minister Fumio Kishida and US President Joe Biden announced the plan.", "2024-04-10")
    people = [(m.code, m.name) for m in a.mentions if m.kind == "person"]
    assert people == [("JPN", "Fumio Kishida"), ("USA", "Joe Biden")]


CASES_HYPHENATED = [
    ("U.S.-China talks resumed in Geneva.", "2021-01-01", ["USA", "CHN"]),
    ("The rebels used U.S.-made rockets.", "2021-01-01", []),
    ("Sino-Russian drills began on Monday.", "2021-01-01", ["CHN", "RUS"]),
]


@pytest.mark.parametrize("text,date,codes", CASES_HYPHENATED)
def test_actors_hyphenated_state_names(resolve, text, date, codes):
    a = resolve(text, date)
    assert [m.code for m in a.mentions if m.code] == codes


# The small model tags bare surnames as places ("between Scholz and Biden"); a KB office-holder's
# surname stays a person unless the word itself also names a state, demonym or capital.
CASES_SURNAME_TAGGED_AS_PLACE = [
    ("They held a call between Scholz and Biden.", "2024-01-10", "Scholz", "DEU"),
    ("They held a call between Scholz and Biden.", "2024-01-10", "Biden", "USA"),
]


@pytest.mark.parametrize("text,date,span,code", CASES_SURNAME_TAGGED_AS_PLACE)
def test_actors_surname_tagged_as_place_stays_a_person(resolve, find, text, date, span, code):
    m = find(resolve(text, date), span)
    assert m is not None, span
    assert (m.code, m.kind) == (code, "person"), m.rule
