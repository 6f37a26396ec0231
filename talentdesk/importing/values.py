"""Turn cell values into typed values. Each converter returns the value or raises CellError.

CellError carries a stable code, a severity and a Chinese message saying what is wrong and
what to do. Converters never guess: an ID number that lost digits in Excel is refused, not
repaired. Results of the pure text converters are cached (the same titles, dates and codes
repeat on every row).
"""

from __future__ import annotations

import datetime as _dt
import math
import operator
import re
import unicodedata
from functools import lru_cache

from talentdesk.domain import codes, idnumber, leaders, staff_record
from talentdesk.domain.cells import needs_escape
from talentdesk.domain.dates import DateError, PartialDate, parse_loose


class CellError(ValueError):
    def __init__(self, code: str, message: str, severity: str = "error"):
        super().__init__(message)
        self.code = code
        self.message = message
        self.severity = severity


_INVISIBLE = re.compile(r"[\s\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff\u00ad]+")
_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "．": "·", "。": "·", "⋅": "·"})
_FULL_ASCII = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULL_ASCII["\u3000"] = " "
_HALF = str.maketrans(_FULL_ASCII)


def is_empty(value) -> bool:
    if value is None or value == "":
        return True
    if not isinstance(value, str):
        return False
    if value[0] not in " '\u3000\u00a0\u200b\ufeff\t\r\n" and value[-1] not in " \u3000\t\r\n":
        return False
    return not _INVISIBLE.sub("", value).strip("'")


def text(value) -> str | None:
    """Plain text: full-width ASCII → ASCII, trimmed, a leading apostrophe (Excel's text marker) dropped."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    t = str(value).translate(_HALF).strip()
    t = t.lstrip("'").strip()
    return t or None


def name(value) -> str | None:
    """A person's name: no spaces of any width, no invisible characters; rare characters kept exactly."""
    if type(value) is str and value.isalpha() and len(value) <= 30:
        return value  # letters only: nothing to remove or to object to (the usual case)
    if value is None:
        return None
    t = _INVISIBLE.sub("", str(value)).strip("'").translate(_DOTS)
    if not t:
        return None
    if any(ch.isdigit() for ch in t) or len(t) > 30 or needs_escape(t):
        raise CellError("name.invalid", f"姓名“{t}”含有数字、公式符号或过长，请核对")
    return t


@lru_cache(maxsize=4096)
def _text_cached(value: str) -> str | None:
    return text(value)


_SCI = re.compile(r"^\s*\d(?:\.\d+)?[eE]\+?\d+\s*$")


_PLAIN_ID = re.compile(r"[0-9]{17}[0-9Xx]")
_ID_WEIGHT_SUM = sum(idnumber.WEIGHTS)
_YEAR_LOADED = _dt.date.today().year  # a birth date after today is in this year or later


def _plain_id(value: str) -> idnumber.IdInfo | None:
    """The IdInfo of a clean, valid 18-character number without going through the general parser (the usual
    case, ~45,000 times per county roster); None when anything is unusual (the parser then decides)."""
    if len(value) != 18 or not _PLAIN_ID.fullmatch(value):
        return None
    s = value if value[17] != "x" else value.upper()  # only the last character can be lower case here
    total = sum(map(operator.mul, s[:17].encode("ascii"), idnumber.WEIGHTS)) - 48 * _ID_WEIGHT_SUM
    if idnumber.CHECK_CHARS[total % 11] != s[17]:
        return None
    birth = _BIRTHS.get(s[6:14])
    if birth is None:
        try:
            birth = _dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        except ValueError:
            return None
        if birth.year < 1900 or (birth.year >= _YEAR_LOADED and birth > _dt.date.today()):
            return None
        _BIRTHS[s[6:14]] = birth  # valid and past: stays so
    return idnumber.IdInfo(number=s, birth=birth, gender="男" if s[16] in "13579" else "女", area=s[:6], upgraded=False)


_BIRTHS: dict[str, _dt.date] = {}  # YYYYMMDD of an ID number → its birth date (valid dates only)


