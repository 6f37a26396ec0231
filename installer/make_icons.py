"""Draw the application icon once: a white 教 on a blue rounded square.

    .venv/bin/python installer/make_icons.py    → resources/icons/talentdesk.svg, talentdesk-<N>.png, talentdesk.ico

The character is converted to outlines (SVG path) from LXGW WenKai (OFL), so the SVG needs no font.
The results are committed; run this again only to change the design.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # hicolor sizes UOS and 麒麟 menus use
BLUE, DARK = "#1f5fbf", "#174a96"
FONT_FILE = "LXGWWenKai-Regular.ttf"


def glyph_path(char: str, box: float = 256.0, fill: float = 0.62, lift: float = 14.0) -> str:
    sys.path.insert(0, str(ROOT))
    from talentdesk import resources

    font_file = resources.find_font(FONT_FILE)
    if font_file is None:
        raise SystemExit(f"{FONT_FILE} not found (apt-get install fonts-lxgw-wenkai)")
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(font_file)))[0]
    font = QFont(family)
    font.setPixelSize(200)
    path = QPainterPath()
    path.addText(0, 0, font, char)
    r = path.boundingRect()
    scale = box * fill / max(r.width(), r.height())
    dx = (box - r.width() * scale) / 2 - r.left() * scale
    dy = (box - r.height() * scale) / 2 - r.top() * scale - lift  # above the desk band
    cmds, i = [], 0
    while i < path.elementCount():
        e = path.elementAt(i)
        x, y = e.x * scale + dx, e.y * scale + dy
        if e.isMoveTo():
            cmds.append(f"M{x:.1f} {y:.1f}")
        elif e.isLineTo():
            cmds.append(f"L{x:.1f} {y:.1f}")
        else:  # CurveTo followed by two CurveToData elements
            c2, c3 = path.elementAt(i + 1), path.elementAt(i + 2)
            cmds.append(
                f"C{x:.1f} {y:.1f} {c2.x * scale + dx:.1f} {c2.y * scale + dy:.1f} "
                f"{c3.x * scale + dx:.1f} {c3.y * scale + dy:.1f}"
            )
            i += 2
        i += 1
    return " ".join(cmds) + " Z"


def svg_text() -> str:
    d = glyph_path("教")
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>教育人才工作台</title>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="{BLUE}"/>
  <path d="M8 196 H248 V204 A44 44 0 0 1 204 248 H52 A44 44 0 0 1 8 204 Z" fill="{DARK}"/>
  <path d="{d}" fill="#ffffff" fill-rule="nonzero"/>
</svg>
"""


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # fonts need a GUI application
    assert app is not None
    OUT.mkdir(parents=True, exist_ok=True)
    svg = svg_text()
    (OUT / "talentdesk.svg").write_text(svg, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    pngs = []
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p, QRectF(0, 0, size, size))
        p.end()
        f = OUT / f"talentdesk-{size}.png"
        img.save(str(f))
        pngs.append(f)
    from PIL import Image

    big = Image.open(OUT / "talentdesk-256.png")
    big.save(OUT / "talentdesk.ico", sizes=[(s, s) for s in SIZES if s <= 256])  # ICO stops at 256
    print("wrote", ", ".join(p.name for p in [OUT / "talentdesk.svg", *pngs, OUT / "talentdesk.ico"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
