"""Guards against a Qt binding that miscounts references of bools returned by Python overrides."""

import sys

from PySide6.QtWidgets import QWizard, QWizardPage


class AlwaysComplete(QWizardPage):
    def isComplete(self) -> bool:
        return True


def test_bool_returning_overrides_keep_reference_counts(qtbot):
    # PySide6 6.12.0 loses one reference to True per call: the app then dies after a while.
    wizard = QWizard()
    qtbot.addWidget(wizard)
    page = AlwaysComplete()
    wizard.addPage(page)
    wizard.show()
    before = sys.getrefcount(True)
    for _ in range(50):
        page.completeChanged.emit()
    assert sys.getrefcount(True) - before >= 0
