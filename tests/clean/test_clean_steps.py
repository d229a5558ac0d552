"""Table-driven tests, one table per cleaning step."""

from __future__ import annotations

import pytest

from detente.clean import (
    CLEANING_STEPS,
    Draft,
    detect_language,
    find_published_date,
    fix_encoding,
    normalise_whitespace,
    parse_date,
    parse_dateline,
    read_metadata,
    split_title,
    strip_boilerplate,
)
from detente.config import CleanSettings
from detente.errors import NotEnglish

LEDE = "The defence ministry said on Monday that the two navies would hold joint drills next month."
BODY = LEDE + "\n\nOfficials from both sides met in the capital to agree the details of the exercise."


def test_clean_steps_order_is_fixed():
    assert [s.name for s in CLEANING_STEPS] == [
        "fix_encoding",
        "normalise_whitespace",
        "read_metadata",
        "strip_boilerplate",
        "split_title",
        "parse_dateline",
        "find_published_date",
        "detect_language",
    ]


# --- 1. fix_encoding ------------------------------------------------------------------------
ENCODING_CASES = [
    ("ftfy_double_quotes", "He said â€œwe are readyâ€\x9d today.", "He said “we are ready” today."),
    ("ftfy_apostrophe", "Manilaâ€™s navy", "Manila’s navy"),
    ("ftfy_accents", "the cafÃ© in SÃ£o Paulo", "the café in São Paulo"),
    ("lost_closing_byte", "They want â€œpeaceâ€ now.", "They want “peace” now."),
    ("lone_a_pair", "He condemned the âreckless moveâ by Hanoi.", "He condemned the “reckless move” by Hanoi."),
    ("lone_a_sentence", "âWe will respond,â she said.", "“We will respond,” she said."),
    ("lone_a_moved_space", "âWe will not yield on this point, âhe said.", "“We will not yield on this point,” he said."),
    ("lone_a_apostrophe", "Chinaâs navy and Indiaâs army", "China’s navy and India’s army"),
    ("lone_a_dash", "Talks resume â ‘Calm Waters’", "Talks resume – ‘Calm Waters’"),
    ("french_words_kept", "L'âge d'or du château", "L'âge d'or du château"),
    ("clean_text_untouched", "“Fine,” he said. It’s over — for now.", "“Fine,” he said. It’s over — for now."),
]


@pytest.mark.parametrize("name,raw,expected", ENCODING_CASES, ids=[c[0] for c in ENCODING_CASES])
def test_fix_encoding_repairs(name, raw, expected):
    out = fix_encoding(Draft(text=raw))
    assert out.text == expected
    assert fix_encoding(out).text == expected


def test_fix_encoding_fixes_input_title():
    assert fix_encoding(Draft(text="x", title="Seoulâ€™s reply")).title == "Seoul’s reply"


# --- 2. normalise_whitespace ----------------------------------------------------------------
WHITESPACE_CASES = [
    ("crlf", "a\r\nb\rc", "a\nb\nc"),
    ("trailing_spaces", "one  \ntwo\t\n", "one\ntwo"),
    ("blank_runs", "one\n\n\n\n\ntwo", "one\n\ntwo"),
    ("invisible", "zero\u200bwidth\ufeff and soft\u00adhyphen", "zerowidth and softhyphen"),
    ("nbsp_and_tabs", "a\u00a0b\t\tc  d", "a b c d"),
    ("keeps_paragraphs", "p1 line1\np1 line2\n\np2", "p1 line1\np1 line2\n\np2"),
    ("leading_space", "  date 2020-01-01", "date 2020-01-01"),
]


@pytest.mark.parametrize("name,raw,expected", WHITESPACE_CASES, ids=[c[0] for c in WHITESPACE_CASES])
def test_normalise_whitespace_cases(name, raw, expected):
    assert normalise_whitespace(Draft(text=raw)).text == expected


