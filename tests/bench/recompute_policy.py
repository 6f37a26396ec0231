"""The headline policy figures recomputed straight from a database file's rows with plain Python and sqlite3,
without any of the program's code (issue 19 "Done when"): what the official texts ask, read independently.

    python tests/bench/recompute_policy.py DEMO.db [--county NAME] [--today YYYY-MM-DD]

prints the figures; tests/reports/test_recompute_policy.py compares them with the reports'. The rules, as
the documents give them (the program's defaults):
- 县级及以上骨干 (教督〔2017〕6号): a serving teacher with a designation in force today of 骨干教师, 学科带头人,
  名师 or 特级教师 at 县级 or above (教坛新秀 is not 骨干), counted once, at the post school.
- 编制 (中央编办发〔2014〕72号; 国办发〔2015〕43号): students ÷ 19/13.5/12.5 (小学/初中/高中) per school and
  stage of the latest school year, at a 乡村 小学 or 教学点 the larger of that and classes × 1.5 (小学).
- 交流轮岗 (教师〔2014〕4号): serving 在编 teachers of a 城区 (or named quality) 义务教育 school, at it for 6
  full years on the rotation year's first day, 男 ≤ 50 / 女 ≤ 45 周岁 (以下 含本数), more than 2 years from
  retirement (60/55), not teaching 高中, not away on another placement, not excluded; quota ⌈10 % of them⌉ per
  school; backbone ⌈20 % of max(quota, arranged)⌉ per school.
- 乡村从教 30/20/10 年 (国办发〔2015〕43号): see rural_lists.
- 五年周期学时 (教师〔2011〕1号): the finished cycle 2021—2025, 360 hours; a teacher who joined within it owes the
  months left of its 60 (pro rata); 已达标 when the hours of the courses begun in it reach that.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import math
import sqlite3
from collections import defaultdict

BACKBONE_KINDS = ("骨干教师", "学科带头人", "名师", "特级教师")
LEVELS_UP = ("县级", "市级", "省级", "国家级")
STAFF_RATIO = {"小学": 19.0, "初中": 13.5, "高中": 12.5}
CLASS_RATIO = {"小学": 1.5}
COMPULSORY_KINDS = ("小学", "初中", "九年一贯制", "教学点", "十二年一贯制", "完全中学")
ROTATION_KINDS = ("交流轮岗", "支教", "走教", "挂职")


def _date(text, last: bool = False) -> dt.date | None:
    """A stored partial date (YYYY, YYYY-MM or YYYY-MM-DD): its first day, or with LAST its last day; a bare
    year is a school year (from September 1, to August 31)."""
    if not text:
        return None
    parts = [int(x) for x in str(text).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 8, 31) if last else dt.date(parts[0], 9, 1)
    if len(parts) == 2:
        if last:
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], parts[1], 1)
    return dt.date(*parts)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Rows:
    def __init__(self, path, county: str | None = None):
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.schools = {
            sid: dict(name=n, area=a, kind=k, county=c, township=t)
            for sid, n, a, k, c, t in self.con.execute("SELECT id, name, area, kind, county, township FROM school")
        }
        self.scope = {sid for sid, s in self.schools.items() if county is None or s["county"] == county}

    def all(self, sql, *args):
        return self.con.execute(sql, args).fetchall()


def backbone(r: Rows, today: dt.date) -> int:
    holders = set()
    month = today.strftime("%Y-%m")
    for tid, kind, level, start, end in r.all("SELECT teacher_id, kind, level, start, end FROM designation"):
        if (
            kind in BACKBONE_KINDS
            and level in LEVELS_UP
            and (start is None or start[:7] <= month)
            and (end is None or end[:7] >= month)
        ):
            holders.add(tid)
    return sum(
        1
        for tid, post in r.all("SELECT id, cur_post_school_id FROM teacher WHERE status = '在岗'")
        if post in r.scope and tid in holders
    )


def staffing(r: Rows) -> dict[str, float]:
    """Staff entitled per stage over the scope's schools (unrounded sums)."""
    year = r.all("SELECT max(school_year) FROM school_year_stat")[0][0]
    out: dict[str, float] = defaultdict(float)
    for sid, stage, students, classes in r.all(
        "SELECT school_id, stage, students, classes FROM school_year_stat WHERE school_year = ?", year
    ):
        if sid not in r.scope or students is None or stage not in STAFF_RATIO:
            continue
        s = r.schools[sid]
        need = students / STAFF_RATIO[stage]
        if s["area"] == "乡村" and s["kind"] in ("小学", "教学点") and stage in CLASS_RATIO and classes:
            need = max(need, classes * CLASS_RATIO[stage])
        out[stage] += need
    return dict(out)