def id_number(value) -> idnumber.IdInfo:
    """A resident ID number. Numbers that Excel rounded are refused, never repaired."""
    if type(value) is str and (info := _plain_id(value)) is not None:
        return info
    if isinstance(value, bool):
        raise CellError("id.chars", "身份证号不是有效号码")
    if isinstance(value, (int, float)):
        digits = _number_digits(value)
        if digits is None:
            raise CellError(
                "id.precision_lost",
                f"身份证号以数字形式保存（显示为 {_excel_shown(value)}），Excel 只保留15位有效数字，"
                f"后几位已经丢失，无法还原。请学校把该列设为“文本”格式后重新录入完整号码",
            )
        value = digits
    raw = str(value)
    if _SCI.match(raw.translate(_HALF)):
        raise CellError(
            "id.precision_lost",
            f"身份证号“{raw.strip()}”是科学计数法，Excel 只保留15位有效数字，后几位已经丢失，无法还原。"
            f"请学校把该列设为“文本”格式后重新录入完整号码",
        )
    try:
        info = idnumber.parse(raw)
    except idnumber.IdNumberError as e:
        msg = str(e)
        n = idnumber.normalize(raw)
        if e.code == "id.check" and len(n) == 18 and n.endswith("000"):
            msg += "（号码以000结尾，可能是以数字格式保存时丢失了末几位）"
        raise CellError(e.code, f"{msg}。请学校核对后改正") from None
    return info


def _number_digits(value) -> str | None:
    """The digits of a numeric ID cell when nothing was lost (at most 15 significant digits), else None."""
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        iv = int(value)
    else:
        iv = int(value)
    s = str(abs(iv))
    return s if len(s) <= 15 else None


def _excel_shown(value) -> str:
    """How Excel shows a big number in a General cell: 3.71521E+17."""
    try:
        mant, exp = f"{float(value):.5E}".split("E")
        return f"{mant.rstrip('0').rstrip('.')}E+{int(exp)}"
    except (TypeError, ValueError):
        return str(value)


