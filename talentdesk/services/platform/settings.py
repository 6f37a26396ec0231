"""Bureau-wide policy parameters, stored as JSON in the Setting table under the key "policy"."""

from __future__ import annotations

import json

from talentdesk.domain.policy import CHOICES, POLICY_KEY, Policy
from talentdesk.domain.policy import policy_from_json as policy_from_value
from talentdesk.errors import ValidationError
from talentdesk.services.accounts import access
from talentdesk.store import setting_rows
from talentdesk.store.models import Setting
from talentdesk.store.uow import UnitOfWork


def load_policy(db) -> Policy:
    with UnitOfWork(db) as uow:
        row = uow.session.get(Setting, POLICY_KEY)
        value = row.value if row else None
    return policy_from_value(value)


def _check(data: dict) -> dict:
    problems = {}
    defaults = Policy().to_dict()
    clean = {}
    for key, default in defaults.items():
        value = data.get(key, default)
        if isinstance(default, dict):
            value = {**default, **(value or {})}
            for sub, v in value.items():
                if isinstance(default.get(sub), (int, float)):
                    try:
                        value[sub] = type(default[sub])(v)
                    except (TypeError, ValueError):
                        problems[f"{key}.{sub}"] = f"“{v}”不是数字"
                        continue
                    if value[sub] < 0:
                        problems[f"{key}.{sub}"] = "不能为负数"
        elif isinstance(default, (int, float)):
            try:
                value = type(default)(value)
            except (TypeError, ValueError):
                problems[key] = f"“{value}”不是数字"
                continue
            if value < 0:
                problems[key] = "不能为负数"
        elif key in CHOICES and value not in CHOICES[key]:
            problems[key] = f"应为：{'、'.join(CHOICES[key])}"
            continue
        clean[key] = value
    for key in (k for k in clean if k.startswith("kpi_") and not any(p.startswith(k) for p in problems)):
        if clean[key]["关注"] > clean[key]["预警"]:
            problems[f"{key}.关注"] = "关注线不能高于预警线"
    if problems:
        raise ValidationError(problems)
    return clean


def save_policy(db, policy: Policy | dict) -> Policy:
    """Check and store the parameters (audited like any other change); returns what was stored."""
    access.require(db, "settings")
    data = _check(policy.to_dict() if isinstance(policy, Policy) else dict(policy))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with UnitOfWork(db) as uow:
        setting_rows.put(uow.session, POLICY_KEY, text)
        uow.commit()
    return Policy.from_dict(data)


def reset_policy(db) -> Policy:
    """Back to the defaults of domain.policy."""
    return save_policy(db, Policy())
