"""Writing output files safely: into NAME.part first, then replacing NAME in one step, so an existing
file is never left half-written, with a message the clerk understands when the file is open elsewhere.

Below every layer beside talentdesk.errors: reports write their files with it, so do exchange packages."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from talentdesk.errors import UserError


def part_path(path: Path) -> Path:
    """Where to write before publishing PATH (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(path.name + ".part")


def publish(tmp: Path, path: Path, save: Callable[[], object]) -> Path:
    """Run SAVE (which writes TMP), then move TMP over PATH."""
    try:
        save()
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：文件可能正在 Excel、WPS 或其他程序中打开，请关闭后重试") from None
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：{e.strerror or e}") from None
    return path
