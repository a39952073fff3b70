"""Take the README's Overview screenshots (light and dark) from a real window at 1024×700."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop_app import cli
from desktop_app.app import create_main_window
from desktop_app.services.overview import TREES

OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#2b2d30",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#4a88e8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2b2d30",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
}


def dark_palette(light: QPalette) -> QPalette:
    """A dark palette, as a desktop in dark mode gives the application."""
    palette = QPalette(light)
    for role, color in DARK.items():
        palette.setColor(role, QColor(color))
    return palette


def main() -> int:
    """Seed a workspace, open the Overview, grab it light and dark, then its lower half."""
    app = QApplication(sys.argv)
    app.setStyle(QStyleFactory.create("Fusion"))
    light = QPalette(app.palette())
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    db = folder / "demo.sqlite"
    cli.run(["seed", "--db", str(db), "--accounts", "3000", "--random-seed", "7"])
    window = create_main_window(db, settings_path=folder / "settings.ini")
    window.resize(1024, 700)
    window.show()
    window.overview.show()
    view = window.overview.tab.view
    assert view is not None
    while view.charts[TREES].chart() is None:
        QTest.qWait(20)
    for name, palette in (("overview", light), ("overview-dark", dark_palette(light))):
        app.setPalette(palette)
        QTest.qWait(200)
        window.grab().save(str(OUT / f"{name}.png"))
        print(f"wrote {OUT / name}.png")
    app.setPalette(light)
    bar = view.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())  # the weeks and the reseller trees, below the fold
    QTest.qWait(200)
    window.grab().save(str(OUT / "overview-lower.png"))
    print(f"wrote {OUT / 'overview-lower.png'}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
