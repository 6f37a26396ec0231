"""Amounts of money as printed on payment sheets: 人民币大写 (the capital numerals of financial documents)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _group(n: int) -> str:
    """0 < N < 10000 in capitals, with 零 for inner gaps (1001 → 壹仟零壹)."""
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + UNITS[pos]
    return out


def capitals(amount: float | int | Decimal) -> str:
    """人民币大写 of AMOUNT (yuan, rounded to the fen): 1234.5 → 壹仟贰佰叁拾肆元伍角; 300 → 叁佰元整;
    0.05 → 伍分; 0 → 零元整; a negative amount starts with 负."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    text = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        if len(groups) > len(GROUPS):
            raise ValueError(f"amount too large: {amount}")
        gap = False
        for i in range(len(groups) - 1, -1, -1):
            g = groups[i]
            if g == 0:
                gap = True
                continue
            if text and (gap or g < 1000):
                text += "零"
            text += _group(g) + GROUPS[i]
            gap = False
        text += "元"
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return sign + text
