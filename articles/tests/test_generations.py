"""
Generation tokens and what is kept under them (articles.generations): read once per
request in a snapshot, and kept in each process in front of a shared cache.
"""

import pytest
from django.core.cache import cache

from articles import generations

# Tokens are given out again when the transaction commits.
pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache_elsewhere(monkeypatch):
    """As with Redis: kept values are also copied into this process."""
    monkeypatch.setattr(generations, "shared_is_local", lambda: False)


class CountingCache:
    """The cache, counting trips to it."""

    def __init__(self):
        self.trips = 0

    def __getattr__(self, name):
        method = getattr(cache, name)

        def counted(*args, **kwargs):
            self.trips += 1
            return method(*args, **kwargs)

        return counted


def test_a_snapshot_reads_every_token_in_one_trip(monkeypatch):
    counting = CountingCache()
    monkeypatch.setattr(generations, "cache", counting)
    generations.current(["topic:1", "markup", "faces"])
    counting.trips = 0

    with generations.snapshot(["topic:1", "markup", "faces"]):
        first = generations.current(["topic:1", "markup"])
        second = generations.current(["faces", "topic:1"])

    assert counting.trips == 1
    assert first[0] == second[1]


def test_a_token_given_out_during_a_snapshot_replaces_the_one_read():
    with generations.snapshot(["topic:1"]):
        (before,) = generations.current(["topic:1"])
        generations.bump("topic:1")
        (after,) = generations.current(["topic:1"])

    assert after != before
    assert generations.current(["topic:1"]) == [after]


def test_outside_a_snapshot_each_read_is_fresh():
    (before,) = generations.current(["topic:1"])
    cache.set(generations.PREFIX + "topic:1", "given-by-another-worker", timeout=None)

    assert generations.current(["topic:1"]) == ["given-by-another-worker"]
    assert before != "given-by-another-worker"


def test_a_snapshot_carries_on_while_the_cache_fails(monkeypatch):
    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("the cache is away")

            return fail

    monkeypatch.setattr(generations, "cache", Broken())
    built = []

    with generations.snapshot(["topic:1"]):
        value = generations.kept(
            "x", lambda: built.append(1) or "fresh", tokens=["topic:1"], seconds=60
        )

    assert value == "fresh"
    assert built == [1]


def test_a_value_kept_is_built_once_and_again_under_a_new_token(shared_cache_elsewhere):
    built = []

    def build():
        built.append(1)
        return f"built {len(built)}"

    first = generations.kept("name", build, tokens=["topic:1"], seconds=60)
    again = generations.kept("name", build, tokens=["topic:1"], seconds=60)
    generations.bump("topic:1")
    renewed = generations.kept("name", build, tokens=["topic:1"], seconds=60)

    assert (first, again, renewed) == ("built 1", "built 1", "built 2")


def test_the_process_copy_is_used_before_the_shared_cache(shared_cache_elsewhere, monkeypatch):
    generations.kept("name", lambda: "value", tokens=["topic:1"], seconds=60)
    counting = CountingCache()
    monkeypatch.setattr(generations, "cache", counting)

    with generations.snapshot(["topic:1"]):
        counting.trips = 0
        value = generations.kept("name", lambda: "rebuilt", tokens=["topic:1"], seconds=60)

    assert value == "value"
    assert counting.trips == 0


def test_the_process_copy_lasts_no_longer_than_the_shared_one(shared_cache_elsewhere, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(generations.time, "time", lambda: clock[0])
    monkeypatch.setattr(generations.time, "monotonic", lambda: clock[0])
    generations.kept("name", lambda: "first", tokens=["topic:1"], seconds=60)
    generations.LOCAL.clear()
    clock[0] += 50
    # Read from the shared cache with 10 seconds left, and copied for those alone.
    assert generations.kept("name", lambda: "second", tokens=["topic:1"], seconds=60) == "first"
    cache.clear()
    clock[0] += 11

    assert generations.kept("name", lambda: "third", tokens=["topic:1"], seconds=60) == "third"


def test_the_process_copy_holds_no_more_than_its_size():
    copies = generations.LocalCopies(size=10)
    copies.set_many({"a": "12345", "b": "12345"})
    copies.get_many(["a"])  # used last: kept
    copies.set_many({"c": "123"})

    assert copies.get_many(["a", "b", "c"]) == {"a": "12345", "c": "123"}
    assert copies.used <= 10


def test_the_process_copy_forgets_what_expired(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(generations.time, "monotonic", lambda: clock[0])
    copies = generations.LocalCopies(size=100)
    copies.set_many({"a": "x"}, seconds=5)
    clock[0] = 6

    assert copies.get_many(["a"]) == {}
    assert copies.used == 0
