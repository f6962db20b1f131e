"""Measure how wide each character of the title font is, for the title check of render.py.

``render.py --check`` must not load Manim (it takes longer than the whole check), yet it must
refuse a title that will not fit the title band. So the advance width of every character a
title is likely to hold is measured once here, with Manim's own text engine, and shipped as
``scenes/kit/title_glyphs.json``; ``scenes.kit.title_estimate`` adds them up.
``tests/views/test_titles.py`` measures again and fails when the table is stale.

Run: ``.venv/bin/python scripts/measure_title_glyphs.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHARACTERS = ("".join(chr(code) for code in range(32, 127))
              + "′″‴²³¹⁰·−→←×÷≈≤≥≠∞√∫∑πθλμσωΔδαβγéèêàâüöäïñçÉ—–’‘“”…")
SIZE = 100
"""Font size measured at (widths scale with it)."""
REPEAT = 10


def measure() -> dict[str, object]:
    """The advance width of each character at font size 1, in scene units."""
    from manim import Text, tempconfig

    from scenes.kit.text import FONT

    with tempfile.TemporaryDirectory() as media, tempconfig({"media_dir": media}):
        def width(text: str) -> float:
            return float(Text(text, font=FONT, font_size=SIZE).width)

        frame = width("xx")
        advances = {c: (width("x" + c * REPEAT + "x") - frame) / REPEAT / SIZE for c in CHARACTERS}
    return {"font": FONT, "advances": {c: round(w, 6) for c, w in advances.items()}}


if __name__ == "__main__":
    path = ROOT / "scenes" / "kit" / "title_glyphs.json"
    path.write_text(json.dumps(measure(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {path}")