# --- 3. read_metadata -----------------------------------------------------------------------
METADATA_CASES = [
    ("date_line", f"date 2020-10-30\n\n{BODY}", BODY, {"dates": (("metadata", "2020-10-30"),)}),
    ("date_colon", f"Date: 30 October 2020\n{BODY}", BODY, {"dates": (("metadata", "2020-10-30"),)}),
    ("source_url", f"source: Harbour Post\nurl: https://example.org/a/1\n\n{BODY}", BODY,
     {"source": "Harbour Post", "url": "https://example.org/a/1"}),
    ("title_key", f"title: Navies to drill\n{BODY}", BODY, {"title": "Navies to drill", "title_from": "metadata"}),
    ("byline", f"By Jane Smith\n\n{BODY}", BODY, {"author": "Jane Smith"}),
    ("published_after_title", f"Navies to drill\nPublished: 2 March 2021\n\n{BODY}", f"Navies to drill\n\n{BODY}",
     {"dates": (("text", "2021-03-02"),)}),
    ("glued_copy_dropped",
     "date 2020-10-30 The defence ministry said on Monday that the two navies would hold joint drills next month\n\n"
     f"HANOI - {LEDE}", f"HANOI - {LEDE}", {"dates": (("metadata", "2020-10-30"),)}),
    ("glued_kept_when_not_repeated",
     "date 2020-10-30 The ministry announced the drills on Monday.\n\nOfficials agreed the details.",
     "The ministry announced the drills on Monday.\n\nOfficials agreed the details.",
     {"dates": (("metadata", "2020-10-30"),)}),
    ("sentence_starting_by_kept", f"By the end of the year, the drills will be held.\n{BODY}",
     f"By the end of the year, the drills will be held.\n{BODY}", {"author": None}),
    ("no_year_not_metadata", f"Date: Thursday\n{BODY}", f"Date: Thursday\n{BODY}", {"dates": ()}),
    ("body_line_stops_scan", f"{LEDE}\nsource: Harbour Post", f"{LEDE}\nsource: Harbour Post", {"source": None}),
]


@pytest.mark.parametrize("name,raw,text,fields", METADATA_CASES, ids=[c[0] for c in METADATA_CASES])
def test_read_metadata_cases(name, raw, text, fields):
    out = read_metadata(Draft(text=raw))
    assert out.text == text
    for key, value in fields.items():
        assert getattr(out, key) == value, key


def test_read_metadata_input_fields_win():
    out = read_metadata(Draft(text=f"source: Other\n{BODY}", source="Given"))
    assert out.source == "Given" and out.text == BODY


# --- 4. strip_boilerplate -------------------------------------------------------------------
BOILERPLATE_DROPPED = [
    "Comments are closed.",
    "Share this article",
    "Subscribe to our newsletter",
    "Sign up for breaking news alerts",
    "Related: Navy chiefs meet in Jakarta",
    "Read more: Navy chiefs meet in Jakarta",
    "Click here to read the full statement",
    "Advertisement",
    "All rights reserved.",
    "Copyright 2021 Harbour Post Ltd.",
    "© 2021 Harbour Post",
    "We use cookies to give you the best experience on our website.",
    "Photo: Jane Doe/AFP",
    "Follow us on Twitter",
]
BOILERPLATE_KEPT = [
    "Readers of the bulletin were told on Monday that the talks had failed.",
    "Sign up for the reserve was made compulsory last year, the ministry said.",
    "Photos by the navy showed three ships in formation near the reef, officials said.",
    "Related reports said the frigate had been damaged in the collision, according to officials.",
    "The press was not allowed into the meeting.",
    "Copyright disputes were also on the agenda at the trade talks.",
]


@pytest.mark.parametrize("line", BOILERPLATE_DROPPED)
def test_strip_boilerplate_drops_furniture(line):
    assert strip_boilerplate(Draft(text=f"{BODY}\n\n{line}\n\n{LEDE}")).text == f"{BODY}\n\n{LEDE}"


@pytest.mark.parametrize("line", BOILERPLATE_KEPT)
def test_strip_boilerplate_keeps_real_sentences(line):
    text = f"{BODY}\n\n{line}\n\n{LEDE}"
    assert strip_boilerplate(Draft(text=text)).text == text


@pytest.mark.parametrize(
    "tail,kept",
    [
        ("“Harbour Post News in Short Form.”", False),
        ("Pacific Daily Online", False),
        ("“We will not bow to media pressure.”", True),
    ],
)
def test_strip_boilerplate_tail_slogans(tail, kept):
    text = f"{BODY}\n\n{tail}"
    assert strip_boilerplate(Draft(text=text)).text == (text if kept else BODY)


def test_strip_boilerplate_inline_photo_credit():
    out = strip_boilerplate(Draft(text="Troops crossed the river on Monday. (Photo by Jane Doe/AFP)\n\nMore."))
    assert out.text == "Troops crossed the river on Monday.\n\nMore."


