"""Render every report and form of the demo county to PNG, to look at the paper (issue 18 §6).

    .venv/bin/python tools/look_at_paper.py OUT_DIR [--pages N] [--no-xlsx]

Builds the demo county (with a 15-character minority name and a 34-character school name put in) in
OUT_DIR/county.db, writes every catalogue report as PDF and Excel and every form as PDF, then renders
the first N pages of each PDF with pdftoppm, and each Excel file through LibreOffice headless
(soffice --convert-to pdf, the way it prints) the same way. Open OUT_DIR/png/*.png with an image viewer.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reports import paper_county  # noqa: E402


def to_png(pdf: Path, png_dir: Path, pages: int, stem: str) -> None:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", str(pages), str(pdf), str(png_dir / stem)], check=True
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=2, help="pages of each file to render (default 2)")
    ap.add_argument("--no-xlsx", action="store_true", help="skip the Excel files (no LibreOffice needed)")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "county.db"
    if db_path.exists():
        from talentdesk.store.database import open_database

        db = open_database(db_path)
    else:
        db = paper_county.build(db_path)
    files, png = out / "files", out / "png"
    png.mkdir(exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    for name, path in paper_county.render_all(db, files, xlsx=not args.no_xlsx):
        if path.suffix == ".pdf":
            to_png(path, png, args.pages, f"{name}-pdf")
        elif soffice:
            xdir = files / "xlsx-pdf"
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(xdir), str(path)],
                check=True,
                capture_output=True,
                timeout=300,
            )
            to_png(xdir / f"{path.stem}.pdf", png, args.pages, f"{name}-xlsx")
        print(path)
    print(f"PNG: {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
