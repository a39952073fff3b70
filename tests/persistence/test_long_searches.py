"""A search box text of a thousand words or of one huge word is looked for, never an error."""

import pytest

from desktop_app.domain.enums import AccountType
from desktop_app.domain.text import SEARCH_WORDS_MAX
from desktop_app.persistence.repository_base import search_words
from desktop_app.services.queries import DirectoryQuery, RequestQuery
from tests.support.world import SYNC_PRODUCT, draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server

THOUSAND_WORDS = " ".join(f"kunde{i}" for i in range(1_000))
LONG_TEXTS = {
    "1,000 words": THOUSAND_WORDS,
    "1,000 equal words": " ".join(["kunde"] * 1_000),
    "one word of 100,000 letters": "k" * 100_000,
    "one term of 50,000 words": "-".join(["kunde"] * 50_000),
}


def edited_customer(world):
    """A customer edited once: its pending request is there to be searched for."""
    reseller = world.services.accounts.create(draft(name="Reseller One")).account
    kid = world.services.accounts.create(
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde Zwei")
    ).account
    world.subscribe("AS-0000-0000-0001", SYNC_PRODUCT, kid.id, reseller.id)
    world.services.accounts.update(
        kid.id,
        draft(type=AccountType.CUSTOMER, parent_id=reseller.id, name="Kunde Zwei", city="Köln"),
    )
    return kid


@pytest.fixture
def requested(world):
    return edited_customer(world)


@pytest.mark.parametrize("text", list(LONG_TEXTS.values()), ids=list(LONG_TEXTS))
def test_requests_search_takes_any_length(world, requested, text):
    listing = world.services.requests.listing(RequestQuery(status=None, search=text))
    assert listing.count() == len(listing.fetch(0, 50)) <= 1


@pytest.mark.parametrize("text", list(LONG_TEXTS.values()), ids=list(LONG_TEXTS))
def test_directory_search_takes_any_length(world, requested, text):
    listing = world.services.directory.accounts(DirectoryQuery(search=text))
    assert listing.count() == len(listing.fetch(0, 50)) <= 1


def test_the_first_words_are_looked_for():
    words = search_words(THOUSAND_WORDS)
    assert words == [f"kunde{i}" for i in range(SEARCH_WORDS_MAX)]
    assert search_words("Kunde kunde KÖLN") == ["kunde", "koln"]
    assert search_words("x" * 100_000) == ["x" * 64]


def test_a_word_past_the_first_ones_no_longer_narrows_the_search(world, requested):
    # word prefixes of the account's name, city and contact (the Directory's rule)
    parts = [w[:i] for w in ("kunde", "zwei", "koln") for i in range(1, len(w) + 1)]
    parts += ["anna", "mueller", "com"]
    assert len(parts) == SEARCH_WORDS_MAX
    text = " ".join([*parts, "nowhere"])
    listing = world.services.requests.listing(RequestQuery(status=None, search=text))
    assert listing.count() == 1
