"""Evidence for the inner critic: what the critic says, answered with the owner's own wins.

The critic speaks in absolutes ("I never ask for help"). We read the statement
for the kinds of win that answer it (by category keywords) and for its
meaningful words (searched in the wins' text), and look only in the owner's
own journal.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, Window

from allies import api as allies_api

from .models import Category, Win
from .words import CRITIC_KEYWORDS, CRITIC_STOPWORDS_TEXT

_STOPWORDS = frozenset(CRITIC_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[a-z][a-z'\-]*")
EVIDENCE_SHOWN = 10


@dataclass
class CriticQuery:
    categories: list[str]
    words: list[str]

    @property
    def is_empty(self) -> bool:
        return not self.categories and not self.words

    @property
    def category_labels(self) -> list[str]:
        return [Category(category).label for category in self.categories]


def read_critic(statement: str) -> CriticQuery:
    """Turn what the critic says into categories of win and words to look for."""
    text = statement.lower().replace("\u2019", "'")  # curly apostrophes from phones
    words = _WORD.findall(text)
    joined = " ".join(words)
    categories = []
    for category, keywords in CRITIC_KEYWORDS.items():
        for keyword in keywords:
            if " " in keyword:
                hit = keyword in joined
            elif len(keyword) <= 2:
                hit = keyword in words
            else:
                hit = any(word.startswith(keyword) for word in words)
            if hit:
                categories.append(category)
                break
    search_words = []
    for word in words:
        word = word.strip("'-")
        if len(word) >= 3 and word not in _STOPWORDS and word not in search_words:
            search_words.append(word)
    return CriticQuery(categories=categories, words=search_words[:6])


def critic_evidence(owner, query: CriticQuery) -> tuple[list[Win], int]:
    """The most recent wins that answer the critic, and how many there are in all (one query)."""
    if query.is_empty:
        return [], 0
    matches = Q(category__in=query.categories)
    for word in query.words:
        matches |= Q(text__icontains=word)
    wins = list(
        Win.objects.owned_by(owner)
        .filter(matches)
        .annotate(total=Window(Count("id")))
        .order_by("-occurred_on", "-created_at")[:EVIDENCE_SHOWN]
    )
    return wins, (wins[0].total if wins else 0)


def critic_ally_notes(owner, query: CriticQuery) -> list:
    """What the owner's allies noticed: notes using the critic's own words first, then the newest (one query)."""
    return allies_api.notes_answering(owner, query.words)
