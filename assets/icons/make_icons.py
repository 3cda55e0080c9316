"""Regenerates the PWA icons in this folder (they are committed; run only to change them).

    python -m pip install --target /tmp/pil pillow && PYTHONPATH=/tmp/pil python assets/icons/make_icons.py

Brand blue (#0b3d91, the --brand of assets/app.css) with 民 and 一键通 in white Noto Sans CJK SC Bold
(Debian fonts-noto-cjk). The maskable icon keeps its content inside the central 80 % safe zone.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
BRAND = (11, 61, 145, 255)
WHITE = (255, 255, 255, 255)
YELLOW = (255, 243, 163, 255)  # --mark


def sc_font(size: int) -> ImageFont.FreeTypeFont:
    for index in range(10):
        f = ImageFont.truetype(FONT, size, index=index)
        if f.getname()[0].endswith("SC"):
            return f
    raise SystemExit("Noto Sans CJK SC not found in " + FONT)


def draw(size: int, content_scale: float, rounded: bool) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if rounded:
        d.rounded_rectangle([0, 0, size - 1, size - 1], radius=int(size * 0.18), fill=BRAND)
    else:
        d.rectangle([0, 0, size, size], fill=BRAND)
    c = size / 2
    s = size * content_scale
    big = sc_font(int(s * 0.56))
    small = sc_font(int(s * 0.17))
    d.text((c, c - s * 0.10), "民", font=big, fill=WHITE, anchor="mm")
    bar_w, bar_h = s * 0.46, max(2, s * 0.03)
    d.rectangle([c - bar_w / 2, c + s * 0.20, c + bar_w / 2, c + s * 0.20 + bar_h], fill=YELLOW)
    d.text((c, c + s * 0.34), "一键通", font=small, fill=WHITE, anchor="mm")
    return img


def main() -> None:
    for size in (192, 512):
        draw(size, 1.0, True).save(HERE / f"icon-{size}.png", optimize=True)
    draw(512, 0.72, False).save(HERE / "maskable-512.png", optimize=True)
    draw(180, 0.9, False).convert("RGB").save(HERE / "apple-touch-icon.png", optimize=True)
    fav = draw(64, 1.0, True)
    fav.save(HERE / "favicon-64.png", optimize=True)
    print("icons written to", HERE)


if __name__ == "__main__":
    main()
