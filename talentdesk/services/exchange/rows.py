"""The value checks a package row passes before the city imports it (issue 15 §4): the same as a cell of an imported
spreadsheet, through the importer's converters (importing/values.py, rows_schools.py): ID numbers (GB 11643 check
character, birth date), names (no digits, no formula text), dates, code lists, phone numbers, and lengths (the
column's, and for unbounded text the most a spreadsheet cell holds). A value is stored as the importer would store
it (a pre-2015 title under its current name, an ID number upper-case); a value the importer would not take refuses
the package, naming the file, line and column."""

from __future__ import annotations

from talentdesk.domain import codes
from talentdesk.importing import values as V
from talentdesk.importing.rows_schools import CONVERTERS as SCHOOL
from talentdesk.store.types import PartialDateType


def _coded(code_list):
    return lambda v: V.coded(code_list, v, severity="error")


def _id_number(v):
    return V.id_number(v).number


_PERSON = {
    "name": V.name,
    "gender": _coded(codes.GENDER),
    "phone": V.phone,
    "subject": V.subject,
    "degree": _coded(codes.DEGREE),
    "stage": _coded(codes.STAGE),
}
CHECKS: dict[str, dict] = {
    "teacher": {
        "id_number": _id_number,
        "id_type": _coded(codes.ID_TYPE),
        "name": V.name,
        "former_name": V.name,
        "gender": _coded(codes.GENDER),
        "ethnicity": _coded(codes.ETHNICITY),
        "political": _coded(codes.POLITICAL),
        "phone": V.phone,
        "employment_form": _coded(codes.EMPLOYMENT_FORM),
        "source": _coded(codes.SOURCE),
        "status": _coded(codes.STATUS),
        "cur_title": _coded(codes.TITLE),
        "cur_degree": _coded(codes.DEGREE),
        "cur_stage": _coded(codes.STAGE),
        "cur_subject": V.subject,
    },
    "local_student": {**_PERSON, "id_number": _id_number},
    "candidate": {**_PERSON, "id_number": _id_number},
    "school": {k: SCHOOL[k] for k in ("name", "code", "area", "kind")},
    "education": {"degree": _coded(codes.DEGREE), "academic_degree": _coded(codes.ACADEMIC_DEGREE)},
    "title_record": {"title": _coded(codes.TITLE)},
    "placement": {"kind": _coded(codes.PLACEMENT_KIND)},
    "designation": {"kind": _coded(codes.DESIGNATION), "level": _coded(codes.LEVEL), "subject": V.subject},
    "certificate": {"kind": _coded(codes.CERT_KIND), "subject": V.subject},
    "teaching": {"stage": _coded(codes.STAGE), "subject": V.subject},
    "pairing": {"subject": V.subject, "stage": _coded(codes.STAGE)},
}
RESIDENT = codes.ID_TYPE.labels[0] if codes.ID_TYPE.labels else "居民身份证"


def problems(table, row: dict, max_text: int) -> list[tuple[str, str]]:
    """Check ROW (decoded column values of TABLE) in place: each checked value replaced by the importer's. Returns
    (column, message) for every value the importer would refuse."""
    out = []
    checks = CHECKS.get(table.name, {})
    for col in table.columns:
        name, v = col.name, row.get(col.name)
        if v is None or name == "id":
            continue
        if isinstance(v, str) and getattr(col.type, "length", None) is None and len(v) > max_text:
            out.append((name, f"有 {len(v):,} 个字，超过 {max_text:,} 字（一个电子表格单元格最多的字数）"))
            continue
        conv = checks.get(name)
        if name == "id_number" and (row.get("id_type") or RESIDENT) != RESIDENT:
            conv = V.text  # another kind of ID document: no check character to verify
        try:
            if conv is not None:
                new = conv(v)
                if new is None:
                    raise V.CellError("empty", "内容为空或只有空白字符")
                row[name] = new
            elif isinstance(col.type, PartialDateType):
                V.date(v.iso())  # the date rules of the importer (PartialDate.from_iso took the digits)
        except V.CellError as e:
            out.append((name, e.message))
            continue
        if isinstance(row[name], str) and getattr(col.type, "length", None) and len(row[name]) > col.type.length:
            out.append((name, f"超过 {col.type.length} 个字"))
    return out
