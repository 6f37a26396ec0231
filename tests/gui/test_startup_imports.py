"""What the program loads before its first page shows (issue 16 §4): mapping every area's models or the teacher
file's tabs costs the clerk about 0.15 s at every start, so they load when first needed. bench_startup measures
the time; this keeps the start from pulling them in again unnoticed."""

from __future__ import annotations

import subprocess
import sys

LATER = (
    "talentdesk.store.all_models",  # every area's tables: mapped when a delete, an undo or an area needs them
    "talentdesk.store.models_recruitment",
    "talentdesk.store.models_deployment",
    "talentdesk.store.models_cultivation",
    "talentdesk.gui.teacher_file.dialog",  # imported when a teacher's file is first opened
)


def test_the_first_page_loads_no_other_area(tmp_path):
    code = (
        "import sys; import talentdesk.gui.app, talentdesk.gui.pages.teachers; "
        f"print('LOADED', [m for m in {LATER!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "LOADED []" in done.stdout, done.stdout + done.stderr


def test_deleting_a_teacher_in_a_fresh_program_still_takes_every_area_with_it(demo_path):
    """The delete reads every area's tables though the start did not map them: its undo puts all rows back."""
    code = f"""
from talentdesk.store.database import open_database
from talentdesk.services.people import teachers
from sqlalchemy import text
db = open_database({str(demo_path)!r})
with db.engine.connect() as c:
    tid = c.execute(text("SELECT teacher_id FROM training_record LIMIT 1")).scalar_one()
    before = c.execute(text("SELECT COUNT(*) FROM training_record")).scalar_one()
undo = teachers.delete(db, [tid])
with db.engine.connect() as c:
    gone = before - c.execute(text("SELECT COUNT(*) FROM training_record")).scalar_one()
teachers.restore(db, undo)
with db.engine.connect() as c:
    back = c.execute(text("SELECT COUNT(*) FROM training_record")).scalar_one()
print("GONE", gone, "BACK", back == before)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "BACK True" in done.stdout, done.stdout + done.stderr
    assert "GONE 0" not in done.stdout
