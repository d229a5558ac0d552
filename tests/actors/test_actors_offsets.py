"""Property test: every mention's offsets slice the article text exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PIECES = [
    "Chinese Defence Ministry spokesman Ren Guoqiang said", "the United States", "Washington", "Beijing",
    "Russian and Belarusian soldiers", "US B-52 bombers", "Russian-made aircraft", "the West",
    "Bank of China", "He said", "Ren added", "the Pentagon", "NATO", "Seattle, Washington",
    "the spokesman", "President Xi Jinping", "Taiwan", "the Kremlin", "protesters", "and", ",", ".",
    "in Tokyo", "\n\n", "“", "”", "Defense Minister Sergei Shoigu", "Kim Jong Un", "its forces",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14), st.sampled_from([None, "2012-05-01", "2021-09-30"]))
def test_actors_offsets_slice_text_exactly(resolve, pieces, date):
    text = " ".join(pieces)
    a = resolve(text, date)
    for m in a.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.text == m.text.strip()
        if m.antecedent_start is not None:
            assert 0 <= m.antecedent_start < m.antecedent_end <= len(text)
        assert m.sentence >= 0
