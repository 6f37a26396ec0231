"""Each report's 依据 (issue 19 §3): the rules a report's figures follow, named by their keys in
domain.policy.SOURCES (a policy parameter's citation sits with it there). The catalogue adds the line to
every report's notes, so the PDF and the Excel file carry it."""

from __future__ import annotations

from talentdesk.domain.policy import SOURCES

RULES: dict[str, tuple[str, ...]] = {
    "registration": ("records",),
    "roster": ("records",),
    "structure": ("backbone",),
    "balance": ("balance", "backbone"),
    "hiring-plan": ("staff_ratio", "class_staff_ratio", "teacher_weekly_periods", "retirement_age"),
    "recruits": ("records",),
    "obligations": ("obligation_years",),
    "student-pool": ("records",),
    "talents": ("talent",),
    "subsidies": ("rural_subsidy_monthly",),
    "services": ("talent",),
    "annual": ("records", "backbone"),
    "summary": ("records", "backbone"),
    "monthly": ("records", "key_talent", "kpi"),
    "monthly-counties": ("records",),
    "monthly-watch": ("records", "key_talent", "kpi"),
    "staffing": ("staff_ratio", "class_staff_ratio"),
    "quota": ("records", "staff_ratio", "class_staff_ratio"),
    "rotation": ("rotation", "backbone"),
    "rural-honour": ("rural_honour_years",),
    "attrition": ("records", "retirement_age"),
    "studio-stats": ("records",),
    "mentor-stats": ("records",),
    "tiers": ("backbone", "famous_min_level"),
    "shortage": ("teacher_weekly_periods", "retirement_age"),
    "redeploy": ("teacher_weekly_periods", "retirement_age"),
    "redeploy-plan": ("redeploy", "teacher_weekly_periods", "records"),
    "talent-stats": ("talent", "rural_honour_years"),
    "talent-recognition": ("talent", "talent_term_reminder_days"),
    "mentoring": ("records",),
    "training": ("training_hours_per_cycle",),
    "leaders": ("principal_term_years", "records"),
    "appraisal": ("records",),
    "titles": ("title_wait_long_years", "records"),
    "named": ("designation_term_years", "designation_review_months", "backbone", "records"),
    "activities": ("records",),
    "school-pairings": ("records",),
    "competitions": ("records",),
    "research-roles": ("records",),
    "programmes": ("records",),
    "degree-study": ("records",),
    "research-projects": ("records",),
    "postings": ("records",),
}


def note(name: str) -> str:
    """The 依据 line of report NAME: its rules' sources, numbered when there are several."""
    keys = RULES[name]
    texts = [SOURCES[k] for k in keys]
    if len(texts) == 1:
        return f"依据：{texts[0]}。"
    return "依据：" + "；".join(f"（{i}）{t}" for i, t in enumerate(texts, 1)) + "。"
