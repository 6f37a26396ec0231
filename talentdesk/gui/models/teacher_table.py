"""The teacher list model: all teachers as plain tuples, filtered by search text and combos in Python."""

from __future__ import annotations

from operator import itemgetter

from talentdesk.domain import codes
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.services.people import teachers as svc

C = {name: i for i, name in enumerate(svc.COLUMNS)}
HEADERS = [
    ("姓名", "name"),
    ("身份证件号", "id_masked"),
    ("性别", "gender"),
    ("出生日期", "birth"),
    ("编制学校", "post_school"),
    ("工作学校", "work_school"),
    ("乡镇", "township"),
    ("学段", "stage"),
    ("学科", "subject"),
    ("职称", "title"),
    ("学历", "degree"),
    ("用工形式", "employment_form"),
    ("状态", "status"),
    ("骨干称号", "backbone"),
]

# filter name → (Chinese label, tuple position); "school" matches the post or the working school
FILTERS = {
    "school": ("学校", None),
    "township": ("乡镇", C["township"]),
    "stage": ("学段", C["stage"]),
    "subject": ("学科", C["subject"]),
    "title": ("职称", C["title"]),
    "employment_form": ("用工形式", C["employment_form"]),
    "status": ("状态", C["status"]),
    "backbone": ("骨干", C["backbone"]),
}
BACKBONE_YES, BACKBONE_NO = "是骨干", "非骨干"
EMPTY = "（空）"


class TeacherTableModel(RowsModel):
    def __init__(self, parent=None):
        super().__init__([h for h, _ in HEADERS], [C[k] for _, k in HEADERS], parent)
        self.keys: list[str] = []
        self._text = ""
        self._filters: dict[str, str] = {}
        self._fresh = True

    def set_rows(self, rows: list[tuple], apply: bool = True) -> None:
        """Load all rows. With apply=False the view is filtered by the next set_filter() call
        (the page fills its filter combos from the new rows first, then filters once)."""
        # lowercase search key per row: name, full ID number (searchable though shown masked), schools
        n, i, p, w = C["name"], C["id_number"], C["post_school"], C["work_school"]
        self.keys = [f"{r[n]}\x00{r[i]}\x00{r[p]}\x00{r[w]}".lower() for r in rows]
        self.rows = rows
        self._fresh = True
        if apply:
            self._apply(full=True)

    def distinct(self, name: str) -> list[str]:
        """Values present for a filter combo (sorted, empty last)."""
        if name == "school":
            vals = set(map(itemgetter(C["post_school"]), self.rows)) | set(map(itemgetter(C["work_school"]), self.rows))
        elif name == "backbone":  # filter by level: 县级, 市级…
            levels = [lv for lv in codes.LEVEL.labels]
            vals = {
                next((lv for lv in levels if r[C["backbone"]].startswith(lv)), "")
                for r in self.rows
                if r[C["backbone"]]
            }
        else:
            vals = set(map(itemgetter(FILTERS[name][1]), self.rows))
        vals.discard("")
        return sorted(vals)

    def set_filter(self, text: str, filters: dict[str, str] | None = None) -> None:
        text = text.strip().lower()
        filters = {k: v for k, v in (filters or {}).items() if v}
        # a longer text that contains the previous one can only narrow: filter the visible rows only
        narrower = not self._fresh and filters == self._filters and self._text in text
        self._fresh = False
        self._text, self._filters = text, filters
        self._apply(full=not narrower)

    def _apply(self, full: bool) -> None:
        candidates = range(len(self.rows)) if full else self.visible
        keys, rows, text = self.keys, self.rows, self._text
        out = [i for i in candidates if text in keys[i]] if text else list(candidates)
        for name, value in self._filters.items():
            out = self._filter_one(out, name, value, rows)
        self.set_visible(out)

    @staticmethod
    def _filter_one(indices, name, value, rows):
        want = "" if value == EMPTY else value
        if name == "school":
            p, w = C["post_school"], C["work_school"]
            return [i for i in indices if rows[i][p] == want or rows[i][w] == want]
        pos = FILTERS[name][1]
        if name == "backbone":
            if value == BACKBONE_YES:
                return [i for i in indices if rows[i][pos]]
            if value == BACKBONE_NO:
                return [i for i in indices if not rows[i][pos]]
            return [i for i in indices if rows[i][pos].startswith(value)]
        return [i for i in indices if rows[i][pos] == want]

    def teacher_id(self, view_row: int) -> int:
        return self.key_at(view_row, C["id"])
