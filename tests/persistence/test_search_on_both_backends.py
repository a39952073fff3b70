"""The Directory answers alike on a file and on a server: 100 searches, counts and first pages."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from desktop_app.demo.seed import seed_workspace
from desktop_app.domain.enums import AccountType
from desktop_app.persistence.location import ServerAddress, parse_location
from desktop_app.persistence.search_index import tokens
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.support import postgres
from tests.support.world import World, open_world

ACCOUNTS = 1500
PAGE = 25
SORTS = (
    SortSpec(),  # the Directory's own: newest first
    SortSpec(DirectoryColumn.NAME, descending=False),
    SortSpec(DirectoryColumn.CITY, descending=True),
    SortSpec(DirectoryColumn.ID, descending=False),
)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, World]]:
    """The same seeded workspace in a file and in a server database."""
    address = parse_location(postgres.workspace_url())
    assert isinstance(address, ServerAddress)
    worlds = (open_world(tmp_path_factory.mktemp("both") / "w.sqlite"), open_world(address))
    for world in worlds:
        seed_workspace(world.store, ACCOUNTS, random_seed=11)
    yield worlds
    for world in worlds:
        world.store.close()
    postgres.server().drop_database(address.database)


def search_texts(world: World) -> list[str]:
    """100 texts a user would type: word starts of 1–3 letters, whole words, ids, e-mails,
    accents and capitals, two terms, punctuation, nothing that matches."""
    rng = random.Random(3)
    rows = world.store.db.execute_sql(
        "SELECT id, name, city, email FROM tier_account ORDER BY id"
    ).fetchall()
    picked = rng.sample(rows, 30)
    texts = ["m", "a", "mu", "be", "ta-", "zz", "Mü", "MÜLLER", "é", "--", "@", "qxqxqx"]
    for account_id, name, city, email in picked:
        words = tokens(name) or ["x"]
        word = rng.choice(words)
        texts.extend(
            [
                word[:2],
                word[:3].upper(),
                f"{word} {tokens(city)[0] if tokens(city) else ''}".strip(),
                account_id if rng.random() < 0.5 else account_id[:7],
            ]
        )
        if len(texts) < 100:
            texts.append(email if rng.random() < 0.5 else email.split("@")[0])
    return texts[:100]


def test_the_same_100_searches_give_the_same_counts_and_first_pages(
    both: tuple[World, World],
) -> None:
    file_world, _ = both
    texts = search_texts(file_world)
    assert len(texts) == 100
    differences = []
    for number, text in enumerate(texts):
        kind = (None, AccountType.CUSTOMER, AccountType.RESELLER)[number % 3]
        query = DirectoryQuery(search=text, type=kind)
        counts = [w.services.directory.count(query) for w in both]
        if counts[0] != counts[1]:
            differences.append(f"{text!r} ({kind}): {counts[0]} in the file, {counts[1]}")
            continue
        sort = SORTS[number % len(SORTS)]
        pages = [
            [row.id for row in w.services.directory.accounts(query, sort).fetch(0, PAGE)]
            for w in both
        ]
        if pages[0] != pages[1]:
            differences.append(f"{text!r} sorted by {sort}: first pages differ")
    assert not differences, "\n".join(differences)
    assert any(file_world.services.directory.count(DirectoryQuery(search=t)) for t in texts)