def _at_school_since(posts: list, school: int, ref: dt.date) -> dt.date | None:
    """Start of the unbroken run of post records at SCHOOL up to REF (a gap of a month or less joins them)."""
    since = None
    prev_end = None
    for a, b, sid in sorted(posts, key=lambda p: p[0]):
        if a > ref:
            break
        joined = prev_end is not None and a <= prev_end + dt.timedelta(days=31)
        if sid == school:
            if since is None or not joined:
                since = a
        else:
            since = None
        prev_end = b if b is not None else dt.date.max - dt.timedelta(days=40)
    return since


def rotation(r: Rows) -> dict[str, int]:
    year, start, quality = r.all("SELECT year, start, quality_schools FROM rotation_year ORDER BY year DESC")[0]
    ref = _date(start) or dt.date(year, 9, 1)
    chosen = {int(x) for x in (quality or "[]").strip("[]").split(",") if x.strip()}
    sending = {
        sid for sid, s in r.schools.items() if (s["area"] == "城区" or sid in chosen) and s["kind"] in COMPULSORY_KINDS
    }
    posts = defaultdict(list)
    for tid, sid, a, b in r.all("SELECT teacher_id, school_id, start, end FROM post_record"):
        posts[tid].append((_date(a) or dt.date.min, _date(b, last=True), sid))
    first, last = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    away = set()  # on another placement on the reference day (this year's rotation itself does not count)
    this_year = []
    for tid, frm, kind, status, a, pe, ae in r.all(
        "SELECT teacher_id, from_school_id, kind, status, start, planned_end, actual_end FROM placement"
    ):
        begin = _date(a)
        if begin is None:
            continue
        if kind in ROTATION_KINDS and status != "拟交流" and first <= begin <= last:
            this_year.append((tid, frm))
            continue
        if kind == "调动" or status not in ("已审批", "在岗", "期满返回", "提前结束"):
            continue  # 调动 moves the post itself; 拟交流 has not begun
        end = _date(ae, last=True) if ae else None if status in ("已审批", "在岗") else _date(pe or a, last=True)
        if begin <= ref and (end is None or end >= ref):
            away.add(tid)
    excluded = {tid for (tid,) in r.all("SELECT teacher_id FROM rotation_exclusion")}
    holders = set()
    month = ref.strftime("%Y-%m")
    for tid, kind, level, a, b in r.all("SELECT teacher_id, kind, level, start, end FROM designation"):
        if (
            kind in BACKBONE_KINDS
            and level in LEVELS_UP
            and (a is None or a[:7] <= month)
            and (b is None or b[:7] >= month)
        ):
            holders.add(tid)
    eligible, bb = defaultdict(int), defaultdict(int)
    for tid, gender, birth, form, stage in r.all(
        "SELECT id, gender, birth_date, employment_form, cur_stage FROM teacher WHERE status = '在岗'"
    ):
        covering = [p for p in posts[tid] if p[0] <= ref and (p[1] is None or p[1] >= ref)]
        if not covering:
            continue
        school = max(covering)[2]
        if school not in sending or school not in r.scope or form != "在编" or stage == "高中":
            continue
        since = _at_school_since(posts[tid], school, ref)
        if since is None or _age(since, ref) < 6:  # 满6年: whole years as an age is counted
            continue
        birth_d = _date(birth)
        if birth_d is None or gender not in ("男", "女"):
            continue
        age = _age(birth_d, ref)
        if age > {"男": 50, "女": 45}[gender] or {"男": 60, "女": 55}[gender] - age <= 2:
            continue
        if tid in away or tid in excluded:
            continue
        eligible[school] += 1
        bb[school] += tid in holders
    arranged = defaultdict(int)
    for _, frm in this_year:
        if frm in sending and frm in r.scope:
            arranged[frm] += 1
    schools = [sid for sid in sending if sid in r.scope]
    quota = {sid: math.ceil(eligible[sid] * 0.10 - 1e-9) for sid in schools}
    need = sum(math.ceil(max(quota[sid], arranged[sid]) * 0.20 - 1e-9) for sid in schools)
    return dict(
        eligible=sum(eligible.values()),
        backbone_eligible=sum(bb.values()),
        quota=sum(quota.values()),
        arranged=sum(arranged.values()),
        backbone_need_schools=need,
    )


def training(r: Rows, cycle=(2021, 2025), hours_needed: float = 360.0) -> dict[str, int]:
    """Serving teachers in the finished cycle (by the school they work at), and how many met it."""
    first, last = cycle
    months = (last - first + 1) * 12
    hours = defaultdict(float)
    for tid, h, start in r.all(
        "SELECT r.teacher_id, r.hours, c.start FROM training_record r JOIN training_course c ON c.id = r.course_id"
    ):
        if start and first <= int(str(start)[:4]) <= last:
            hours[tid] += h or 0.0
    joined = {tid: a for tid, a in r.all("SELECT teacher_id, min(start) FROM post_record GROUP BY teacher_id")}
    n = met = 0
    for tid, work, post, work_start in r.all(
        "SELECT id, cur_work_school_id, cur_post_school_id, work_start FROM teacher WHERE status = '在岗'"
    ):
        if (work or post) not in r.scope:
            continue
        start = _date(joined.get(tid) or work_start)
        share = 1.0
        if start is not None and start >= dt.date(first, 1, 1):
            into = (start.year - first) * 12 + start.month - 1
            if into >= months:
                continue  # joined after the cycle
            share = (months - into) / months
        n += 1
        met += hours[tid] + 1e-9 >= hours_needed * share
    return dict(teachers=n, complete=met, behind=n - met)


