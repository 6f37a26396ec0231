"""The plan fills every place it can, and says per school why the others stay open (issue 14 §4)."""

import datetime as dt

from talentdesk.domain import rotation


def cand(i, school, stage, backbone=None):
    return rotation.Candidate(
        i,
        f"教师{i}",
        "男",
        dt.date(1980, 3, 1),
        "在编",
        "在岗",
        school,
        dt.date(2015, 9, 1),
        stage,
        "数学",
        None,
        backbone,
    )


def recv(i, stages):
    return rotation.Receiver(i, f"接收{i}", stages, 300, 1)


def test_senior_high_teachers_fill_all_places_at_the_few_junior_middle_receivers():
    # two senior-high schools must send 3 each; of 7 receivers only 2 have a junior-middle section.
    # One even share per receiver (2 × 6 / 7 → 2 places) left room for 4 of the 6.
    receivers = [recv(10 + k, ("小学",)) for k in range(5)] + [recv(20, ("初中",)), recv(21, ("初中",))]
    rows = [(cand(i, 1 if i < 10 else 2, "高中"), 8) for i in list(range(1, 6)) + list(range(11, 16))]
    out = rotation.plan(rows, {1: (3, 0), 2: (3, 0)}, receivers)
    assert len(out) == 6 and {p.to_school_id for p in out} == {20, 21}
    assert rotation.shortfalls(rows, {1: (3, 0), 2: (3, 0)}, receivers, out) == []


def test_each_unfilled_school_is_named_with_its_reasons():
    receivers = [recv(10, ("小学",)), recv(11, ("小学",))]
    rows = [
        (cand(1, 1, "高中", "县级骨干教师"), 8),
        (cand(2, 1, "高中"), 8),  # nowhere to go: no 初中/高中 receivers
        (cand(3, 2, "小学"), 8),
    ]  # school 2 needs 2 and has one eligible teacher left
    quotas = {1: (2, 1), 2: (2, 0)}
    out = rotation.plan(rows, quotas, receivers)
    assert [p.teacher_id for p in out] == [3]
    gaps = {x.school_id: x for x in rotation.shortfalls(rows, quotas, receivers, out, {1: "一中", 2: "实验小学"})}
    assert gaps[1].short == 2 and gaps[1].name == "一中"
    assert any(r == "2 名高中教师没有可去的接收学校（接收学校都没有高中或初中）" for r in gaps[1].reasons)
    assert any("骨干教师还应交流 1 人" in r for r in gaps[1].reasons)
    assert gaps[2].short == 1 and "只有 1 人，少于尚差的 2 人" in gaps[2].reasons[0]


def test_no_receivers_at_all():
    rows = [(cand(1, 1, "小学"), 8)]
    gaps = rotation.shortfalls(rows, {1: (1, 0)}, [], [], {1: "城关小学"})
    assert "没有接收学校" in gaps[0].reasons[0]
