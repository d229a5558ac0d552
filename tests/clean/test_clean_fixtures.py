"""Whole-article cleaning of original fixtures that reproduce the quirks of real input.

Each fixture in tests/fixtures/clean/ is invented text; the expected strings were written by
hand from what an analyst would keep, not copied from the cleaner's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.clean import clean_record
from detente.ingest import read_sources
from detente.records import RawRecord, article_id_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"


def _clean(name: str):
    (raw,) = list(read_sources([FIXTURES / name]))
    return clean_record(raw)


QUOTES_TEXT = (
    "Coast guard commanders from the Philippines and Japan opened three days of talks on Monday in a "
    "modest step toward joint patrols in disputed waters.\n"
    "Philippine Coast Guard spokesman Rafael Dizon said on Tuesday that the two sides “reviewed the rules "
    "for cooperation at sea and the sharing of radar data.”\n"
    "He criticised the “unsafe manoeuvres” of foreign vessels near the shoal and the “serious risks” they "
    "posed to fishermen.\n"
    "“Manila’s rights in its own waters are not up for negotiation,” Dizon told reporters. “We want calm, "
    "but we will not look away.”\n"
    "“The Japanese side agreed to send two more patrol vessels before the end of the year,” he said.\n"
    "Tokyo has not commented on the talks."
)

REPEATED_TEXT = (
    "AUSTRALIA’s Defence Minister welcomed South Korea’s offer of joint anti-submarine exercises, as both "
    "governments criticised what they called coercive activity at sea.\n\n"
    "The two ministers met in Canberra on Monday and agreed to hold the first combined drill off Darwin "
    "next year.\n\n"
    "“Our navies will train together more often and more closely,” the Australian minister said.\n\n"
    "“Any attempt to change the status quo by force is unacceptable.”"
)

GLUED_TEXT = (
    "Regular dialogue between the Indian and Vietnamese navies serves both countries, Indian Navy "
    "spokesman Arjun Mehta said on Wednesday.\n\n"
    '"Our cooperation at sea has grown every year and we intend to keep it that way," Mehta said at a '
    "briefing.\n\n"
    "On April 9, officers from both navies held a video call to plan a port visit by two Indian frigates "
    "to Cam Ranh Bay in June."
)

STITCHED_TEXT = (
    "Kenya's foreign ministry on Friday summoned the Ethiopian ambassador over a border shooting that "
    "killed two herders, a ministry statement said.\n\n"
    'The ministry called the incident near the town of Moyale "unacceptable" and asked Addis Ababa to '
    "investigate.\n\n"
    "Ethiopia denies troops crossed the border\n\n"
    "Ethiopian government spokesman Tesfaye Alemu said on Friday that no Ethiopian soldiers had entered "
    "Kenyan territory.\n\n"
    "Kenya calls for a joint border commission\n\n"
    "Kenya's president told reporters in Mombasa that he had spoken to the Ethiopian prime minister by "
    "phone and proposed a joint commission to patrol the frontier.\n\n"
    '"We are neighbours, and neighbours talk," he said.'
)

BOILERPLATE_TEXT = (
    "Vietnam's foreign ministry on Tuesday demanded that a foreign survey vessel leave waters near "
    "Vanguard Bank, calling its presence a violation of Vietnamese sovereignty.\n\n"
    "Ministry spokeswoman Pham Thu Hang said the ship had operated inside Vietnam's exclusive economic "
    "zone for six days.\n\n"
    '"We demand that the vessel withdraw immediately," she told a regular briefing.\n\n'
    "Sign up for the reserve was made compulsory for fishermen in the province last year, the ministry said."
)

CASES = [
    (
        "quotes_mojibake.txt",
        QUOTES_TEXT,
        {
            "title": "Philippines, Japan open talks on coast guard patrols amid tensions",
            "summary": "Manila and Tokyo coast guard chiefs meet for three days in first round of talks "
            "since the spring incidents",
            "dateline_place": "Manila",
            "agencies": [],
            "published": None,
            "published_from": "none",
            "cleaning": ["fix_encoding", "normalise_whitespace", "split_title", "parse_dateline"],
        },
    ),
    (
        "repeated_title.txt",
        REPEATED_TEXT,
        {
            "title": "Seoul and Canberra pledge closer naval drills in the face of ‘grey-zone’ pressure – "
            "‘Firm Partners’",
            "summary": None,
            "dateline_place": None,
            "agencies": [],
            "published_from": "none",
            "cleaning": ["normalise_whitespace", "strip_boilerplate", "split_title"],
        },
    ),
    (
        "glued_metadata.txt",
        GLUED_TEXT,
        {
            "title": None,
            "dateline_place": "Hanoi",
            "agencies": ["UrduPoint News", "Sputnik"],
            "published": "2021-04-15",
            "published_from": "metadata",
            "cleaning": ["normalise_whitespace", "read_metadata", "parse_dateline"],
        },
    ),
    (
        "stitched_handover.txt",
        STITCHED_TEXT,
        {
            "title": None,
            "dateline_place": "Nairobi",
            "agencies": ["AFP"],
            "published_from": "none",
            "cleaning": ["split_title", "parse_dateline"],
        },
    ),
    (
        "boilerplate_tail.txt",
        BOILERPLATE_TEXT,
        {
            "title": "Vietnam protests survey ship near Vanguard Bank",
            "summary": None,
            "dateline_place": "Hanoi",
            "agencies": ["Reuters"],
            "published": "2022-07-12",
            "published_from": "text",
            "cleaning": ["normalise_whitespace", "read_metadata", "strip_boilerplate", "split_title", "parse_dateline"],
        },
    ),
]


@pytest.mark.parametrize("name,text,fields", CASES, ids=[c[0] for c in CASES])
def test_clean_fixture_exact_text_and_fields(name, text, fields):
    article = _clean(name)
    assert article.text == text
    for key, value in fields.items():
        assert getattr(article, key) == value, key
    assert article.id == article_id_for(text)
    assert article.language == "en"
    assert article.origin.endswith(f"{name}:0")
    assert article.raw_text == (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name,text,fields", CASES, ids=[c[0] for c in CASES])
def test_clean_fixture_round_trip_is_idempotent(name, text, fields):
    first = _clean(name)
    again = clean_record(RawRecord(first.text, fields={"title": first.title, "date": first.published}))
    assert again.text == first.text
    assert again.title == first.title
    assert again.published == first.published
