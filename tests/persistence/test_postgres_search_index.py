"""A server's search asks its word index for the telling words and LIKE checks the phrase."""

from __future__ import annotations

from desktop_app.demo.seed import seed_workspace
from desktop_app.persistence import postgres_search
from desktop_app.services.queries import DirectoryQuery
from tests.support.world import World


def _asked(search: str) -> set[str]:
    params = postgres_search.search_params(search)
    assert params is not None
    return set(params[0].split(" & "))


def test_full_words_exactly_and_the_last_as_a_prefix():
    assert _asked("TA-7897-1735-712") == {"'ta'", "'7897'", "'1735'", "'712':*"}
    assert _asked("Groß GesbR") == {"'gross':*", "'gesbr':*"}
    assert _asked("TA-0") == {"'ta'", "'0':*"}  # nothing longer to ask for instead


def test_a_short_last_word_is_left_to_like_when_a_longer_word_narrows():
    assert _asked("julesgiraud@dupont.fr") == {"'julesgiraud'", "'dupont'"}
    params = postgres_search.search_params("julesgiraud@dupont.fr")
    assert params is not None
    assert params[1:] == ["% julesgiraud dupont fr%"]  # the phrase is still checked whole


def test_a_long_phrase_asks_for_its_longest_distinct_words_only():
    phrase = "-".join([f"w{i:03d}" for i in range(100)] + ["kundenname"] * 3 + ["x"])
    asked = _asked(phrase)
    assert len(asked) == postgres_search.INDEX_WORDS_MAX
    assert "'kundenname'" in asked and "'x':*" not in asked


def _plan(world: World, search: str) -> str:
    params = postgres_search.search_params(search)
    assert params is not None
    sql, values = postgres_search.count_matching(list(params)).sql()
    rows = world.store.db.execute_sql("EXPLAIN " + sql, values).fetchall()
    return "\n".join(row[0] for row in rows)


def test_a_narrow_search_is_found_through_the_word_index(server_world):
    seed_workspace(server_world.store, 300, random_seed=7)
    world = server_world
    world.store.db.execute_sql("ANALYZE tier_account")
    world.store.db.execute_sql("SET enable_seqscan = off")  # a small table: the plan, not the cost
    try:
        assert "tier_account_live_words" in _plan(world, "Kunde GmbH")
    finally:
        world.store.db.execute_sql("RESET enable_seqscan")


def test_the_counts_are_the_phrases_not_only_the_words(server_world):
    world = server_world
    seed_workspace(world.store, 300, random_seed=11)
    rows = world.store.db.execute_sql(
        "SELECT search_words FROM tier_account WHERE decommissioned_at IS NULL"
    ).fetchall()
    words = [str(r[0]).split() for r in rows]
    # an account's name words the wrong way round: both in the index, rarely that phrase
    name = next(ws for ws in words if len(ws) > 3 and ws[1] != ws[2])
    first, second = name[1], name[2]

    def phrase(ws: list[str], a: str, b: str) -> bool:
        return any(ws[i] == a and ws[i + 1].startswith(b) for i in range(len(ws) - 1))

    both = sum(1 for ws in words if first in ws and any(w.startswith(second) for w in ws))
    backwards = sum(1 for ws in words if phrase(ws, second, first))
    forwards = sum(1 for ws in words if phrase(ws, first, second))
    assert forwards >= 1 and backwards < both  # the check below can tell them apart
    directory = world.services.directory
    assert directory.count(DirectoryQuery(search=f"{second}-{first}")) == backwards
    assert directory.count(DirectoryQuery(search=f"{first}-{second}")) == forwards


def test_every_statement_is_planned_for_its_own_parameters(server_world):
    """A search's plan depends on its words: no plan made once for any value is reused."""
    shown = server_world.store.db.execute_sql("SHOW plan_cache_mode").fetchone()
    assert shown == ("force_custom_plan",)
    workers = server_world.store.db.execute_sql("SHOW max_parallel_workers_per_gather")
    assert workers.fetchone() == ("0",)  # a short read pays no worker start-up