# --- 5. split_title -------------------------------------------------------------------------
TITLE = "Navies agree joint drills amid tension"
STANDFIRST = "Officials from the two countries meet in the capital for two days of talks on the exercise"
TITLE_CASES = [
    ("headline", f"{TITLE}\n\n{BODY}", BODY, TITLE, None),
    ("repeated_headline", f"{TITLE}\n\n{TITLE}\n\n{BODY}", BODY, TITLE, None),
    ("headline_and_standfirst", f"{TITLE}\n{STANDFIRST}\nHANOI - {LEDE}", f"HANOI - {LEDE}", TITLE, STANDFIRST),
    ("standfirst_with_period_before_dateline", f"{TITLE}\n{STANDFIRST}.\nHANOI - {LEDE}", f"HANOI - {LEDE}", TITLE,
     STANDFIRST + "."),
    ("one_sentence_lede_kept", f"{TITLE}\n{LEDE}\nMore follows here.", f"{LEDE}\nMore follows here.", TITLE, None),
    ("sentence_first_line_is_no_title", BODY, BODY, None, None),
    ("long_line_without_period", "The defence ministry said on Monday that the two navies would hold joint drills "
     "next month in the waters off the southern coast\n\nMore.",
     "The defence ministry said on Monday that the two navies would hold joint drills next month in the waters "
     "off the southern coast\n\nMore.", None, None),
    ("hard_wrapped_text", "The defence ministry said on Monday that\nthe navies would hold drills.",
     "The defence ministry said on Monday that\nthe navies would hold drills.", None, None),
    ("dateline_first_line", "BEIJING - Talks resume\nMore text here.", "BEIJING - Talks resume\nMore text here.", None,
     None),
    ("subhead_set_apart", f"{BODY}\nTalks to resume in spring\nA date will be set later.",
     f"{BODY}\n\nTalks to resume in spring\n\nA date will be set later.", None, None),
]


@pytest.mark.parametrize("name,raw,text,title,summary", TITLE_CASES, ids=[c[0] for c in TITLE_CASES])
def test_split_title_cases(name, raw, text, title, summary):
    out = split_title(Draft(text=raw))
    assert (out.text, out.title, out.summary) == (text, title, summary)


def test_split_title_input_title_wins_and_drops_copy():
    out = split_title(Draft(text=f"{TITLE}\n\n{BODY}", title=TITLE.upper(), title_from="input"))
    assert (out.text, out.title) == (BODY, TITLE.upper())


def test_split_title_input_title_keeps_other_first_line():
    out = split_title(Draft(text=f"Another short line\n\n{BODY}", title=TITLE, title_from="input"))
    assert out.text == f"Another short line\n\n{BODY}" and out.summary is None


# --- 6. parse_dateline ----------------------------------------------------------------------
DATELINE_CASES = [
    ("caps_dash", f"BEIJING - {LEDE}", "Beijing", [], ()),
    ("caps_en_dash", f"BEIJING – {LEDE}", "Beijing", [], ()),
    ("agency", f"WASHINGTON (Reuters) - {LEDE}", "Washington", ["Reuters"], ()),
    ("month_day_agency", f"MOSCOW, Oct. 3 (Xinhua) -- {LEDE}", "Moscow", ["Xinhua"], ()),
    ("urdupoint", f"BEIJING (UrduPoint News / Sputnik - 29th October, 2020) {LEDE}", "Beijing",
     ["UrduPoint News", "Sputnik"], (("dateline", "2020-10-29"),)),
    ("region_em_dash", f"TAIPEI, Taiwan — {LEDE}", "Taipei", [], ()),
    ("title_case_date_agency", f"Kyiv, 12 March 2022 (AFP) - {LEDE}", "Kyiv", ["AFP"], (("dateline", "2022-03-12"),)),
    ("multiword_caps", f"NEW DELHI: {LEDE}", "New Delhi", [], ()),
    ("agency_full_name", f"PARIS (Agence France-Presse) - {LEDE}", "Paris", ["AFP"], ()),
    ("organisation_is_no_place", f"NATO - {LEDE}", None, [], ()),
    ("plain_sentence", LEDE, None, [], ()),
]


@pytest.mark.parametrize("name,raw,place,agencies,dates", DATELINE_CASES, ids=[c[0] for c in DATELINE_CASES])
def test_parse_dateline_cases(name, raw, place, agencies, dates):
    out = parse_dateline(Draft(text=raw))
    assert out.dateline_place == place
    assert list(out.agencies) == agencies
    assert out.dates == dates
    assert out.text == (raw if place is None and not agencies else LEDE)


