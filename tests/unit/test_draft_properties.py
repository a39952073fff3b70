from dataclasses import fields

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.validation import MAX_LENGTHS, validate_draft
from tests.support.world import draft

DRAFT_FIELDS = {f.name for f in fields(AccountDraft)}
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "Robert'); DROP TABLE tier_account;--",
        "' OR 1=1 --",
        "שלום עולם",
        "مرحبا",
        "🙂🏳️‍🌈",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "a" * 10_000,
        "\u202eevil",
        "line\nbreak",
        "%_\\",
        "\U00020000\U0002a6d6",  # plane 2
        "\U000e0041\U000e007f",  # plane 14 tags
        "\U0010fffd",  # plane 16, private use
        "\u200f\u05d0\u200e",  # direction marks
        "\u3000\u00a0\u2003",  # only wide and non-breaking spaces
        "Ａｃｍｅ",  # full-width
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=300), st.text(alphabet=st.characters(), max_size=40))
EDITABLE = sorted(MAX_LENGTHS)


@st.composite
def drafts(draw):
    base = draft()
    changed = draw(st.lists(st.sampled_from(EDITABLE), max_size=4, unique=True))
    for name in changed:
        setattr(base, name, draw(TEXT))
    base.type = draw(st.sampled_from([AccountType.RESELLER, AccountType.CUSTOMER]))
    return base


def count_accounts(world):
    return world.store.db.execute_sql("SELECT count(*) FROM tier_account").fetchone()[0]


@settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(candidate=drafts())
def test_every_draft_is_stored_whole_or_refused_with_its_fields_named(world, candidate):
    before = count_accounts(world)
    try:
        result = world.services.accounts.create(candidate)
    except ValidationError as error:
        assert error.fields, "a refusal names at least one field"
        assert error.fields <= DRAFT_FIELDS
        for name in error.fields:
            assert error.message_for(name)
        assert count_accounts(world) == before
        return
    stored = world.services.accounts.get(result.account.id)
    assert stored == result.account
    assert count_accounts(world) == before + 1
    # what was stored is valid and already in the one normal form: cleaning it changes nothing
    again, _ = validate_draft(AccountDraft.from_data(stored.data))
    assert again == stored.data
    for name in ("name", "address_line1", "city", "postal_code", "first_name", "last_name"):
        value = getattr(stored.data, name)
        assert value and value == value.strip()
        assert "\x00" not in value
        assert len(value) <= MAX_LENGTHS[name]