def date(value, *, month_field: bool = False) -> PartialDate | None:
    """A date with the precision given. For year-month fields (参加工作时间…) a date cell on day 1 is a year-month:
    Excel turns a typed "2007-8" into 2007-08-01."""
    if type(value) is str and (m := _ISO_DATE.fullmatch(value)):  # 1985-03 / 1985-03-12 as text: the usual case
        try:
            return PartialDate(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
        except DateError:
            pass  # parse_loose says what is wrong
    if is_empty(value):
        return None
    if isinstance(value, _dt.time):
        raise CellError("date.format", "单元格是时间而不是日期，请填写年月，如 1985-03")
    if isinstance(value, str):
        return _date_text(value.translate(_HALF).strip().strip("'"), month_field)
    try:
        d = parse_loose(value)
    except DateError as e:
        raise CellError(e.code, f"{e}，请填写为 1985-03 或 1985-03-12") from None
    if month_field and d is not None and isinstance(value, (_dt.date, _dt.datetime)) and d.day == 1:
        d = PartialDate(d.year, d.month)
    return d


_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?")


@lru_cache(maxsize=4096)
def _date_text(t: str, month_field: bool) -> PartialDate | None:
    if not t:
        return None
    if m := _ISO_DATE.fullmatch(t):  # 1985-03 / 1985-03-12: what parse_loose gives, without trying every pattern
        try:
            return PartialDate(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
        except DateError:
            pass  # parse_loose says what is wrong
    try:
        d = parse_loose(t)
    except DateError as e:
        raise CellError(e.code, f"{e}") from None
    return d


def coded(code_list: codes.CodeList, value, *, severity: str = "warning") -> str | None:
    """The current label of a code list entry (pre-2015 titles mapped), forgiving about 教师/级 suffixes."""
    if is_empty(value):
        return None
    t = text(value) if not isinstance(value, str) else _text_cached(value)
    label = _coded(code_list.name, t)
    if label is None:
        raise CellError(
            "code.unknown", f"“{t}”不是有效的{code_list.name}（可填：{'、'.join(code_list.labels)}）", severity
        )
    return label


_LISTS = {
    cl.name: cl
    for cl in (
        codes.GENDER,
        codes.ID_TYPE,
        codes.ETHNICITY,
        codes.POLITICAL,
        codes.DEGREE,
        codes.ACADEMIC_DEGREE,
        codes.TITLE,
        codes.STAGE,
        codes.EMPLOYMENT_FORM,
        codes.SOURCE,
        codes.STATUS,
        codes.AREA,
        codes.SCHOOL_KIND,
        codes.PLACEMENT_KIND,
        codes.LEAVE_REASON,  # issue 22 §3: leaving records and management responses
        codes.LEAVE_DEST,
        codes.RESPONSE_OUTCOME,
        codes.DESIGNATION,
        codes.LEVEL,
        codes.CERT_KIND,
        codes.SUBJECT,
        *(f.codes for f in staff_record.FIELDS if f.codes is not None),
        leaders.METHOD_CODES,  # 任职方式 (issue 20 §1)
    )
}


@lru_cache(maxsize=4096)
def _coded(list_name: str, t: str) -> str | None:
    cl = _LISTS[list_name]
    for cand in (t, t + "教师", t.removesuffix("教师"), re.sub(r"[(（].*?[)）]", "", t), t.removesuffix("毕业")):
        if cand and (c := cl.lookup(cand)):
            return c.label
    return None


@lru_cache(maxsize=1024)
def _subject(t: str) -> str | None:
    c = codes.SUBJECT.lookup(t)
    if c is None:
        return None
    # keep the curriculum name the school uses (道德与法治, 信息科技, 体育与健康, 生物学…) when it is a known name
    return unicodedata.normalize("NFKC", t).replace(" ", "")


def subject(value) -> str | None:
    """A teaching subject as the school names it when it is a known subject name, else a warning."""
    if is_empty(value):
        return None
    t = codes.norm_text(text(value))
    s = _subject(t)
    if s is None:
        raise CellError(
            "code.unknown", f"“{t}”不是已知的学科名称，请核对（如 语文、数学、道德与法治、信息科技）", "warning"
        )
    return s


def yes_no(value) -> bool | None:
    try:
        return codes.yes_no(text(value) if isinstance(value, str) else value)
    except ValueError:
        raise CellError("yesno.invalid", f"“{value}”不是“是/否”，请填写 是 或 否", "warning") from None


_LEVEL_PREFIX = re.compile(r"^(国家级|全国|省级|省|市级|地市级|市|县级|县区级|区级|县\(区\)级|县|区|校级|校)")


@lru_cache(maxsize=512)
def _backbone(t: str):
    m = _LEVEL_PREFIX.match(t)
    level_text = m.group(1) if m else None
    rest = t[m.end() :] if m else t
    kind = codes.DESIGNATION.canonical(rest) or _coded(codes.DESIGNATION.name, rest)
    level = codes.LEVEL.canonical(level_text) if level_text else None
    return level, kind


def backbone(value) -> tuple[str, str] | None:
    """'市级骨干教师' → ('市级', '骨干教师'). Empty or 无/否 → None."""
    if is_empty(value):
        return None
    t = codes.norm_text(text(value))
    if t in ("无", "否", "/", "-", "—"):
        return None
    level, kind = _backbone(t)
    if kind is None or level is None:
        raise CellError(
            "code.unknown", f"无法识别骨干称号“{t}”，请写成“级别+称号”，如 县级骨干教师、市级学科带头人", "warning"
        )
    return level, kind


_SPLIT_TITLES = re.compile(r"[、,，;；/\s]+")


def designations(value) -> tuple[tuple[str, str], ...] | None:
    """A 名校长/名班主任 (or 荣誉称号) cell: '市级名校长' → (('市级', '名校长'),); several titles separated by 、 or
    ，; any designation of the code list (市级名师 too) with its level. Empty or 无/否 → None."""
    if is_empty(value):
        return None
    t = codes.norm_text(text(value) or "")
    if t in ("无", "否", "/", "-", "—"):
        return None
    out: list[tuple[str, str]] = []
    for part in filter(None, _SPLIT_TITLES.split(t)):
        level, kind = _backbone(part)
        if kind is None or level is None:
            raise CellError(
                "code.unknown",
                f"无法识别称号“{part}”，请写成“级别+称号”，如 市级名校长、县级名班主任、省级名师",
                "warning",
            )
        if (level, kind) not in out:
            out.append((level, kind))
    return tuple(out) or None


def integer(value) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError("int.invalid", f"“{value}”不是整数")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise CellError("int.invalid", f"“{value:g}”不是非负整数，请填写人数或个数")
    t = text(value).replace(",", "")
    if t.isdigit():
        return int(t)
    raise CellError("int.invalid", f"“{t}”不是整数，请只填写数字")


_YEARS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}


def years(value) -> int | None:
    """结对期限: 3, '3年', '三年'."""
    if is_empty(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return integer(value)
    t = codes.norm_text(text(value)).removesuffix("年").removesuffix("学年")
    if t.isdigit():
        return int(t)
    if t in _YEARS:
        return _YEARS[t]
    raise CellError("years.invalid", f"无法识别期限“{value}”，请填写年数，如 3 或 三年", "warning")


def phone(value) -> str | None:
    if type(value) is str and value.isascii() and value.isdigit() and 5 <= len(value) <= 40:
        return value  # plain digits (the usual case)
    t = text(value)
    if t is None:
        return None
    t = re.sub(r"\s+", "", t)
    if not re.fullmatch(r"[0-9+\-()（）转/、,，]{5,40}", t):
        raise CellError("phone.invalid", f"联系电话“{t}”格式不对，请只填写号码", "warning")
    return t