HANDOVER_CASES = [
    ("afp_adds", f"{BODY}\n\nAFP adds: {LEDE}", f"{BODY}\n\n{LEDE}", ["AFP"]),
    ("contributed", f"{BODY}\n\nReuters contributed to this report.", BODY, ["Reuters"]),
    ("with_agencies", f"{BODY}\n\nWith AFP and Reuters", BODY, ["AFP", "Reuters"]),
    ("reporting_by_line", f"{BODY}\n\n(Reporting by Jane Doe in Hanoi; Editing by John Roe)", BODY, []),
    ("reporting_by_trailing", f"{LEDE} (Reporting by Jane Doe; Editing by John Roe)", LEDE, []),
    ("inputs_from", f"{BODY}\n\n(With inputs from PTI)", BODY, ["PTI"]),
    ("dash_agency", f"{BODY}\n\n— AFP", BODY, ["AFP"]),
    ("agency_in_sentence_kept", f"{BODY}\n\nAFP reported the clash on Monday, citing two officials.",
     f"{BODY}\n\nAFP reported the clash on Monday, citing two officials.", []),
]


@pytest.mark.parametrize("name,raw,text,agencies", HANDOVER_CASES, ids=[c[0] for c in HANDOVER_CASES])
def test_parse_dateline_handover_lines(name, raw, text, agencies):
    out = parse_dateline(Draft(text=raw))
    assert out.text == text
    assert list(out.agencies) == agencies


# --- 7. find_published_date -----------------------------------------------------------------
DATE_CASES = [
    ("input_wins", "30/10/2020", (("metadata", "2020-10-01"), ("dateline", "2020-10-02")), "2020-10-30", "input"),
    ("metadata_over_dateline", None, (("dateline", "2020-10-29"), ("metadata", "2020-10-30")), "2020-10-30", "metadata"),
    ("dateline_over_text", None, (("text", "2020-10-28"), ("dateline", "2020-10-29")), "2020-10-29", "dateline"),
    ("text_only", None, (("text", "2020-10-28"),), "2020-10-28", "text"),
    ("bad_input_falls_back", "not a date", (("text", "2020-10-28"),), "2020-10-28", "text"),
    ("none", None, (), None, "none"),
    ("relative_input_never_invented", "yesterday", (), None, "none"),
]


@pytest.mark.parametrize("name,given,dates,published,origin", DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_find_published_date_priority(name, given, dates, published, origin):
    out = find_published_date(Draft(text="x", input_date=given, dates=dates))
    assert (out.published, out.published_from) == (published, origin)


PARSE_DATE_CASES = [
    ("2020-10-30", "2020-10-30"),
    ("2020-10-30T23:10:00+08:00", "2020-10-30"),
    ("29th October, 2020", "2020-10-29"),
    ("Thursday, October 29, 2020 10:32 GMT", "2020-10-29"),
    ("Oct 30 2020", "2020-10-30"),
    ("March 2021", "2021-03-01"),
    (1604016000, "2020-10-30"),
    (1604016000000, "2020-10-30"),
    ("Oct 3", None),
    ("2020", None),
    ("yesterday", None),
    ("2020-13-45", None),
    ("", None),
    (None, None),
    (True, None),
]


@pytest.mark.parametrize("value,expected", PARSE_DATE_CASES)
def test_parse_date_cases(value, expected):
    assert parse_date(value) == expected


# --- 8. detect_language ---------------------------------------------------------------------
LANGUAGE_CASES = [
    ("en_news", "Chinese Defence Ministry spokesman said on Thursday that the sides exchanged views.", "en"),
    ("en_headline", "Russia warns NATO over Baltic drills as Moscow masses troops near border", "en"),
    ("en_names_only", "Putin Xi Biden Macron Modi", "en"),
    ("fr", "Le ministère de la Défense a accusé mardi les États-Unis de provocations dans le détroit, selon un communiqué.", "fr"),
    ("de", "Das Verteidigungsministerium hat den USA am Dienstag Provokationen in der Meerenge vorgeworfen, hieß es.", "de"),
    ("es", "El Ministerio de Defensa acusó el martes a Estados Unidos de provocaciones en el estrecho, según un comunicado.", "es"),
    ("ru", "Министерство обороны во вторник обвинило США в провокациях в проливе.", "ru"),
    ("zh", "国防部周二指责美国在海峡进行挑衅。", "zh"),
]


@pytest.mark.parametrize("name,text,code", LANGUAGE_CASES, ids=[c[0] for c in LANGUAGE_CASES])
def test_detect_language_cases(name, text, code):
    if code == "en":
        assert detect_language(Draft(text=text)).language == "en"
    else:
        with pytest.raises(NotEnglish) as info:
            detect_language(Draft(text=text))
        assert info.value.code == "D107" and code in info.value.message
        allowed = CleanSettings(languages=("en", code))
        assert detect_language(Draft(text=text), allowed).language == code
