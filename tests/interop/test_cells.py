"""Cell values survive a write and a read, whatever the text; no value reads as a formula."""

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.interop.cells import csv_in, csv_out, looks_like_formula
from desktop_app.interop.export import ExportFormat, write_rows
from desktop_app.interop.layout import PLACEHOLDER
from desktop_app.interop.reading import open_source
from desktop_app.interop.workbook_columns import COLUMN_COUNT

# what an account field can hold: printable text of any script, no control characters
FIELD_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1, max_size=40
).filter(lambda t: t.strip() == t and t.strip())


@given(st.text())
def test_csv_neutralising_is_undone_exactly(text):
    assert csv_in(csv_out(text)) == text
    if looks_like_formula(text):
        assert csv_out(text).startswith("'")


@given(st.text(min_size=1))
def test_only_the_placeholder_and_safe_starts_are_left_as_they_are(text):
    if text == PLACEHOLDER:
        assert not looks_like_formula(text)
    elif text[0] in "=+-@\t\r":
        assert looks_like_formula(text)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(FIELD_TEXT, min_size=COLUMN_COUNT, max_size=COLUMN_COUNT), min_size=1, max_size=4
    )
)
def test_any_text_comes_back_from_a_workbook_and_a_csv(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("cells")
    for fmt in ExportFormat:
        path = folder / f"rows.{fmt.value}"
        write_rows(rows, path, fmt)
        back = [list(r.cells) for r in open_source(path).rows()]
        assert back == rows, fmt
        if fmt is ExportFormat.CSV:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                raw = [v for row in csv.reader(handle) for v in row]
            assert not any(v.startswith(("=", "+", "@")) for v in raw)


@pytest.mark.parametrize("text", ["'=", "''=1+1", "'+49 30", "'-5", "'", "''", "'a", "=", "-"])
def test_values_that_start_like_the_csv_mark_come_back_whole(text: str) -> None:
    # found by hypothesis: "'=" was written as is and read back as "="
    assert csv_in(csv_out(text)) == text
    assert not looks_like_formula(csv_out(text))