def _months(first: dt.date, last: dt.date) -> tuple[int, int]:
    """[first, last] (both included) as whole calendar months and the days left over."""
    after = last + dt.timedelta(days=1)
    m = (after.year - first.year) * 12 + after.month - first.month - (after.day < first.day)
    y, mo = divmod(first.month - 1 + m, 12)
    day = min(first.day, calendar.monthrange(first.year + y, mo + 1)[1])  # 1-31 + 1 month = 2-28 (or 29)
    return m, (after - dt.date(first.year + y, mo + 1, day)).days


def rural_lists(r: Rows, today: dt.date, years=(("国家", 30), ("省", 20), ("县", 10))) -> dict[str, int]:
    """乡村从教 (国办发〔2015〕43号 第（八）项): serving and retired teachers (by post school) with N years or more
    (含本数) at schools of a 镇区 or 乡村 area where they actually worked (a placement's school while it ran),
    breaks left out, in calendar months, a spell's leftover days added up at 31 a month; without that level's
    certificate."""
    rural = {sid for sid, s in r.schools.items() if s["area"] in ("镇区", "乡村")}
    posts, stays = defaultdict(list), defaultdict(list)
    for tid, sid, a, b in r.all("SELECT teacher_id, school_id, start, end FROM post_record"):
        posts[tid].append((a, _date(b, last=True) if b else None, sid))
    for tid, to, kind, status, a, pe, ae in r.all(
        "SELECT teacher_id, to_school_id, kind, status, start, planned_end, actual_end FROM placement"
    ):
        if kind == "调动" or status not in ("已审批", "在岗", "期满返回", "提前结束") or not a:
            continue
        end = _date(ae, last=True) if ae else None if status in ("已审批", "在岗") else _date(pe or a, last=True)
        if end is None or end >= _date(a):
            stays[tid].append((_date(a), end, to))
    held = defaultdict(set)
    for tid, level in r.all("SELECT teacher_id, level FROM rural_honour"):
        held[tid].add(level)
    out = {lv: 0 for lv, _ in years}
    for tid, status, status_date, work_start, post in r.all(
        "SELECT id, status, status_date, work_start, cur_post_school_id FROM teacher WHERE status IN ('在岗', '退休')"
    ):
        if post not in r.scope:
            continue
        first_known = _date(work_start)
        ps = [(_date(a) or first_known, b, sid) for a, b, sid in posts[tid] if _date(a) or first_known]
        until = today
        if status != "在岗":
            ends = [b for _, b, _ in ps if b is not None]
            until = min(today, _date(status_date, last=True) if status_date else max(ends, default=today))
        marks = set()
        for a, b, _ in ps + stays[tid]:
            if a <= until:
                marks.add(a)
                if b is not None and b < until:
                    marks.add(b + dt.timedelta(days=1))
        points = sorted(marks)
        segments: list[list] = []
        for i, a in enumerate(points):
            b = points[i + 1] - dt.timedelta(days=1) if i + 1 < len(points) else until
            away = [x for x in stays[tid] if x[0] <= a and (x[1] is None or a <= x[1])]
            home = [x for x in ps if x[0] <= a and (x[1] is None or a <= x[1])]
            here = max(away or home, default=None, key=lambda x: x[0])
            if here is None:
                continue
            if segments and segments[-1][2] == here[2] and segments[-1][1] + dt.timedelta(days=1) == a:
                segments[-1][1] = b
            else:
                segments.append([a, b, here[2]])
        months = days = 0
        for a, b, sid in segments:
            if sid in rural:
                m, d = _months(a, b)
                months, days = months + m, days + d
        months += days // 31
        for lv, n in years:
            if months >= n * 12 and lv not in held[tid]:
                out[lv] += 1
    return out


def figures(path, county: str | None = None, today: dt.date | None = None) -> dict:
    r = Rows(path, county)
    today = today or dt.date.today()
    return dict(
        backbone=backbone(r, today),
        staffing=staffing(r),
        rotation=rotation(r),
        training=training(r),
        rural=rural_lists(r, today),
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--county")
    ap.add_argument("--today", type=dt.date.fromisoformat)
    a = ap.parse_args()
    for k, v in figures(a.db, a.county, a.today).items():
        print(k, v)
