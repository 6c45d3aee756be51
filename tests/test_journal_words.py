"""The journal's kind words live in one module and keep the house voice."""

import pytest

from journal import words
from journal.models import Category


@pytest.mark.parametrize(
    ("count", "one", "many", "said"),
    [
        (0, "win", None, "0 wins"),
        (1, "win", None, "1 win"),
        (2, "hard day", None, "2 hard days"),
        (1, "entry was", "entries were", "1 entry was"),
        (3, "entry was", "entries were", "3 entries were"),
        (1200, "win", None, "1,200 wins"),
    ],
)
def test_plural_counts_in_words(count, one, many, said):
    assert words.plural(count, one, many) == said


def test_every_quick_win_and_critic_keyword_names_a_real_category():
    assert {value for _slug, _text, value in words.QUICK_WINS} <= set(Category.values)
    assert set(words.CRITIC_KEYWORDS) <= set(Category.values)


def test_no_kind_line_speaks_of_failing():
    lines = [*words.ACKNOWLEDGEMENTS, *words.AFFIRMATIONS, *(text for _slug, text, _value in words.QUICK_WINS)]
    for line in lines:
        assert not any(harsh in line.lower() for harsh in ("failed", "missed", "broken")), line
