"""The reports' headline policy figures equal an independent recomputation from the raw rows (issue 19
"Done when"): tests/bench/recompute_policy.py reads the database file with sqlite3 and plain Python, following
the official texts, and knows nothing of the program's code. On the demo county and on each county of a
city-like database (three counties: the county:NAME scope of every report)."""

import importlib.util
from pathlib import Path

import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Scope
from talentdesk.services.demo import build
from talentdesk.store.database import open_database

_spec = importlib.util.spec_from_file_location(
    "recompute_policy", Path(__file__).parents[1] / "bench" / "recompute_policy.py"
)
recompute = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recompute)

COUNTIES = ["东湖区", "禾川区", "青禾县"]


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    path = tmp_path_factory.mktemp("recompute") / "county.db"
    assert main(["--db", str(path), "demo", "--size", "county", "--seed", "2026"]) == 0
    db = open_database(path)
    yield path, db
    db.dispose()


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    path = tmp_path_factory.mktemp("recompute") / "city.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(build.SIZES, "city", 3)
        assert main(["--db", str(path), "demo", "--size", "city", "--seed", "2026"]) == 0
    db = open_database(path)
    yield path, db
    db.dispose()


def _reported(db, scope: str) -> dict:
    sc = Scope.parse(scope)
    structure = catalogue.compute(db, "structure", Params(scope=sc))
    part = next(p for p in structure.parts if "骨干" in p.title)
    heads, total = list(part.headers), part.rows[-1]
    staffing = catalogue.compute(db, "staffing", Params(scope=sc)).main
    rotation = catalogue.compute(db, "rotation", Params(scope=sc)).main
    r_total = rotation.rows[-1]
    training = catalogue.compute(db, "training", Params(scope=sc, year=2023)).main.rows[-1]
    rural = catalogue.compute(db, "rural-honour", Params(scope=sc)).parts
    return dict(
        backbone=sum(total[heads.index(c)] for c in ("省级及以上骨干", "市级骨干", "县级骨干")),
        staffing={r[2]: r[5] for r in staffing.rows if "合计" in str(r[0]) and r[2] != "全部学段"},
        rotation=dict(
            eligible=r_total[1],
            backbone_eligible=r_total[2],
            quota=r_total[3],
            arranged=r_total[4],
            backbone_need_schools=sum(r[6] for r in rotation.rows[:-1]),
        ),
        training=dict(teachers=training[2], behind=training[3], complete=training[4]),
        rural={p.title.removeprefix("乡村从教").removesuffix("级荣誉人选"): len(p.rows) for p in rural},
    )


def _compare(reported: dict, computed: dict) -> None:
    assert reported["backbone"] == computed["backbone"]
    assert reported["staffing"] == {k: round(v, 1) for k, v in computed["staffing"].items()}
    assert reported["rotation"] == computed["rotation"]
    assert reported["training"] == computed["training"]
    assert reported["rural"] == computed["rural"]


def test_the_demo_county_s_figures_equal_the_recomputation(county):
    path, db = county
    computed = recompute.figures(path)
    _compare(_reported(db, "county"), computed)
    # the figures are not trivially empty
    assert computed["backbone"] > 100 and computed["rotation"]["eligible"] > 100
    assert 0 < computed["training"]["behind"] < computed["training"]["teachers"]
    assert 0 < computed["rural"]["国家"] < computed["rural"]["省"] < computed["rural"]["县"]


@pytest.mark.parametrize("name", COUNTIES)
def test_each_county_of_a_city_equals_the_recomputation(city, name):
    path, db = city
    computed = recompute.figures(path, name)
    assert computed["rotation"]["eligible"] > 100
    _compare(_reported(db, f"county:{name}"), computed)
