import pytest

from desktop_app.domain.accounts import AccountDraft, Phone, diff_account_data
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import Severity, ValidationError
from desktop_app.domain.text import fold_for_search, normalize_text
from desktop_app.domain.validation import MAX_LENGTHS, check_tax_id, parse_phone, validate_draft
from tests.support.world import draft

pytestmark = pytest.mark.both_backends  # the world runs on a file and on a server


def test_valid_draft_is_cleaned():
    data, issues = validate_draft(
        draft(name="  Müller  GmbH ", country="de", email="Anna@EXAMPLE.com", external_uid="")
    )
    assert data.name == "Müller  GmbH"
    assert data.country == "DE"
    assert data.email == "Anna@example.com"
    assert data.phone == Phone("+49", "30", "1234567", "")
    assert issues == []


def test_empty_draft_names_every_required_field():
    with pytest.raises(ValidationError) as caught:
        validate_draft(AccountDraft())
    assert caught.value.fields == {
        "name",
        "address_line1",
        "city",
        "postal_code",
        "country",
        "first_name",
        "last_name",
        "email",
        "parent_id",
    }
    assert caught.value.message_for("name") == "Enter the organization name."


def test_whitespace_only_is_empty():
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(name=" \t \n "))
    assert caught.value.fields == {"name"}


@pytest.mark.parametrize("field", sorted(MAX_LENGTHS))
def test_over_long_fields_are_refused_with_the_limit(field):
    limit = MAX_LENGTHS[field]
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(**{field: "x" * (limit + 1)}))
    assert field in caught.value.fields
    message = caught.value.message_for(field)
    assert message is not None


def test_name_at_the_limit_is_accepted():
    data, _ = validate_draft(draft(name="n" * 255))
    assert len(data.name) == 255


@pytest.mark.parametrize("bad", ["no-at-sign", "a@", "@b.com", "a b@c.com", "a@b..com"])
def test_bad_emails(bad):
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(email=bad))
    assert caught.value.fields == {"email"}


def test_unknown_country():
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(country="XX", phone=""))
    assert caught.value.fields == {"country"}


def test_phone_is_parsed_for_the_account_country():
    assert parse_phone("030 1234567", "DE") == Phone("+49", "30", "1234567", "")
    assert parse_phone("+1 650 253 0000 ext. 12", "US") == Phone("+1", "650", "2530000", "12")
    with pytest.raises(ValueError, match="Germany"):
        parse_phone("12", "DE")
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(phone="not a phone"))
    assert caught.value.fields == {"phone"}


def test_phone_round_trips_through_its_editable_form():
    phone = parse_phone("+1 650 253 0000 ext. 12", "US")
    assert parse_phone(phone.editable(), "US") == phone
    assert phone.joined() == "+1650253000012"


def test_external_uid_must_be_a_uuid_and_is_normalised():
    data, _ = validate_draft(draft(external_uid="3F2B8C1E-0D4A-4C55-9A31-2B7E9D0C6A10"))
    assert data.external_uid == "3f2b8c1e-0d4a-4c55-9a31-2b7e9d0c6a10"
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(external_uid="not-a-uuid"))
    assert caught.value.fields == {"external_uid"}


def test_tax_id_format_is_a_warning_not_an_error():
    data, issues = validate_draft(draft(tax_id="DE000"))
    assert data.tax_id == "DE000"
    assert [(i.field, i.severity) for i in issues] == [("tax_id", Severity.WARNING)]
    assert check_tax_id("DE136695976", "DE") is None
    assert check_tax_id("136695976", "DE") is None
    assert check_tax_id("anything", "US") is None


def test_customer_needs_a_parent_reseller_does_not():
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(type=AccountType.CUSTOMER, parent_id=None))
    assert caught.value.fields == {"parent_id"}
    data, _ = validate_draft(draft(type=AccountType.RESELLER, parent_id=None))
    assert data.parent_id is None


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "\ud800"])
def test_control_characters_are_refused(bad):
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft(city=bad))
    assert caught.value.fields == {"city"}


def test_text_normalisation_and_folding():
    assert normalize_text(" Cafe\u0301 \n") == "Café"
    assert fold_for_search("Müller ÉCOLE") == "muller ecole"


def test_diff_lists_changed_fields_only():
    before, _ = validate_draft(draft())
    after, _ = validate_draft(draft(city="Hamburg", phone=""))
    changes = diff_account_data(before, after)
    assert [(c.field, c.before, c.after) for c in changes] == [
        ("city", "Berlin", "Hamburg"),
        ("phone", "+49 30 1234567", ""),
    ]
    assert len(diff_account_data(None, after)) == 16


def test_snapshot_round_trip():
    data, _ = validate_draft(draft())
    assert type(data).from_dict(data.to_dict()) == data
    assert AccountDraft.from_data(data).phone == "+49301234567"
