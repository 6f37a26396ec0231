"""Long work on a worker thread with a cancellable progress dialog. Workers never touch widgets:
the Qt-free callable reports through progress(done, total, text), adapted here into a signal.
Loader: a page's contents read on a worker while the page shows a placeholder (issue 16 §4)."""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog


class Cancelled(Exception):
    """Raised inside the worker's progress callback when the clerk pressed 取消."""


class _Worker(QThread):
    progressed = Signal(int, int, str)

    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.cancel_requested = False
        self.result = None
        self.error: BaseException | None = None

    def _progress(self, done: int, total: int, text: str = "") -> None:
        if self.cancel_requested:
            raise Cancelled()
        self.progressed.emit(int(done), int(total), str(text))

    def run(self) -> None:
        try:
            self.result = self.fn(self._progress)
        except BaseException as e:  # handed back to the GUI thread
            self.error = e


def run_with_progress(parent, title: str, fn):
    """Run fn(progress) on a worker thread; returns its result, raises its error or Cancelled."""
    dlg = QProgressDialog(title, "取消", 0, 0, parent)
    dlg.setWindowTitle(title)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(0)
    dlg.setMinimumWidth(420)
    worker = _Worker(fn)

    def on_progress(done, total, text):
        if dlg.wasCanceled():
            on_cancel()
            return
        dlg.setMaximum(max(total, 1))
        dlg.setValue(min(done, max(total, 1)))
        if text:
            dlg.setLabelText(text)

    def on_cancel():
        worker.cancel_requested = True
        dlg.setLabelText("正在取消…")

    worker.progressed.connect(on_progress)
    dlg.canceled.connect(on_cancel)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    dlg.show()
    worker.start()
    loop.exec()
    worker.wait()
    dlg.canceled.disconnect(on_cancel)  # closing a QProgressDialog emits canceled: an error is not a cancel
    dlg.close()
    dlg.deleteLater()
    if worker.error is not None:
        if worker.cancel_requested:
            raise Cancelled() from worker.error
        raise worker.error
    return worker.result


class _Fetch(QThread):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.result = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as e:  # handed back to the GUI thread
            self.error = e


_STARTED: set[_Fetch] = set()  # every worker stays referenced until its result is taken, even if its page is gone


@atexit.register
def _wait_for_workers() -> None:
    """A read still running when the program ends (the clerk closed the window at once) finishes first: Qt aborts
    the process when a running QThread is destroyed."""
    for worker in list(_STARTED):
        worker.wait()


class Loader(QObject):
    """Reads a widget's contents on a worker thread: load(fn, done) runs the Qt-free fn() there and then
    done(result) on the GUI thread. Only the newest load counts: an older one still running is dropped when it
    ends (the clerk changed a filter meanwhile). `loading` is True until the newest result is shown."""

    def __init__(self, owner: QObject):
        super().__init__(owner)
        self.loading = False
        self._generation = 0
        self._running: dict[_Fetch, tuple[int, Callable[[Any], None]]] = {}  # referenced until finished

    def load(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._generation += 1
        self.loading = True
        worker = _Fetch(fn)
        self._running[worker] = (self._generation, done)
        _STARTED.add(worker)
        worker.finished.connect(self._finished)  # queued: runs on the GUI thread, never if the owner is gone
        worker.start()

    def cancel(self) -> None:
        """Drop the result of any load still running (the widget was just filled another way)."""
        self._generation += 1
        self.loading = False

    def wait(self) -> None:
        """Block until the newest load is shown (used when closing, and by tests)."""
        while self.loading and self._running:
            for worker in list(self._running):
                worker.wait()
            self._finished()

    def _finished(self) -> None:
        for worker in [w for w in self._running if w.isFinished()]:
            generation, done = self._running.pop(worker)
            worker.wait()
            _STARTED.discard(worker)
            if generation != self._generation:
                continue
            self.loading = False
            if worker.error is not None:
                raise worker.error
            done(worker.result)
