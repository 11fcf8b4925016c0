"""The bot's own tables: event receipts (one answer per event) and preferences, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine

from bot import store


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = create_engine(url)
    store.ensure_tables(engine)
    yield engine
    engine.dispose()


def test_an_event_is_claimed_once(engine):
    assert store.claim_event(engine, "Ev1", now=1000.0) is True
    assert store.claim_event(engine, "Ev1", now=1001.0) is False
    assert store.claim_event(engine, "Ev2", now=1002.0) is True


def test_old_receipts_are_forgotten(engine):
    assert store.claim_event(engine, "EvOld", now=1000.0)
    later = 1000.0 + store.EVENT_MEMORY_SECONDS + 1
    assert store.claim_event(engine, "EvNew", now=later)
    assert store.claim_event(engine, "EvOld", now=later + 1) is True  # long gone, so new again


def test_racing_claims_have_one_winner(engine):
    results = []
    barrier = threading.Barrier(6)

    def claim():
        barrier.wait()
        results.append(store.claim_event(engine, "EvRace"))

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]


def test_preferences_set_get_clear(engine):
    assert store.get_preference(engine, "T1", "user", "U1") is None
    store.set_preference(engine, "T1", "user", "U1", "10001")
    store.set_preference(engine, "T1", "user", "U1", "Manhattan")  # replaces
    store.set_preference(engine, "T1", "channel", "C1", "90210")
    store.set_preference(engine, "T2", "user", "U1", "Texas")  # another workspace, same user id
    assert store.get_preference(engine, "T1", "user", "U1") == "Manhattan"
    assert store.preferred_locality(engine, "T1", "U1", "C1") == "Manhattan"
    assert store.preferred_locality(engine, "T1", "U2", "C1") == "90210"
    assert store.preferred_locality(engine, "T1", "U2", "C2") is None
    assert store.clear_preference(engine, "T1", "user", "U1") is True
    assert store.clear_preference(engine, "T1", "user", "U1") is False
    assert store.preferred_locality(engine, "T1", "U1", "C1") == "90210"
    assert store.get_preference(engine, "T2", "user", "U1") == "Texas"
    with pytest.raises(ValueError):
        store.set_preference(engine, "T1", "team", "T1", "x")
