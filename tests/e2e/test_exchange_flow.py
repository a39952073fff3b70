"""Export from the window, edit the workbook as a user would, import it back, reopen the file."""

import openpyxl

from desktop_app.app import create_main_window
from desktop_app.interop.importer import ImportMode
from desktop_app.interop.writeback import ResultsTarget
from desktop_app.persistence.store import SqliteStore
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery
from desktop_app.ui.exchange.import_preview_dialog import ImportChoice
from tests.interop.sheets import row, values
from tests.support.prompts import ScriptedPrompts
from tests.support.windows import exchanged
from tests.support.world import SYNC_PRODUCT, draft, open_world


def test_round_trip_through_the_window_survives_reopening(qtbot, tmp_path):
    world = open_world(tmp_path / "workspace.sqlite")
    reseller = world.services.accounts.create(draft(name="Nordlicht Handel GmbH")).account
    customer = world.services.accounts.create(
        draft(type="customer", parent_id=reseller.id, name="Kunde Eins", external_id="K1")
    ).account
    world.subscribe("AS-1111-2222-3333", SYNC_PRODUCT, customer.id, reseller.id)
    world.store.close()

    window = create_main_window(world.path, settings_path=tmp_path / "settings.ini")
    qtbot.addWidget(window)
    window.show()
    book_path = tmp_path / "customers.xlsx"
    prompts = window.prompts = ScriptedPrompts(window, path=book_path)
    exchanged(qtbot, window, "action_export")

    book = openpyxl.load_workbook(book_path)
    sheet = book["Customers"]
    for index in range(2, sheet.max_row + 1):
        if sheet.cell(index, 1).value == customer.id:
            sheet.cell(index, 4).value = "update"
            sheet.cell(index, 13).value = "Hamburg"
    sheet.append(
        values(
            row(
                Type="customer",
                Company_Name="Neukunde Zwei",
                External_ID="K2",
                Parent_Search_Criteria="id",
                Parent_Search_Value=reseller.id,
            )
        )
    )
    book.save(book_path)

    prompts.review = lambda report: ImportChoice(ImportMode.ALL_OR_NOTHING, ResultsTarget.FILE)
    exchanged(qtbot, window, "action_import")
    qtbot.waitUntil(lambda: window.directory_view.model.rowCount() == 3)
    window.close()

    store = SqliteStore.open(world.path)
    try:
        services = Services.over(store)
        changed = services.accounts.get(customer.id)
        assert (changed.version, changed.data.city) == (2, "Hamburg")
        assert store.requests.pending_count(customer.id) == 1  # as the wizard raises it
        found = services.directory.accounts(DirectoryQuery(search="neukunde")).all()
        assert [r.name for r in found] == ["Neukunde Zwei"]
        assert found[0].parent_id == reseller.id
    finally:
        store.close()
    written = openpyxl.load_workbook(book_path)["Customers"]
    last = [c.value for c in written[written.max_row]]
    assert last[0] == found[0].id and last[3] == "-"
