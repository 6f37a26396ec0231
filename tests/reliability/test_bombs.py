"""Zip bomb and XML bomb: refused in under 30 s and under 500 MB (measured in a fresh process)."""

import json
import subprocess
import sys
import textwrap
import zipfile

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PROBE = textwrap.dedent("""
    import json, resource, sys, time
    from talentdesk.importing.plan import build_plan
    from talentdesk.store.database import open_database
    db = open_database(sys.argv[1])
    t0 = time.perf_counter()
    plan = build_plan(db, [sys.argv[2]])
    seconds = time.perf_counter() - t0
    try:  # VmHWM: this program's own peak (ru_maxrss would carry the forking pytest's peak across exec)
        rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
    except OSError:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "mb": rss, "error": plan.files[0].error}, ensure_ascii=False))
""")


def _probe(tmp_path, bomb):
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "p.db"), str(bomb)], capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _zip_bomb(path, gigabytes=1):
    """A real one: a sheet of 1 GB of zeros, deflated to about 1 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 24)
            for _ in range(64 * gigabytes):
                f.write(block)
    return path


def _xml_bomb(path):
    """Billion laughs in the shared strings and in the sheet."""
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>')
        z.writestr("xl/sharedStrings.xml", lol + "<sst><si><t>&lol9;</t></si></sst>")
        z.writestr("xl/worksheets/sheet1.xml", lol + '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                   "</row></sheetData></worksheet>")
    return path


@pytest.mark.parametrize("kind", ["zip", "xml"])
def test_bomb_is_refused_quickly_in_little_memory(tmp_path, kind):
    bomb = _zip_bomb(tmp_path / "炸弹.xlsx") if kind == "zip" else _xml_bomb(tmp_path / "实体.xlsx")
    r = _probe(tmp_path, bomb)
    assert r["error"] and ("压缩" in r["error"] or "实体" in r["error"])
    assert r["seconds"] < 30 and r["mb"] < 500  # the bound
    print(f"\n{kind} bomb ({bomb.stat().st_size / 1024:.0f} KB on disk): refused in {r['seconds']:.2f} s, "
          f"peak {r['mb']:.0f} MB — {r['error']}")
