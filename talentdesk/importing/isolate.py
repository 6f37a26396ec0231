"""Read spreadsheets in a child process, so that no file can close the program that imports it.

python-calamine is Rust: when an allocation fails it aborts the whole process (no exception, no cleanup),
and a Python reader can run out of memory. importing.safety refuses every hostile extent we know of before
calamine sees a file; this layer contains whatever it misses. A Reader starts one child process (spawn:
never fork a process that runs Qt or threads) and sends it one path at a time; the child checks and reads
the file (importing.read.read_file) and sends the sheets back. A child that dies (abort, killed for its
memory) makes that file refused with a message; the next file gets a new child.

Why read in the child and plan in the parent (not the reverse, nor check in the child and read in the
parent): the plan holds the database context and is edited by the clerk, so it must live in the parent; and
checking in the child but reading in the parent would leave the parent exposed to any abort the checks do
not foresee (e.g. .xls, which calamine reads whole when it opens it). Sending the sheets back costs a pickle
of plain lists (figures in README, reliability section); equal texts shared by read.share_repeats stay
shared through pickle.

On POSIX the child's address space is capped (Limits.child_memory), so a runaway reader fails there at once
instead of pushing the PC into swap. Windows has no such cap here; the checks bound what is read.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from talentdesk.importing import safety
from talentdesk.importing.read import RawSheet, read_file
from talentdesk.importing.safety import FileRefused, Limits

POLL_SECONDS = 0.2  # how often a wait for the child gives the caller a chance to cancel


class ReaderError(RuntimeError):
    """A defect in the reader itself (an unexpected exception in the child), with the child's traceback."""


def crashed_message(name: str, exitcode: int | None) -> str:
    how = f"退出码 {exitcode}" if exitcode is not None else "没有响应"
    return (
        f"读取文件“{name}”时读取程序异常退出（{how}）：文件可能是恶意构造的或超出了程序能读取的范围，"
        f"已拒绝导入，程序本身和其他文件不受影响。请让学校在 Excel 中重新保存（或另存为 .xlsx）后再发送"
    )


class Reader:
    """Reads PATHS, in order, in a child process; use as a context manager (the child ends with it).

    The child starts reading at once (entering the context), so spawning it and reading the first file overlap
    whatever the caller does meanwhile (loading the database context); it stays AHEAD files ahead.
    read_next(wait) returns the next file's sheets or raises FileRefused; wait() is called while the child
    works (a progress callback: it may raise, e.g. Cancelled, and the child is then stopped)."""

    AHEAD = 2

    def __init__(self, paths, limits: Limits = safety.DEFAULT):
        self.paths = [str(p) for p in paths]
        self.limits = limits
        self._proc = None
        self._conn = None
        self._sent = self._done = 0

    def __enter__(self) -> Reader:
        self._start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        if self._done >= len(self.paths):
            return
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=serve, args=(child, self.limits), name="talentdesk-reader", daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        self._sent = self._done
        self._top_up()

    def _top_up(self) -> None:
        while self._sent < len(self.paths) and self._sent - self._done < self.AHEAD:
            self._conn.send(self.paths[self._sent])  # a short string: never blocks on a busy child
            self._sent += 1

    def read_next(self, wait: Callable[[], None] | None = None) -> list[RawSheet]:
        name = Path(self.paths[self._done]).name
        if self._proc is None:
            self._start()
        proc, conn = self._proc, self._conn
        try:
            self._top_up()
            while not conn.poll(POLL_SECONDS):
                if wait is not None:
                    wait()
            kind, value = conn.recv()
        except (EOFError, OSError):  # the child died: its end of the pipe is closed
            proc.join(5)
            code = proc.exitcode
            self._stop()
            self._done += 1
            raise FileRefused(crashed_message(name, code)) from None
        except BaseException:  # cancelled while the child works: stop it
            self._stop()
            raise
        self._done += 1
        if kind == "ok":
            return value
        if kind == "refused":
            raise FileRefused(value)
        raise ReaderError(f"读取文件“{name}”时出错：\n{value}")

    def _stop(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is None:
            return
        if proc.is_alive():
            proc.terminate()
        proc.join(5)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
        conn.close()

    def close(self) -> None:
        proc, conn = self._proc, self._conn
        if proc is None:
            return
        if self._sent == self._done:  # idle: it ends by itself
            try:
                conn.send(None)
                proc.join(2)
            except OSError:
                pass
        self._stop()


# --- the child -----------------------------------------------------------------------------------


def _cap_memory(limit: int) -> None:
    if not limit or sys.platform == "win32":
        return
    import resource

    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already: keep it
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _quiet_stderr() -> None:
    """A Rust abort prints its backtrace on stderr: not for the clerk's console (the parent says what happened)."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        pass


def serve(conn, limits: Limits) -> None:
    """The child's loop: a path in, ("ok", sheets) | ("refused", message) | ("error", traceback) out; None ends."""
    _cap_memory(limits.child_memory)
    _quiet_stderr()
    gc.disable()  # hundreds of thousands of acyclic cells; the process is short-lived (as build_plan's gc_paused)
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        try:
            reply = ("ok", read_file(path, limits))
        except FileRefused as e:
            reply = ("refused", e.message)
        except MemoryError:
            reply = (
                "refused",
                f"读取文件“{Path(path).name}”需要的内存超过了上限（文件可能是恶意构造的或者太大），"
                f"已拒绝导入，请拆分后再导入",
            )
        except Exception:
            reply = ("error", traceback.format_exc())
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("refused", f"文件“{Path(path).name}”读出的内容太多，超过了内存上限，已拒绝导入，请拆分后再导入"))
        del reply
