"""`talentdesk designations list|due|show|review|unreview` (issue 20 §3): the list with filters, the due list, a
review that withdraws a 名校长 (the designation ends on the review date) and its deletion (the designation is back)."""

import datetime as dt

from talentdesk.cli import main
from talentdesk.services.people import teachers
from talentdesk.store.database import open_database
from tests.leaders_builder import build

Y = dt.date.today().year  # the term is set around today: the CLI lists what is in force and due now


def test_list_review_and_undo(tmp_path, capsys):
    path = tmp_path / "c.db"
    db = open_database(path)
    b = build(db)
    tid = b["t"]["王校长"]
    record = {"kind": "名校长", "level": "市级", "start": f"{Y - 2}-09", "end": f"{Y + 1}-08"}
    teachers.save(db, tid, teachers.get(db, tid)["basic"], {"designations": [record]})
    db.dispose()
    db_ = ["--db", str(path)]
    assert main([*db_, "designations", "list", "--kind", "三名工程"]) == 0
    out = capsys.readouterr().out
    assert "王校长" in out and "名校长" in out and "共 1 条" in out
    did = out.splitlines()[1].split("\t")[0]
    assert main([*db_, "designations", "due", "--months", "6"]) == 0
    assert "期中考核" in capsys.readouterr().out
    # a withdrawal without a reason is refused, with the reason why
    assert main([*db_, "designations", "review", did, "--date", f"{Y}-01-15", "--decision", "撤销"]) == 2
    assert "撤销称号请写明原因" in capsys.readouterr().out
    args = ["--date", f"{Y}-01-15", "--result", "不合格", "--decision", "撤销", "--reason", "调离本县"]
    assert main([*db_, "designations", "review", did, *args, "--document", "县教发〔2026〕9号"]) == 0
    assert "称号现为“已撤销”" in capsys.readouterr().out
    assert main([*db_, "designations", "list", "--status", "在任"]) == 0
    assert "共 0 条" in capsys.readouterr().out
    assert main([*db_, "designations", "show", did]) == 0
    out = capsys.readouterr().out
    assert f"{Y - 2}-09 至 {Y}-01-15，已撤销" in out and "县教发〔2026〕9号" in out
    rid = out.split("[", 1)[1].split("]", 1)[0]
    assert main([*db_, "designations", "unreview", rid]) == 0
    capsys.readouterr()
    assert main([*db_, "designations", "show", did]) == 0
    assert f"{Y - 2}-09 至 {Y + 1}-08，在任" in capsys.readouterr().out
