"""Coreference chains and date-aware office-holders."""

from __future__ import annotations

import pytest


CASES_CHAINS = [
    # (text, date, later span, occurrence, antecedent text, code)
    ("Chinese Defence Ministry spokesman Ren Guoqiang spoke on Thursday. The spokesman said the drills were routine.",
     "2019-05-30", "The spokesman", 0, "Chinese Defence Ministry spokesman Ren Guoqiang", "CHN"),
    ("Chinese Defence Ministry spokesman Ren Guoqiang spoke on Thursday. Ren said the drills were routine.",
     "2019-05-30", "Ren", 1, "Chinese Defence Ministry spokesman Ren Guoqiang", "CHN"),
    ("Russian Foreign Minister Sergei Lavrov arrived late. He said the talks would continue.",
     "2019-05-30", "He", 0, "Russian Foreign Minister Sergei Lavrov", "RUS"),
    ("Japanese Defence Minister Nobuo Kishi met the delegation, and later he told reporters it went well.",
     "2021-05-30", "he told", 0, "Japanese Defence Minister Nobuo Kishi", "JPN"),
    ("The Indian defence ministry issued a statement. The ministry said the border was calm.",
     "2020-07-01", "The ministry", 0, "Indian defence ministry", "IND"),
    ("China accused the United States of provocation. Beijing said it would respond.",
     "2020-07-01", "Beijing", 0, "China", "CHN"),
]


@pytest.mark.parametrize("text,date,span,occ,antecedent,code", CASES_CHAINS)
def test_actors_coreference_links_to_antecedent(resolve, find, text, date, span, occ, antecedent, code):
    a = resolve(text, date)
    m = find(a, span, occ)
    assert m is not None and m.code == code, m and m.rule
    assert m.antecedent_start is not None, m.rule
    ant_text = a.article.text[m.antecedent_start:m.antecedent_end]
    assert ant_text in antecedent or antecedent in ant_text


def test_actors_pronoun_only_as_subject_of_reporting_verb(resolve, find):
    a = resolve("Russian Foreign Minister Sergei Lavrov arrived late. The delay annoyed him.", "2019-05-30")
    assert find(a, "him") is None


def test_actors_possessive_takes_the_country_of_the_context(resolve, find):
    a = resolve("The PLA Eastern Theater Command said its forces would hold drills.", "2022-08-04")
    m = find(a, "forces")
    assert (m.code, m.sector) == ("CHN", "MIL")


CASES_DATED = [
    # (text, date, span, code, sector, name, qid)
    ("The US president spoke to reporters.", "2015-06-01", "The US president", "USA", "GOV", "Barack Obama", "Q76"),
    ("The US president spoke to reporters.", "2018-06-01", "The US president", "USA", "GOV", "Donald Trump", "Q22686"),
    ("The US president spoke to reporters.", "2022-06-01", "The US president", "USA", "GOV", "Joe Biden", "Q6279"),
    ("The US president spoke to reporters.", "2025-06-01", "The US president", "USA", "GOV", "Donald Trump", "Q22686"),
    ("President Biden spoke to reporters.", "2022-06-01", "President Biden", "USA", "GOV", "Joe Biden", "Q6279"),
    ("Biden spoke to reporters.", "2014-06-01", "Biden", "USA", "GOV", "Joe Biden", "Q6279"),
    ("Biden criticised the policy.", "2019-06-01", "Biden", "USA", "ELI", "Joe Biden", "Q6279"),
    ("The Russian defence minister inspected the troops.", "2015-03-01", "The Russian defence minister", "RUS", "GOV", "Sergei Shoigu", None),
    ("The Russian defence minister inspected the troops.", "2025-03-01", "The Russian defence minister", "RUS", "GOV", "Andrei Belousov", None),
    ("The Chinese defence minister met his counterpart.", "2019-10-21", "The Chinese defence minister", "CHN", "GOV", "Wei Fenghe", None),
    ("The president said Russia would respond.", "2010-03-01", "The president", "RUS", "GOV", "Dmitry Medvedev", "Q23530"),
    ("The defence minister said Britain would send more troops.", "2022-03-01", "The defence minister", "GBR", "GOV", "Ben Wallace", None),
]


@pytest.mark.parametrize("text,date,span,code,sector,name,qid", CASES_DATED)
def test_actors_office_holders_by_article_date(resolve, find, text, date, span, code, sector, name, qid):
    m = find(resolve(text, date), span)
    assert m is not None, span
    assert (m.code, m.sector, m.name, m.identifier_id) == (code, sector, name, qid), m.rule


def test_actors_former_official_is_eli(resolve, find):
    m = find(resolve("Former defence secretary Jim Mattis wrote an essay.", "2020-06-01"), "Jim Mattis")
    assert (m.code, m.sector) == ("USA", "ELI")
    assert "GOV" in m.other_sectors


def test_actors_surname_far_from_terms_is_not_matched(resolve, find):
    a = resolve("Mattis scored twice in the final.", "2040-01-01")
    m = find(a, "Mattis")
    assert m is None or m.name != "Jim Mattis"


def test_actors_definite_title_links_to_named_holder(resolve, find):
    a = resolve("Kim Jong Un inspected the launch site. The North Korean leader ordered more tests.", "2022-03-25")
    m = find(a, "North Korean leader")
    assert (m.code, m.name, m.identifier_id) == ("PRK", "Kim Jong Un", "Q56226")
    assert a.article.text[m.antecedent_start:m.antecedent_end] == "Kim Jong Un"


CASES_TITLES_VS_KB = [
    # a current title in the text the KB lacks a term for: trust the text
    ("China's top diplomat Yang Jiechi spoke.", "2021-03-19", "Yang Jiechi", "GOV"),
    # "then-" marks a former office: ELI
    ("Then-Defense Secretary Lloyd Austin spoke.", "2026-01-01", "Lloyd Austin", "ELI"),
]


@pytest.mark.parametrize("text,date,span,sector", CASES_TITLES_VS_KB)
def test_actors_title_in_text_versus_kb_terms(resolve, find, text, date, span, sector):
    m = find(resolve(text, date), span)
    assert m.sector == sector, m.rule
