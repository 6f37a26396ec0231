"""CJK fonts for printed forms.

reportlab embeds TrueType (glyf) fonts only, always subsetted, and prints a blank for a
missing glyph without warning. So we register a chain of fonts — the body font official
documents use where the PC has it (仿宋/宋体 on Windows), then the freely licensed fonts the
project installs — and split every string into runs, each in the first font of the chain
that has the character. Rare name characters (䶮, 𠮷, 堃) therefore always print.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from talentdesk import resources

# (registered name, font file, subfont index) in order of preference per role
_BODY = [
    ("TD-FangSong", "simfang.ttf", 0),
    ("TD-SimSun", "simsun.ttc", 0),
    ("TD-UMing", "uming.ttc", 0),
    ("TD-WenKai", "LXGWWenKai-Regular.ttf", 0),
]
_HEADING = [
    ("TD-SimHei", "simhei.ttf", 0),
    ("TD-WQYZenHei", "wqy-zenhei.ttc", 0),
    ("TD-WenKaiBold", "LXGWWenKai-Bold.ttf", 0),
]
_FALLBACK = [
    ("TD-SimSun", "simsun.ttc", 0),
    ("TD-UMing", "uming.ttc", 0),
    ("TD-WenKai", "LXGWWenKai-Regular.ttf", 0),
    ("TD-SimSunExtB", "simsunb.ttf", 0),
    ("TD-WQYZenHei", "wqy-zenhei.ttc", 0),
]
LATIN_SAFE = "Helvetica"  # only when no CJK font exists at all


def _utf16_hex(code_point: int) -> str:
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()


_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname, subset):
    """reportlab writes '<%04X>' per glyph, which is invalid above U+FFFF (𠮷 became '₻' when copied
    or searched). Write UTF-16BE (surrogate pairs) for those, as the PDF reference requires."""
    cmap = _original_cmap(fontname, subset)
    if all(v <= 0xFFFF for v in subset):
        return cmap
    lines = cmap.split("\n")
    start = lines.index(next(x for x in lines if x.endswith("beginbfchar"))) + 1
    for i, v in enumerate(subset):
        lines[start + i] = f"<{i:02X}> <{_utf16_hex(v)}>"
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FontChain:
    names: tuple[str, ...]

    @property
    def primary(self) -> str:
        return self.names[0]

    def font_for(self, ch: str) -> str:
        return _font_for(self.names, ch)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split TEXT into (font name, substring) runs."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch)
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def missing(self, text: str) -> set[str]:
        """Characters no font of the chain can print."""
        return {c for c in text if not c.isspace() and not any(_has(n, c) for n in self.names)}

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(s, f, size) for f, s in self.runs(text))

    def markup(self, text: str) -> str:
        """Paragraph markup: escaped text with <font> tags where a fallback font is needed."""
        from xml.sax.saxutils import escape

        parts = []
        for name, s in self.runs(text):
            s = escape(s).replace("\n", "<br/>")
            parts.append(s if name == self.primary else f'<font name="{name}">{s}</font>')
        return "".join(parts)


def _has(name: str, ch: str) -> bool:
    font = pdfmetrics.getFont(name)
    face = getattr(font, "face", None)
    return face is not None and ord(ch) in face.charToGlyph


@lru_cache(maxsize=20000)
def _font_for(names: tuple[str, ...], ch: str) -> str:
    if ch.isspace() or ord(ch) < 0x80 and names[0] == LATIN_SAFE:
        return names[0]
    for n in names:
        if _has(n, ch):
            return n
    return names[0]


@cache
def _register(name: str, file_name: str, index: int) -> bool:
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    path = resources.find_font(file_name)
    if path is None:
        return False
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except Exception:  # CFF/OTF outlines or a damaged file: reportlab refuses it
        return False
    return True


def _chain(preferred: list, rest: list) -> FontChain:
    names: list[str] = []
    for name, fname, idx in [*preferred, *rest]:
        if name not in names and _register(name, fname, idx):
            names.append(name)
    if not names:
        raise FontMissing(
            "没有找到可嵌入的中文字体（如 仿宋、宋体、AR PL UMing 或 霞鹜文楷），无法生成 PDF。"
            "请安装 fonts-arphic-uming / fonts-lxgw-wenkai，或在 Windows 上确认已有宋体。"
        )
    return FontChain(tuple(names))


@cache
def body() -> FontChain:
    return _chain(_BODY, _FALLBACK)


@cache
def heading() -> FontChain:
    return _chain(_HEADING, [*_BODY, *_FALLBACK])


def draw_string(
    canvas, x: float, y: float, text: str, size: float, chain: FontChain | None = None, align: str = "left"
) -> float:
    """Draw TEXT at (x, y) with per-character fallback; returns the width drawn."""
    chain = chain or body()
    total = chain.width(text, size)
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    for name, s in chain.runs(text):
        canvas.setFont(name, size)
        canvas.drawString(x, y, s)
        x += pdfmetrics.stringWidth(s, name, size)
    return total
