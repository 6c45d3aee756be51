"""20,000 wins leave as a stream, without the whole history in memory."""

import datetime
import gc
import tracemalloc

import pytest

from journal.models import Category, Win

pytestmark = pytest.mark.django_db

HISTORY = 20_000


@pytest.fixture
def long_history(owner):
    start = datetime.date(2015, 1, 1)
    Win.objects.bulk_create(
        [
            Win(
                owner=owner,
                text=f"Small win number {n}: went for a short walk and noticed the trees",
                category=Category.BODY_HEALTH,
                mood=(n % 5) + 1,
                occurred_on=start + datetime.timedelta(days=n // 4),
            )
            for n in range(HISTORY)
        ],
        batch_size=2000,
    )
    return owner


def consume(response, marker: bytes) -> tuple[int, int, int]:
    """(chunks, rows seen, peak traced memory) while reading the stream."""
    gc.collect()
    tracemalloc.start()
    chunks = rows = 0
    try:
        for chunk in response.streaming_content:
            chunks += 1
            rows += chunk.count(marker)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return chunks, rows, peak


def peak_for_a_full_list(owner) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        wins = list(Win.objects.filter(owner=owner))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(wins) == HISTORY
    return peak


def test_twenty_thousand_wins_stream_out_without_the_history_in_memory(owner_client, long_history):
    full_list = peak_for_a_full_list(long_history)

    response = owner_client.get("/account/data/small-wins.json")
    chunks, rows, peak = consume(response, b'"text": "Small win number ')
    assert rows == HISTORY
    assert chunks >= HISTORY // 500
    # Streaming holds one chunk of rows at a time; the whole history as model
    # objects takes many times more.
    assert peak < 8 * 1024 * 1024, f"JSON peak {peak:,} bytes"
    assert peak * 4 < full_list, f"JSON peak {peak:,} bytes vs {full_list:,} for a full list"

    response = owner_client.get("/account/data/small-wins.csv")
    chunks, rows, peak = consume(response, b",Small win number ")
    assert rows == HISTORY
    assert chunks >= HISTORY // 500
    assert peak < 8 * 1024 * 1024, f"CSV peak {peak:,} bytes"
    assert peak * 4 < full_list, f"CSV peak {peak:,} bytes vs {full_list:,} for a full list"
