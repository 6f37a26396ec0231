"""Every window fits a 1366×768 laptop (issue 14 §3): no page or dialog opens bigger than the available area
(1366×728 with a 40-pixel taskbar) and every button of every dialog lies inside it.

The pages and dialogs are opened by tests/gui/screen_fit_probe.py in a process of its own (the offscreen
screen's size is fixed when the QApplication starts), on the demo county."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout

from talentdesk.gui import fit

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    out = tmp_path_factory.mktemp("fit") / "fit.json"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.gui.screen_fit_probe", "1366", "728", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow  # builds the demo county and opens 80 windows in a process of its own (~25 s)
def test_every_page_and_dialog_fits_a_1366x728_area(laptop):
    assert len(laptop["checked"]) > 60
    assert laptop["problems"] == []


@pytest.mark.slow
def test_every_dialog_class_of_the_gui_was_opened(laptop):
    """New dialogs must be added to the probe's factories, so nothing escapes the check."""
    covered = set(laptop["classes"])
    bases = {"talentdesk.gui.deployment.dialogs.FormDialog", "talentdesk.gui.security.login._Form"}
    assert set(laptop["all_classes"]) - bases - covered == set()


def test_a_dialog_asking_for_more_than_the_screen_is_fitted_when_shown(qtbot):
    """The application-wide filter (installed by make_app) clamps any top-level window at its first show."""
    from talentdesk.gui.app import make_app

    app = make_app([])
    dlg = QDialog()
    qtbot.addWidget(dlg)
    lay = QVBoxLayout(dlg)
    ok = QPushButton("确定")
    lay.addStretch(1)
    lay.addWidget(ok)
    dlg.resize(3000, 2500)
    dlg.move(-200, -300)
    dlg.show()
    app.processEvents()
    area = fit.available_area(dlg)
    assert area.contains(dlg.frameGeometry())
    assert area.contains(ok.mapToGlobal(ok.rect().bottomRight()))
