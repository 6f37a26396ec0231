"""Demo values for the national 教职工基础信息采集表 fields (issue 18 §4). Drawn from a generator of their own,
seeded by the teacher's id, so the rest of the demo county (and every figure tests rely on) stays as it was."""

from __future__ import annotations

import random

from talentdesk.domain.dates import PartialDate

GRADES = ("专技十二级", "专技十一级", "专技十级", "专技九级", "专技八级", "专技七级", "专技六级", "专技五级")
ADMIN = ("校长", "副校长", "教务处主任", "德育处主任", "年级组长", "教研组长", "总务处主任")


def values(tid: int, county: str, age: int, form: str, years: int, work_start: PartialDate) -> dict:
    r = random.Random(tid * 7919 + 18)
    married = "已婚" if age >= 28 or r.random() < 0.3 else "未婚"
    return {
        "nationality": "中国",
        "birthplace": county if r.random() < 0.75 else None,
        "marital": married if r.random() < 0.97 else "离婚",
        "health": "健康或良好" if r.random() < 0.93 else r.choice(("一般或较弱", "有慢性病")),
        "staff_no": f"JZG{tid:06d}",
        "teaching_start": work_start if r.random() < 0.9 else PartialDate(work_start.year + 1, 9),
        "post_category": "专任教师" if r.random() < 0.94 else r.choice(("管理人员", "工勤技能人员")),
        "post_grade": GRADES[min(len(GRADES) - 1, years // 5 + r.randint(0, 1))],
        "admin_post": r.choice(ADMIN) if r.random() < 0.08 else None,
        "contract": "聘用合同" if form in ("在编", "特岗") else "劳动合同" if form == "合同" else "其他合同",
        "normal_grad": "是" if r.random() < 0.7 else "否",
        "funded_normal": "是" if age < 35 and r.random() < 0.08 else "否",
        "tegang": "是" if form == "特岗" else "否",
        "mandarin": r.choices(("一级乙等", "二级甲等", "二级乙等", "三级甲等"), (8, 55, 32, 5))[0],
        "it_level": r.choices(("精通", "熟练", "良好", "一般", "较弱"), (5, 30, 40, 20, 5))[0],
    }
