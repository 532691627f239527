"""Generate the made-up files of the fourth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR:
  pdf/harwick_bay_energy_report_2024.pdf   5-page A4 report laid out with reportlab: a dark
                                    green sidebar with vertical text, ragged-right sans prose, a
                                    borderless 27-row site register that runs on from page 2 to
                                    page 3 without a repeated header, a small ruled table, and two
                                    raster charts on page 4 (a 4-series line chart with a legend
                                    and a stacked horizontal bar chart) whose text exists only as
                                    pixels
  chart/kelsall_bikeshare_trips_2022_2024.jpg  grouped vertical bar chart (6 stations x 3
                                    years) with rotated value labels and a legend, saved as JPEG
  scan/fernbrook_trip_letter_photo.jpg  phone photo of a printed school letter (serif type, a
                                    small payment table) taken at an angle: strong perspective,
                                    page curl, a bright spot and a soft shadow, on a dark checked
                                    tablecloth; a JPEG image, not a PDF
  scan/quarry_lane_pool_timetable.pdf  2-page image-only scan: a landscape timetable grid
                                    scanned rotated by 90 degrees (page 1) and a price list
                                    scanned upside down (page 2); 200 dpi greyscale JPEG
  scan/brannock_timber_quote_fax.pdf   faded, low-contrast fax of a builders' merchant's
                                    quotation with a monospaced item table: fax header line,
                                    standard-resolution (204 x 98 dpi) 1-bit rendering with
                                    dropouts and specks, then a washed-out grey copy with
                                    streaks; image only
  audio/wrackholm_point_guided_walk.ogg   one ranger (espeak-ng New York English, female "Annie"
                                    variant) outdoors: gusting wind and synthetic bird calls;
                                    Ogg Opus, 24 kHz mono
  audio/larkspur_catering_call.wav     fast two-speaker call about a wedding's numbers and times:
                                    flite's 8 kHz `kal` voice sped up 12 % and espeak-ng Caribbean
                                    English with a female variant at 205 wpm; short gaps; PCM WAV
  video/hollowmere_recycling_reel.mp4  vertical 720x1280 "stories" reel, 12 fps, H.264 + AAC:
                                    6 bright cards with an animated progress bar, narrated by
                                    espeak-ng Caribbean English (male variant); slides and
                                    narration carry different facts
  video/ledgerly_release_notes_screencast.mkv  1280x720 screen recording of a browser window
                                    scrolling through release notes (wheel-style scrolling with
                                    pauses, a moving mouse pointer), 15 fps H.264, quiet room-tone
                                    AAC track
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN4_ONLY=report,chart,photo,pool,fax,walk,call,reel,screen (comma-separated) makes only
those files (for development; obtain.sh always makes all). All names, places and facts are made
up. Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, flite, sox and ffmpeg on the
PATH, and the DejaVu and Liberation fonts. Output is repeatable on one machine (fixed seeds,
reportlab's invariant mode, no timestamps, single-threaded bit-exact encoders).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import wave
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab import rl_config

rl_config.invariant = 1  # no creation date or random document id in the PDF
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_LEFT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import Image as RLImage  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen4", "path.simplify": False}
)
PNG_META = {"Software": None}
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
NOMETA = ["-map_metadata", "-1", "-map_chapters", "-1"]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
FONTS = {
    "Sans": DEJAVU / "DejaVuSans.ttf",
    "SansB": DEJAVU / "DejaVuSans-Bold.ttf",
    "Cond": DEJAVU / "DejaVuSansCondensed.ttf",
    "CondB": DEJAVU / "DejaVuSansCondensed-Bold.ttf",
    "Mono": DEJAVU / "DejaVuSansMono.ttf",
    "MonoB": DEJAVU / "DejaVuSansMono-Bold.ttf",
    "Times": LIBERATION / "LiberationSerif-Regular.ttf",
    "TimesB": LIBERATION / "LiberationSerif-Bold.ttf",
    "TimesI": LIBERATION / "LiberationSerif-Italic.ttf",
    "Arial": LIBERATION / "LiberationSans-Regular.ttf",
    "ArialB": LIBERATION / "LiberationSans-Bold.ttf",
    "Courier": LIBERATION / "LiberationMono-Regular.ttf",
    "CourierB": LIBERATION / "LiberationMono-Bold.ttf",
}


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS[name]), size)


def run(cmd: list[str], **kw) -> None:
    """Run a command, failing loudly."""
    subprocess.run(cmd, check=True, **kw)


def write_truth(truth: Path, name: str, text: str) -> None:
    """Keep the generated text so the checker can verify answers against it."""
    truth.mkdir(parents=True, exist_ok=True)
    (truth / name).write_text(text, encoding="utf-8")


def seconds(path: Path) -> float:
    """Duration of an audio file in seconds (soxi)."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def silence(path: Path, dur: float, rate: int) -> Path:
    run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            str(rate),
            "-c",
            "1",
            "-b",
            "16",
            str(path),
            "trim",
            "0",
            f"{dur}",
        ]
    )
    return path


def to_mono(src: Path, dst: Path, rate: int, *effects: str) -> None:
    run(["sox", "-R", str(src), "-r", str(rate), "-c", "1", "-b", "16", str(dst), *effects])


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A mono 16-bit WAV as float32 in [-1, 1]."""
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        rate = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768.0
    return data, rate


def write_wav(path: Path, data: np.ndarray, rate: int) -> None:
    """float32 mono -> 16-bit WAV (rounded, clipped; no dither, so repeatable)."""
    pcm = np.clip(np.round(data * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


# Note: int(round(x)) is kept throughout: under numpy 1.x, round() of a numpy scalar is a float.


def moving_average(x: np.ndarray, k: int) -> np.ndarray:
    """Centred moving average of odd length ``k`` (edges use the available samples)."""
    c = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
    n, h = len(x), k // 2
    lo = np.clip(np.arange(n) - h, 0, n)
    hi = np.clip(np.arange(n) + h + 1, 0, n)
    return (c[hi] - c[lo]) / (hi - lo)


def chart_png(fig: plt.Figure, dpi: int | None = None) -> bytes:
    """Rasterise a chart so its labels exist only as pixels."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def perspective_coeffs(
    dst: list[tuple[float, float]], src: list[tuple[float, float]]
) -> np.ndarray:
    """Homography (8 coefficients) mapping output points ``dst`` to input points ``src``."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, float), np.array(b, float))


def bilinear(
    img: np.ndarray, xs: np.ndarray, ys: np.ndarray, fill: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Sample ``img`` (H x W x C float) at float coordinates; ``fill`` outside."""
    h, w = img.shape[:2]
    x0 = np.floor(xs).astype(np.int64)
    y0 = np.floor(ys).astype(np.int64)
    fx = (xs - x0)[..., None]
    fy = (ys - y0)[..., None]
    inside = (x0 >= 0) & (y0 >= 0) & (x0 < w - 1) & (y0 < h - 1)
    x0c, y0c = np.clip(x0, 0, w - 2), np.clip(y0, 0, h - 2)
    p00 = img[y0c, x0c]
    p01 = img[y0c, x0c + 1]
    p10 = img[y0c + 1, x0c]
    p11 = img[y0c + 1, x0c + 1]
    out = (p00 * (1 - fx) + p01 * fx) * (1 - fy) + (p10 * (1 - fx) + p11 * fx) * fy
    out[~inside] = fill
    return out, inside


# =========================================================================== energy report

COOP = "Harwick Bay Community Energy Co-operative"
P1_PARAS = [
    "Harwick Bay Community Energy Co-operative was set up in 2016 by residents of Harwick Bay "
    "and Saltley Cross who wanted to put renewable generation on the roofs of local buildings "
    "and keep the income in the town. At the end of 2024 the co-operative had 1,284 members.",
    "Our 27 sites generated 2,411 MWh of electricity in 2024, 7% more than in 2023, even though "
    "the wind turbine lost most of February and March.",
    "The largest new installation of the year was a 250 kW ground-mounted array at Pennock "
    "Farm, built on a former gravel yard. It was switched on on 3 July by the Mayor of Harwick, "
    "Councillor Ruth Ogunleye.",
    "The Whinmoor wind turbine was out of service for 41 days in February and March while its "
    "gearbox was replaced under warranty by the manufacturer, Nordvind Systems. The Carrow Beck "
    "hydro scheme had its best year since it was commissioned in 2019, helped by a wet autumn.",
    "Members at the annual general meeting on 14 September 2024 agreed the share interest rate "
    "for the year, to be paid in April 2025, and voted to give £18,500 from the community "
    "benefit fund to insulate Saltley Cross Village Hall.",
    "I would like to thank our volunteer directors, and especially Alun Prothero, who stood "
    "down as treasurer in December after eight years on the board.",
]
P2_PARAS = [
    "Table 2 lists every site in the order in which it was commissioned. Capacity is the "
    "installed peak capacity in kilowatts (kW); output is the electricity metered in calendar "
    "year 2024 in megawatt hours (MWh). Sites commissioned during 2024 ran for part of the "
    "year only.",
    "Rooftop arrays are owned by the co-operative and leased from the building owner for 25 "
    "years; the host buys the electricity it uses at a discount of at least 20% on its "
    "supplier's rate. The wind turbine and the hydro scheme sell their output under a private "
    "wire agreement and to the grid.",
    "Every rooftop array is inspected once a year by our installer, Lumen Roofworks, and the "
    "inverters are replaced after about twelve years. Output from the rooftop arrays was 3% "
    "below our forecast for the year because of a dull spring, while the two ground-mounted "
    "arrays came within 1% of their forecasts.",
    "Four sites changed hands during the year. In each case the new owner of the building took "
    "over the lease and the discount, and no array had to be moved or switched off.",
]
SITES = [  # no, site, technology, commissioned, kW, MWh 2024
    (1, "Harwick Library", "Rooftop solar", "Aug 2016", 16, 14.1),
    (2, "Harwick Town Council Offices", "Rooftop solar", "Dec 2016", 22, 19.6),
    (3, "Harwick Bay Primary School", "Rooftop solar", "Mar 2017", 40, 36.2),
    (4, "Harwick Leisure Centre", "Rooftop solar", "Sep 2017", 75, 63.9),
    (5, "Whinmoor Turbine", "Wind", "Oct 2017", 500, 1106.0),
    (6, "St Bride's Church Hall", "Rooftop solar", "Apr 2018", 12, 10.8),
    (7, "Thornlea Farm Array", "Ground-mounted solar", "May 2018", 300, 265.0),
    (8, "Saltley Cross Primary School", "Rooftop solar", "Jun 2018", 30, 27.9),
    (9, "Harwick Bay Academy", "Rooftop solar", "Jul 2018", 100, 88.6),
    (10, "Priory Gardens Housing", "Rooftop solar", "May 2019", 42, 38.0),
    (11, "Saltley Cross Village Hall", "Rooftop solar", "Jun 2019", 30, 27.4),
    (12, "Carrow Beck Hydro", "Hydro", "Sep 2019", 60, 238.0),
    (13, "Quayside Business Units", "Rooftop solar", "Oct 2019", 50, 46.3),
    (14, "Old Forge Workshops", "Rooftop solar", "Nov 2019", 28, 25.7),
    (15, "Tidewell Care Home", "Rooftop solar", "Jan 2020", 36, 33.8),
    (16, "Harwick Bay Medical Centre", "Rooftop solar", "Aug 2020", 32, 29.8),
    (17, "Fenwick Road Depot", "Rooftop solar", "Nov 2020", 60, 52.1),
    (18, "Saltley Cross Surgery", "Rooftop solar", "Feb 2021", 24, 22.6),
    (19, "Harwick Rugby Club", "Rooftop solar", "Apr 2021", 20, 18.4),
    (20, "Carrow Mill Apartments", "Rooftop solar", "Oct 2021", 48, 39.0),
    (21, "Saltley Cross Garage", "Rooftop solar", "Mar 2022", 16, 15.1),
    (22, "Marsh Lane Fire Station", "Rooftop solar", "May 2022", 18, 16.9),
    (23, "Beacon Hill Scout Hut", "Rooftop solar", "Sep 2022", 10, 9.2),
    (24, "Ropewalk Brewery", "Rooftop solar", "Mar 2023", 45, 43.6),
    (25, "Kittiwake Nursery", "Rooftop solar", "Jul 2023", 14, 13.5),
    (26, "Seaview Community Café", "Rooftop solar", "Jun 2024", 12, 7.5),
    (27, "Pennock Farm Array", "Ground-mounted solar", "Jul 2024", 250, 102.0),
]
MEMBERS = [  # year, members, share capital, interest rate
    ("2020", "842", "1,480,000", "3.00%"),
    ("2021", "935", "1,655,000", "3.00%"),
    ("2022", "1,047", "1,890,000", "2.50%"),
    ("2023", "1,161", "2,120,000", "3.25%"),
    ("2024", "1,284", "2,310,000", "3.75%"),
]
P3_PARA = (
    "Share capital is withdrawable: members may ask to withdraw shares after holding them for "
    "three years, subject to the board's approval and the co-operative's cash position. No "
    "withdrawal request was refused in 2024."
)
P5_PARAS = [
    "In 2025 we plan to add a battery at the Fenwick Road Depot so that more of the depot's "
    "daytime output can be used in the evening, and to survey four more school roofs.",
    "A share offer to fund the battery opens on 2 June 2025 and aims to raise £600,000. The "
    "minimum investment will be £100 and the maximum £50,000 per member.",
    "The next annual general meeting will be held at Saltley Cross Village Hall. Papers will be "
    "sent to members at least 21 days before the meeting.",
]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
GEN = {  # monthly output 2024 in MWh, by technology (sums match Table 1)
    "Rooftop solar": [18, 31, 55, 78, 96, 102, 99, 86, 62, 38, 21, 14],
    "Ground-mounted solar": [6, 11, 21, 30, 37, 39, 70, 61, 44, 26, 13, 9],
    "Wind (Whinmoor)": [142, 38, 12, 96, 81, 64, 58, 71, 102, 131, 148, 163],
    "Hydro (Carrow Beck)": [31, 28, 24, 15, 9, 6, 4, 5, 11, 26, 38, 41],
}
FLOWS = [  # technology, used on site, sold on local tariff, exported to grid (MWh)
    ("Rooftop solar", 412, 96, 192),
    ("Ground-mounted solar", 58, 41, 268),
    ("Wind", 214, 305, 587),
    ("Hydro", 22, 69, 147),
]


def energy_charts() -> tuple[bytes, bytes, str, str]:
    """The line chart and the stacked bar chart, as PNG bytes, with the text they draw."""
    # Figure 1: monthly output, 4 series, legend, the peak of each series annotated.
    fig, ax = plt.subplots(figsize=(7.2, 3.9), dpi=170)
    styles = {
        "Rooftop solar": ("#e0a100", "o", "-"),
        "Ground-mounted solar": ("#c2410c", "s", "--"),
        "Wind (Whinmoor)": ("#1d4ed8", "^", "-"),
        "Hydro (Carrow Beck)": ("#0f766e", "D", ":"),
    }
    x = np.arange(12)
    texts = ["Monthly electricity generated in 2024, by technology (MWh)"]
    for name, vals in GEN.items():
        c, m, ls = styles[name]
        ax.plot(x, vals, color=c, marker=m, ms=4.5, lw=2, ls=ls, label=name)
        k = int(np.argmax(vals))
        ax.annotate(
            f"{vals[k]}",
            (k, vals[k]),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8.5,
            color=c,
            fontweight="bold",
        )
        texts.append(f"{name}: peak {vals[k]} in {MONTHS[k]}")
    ax.set_xticks(x, MONTHS)
    ax.set_ylim(0, 185)
    ax.set_ylabel("MWh")
    ax.grid(axis="y", color="#dddddd", lw=0.8)
    ax.set_axisbelow(True)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.set_title(texts[0], fontsize=10.5, loc="left", fontweight="bold")
    ax.legend(loc="upper center", ncol=2, fontsize=8.2, frameon=False, bbox_to_anchor=(0.5, 1.0))
    texts.append("Legend: " + ", ".join(GEN))
    texts.append("x axis: " + " ".join(MONTHS) + "; y axis: MWh 0-175")
    fig.tight_layout()
    line_png = chart_png(fig)
    line_text = "\n".join(texts)

    # Figure 2: stacked horizontal bars, segment values inside, totals at the bar ends.
    fig, ax = plt.subplots(figsize=(7.2, 3.1), dpi=170)
    names = [f[0] for f in FLOWS][::-1]
    parts = [
        ("Used on site", "#15803d"),
        ("Local tariff", "#84cc16"),
        ("Exported to grid", "#94a3b8"),
    ]
    left = np.zeros(len(names))
    texts = ["Where the electricity went in 2024 (MWh)"]
    for j, (label, colour) in enumerate(parts):
        vals = np.array([f[j + 1] for f in FLOWS][::-1], float)
        ax.barh(names, vals, left=left, color=colour, label=label, height=0.62, edgecolor="white")
        for i, v in enumerate(vals):
            if v >= 40:
                ax.text(
                    left[i] + v / 2,
                    i,
                    f"{int(v)}",
                    ha="center",
                    va="center",
                    fontsize=8.3,
                    color="white" if j == 0 else "#111111",
                )
            else:
                ax.text(
                    left[i] + v / 2,
                    i + 0.43,
                    f"{int(v)}",
                    ha="center",
                    va="bottom",
                    fontsize=7.6,
                    color="#111111",
                )
        left += vals
    for i, tot in enumerate(left):
        ax.text(tot + 12, i, f"{int(tot):,}", va="center", fontsize=8.8, fontweight="bold")
    for name, *vals in FLOWS:
        texts.append(
            f"{name}: used on site {vals[0]}, local tariff {vals[1]}, exported to grid {vals[2]}, "
            f"total {sum(vals):,}"
        )
    ax.set_xlim(0, 1260)
    ax.set_xlabel("MWh")
    ax.set_title(texts[0], fontsize=10.5, loc="left", fontweight="bold")
    ax.legend(loc="lower right", fontsize=8.2, frameon=False)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    texts.append("Legend: " + ", ".join(p[0] for p in parts))
    fig.tight_layout()
    bar_png = chart_png(fig)
    return line_png, bar_png, line_text, "\n".join(texts)


def make_energy_report(out: Path, truth: Path) -> None:
    """5 A4 pages laid out with reportlab; the site register runs over a page break."""
    assert abs(sum(s[5] for s in SITES) - 2411.0) < 0.01
    for tech, key in (("Rooftop solar", "Rooftop solar"), ("Wind", "Wind (Whinmoor)")):
        assert abs(sum(s[5] for s in SITES if s[2] == tech) - sum(GEN[key])) < 0.01
    for name, *vals in FLOWS:
        key = next(k for k in GEN if k.startswith(name))
        assert sum(vals) == sum(GEN[key]), name
    for key, ttf in (("Sans", "Sans"), ("SansB", "SansB"), ("Cond", "Cond"), ("CondB", "CondB")):
        pdfmetrics.registerFont(TTFont(key, str(FONTS[ttf])))
    green, ink = colors.HexColor("#1f5f4a"), colors.HexColor("#222222")
    body = ParagraphStyle(
        "body",
        fontName="Sans",
        fontSize=9.8,
        leading=14,
        alignment=TA_LEFT,
        spaceAfter=8,
        textColor=ink,
    )
    h1 = ParagraphStyle("h1", fontName="CondB", fontSize=27, leading=31, textColor=green)
    h2 = ParagraphStyle(
        "h2",
        fontName="CondB",
        fontSize=15,
        leading=19,
        textColor=green,
        spaceBefore=8,
        spaceAfter=6,
    )
    sub = ParagraphStyle(
        "sub", fontName="Cond", fontSize=12, leading=16, textColor="#4b5563", spaceAfter=14
    )
    cap = ParagraphStyle(
        "cap",
        fontName="CondB",
        fontSize=9.5,
        leading=12,
        textColor=ink,
        spaceBefore=6,
        spaceAfter=5,
    )
    sign = ParagraphStyle("sign", parent=body, fontName="SansB")
    pages = 5

    def frame(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(green)
        canvas.rect(0, 0, 14 * mm, A4[1], stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("CondB", 9)
        canvas.translate(9 * mm, 20 * mm)
        canvas.rotate(90)
        canvas.drawString(0, 0, COOP.upper() + "   \u00b7   ANNUAL GENERATION REPORT 2024")
        canvas.restoreState()
        canvas.saveState()
        canvas.setFillColor("#6b7280")
        canvas.setFont("Cond", 8.5)
        canvas.drawRightString(A4[0] - 16 * mm, 11 * mm, f"{doc.page} / {pages}")
        canvas.restoreState()

    line_png, bar_png, line_text, bar_text = energy_charts()
    story: list = [
        Spacer(1, 6 * mm),
        Paragraph("Annual Generation Report 2024", h1),
        Paragraph(f"{COOP} Ltd \u00b7 Registered society no. 7421", sub),
        Paragraph("From the chair", h2),
    ]
    story += [Paragraph(p, body) for p in P1_PARAS]
    story += [Paragraph("Imogen Tullett, Chair", sign), PageBreak()]
    # page 2: members and shares (a small ruled table), then the sites
    story += [Paragraph("Members and share capital", h2), Paragraph(P3_PARA, body)]
    story += [Paragraph("Table 1. Members, share capital and interest, 2020-2024", cap)]
    t2 = Table(
        [["Year", "Members", "Share capital (£)", "Interest rate"], *[list(m) for m in MEMBERS]],
        colWidths=[22 * mm, 28 * mm, 38 * mm, 28 * mm],
        hAlign="LEFT",
    )
    t2.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Sans", 9),
                ("FONT", (0, 0), (-1, 0), "SansB", 9),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEABOVE", (0, 0), (-1, 0), 1, green),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, green),
                ("LINEBELOW", (0, -1), (-1, -1), 1, green),
            ]
        )
    )
    story += [t2, Spacer(1, 8)]
    # then the borderless register, which runs on to page 3 without its header
    story += [Paragraph("Our sites", h2)]
    story += [Paragraph(p, body) for p in P2_PARAS]
    story += [Paragraph("Table 2. Site register and output in 2024", cap)]
    head = ["No.", "Site", "Technology", "Commissioned", "Capacity\n(kW)", "Output 2024\n(MWh)"]
    rows = [head] + [
        [str(n), site, tech, when, f"{kw:,}", f"{mwh:,.1f}"]
        for n, site, tech, when, kw, mwh in SITES
    ]
    rows.append(
        [
            "",
            "All sites",
            "",
            "",
            f"{sum(s[4] for s in SITES):,}",
            f"{sum(s[5] for s in SITES):,.1f}",
        ]
    )
    register = Table(
        rows,
        colWidths=[9 * mm, 50 * mm, 37 * mm, 24 * mm, 21 * mm, 27 * mm],
        repeatRows=0,  # no header on the continuation page
        rowHeights=[28] + [18] * (len(rows) - 1),
    )
    register.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Sans", 8.8),
                ("FONT", (0, 0), (-1, 0), "CondB", 8.8),
                ("TEXTCOLOR", (0, 0), (-1, 0), green),
                ("FONT", (0, -1), (-1, -1), "SansB", 8.8),
                ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 0), (0, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story += [register, PageBreak()]

    # page 4: the two raster charts, captions without the charts' words
    story += [
        Paragraph("Generation through the year", h2),
        Paragraph("Figure 1. Monthly output in 2024", cap),
        RLImage(io.BytesIO(line_png), width=168 * mm, height=168 * mm * 3.9 / 7.2),
        Spacer(1, 6),
        Paragraph("Figure 2. Destination of the output in 2024", cap),
        RLImage(io.BytesIO(bar_png), width=168 * mm, height=168 * mm * 3.1 / 7.2),
        PageBreak(),
    ]
    story += [Paragraph("Looking ahead", h2)]
    story += [Paragraph(p, body) for p in P5_PARAS]
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=26 * mm,
        rightMargin=16 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title="",
        author="",
        creator="",
        producer="",
        subject="",
    )
    doc.build(story, onFirstPage=frame, onLaterPages=frame)
    write_truth(
        truth,
        "harwick_bay_energy_report_2024.p4.txt",
        "[pixels]\n" + line_text + "\n" + bar_text + "\n",
    )


# =========================================================================== bike-share chart

STATIONS = [
    "Riverside Quay",
    "Kelsall Station",
    "University Green",
    "Market Square",
    "Hospital Gate",
    "Canal Basin",
]
TRIPS = {  # thousands of trips started, by year
    "2022": [41.2, 55.8, 38.4, 29.6, 12.1, 18.9],
    "2023": [46.5, 61.3, 44.0, 27.2, 15.8, 22.4],
    "2024": [52.9, 58.7, 51.6, 24.8, 19.3, 31.5],
}


def make_bikeshare_chart(out: Path, work: Path, truth: Path) -> None:
    """Grouped vertical bars with rotated value labels; JPEG."""
    fig, ax = plt.subplots(figsize=(10, 5.6), dpi=110)
    x = np.arange(len(STATIONS))
    w = 0.26
    cols = {"2022": "#9ca3af", "2023": "#60a5fa", "2024": "#1e3a8a"}
    lines = ["Kelsall Bike Share: trips started at each docking station (thousands)"]
    for k, (year, vals) in enumerate(TRIPS.items()):
        bars = ax.bar(x + (k - 1) * w, vals, w, color=cols[year], label=year)
        for b, v in zip(bars, vals, strict=True):
            ax.text(
                b.get_x() + w / 2,
                v + 0.8,
                f"{v:.1f}",
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=9,
            )
        lines.append(
            f"{year}: " + ", ".join(f"{s} {v:.1f}" for s, v in zip(STATIONS, vals, strict=True))
        )
    ax.set_xticks(x, STATIONS, fontsize=10)
    ax.set_ylabel("Trips started (thousands)")
    ax.set_ylim(0, 72)
    ax.grid(axis="y", color="#e5e7eb")
    ax.set_axisbelow(True)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.set_title(lines[0], fontsize=13, loc="left", fontweight="bold")
    ax.legend(title="Year", loc="upper right", fontsize=10, frameon=False)
    fig.text(
        0.01,
        0.01,
        "Source: Kelsall Bike Share operator data, trips of 2 minutes or more",
        fontsize=8,
        color="#6b7280",
    )
    lines.append("Legend: Year 2022, 2023, 2024")
    lines.append("Source: Kelsall Bike Share operator data, trips of 2 minutes or more")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    png = Image.open(io.BytesIO(chart_png(fig))).convert("RGB")
    png.save(out, "JPEG", quality=78, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "kelsall_bikeshare_trips_2022_2024.txt", "\n".join(lines) + "\n")


# =========================================================================== helpers for pages


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels."""
    out, line = [], ""
    for word in text.split():
        cand = f"{line} {word}".strip()
        if f.getlength(cand) <= width or not line:
            line = cand
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out


def paragraph(
    d: ImageDraw.ImageDraw,
    x: int,
    y: int,
    text: str,
    f,
    width: int,
    lead: int,
    fill="#111111",
    lines: list[str] | None = None,
) -> int:
    """Draw a wrapped paragraph; return the y below it; collect its text in ``lines``."""
    for ln in wrap(text, f, width):
        d.text((x, y), ln, font=f, fill=fill)
        y += lead
    if lines is not None:
        lines.append(text)
    return y


# =========================================================================== phone photo (JPEG)

LETTER_PARAS = [
    "We are delighted to confirm that this year's Year 4 residential trip will take place from "
    "Wednesday 14 May to Friday 16 May 2025 at Hawkscar Outdoor Centre in the Langdale Fells. "
    "The children will try canoeing, gorge walking and orienteering, and there will be a bat "
    "walk after dark on the first evening.",
    "The total cost of the trip is £195, which covers the coach, two nights' full board and all "
    "activities. It can be paid in three instalments:",
]
LETTER_TABLE = [
    ("Payment", "Amount", "Due by"),
    ("Deposit", "£45", "31 January 2025"),
    ("Second payment", "£80", "14 March 2025"),
    ("Final payment", "£70", "25 April 2025"),
]
LETTER_PARAS2 = [
    "The coach will leave the school car park at 8.15 am on Wednesday 14 May and is expected "
    "back at about 3.30 pm on Friday. Please give your child a packed lunch for the first day.",
    "A kit list will be sent home after the February half term. If your child needs any "
    "medicine during the trip, please complete the enclosed green form and return it by "
    "28 March.",
    "If you have any questions, please contact the trip leader, Mr Callum Brierley, through the "
    "school office.",
]


def render_letter() -> tuple[Image.Image, list[str]]:
    """The printed school letter, A4 at 200 dpi."""
    w, h = 1654, 2339
    page = Image.new("RGB", (w, h), (250, 250, 247))
    d = ImageDraw.Draw(page)
    lines: list[str] = []
    navy = "#1b2a4a"
    # crest
    d.ellipse([150, 130, 300, 280], outline=navy, width=6)
    d.polygon([(225, 160), (268, 250), (182, 250)], outline=navy, fill="#3b7d3b")
    d.text((330, 140), "FERNBROOK PRIMARY SCHOOL", font=font("TimesB", 66), fill=navy)
    d.text(
        (332, 222),
        "Hollin Lane, Ashby Marsh AM4 7QT  \u00b7  Telephone 01632 960418",
        font=font("Times", 31),
        fill="#333333",
    )
    d.text((332, 262), "Headteacher: Mrs Pauline Okonedo", font=font("TimesI", 31), fill="#333333")
    lines += [
        "FERNBROOK PRIMARY SCHOOL",
        "Hollin Lane, Ashby Marsh AM4 7QT \u00b7 Telephone 01632 960418",
        "Headteacher: Mrs Pauline Okonedo",
    ]
    d.line([(150, 320), (w - 150, 320)], fill=navy, width=4)
    body = font("Times", 38)
    x, width, lead = 170, w - 340, 52
    d.text((w - 170, 370), "6 January 2025", font=body, fill="#111111", anchor="ra")
    lines.append("6 January 2025")
    y = 450
    d.text((x, y), "Dear Parents and Carers,", font=body, fill="#111111")
    lines.append("Dear Parents and Carers,")
    y += 76
    head = "Year 4 residential trip to Hawkscar Outdoor Centre"
    d.text((x, y), head, font=font("TimesB", 40), fill="#111111")
    lines.append(head)
    y += 72
    for p in LETTER_PARAS:
        y = paragraph(d, x, y, p, body, width, lead, lines=lines) + 14
    # payment table
    cols = [x + 40, x + 480, x + 760, x + width - 40]
    top = y + 6
    for r, row in enumerate(LETTER_TABLE):
        f = font("TimesB", 35) if r == 0 else font("Times", 35)
        for c, cell in enumerate(row):
            d.text((cols[c] + 16, y + 14), cell, font=f, fill="#111111")
        lines.append(" | ".join(row))
        y += 60
        d.line([(cols[0], y), (cols[-1], y)], fill="#444444", width=2 if r else 3)
    d.line([(cols[0], top), (cols[-1], top)], fill="#444444", width=3)
    for cx in cols:
        d.line([(cx, top), (cx, y)], fill="#444444", width=2)
    y += 34
    for p in LETTER_PARAS2:
        y = paragraph(d, x, y, p, body, width, lead, lines=lines) + 14
    y += 10
    d.text((x, y), "Yours sincerely,", font=body, fill="#111111")
    d.text((x + 10, y + 58), "P. Okonedo", font=font("TimesI", 52), fill="#1d3b8a")
    d.text((x, y + 132), "Pauline Okonedo, Headteacher", font=body, fill="#111111")
    lines += ["Yours sincerely,", "P. Okonedo", "Pauline Okonedo, Headteacher"]
    # reply slip below a dashed cut line
    y += 215
    for dx in range(150, w - 150, 34):
        d.line([(dx, y), (dx + 18, y)], fill="#555555", width=3)
    d.text((w // 2, y - 4), " cut here ", font=font("TimesI", 28), fill="#555555", anchor="md")
    y += 50
    slip = [
        ("TimesB", "REPLY SLIP – Year 4 residential trip, 14-16 May 2025"),
        (
            "Times",
            "I give permission for my child to take part in the Year 4 residential trip "
            "and enclose the deposit of £45.",
        ),
        ("Times", "Child's name: ______________________________   Class: ________"),
        ("Times", "Signed: ___________________________________   Date: _________"),
    ]
    for name, text in slip:
        y = paragraph(d, x, y, text, font(name, 34), width, 48, lines=lines) + 22
    assert y < h - 40, y
    return page, lines


def make_letter_photo(out: Path, truth: Path) -> None:
    """Photograph the letter at an angle on a dark checked tablecloth; JPEG."""
    page, lines = render_letter()
    src = np.asarray(page).astype(np.float32)
    ph, pw = src.shape[:2]
    ow, oh = 1800, 2400  # portrait phone photo
    quad = [(455, 300), (1385, 228), (1735, 2205), (95, 2290)]  # page corners in the photo
    # inverse homography: photo (x, y) -> page (u, v)
    c = perspective_coeffs(quad, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    yy, xx = np.mgrid[0:oh, 0:ow].astype(np.float64)
    den = c[6] * xx + c[7] * yy + 1.0
    u = (c[0] * xx + c[1] * yy + c[2]) / den
    v = (c[3] * xx + c[4] * yy + c[5]) / den
    # page curl: the paper bows (strongest at mid-width) and lifts at the right edge
    v_curl = (
        v - 22.0 * np.sin(np.pi * np.clip(u / pw, 0, 1)) - 30.0 * np.clip(u / pw - 0.8, 0, 1) ** 2
    )
    sampled, inside = bilinear(src, u, v_curl, fill=0.0)
    # dark checked tablecloth in the same plane (so it follows the perspective)
    cell = 86.0
    gu, gv = np.floor(u / cell), np.floor(v / cell)
    stripe_u = (np.mod(u, cell) < 14).astype(np.float32)
    stripe_v = (np.mod(v, cell) < 14).astype(np.float32)
    cloth = np.empty((oh, ow, 3), np.float32)
    base = np.where(((gu + gv) % 2 == 0)[..., None], [34, 38, 58], [24, 27, 44])
    cloth[:] = base
    cloth += (stripe_u + stripe_v)[..., None] * np.array([46, 12, 14], np.float32)
    rng = np.random.default_rng(202501)
    cloth += rng.normal(0, 7, cloth.shape).astype(np.float32)
    img = np.where(inside[..., None], sampled, cloth)
    # lighting: a bright lamp spot at the top left, fall-off to the bottom right, a soft
    # shadow of the phone and hand across the lower right of the page, and some glare
    gx, gy = xx / ow, yy / oh
    light = 0.55 + 0.62 * np.exp(-(((gx - 0.22) / 0.42) ** 2 + ((gy - 0.12) / 0.50) ** 2))
    light = light * (1.0 - 0.18 * gy)
    sh = np.exp(
        -(
            (((xx - 1480) * 0.8 + (yy - 1900) * 0.6) / 420) ** 2
            + ((-(xx - 1480) * 0.6 + (yy - 1900) * 0.8) / 260) ** 2
        )
    )
    light = light * (1.0 - 0.42 * sh)
    img = img * light[..., None]
    glare = 70.0 * np.exp(-(((xx - 1150) / 150) ** 2 + ((yy - 520) / 110) ** 2))
    img = img + glare[..., None]
    img = img * np.array([0.93, 0.98, 1.06], np.float32)  # cool daylight cast
    img = img + rng.normal(0, 4.5, img.shape).astype(np.float32)
    photo = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    photo = photo.filter(ImageFilter.GaussianBlur(1.0))
    photo.save(out, "JPEG", quality=80, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "fernbrook_trip_letter_photo.txt", "\n".join(lines) + "\n")


# =========================================================================== pool timetable scan

POOL_COLS = [
    "Day",
    "06:30-08:30",
    "09:00-12:00",
    "12:00-13:30",
    "16:00-18:00",
    "18:00-19:30",
    "19:30-21:30",
]
POOL_ROWS = [
    (
        "Monday",
        "Lane swim",
        "Public swim",
        "Lane swim",
        "Swimming lessons",
        "Aquafit",
        "Adults only",
    ),
    (
        "Tuesday",
        "Lane swim",
        "Public swim",
        "Over-60s swim",
        "Swimming lessons",
        "Club training",
        "Aquafit",
    ),
    (
        "Wednesday",
        "Lane swim",
        "School bookings",
        "Lane swim",
        "Swimming lessons",
        "Public swim",
        "Adults only",
    ),
    (
        "Thursday",
        "Lane swim",
        "Public swim",
        "Over-60s swim",
        "Swimming lessons",
        "Aquafit",
        "Lane swim",
    ),
    (
        "Friday",
        "Lane swim",
        "School bookings",
        "Lane swim",
        "Family fun",
        "Public swim",
        "Teen swim",
    ),
    ("Saturday", "Club training", "Public swim", "Family fun", "Public swim", "Closed", "Closed"),
    ("Sunday", "Club training", "Family fun", "Public swim", "Lane swim", "Closed", "Closed"),
]
POOL_PRICES = [
    ("Adult swim", "£5.40"),
    ("Junior swim (4-15 years)", "£3.10"),
    ("Concession (over 60, student)", "£3.90"),
    ("Family swim (2 adults + 2 juniors)", "£14.50"),
    ("Aquafit class", "£6.20"),
    ("Swimming lessons, 10-week course", "£68.00"),
    ("Under 4s with a paying adult", "Free"),
]
POOL_NOTES = [
    "The pool will be closed from 21 July to 27 July 2025 for maintenance.",
    "Lost property is kept at reception for 28 days.",
    "Lockers take a £1 coin, which is returned.",
]


def _scan_grey(page: Image.Image, seed: int, skew: float) -> Image.Image:
    """Flatbed scan: grey paper, a slight skew, blur, noise, a dark lid edge."""
    g = page.convert("L")
    g = g.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(g).astype(np.float32)
    a = 28 + a * (226 - 28) / 255.0  # ink is never black, paper never white
    rng = np.random.default_rng(seed)
    a += rng.normal(0, 6, a.shape)
    a[:, :18] *= np.linspace(0.35, 1.0, 18)[None, :]
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
    return out


def render_timetable() -> tuple[Image.Image, list[str]]:
    """Landscape A4 timetable grid at 200 dpi."""
    w, h = 2339, 1654
    page = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(page)
    lines = []
    d.text((120, 90), "QUARRY LANE LEISURE CENTRE", font=font("ArialB", 60), fill=0)
    d.text((120, 170), "Main pool timetable from 7 April 2025", font=font("Arial", 44), fill=40)
    lines += ["QUARRY LANE LEISURE CENTRE", "Main pool timetable from 7 April 2025"]
    xs = [120, 420, 720, 1020, 1320, 1620, 1920, w - 120]
    y0, rh = 280, 150
    d.rectangle([xs[0], y0, xs[-1], y0 + 90], fill=215)
    for i, col in enumerate(POOL_COLS):
        d.text(
            ((xs[i] + xs[i + 1]) // 2, y0 + 45), col, font=font("ArialB", 34), fill=0, anchor="mm"
        )
    lines.append(" | ".join(POOL_COLS))
    y = y0 + 90
    for row in POOL_ROWS:
        for i, cell in enumerate(row):
            f = font("ArialB", 34) if i == 0 else font("Arial", 32)
            if cell == "Closed":
                d.rectangle([xs[i] + 3, y + 3, xs[i + 1] - 3, y + rh - 3], fill=235)
            words = cell.split(" ")
            if i and len(words) > 1 and f.getlength(cell) > 270:
                d.text(
                    ((xs[i] + xs[i + 1]) // 2, y + rh // 2 - 22),
                    words[0],
                    font=f,
                    fill=0,
                    anchor="mm",
                )
                d.text(
                    ((xs[i] + xs[i + 1]) // 2, y + rh // 2 + 22),
                    " ".join(words[1:]),
                    font=f,
                    fill=0,
                    anchor="mm",
                )
            else:
                d.text(((xs[i] + xs[i + 1]) // 2, y + rh // 2), cell, font=f, fill=0, anchor="mm")
        lines.append(" | ".join(row))
        y += rh
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=2)
    for x in xs:
        d.line([(x, y0), (x, y)], fill=0, width=3)
    d.rectangle([xs[0], y0, xs[-1], y], outline=0, width=4)
    foot = (
        "Six lanes, 25 metres. Water temperature 29 \u00b0C. The timetable may change during "
        "school holidays."
    )
    d.text((120, y + 40), foot, font=font("Arial", 32), fill=30)
    lines.append(foot)
    return page, lines


def render_pool_prices() -> tuple[Image.Image, list[str]]:
    """Portrait A4 price list at 200 dpi."""
    w, h = 1654, 2339
    page = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(page)
    lines = []
    d.text((150, 150), "QUARRY LANE LEISURE CENTRE", font=font("ArialB", 58), fill=0)
    d.text((150, 240), "Swimming prices from 1 April 2025", font=font("Arial", 46), fill=30)
    lines += ["QUARRY LANE LEISURE CENTRE", "Swimming prices from 1 April 2025"]
    y = 380
    for name, price in POOL_PRICES:
        d.text((170, y), name, font=font("Arial", 42), fill=0)
        d.text((w - 170, y), price, font=font("ArialB", 42), fill=0, anchor="ra")
        for dx in range(170 + int(font("Arial", 42).getlength(name)) + 20, w - 340, 22):
            d.ellipse([dx, y + 34, dx + 4, y + 38], fill=90)
        lines.append(f"{name} {price}")
        y += 92
    y += 50
    d.text((150, y), "Please note", font=font("ArialB", 44), fill=0)
    lines.append("Please note")
    y += 80
    for n in POOL_NOTES:
        y = paragraph(d, 170, y, "\u2022 " + n, font("Arial", 40), w - 340, 56, fill=0, lines=lines)
        y += 24
    return page, lines


def make_pool_scan(out: Path, work: Path, truth: Path) -> None:
    """Page 1 scanned rotated by 90 degrees, page 2 upside down; image-only PDF."""
    tt, tt_lines = render_timetable()
    pr, pr_lines = render_pool_prices()
    s1 = _scan_grey(tt, 7401, 0.6).transpose(Image.ROTATE_90)  # text now runs bottom to top
    s2 = _scan_grey(pr, 7402, -0.5).transpose(Image.ROTATE_180)
    jp = []
    for i, s in enumerate((s1, s2), 1):
        p = work / f"pool{i}.jpg"
        s.save(p, "JPEG", quality=72, optimize=False, progressive=False)
        jp.append(str(p))
    run(["img2pdf", "--nodate", "--engine", "internal", "--imgsize", "200dpi", "-o", str(out), *jp])
    write_truth(truth, "quarry_lane_pool_timetable.p1.txt", "\n".join(tt_lines) + "\n")
    write_truth(truth, "quarry_lane_pool_timetable.p2.txt", "\n".join(pr_lines) + "\n")


# =========================================================================== faded fax

FAX_HEADER = "14/03/2025 09:42   FROM: BRANNOCK TIMBER  01632 960771   TO: 01632 960205   P.001/001"
FAX_ITEMS = [  # code, description, qty, unit, unit price
    ("TB4721", "C24 treated timber 47x100mm 4.8m", 36, "length", 11.85),
    ("PB1250", "Plasterboard 12.5mm 2400x1200", 40, "sheet", 9.40),
    ("OSB318", "OSB3 board 18mm 2440x1220", 14, "sheet", 27.95),
    ("INS100", "Mineral wool roll 100mm 8.3m2", 12, "roll", 24.60),
    ("SCR550", "Wood screws 5.0x50mm box/200", 6, "box", 7.25),
    ("CEM025", "General purpose cement 25kg", 10, "bag", 6.80),
]
FAX_DELIVERY = 45.00


def render_quote() -> tuple[Image.Image, list[str]]:
    """The quotation as sent, at fax fine resolution (1728 x 2200, 204 x 196 dpi)."""
    w, h = 1728, 2200
    page = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(page)
    lines = [FAX_HEADER]
    d.text((40, 18), FAX_HEADER, font=font("Mono", 22), fill=0)
    d.text((110, 110), "BRANNOCK TIMBER & BUILDERS' MERCHANTS", font=font("ArialB", 50), fill=0)
    d.text(
        (110, 175),
        "Weir Street, Brannock BN4 6TR   Trade counter 01632 960771",
        font=font("Arial", 30),
        fill=0,
    )
    lines += [
        "BRANNOCK TIMBER & BUILDERS' MERCHANTS",
        "Weir Street, Brannock BN4 6TR Trade counter 01632 960771",
    ]
    d.line([(110, 225), (w - 110, 225)], fill=0, width=4)
    d.text((110, 260), "QUOTATION", font=font("CourierB", 56), fill=0)
    lines.append("QUOTATION")
    mono = font("Courier", 30)
    monob = font("CourierB", 30)
    info = [
        "Quote no:    Q25-0318            Date:  14 March 2025",
        "Customer:    Halloran Joinery    Account: HAL014",
        "Site:        7 Pike Row, Emberton",
        "Valid until: 11 April 2025",
    ]
    y = 350
    for s in info:
        d.text((110, y), s, font=mono, fill=0)
        lines.append(" ".join(s.split()))
        y += 46
    y += 30
    head = f"{'CODE':<8}{'DESCRIPTION':<34}{'QTY':>4} {'UNIT':<7}{'PRICE':>7}{'TOTAL':>10}"
    d.text((110, y), head, font=monob, fill=0)
    lines.append(" ".join(head.split()))
    y += 44
    d.text((110, y), "-" * len(head), font=mono, fill=0)
    y += 40
    sub = 0.0
    for code, desc, qty, unit, price in FAX_ITEMS:
        tot = round(qty * price, 2)
        sub += tot
        row = f"{code:<8}{desc:<34}{qty:>4} {unit:<7}{price:>7.2f}{tot:>10.2f}"
        d.text((110, y), row, font=mono, fill=0)
        lines.append(" ".join(row.split()))
        y += 46
    d.text((110, y), "-" * len(head), font=mono, fill=0)
    y += 44
    vat = round((sub + FAX_DELIVERY) * 0.20, 2)
    total = sub + FAX_DELIVERY + vat
    assert f"{total:.2f}" == "1974.72", total
    for label, val in (
        ("Subtotal", sub),
        ("Delivery (zone B)", FAX_DELIVERY),
        ("VAT at 20%", vat),
        ("TOTAL inc VAT", total),
    ):
        s = f"{label:>50}{val:>20,.2f}"
        d.text((110, y), s, font=monob if label.startswith("TOTAL") else mono, fill=0)
        lines.append(f"{label} {val:,.2f}")
        y += 46
    y += 40
    for s in (
        "Deliveries on Tuesdays and Fridays only. Please quote the number above",
        "when ordering. Prices held until the date shown.",
        "",
        "Prepared by: Sandra Ketley, trade counter",
    ):
        d.text((110, y), s, font=mono, fill=0)
        if s:
            lines.append(s)
        y += 44
    return page, lines


def make_fax_scan(out: Path, work: Path, truth: Path) -> None:
    """1-bit fax with dropouts, then a faded, low-contrast grey copy; image-only PDF."""
    page, lines = render_quote()
    rng = np.random.default_rng(250314)
    # standard-resolution fax: 204 x 98 dpi, so every other scan line is dropped
    small = page.filter(ImageFilter.GaussianBlur(0.8)).resize((1728, 1100), Image.BOX)
    a = np.asarray(small).astype(np.float32)
    a += rng.normal(0, 26, a.shape)
    bits = a > 150  # True = white
    # transmission dropouts: a few scan lines lost (white) or smeared (copied from above)
    for r in rng.choice(np.arange(40, bits.shape[0] - 2), 9, replace=False):
        if rng.random() < 0.5:
            bits[r] = True
        else:
            bits[r] = bits[r - 1]
    specks = rng.random(bits.shape) < 0.0015
    bits = bits ^ specks
    # printed out at 200 dpi: each fax line becomes two (blocky), then copied
    fax = Image.fromarray((bits * 255).astype(np.uint8)).resize((1728, 2200), Image.NEAREST)
    fax = fax.resize((1654, 2339), Image.BILINEAR)
    g = np.asarray(fax).astype(np.float32) / 255.0
    # faded copy: ink ~ mid grey, paper light grey, fading further towards the right edge
    yy, xx = np.mgrid[0 : g.shape[0], 0 : g.shape[1]].astype(np.float32)
    ink = 118 + 38 * (xx / g.shape[1]) ** 1.5
    paper = 206 - 8 * (yy / g.shape[0])
    c = paper * g + ink * (1 - g)
    for x0 in (431, 1205):  # two pale vertical streaks from a dirty copier glass
        c[:, x0 : x0 + 5] += 18
    c += rng.normal(0, 7, c.shape)
    img = Image.fromarray(np.clip(c, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    img = img.rotate(-0.4, resample=Image.BICUBIC, fillcolor=200)
    jpg = work / "fax.jpg"
    img.save(jpg, "JPEG", quality=55, optimize=False, progressive=False)
    run(
        [
            "img2pdf",
            "--nodate",
            "--engine",
            "internal",
            "--imgsize",
            "200dpi",
            "-o",
            str(out),
            str(jpg),
        ]
    )
    write_truth(truth, "brannock_timber_quote_fax.p1.txt", "\n".join(lines) + "\n")


# =========================================================================== guided walk (audio)

WALK = [
    "Good morning everyone, and welcome to Wrackholm Point Nature Reserve. My name is Elspeth, and "
    "I'm one of the two rangers here.",
    "The reserve covers two hundred and sixty hectares of sand dunes, salt marsh and shingle, "
    "and it has been a national nature reserve since nineteen eighty-nine.",
    "Our walk today is about three kilometres long and should take an hour and a half, finishing "
    "back here at the visitor hut.",
    "In a few minutes we will pass the ternery, where little terns nest on the open shingle.",
    "Last summer we counted forty-three nesting pairs, our best total for twelve years.",
    "Please keep dogs on a lead between the first of April and the end of August, because "
    "skylarks and ringed plovers nest on the ground.",
    "On the salt marsh, look out for the natterjack toad. This is one of only three sites in the "
    "county where it still breeds.",
    "High tide today is at eleven forty, so we will stay on the boardwalk when we cross the creek.",
    "If you would like to come again, the next guided walk is a dawn chorus walk on Sunday the "
    "fourth of May, starting at five in the morning.",
]


def make_walk(out: Path, work: Path, truth: Path) -> None:
    """One ranger (espeak-ng en-us-nyc, Annie variant) outdoors: wind gusts and bird calls; Opus."""
    rate = 24000
    lead, gap = 1.6, 0.75
    speech, lines, t = [np.zeros(int(lead * rate), np.float32)], [], lead
    for i, text in enumerate(WALK):
        raw, wav = work / f"walk{i}_raw.wav", work / f"walk{i}.wav"
        run(["espeak-ng", "-v", "en-us-nyc+Annie", "-s", "146", "-w", str(raw), text])
        to_mono(raw, wav, rate, "gain", "-n", "-3")
        x, _ = read_wav(wav)
        d = len(x) / rate
        lines.append(f"{t:.2f}\t{t + d:.2f}\tranger\t{text}")
        speech += [x, np.zeros(int(gap * rate), np.float32)]
        t += d + gap
    speech.append(np.zeros(int(1.2 * rate), np.float32))
    s = np.concatenate(speech)
    n = len(s)
    rng = np.random.default_rng(5040)
    # wind: brown-ish noise, low-passed, with slow gusts
    white = rng.normal(0, 1, n).astype(np.float64)
    brown = np.cumsum(white)
    brown -= moving_average(brown, 2401)  # remove drift
    wind = moving_average(brown, 13)
    wind /= np.max(np.abs(wind)) + 1e-9
    ctrl = rng.normal(0, 1, n // 2400 + 3)
    ctrl = np.convolve(ctrl, np.ones(3) / 3, mode="same")
    env = np.interp(np.arange(n) / 2400.0, np.arange(len(ctrl)), ctrl)
    env = 0.45 + 0.55 * (1 / (1 + np.exp(-2.2 * env)))
    wind = 0.16 * wind * env
    # birds: short rising and falling chirps
    birds = np.zeros(n)
    for _ in range(int(n / rate / 2.2)):
        at = rng.uniform(0.5, n / rate - 1.0)
        f0 = rng.uniform(2800, 4600)
        for j in range(int(rng.integers(3, 7))):
            st = int((at + j * rng.uniform(0.09, 0.16)) * rate)
            dur = int(rng.uniform(0.04, 0.08) * rate)
            if st + dur >= n:
                break
            tt = np.arange(dur) / rate
            f = f0 + rng.uniform(-900, 1200) * tt / tt[-1]
            ph = 2 * np.pi * np.cumsum(f) / rate
            birds[st : st + dur] += rng.uniform(0.02, 0.06) * np.sin(ph) * np.hanning(dur)
    mix = s * 0.9 + wind + birds
    mix = mix / np.max(np.abs(mix)) * 0.89
    wav = work / "walk_mixed.wav"
    write_wav(wav, mix.astype(np.float32), rate)
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(wav),
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            "-application",
            "audio",
            "-ac",
            "1",
            "-ar",
            str(rate),
            *BITEXACT,
            *NOMETA,
            "-threads",
            "1",
            str(out),
        ]
    )
    write_truth(truth, "wrackholm_point_guided_walk.tsv", "\n".join(lines) + "\n")


# =========================================================================== catering call (audio)

CALL = [  # speaker, text
    (
        "nadia",
        "Hi Owen, it's Nadia from Larkspur Weddings. Have you got two minutes about the "
        "Fairbairn wedding on Saturday?",
    ),
    ("owen", "Go ahead, Nadia, I've got the file open."),
    (
        "nadia",
        "Final numbers are in. It's a hundred and twelve for the wedding breakfast, and "
        "another forty join for the evening, so a hundred and fifty-two in total.",
    ),
    ("owen", "A hundred and twelve for dinner, got it. How many vegetarians?"),
    ("nadia", "Eighteen vegetarians, four vegans and two gluten free."),
    (
        "owen",
        "Fine. Our van gets to Oakhurst Barn at ten fifteen, and the kitchen team arrives at "
        "eleven.",
    ),
    (
        "nadia",
        "The ceremony is at one thirty, so the canapes go out at two forty-five on the terrace.",
    ),
    ("owen", "And the wedding breakfast?"),
    (
        "nadia",
        "Guests sit down at four o'clock sharp. Speeches are after the main course, not before.",
    ),
    ("owen", "Understood. Is the evening food still the hog roast?"),
    ("nadia", "No, they've changed it. It's wood-fired pizza now, served at half past eight."),
    (
        "owen",
        "Pizza at half past eight. That changes the price a little. The new total is six "
        "thousand four hundred and eighty pounds.",
    ),
    ("nadia", "That's fine. The couple will pay the balance by Thursday."),
    ("owen", "Great. Last thing, who's my contact on the day?"),
    ("nadia", "The venue manager, Benedikt, on extension two two seven. I'll text you his mobile."),
    ("owen", "Perfect. See you Saturday."),
]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Fast two-speaker call: flite kal sped up, espeak-ng Caribbean female at 205 wpm; WAV."""
    rate = 22050
    gap = 0.22
    parts, lines, t = [np.zeros(int(0.5 * rate), np.float32)], [], 0.5
    for i, (who, text) in enumerate(CALL):
        raw, wav = work / f"call{i}_raw.wav", work / f"call{i}.wav"
        if who == "owen":
            run(["flite", "-voice", "kal", "-t", text, "-o", str(raw)])
            to_mono(raw, wav, rate, "tempo", "-s", "1.12", "gain", "-n", "-2")
        else:
            run(["espeak-ng", "-v", "en-029+f4", "-s", "205", "-p", "62", "-w", str(raw), text])
            to_mono(raw, wav, rate, "gain", "-n", "-3")
        x, _ = read_wav(wav)
        d = len(x) / rate
        lines.append(f"{t:.2f}\t{t + d:.2f}\t{who}\t{text}")
        parts += [x, np.zeros(int(gap * rate), np.float32)]
        t += d + gap
    parts.append(np.zeros(int(0.4 * rate), np.float32))
    s = np.concatenate(parts).astype(np.float64)
    rng = np.random.default_rng(2207)
    hiss = moving_average(rng.normal(0, 1, len(s)), 3) * 0.006
    mix = s + hiss
    mix = mix / np.max(np.abs(mix)) * 0.9
    write_wav(out, mix.astype(np.float32), rate)
    write_truth(truth, "larkspur_catering_call.tsv", "\n".join(lines) + "\n")


# =========================================================================== recycling reel (video)

REEL_W, REEL_H, REEL_FPS = 720, 1280, 12
REEL_BG = [
    ("#0f766e", "#22c55e"),
    ("#7c3aed", "#2563eb"),
    ("#ea580c", "#db2777"),
    ("#0369a1", "#0d9488"),
    ("#b45309", "#dc2626"),
    ("#1e293b", "#4f46e5"),
]
REEL_SLIDES = [
    [
        ("title", "Hollowmere Recycling Centre"),
        ("sub", "Tanyard Lane"),
        ("badge", "What's changing from 2 June 2025"),
        ("note", "A one-minute update from Hollowmere District Council"),
    ],
    [
        ("title", "New opening hours"),
        ("head", "Summer (April to September)"),
        ("row", "Mon, Tue, Thu, Fri|8am - 6pm"),
        ("row", "Sat and Sun|8am - 4pm"),
        ("head", "Winter (October to March)"),
        ("row", "Mon, Tue, Thu, Fri|9am - 4pm"),
        ("row", "Sat and Sun|9am - 3pm"),
        ("alert", "Closed every Wednesday"),
    ],
    [
        ("title", "Vans and trailers"),
        ("bullet", "Book a slot online before every visit"),
        ("bullet", "Up to 12 van or trailer visits a year per household"),
        ("bullet", "Car visits: no booking needed"),
        ("bullet", "Slots start every 15 minutes"),
    ],
    [
        ("title", "What you brought us in 2024"),
        ("note", "tonnes"),
        (
            "bars",
            "Green waste|6240;Wood|3910;Rubble and soil|2880;Scrap metal|1420;"
            "Cardboard|1150;Electricals|690",
        ),
    ],
    [
        ("title", "DIY waste charges"),
        ("row", "Rubble and soil|£4.50 per bag"),
        ("row", "Plasterboard|£6.00 per sheet"),
        ("row", "Car tyres|£3.50 each"),
        ("row", "Asbestos|not accepted"),
        ("note", "Pay by card at the gatehouse. Charges apply to household DIY waste only."),
    ],
    [
        ("title", "Questions?"),
        ("big", "Call 01632 960550"),
        ("sub", "Monday to Friday, 9am - 5pm"),
        ("badge", "#RecycleHollowmere"),
    ],
]
REEL_NARRATION = [
    "Hi, I'm Kerry from the council's waste team, with a quick update on the recycling centre.",
    "Last year the centre took in just over twenty-one thousand tonnes of waste, and sixty-eight "
    "percent of it was recycled or reused.",
    "The online booking system opens on Monday the twelfth of May, three weeks before the new "
    "rules start.",
    "In July a reuse shop will open next to the gatehouse, selling donated furniture, bikes and "
    "garden tools.",
    "Staff may ask for proof of address. Trade waste is not accepted here; it goes to the "
    "transfer station on Cinder Lane.",
    "Thanks for watching, and please share this with your neighbours.",
]
REEL_DUR = [8.0, 11.0, 10.0, 11.0, 11.0, 7.0]
REEL_DELAY = 0.5


def _gradient(w: int, h: int, c1: str, c2: str) -> Image.Image:
    a = np.array(Image.new("RGB", (1, 1), c1).getpixel((0, 0)), np.float32)
    b = np.array(Image.new("RGB", (1, 1), c2).getpixel((0, 0)), np.float32)
    t = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    g = a * (1 - t) + b * t
    return Image.fromarray(np.repeat(g, w, axis=1).astype(np.uint8))


def reel_slide(i: int) -> tuple[Image.Image, str]:
    """One 720x1280 card without the progress bar; returns the image and its text."""
    c1, c2 = REEL_BG[i]
    img = _gradient(REEL_W, REEL_H, c1, c2)
    d = ImageDraw.Draw(img)
    texts = []
    d.ellipse([28, 62, 92, 126], fill="white")
    d.text((60, 94), "HDC", font=font("SansB", 20), fill=c1, anchor="mm")
    d.text((108, 68), "Hollowmere Council", font=font("SansB", 27), fill="white")
    d.text((108, 102), "Waste and recycling", font=font("Sans", 22), fill="#f1f5f9")
    texts += ["Hollowmere Council", "Waste and recycling"]
    d.rounded_rectangle([40, 190, REEL_W - 40, 1110], 38, fill="white")
    x, y, width = 80, 240, REEL_W - 160
    for kind, val in REEL_SLIDES[i]:
        if kind == "title":
            for ln in wrap(val, font("SansB", 50), width):
                d.text((x, y), ln, font=font("SansB", 50), fill="#0f172a")
                y += 62
            y += 26
            texts.append(val)
        elif kind == "sub":
            d.text((x, y), val, font=font("Sans", 36), fill="#334155")
            y += 64
            texts.append(val)
        elif kind == "note":
            for ln in wrap(val, font("Sans", 28), width):
                d.text((x, y), ln, font=font("Sans", 28), fill="#64748b")
                y += 38
            y += 22
            texts.append(val)
        elif kind in ("badge", "alert"):
            f = font("SansB", 34)
            ls = wrap(val, f, width - 50)
            hgt = 28 + 46 * len(ls)
            d.rounded_rectangle(
                [x, y, x + width, y + hgt], 24, fill=c1 if kind == "badge" else "#dc2626"
            )
            for k, ln in enumerate(ls):
                d.text((x + 25, y + 16 + 46 * k), ln, font=f, fill="white")
            y += hgt + 40
            texts.append(val)
        elif kind == "head":
            d.text((x, y), val, font=font("SansB", 32), fill=c1)
            y += 52
            texts.append(val)
        elif kind == "row":
            a, b = val.split("|")
            d.text((x, y), a, font=font("Sans", 33), fill="#0f172a")
            d.text((x + width, y), b, font=font("SansB", 33), fill="#0f172a", anchor="ra")
            y += 50
            d.line([(x, y - 8), (x + width, y - 8)], fill="#e2e8f0", width=2)
            y += 8
            texts.append(f"{a} {b}")
        elif kind == "bullet":
            ls = wrap(val, font("Sans", 35), width - 50)
            d.ellipse([x, y + 14, x + 16, y + 30], fill=c1)
            for ln in ls:
                d.text((x + 40, y), ln, font=font("Sans", 35), fill="#0f172a")
                y += 48
            y += 30
            texts.append(val)
        elif kind == "big":
            d.text((x, y), val, font=font("SansB", 46), fill="#0f172a")
            y += 80
            texts.append(val)
        elif kind == "bars":
            items = [(a, int(b)) for a, b in (p.split("|") for p in val.split(";"))]
            top = max(v for _, v in items)
            for name, v in items:
                d.text((x, y), name, font=font("Sans", 30), fill="#0f172a")
                y += 42
                bw = int((width - 150) * v / top)
                d.rounded_rectangle([x, y, x + bw, y + 40], 10, fill=c1)
                d.text(
                    (x + bw + 14, y + 20),
                    f"{v:,}",
                    font=font("SansB", 30),
                    fill="#0f172a",
                    anchor="lm",
                )
                y += 66
                texts.append(f"{name} {v:,}")
    d.text(
        (REEL_W // 2, 1180),
        "hollowmere.gov.example/recycling",
        font=font("Sans", 26),
        fill="white",
        anchor="mm",
    )
    texts.append("hollowmere.gov.example/recycling")
    return img, " / ".join(texts)


def make_reel(out: Path, work: Path, truth: Path) -> None:
    """Vertical stories-style reel: 6 cards, animated progress bar, narration; H.264 MP4."""
    rate = 48000
    slides = [reel_slide(i) for i in range(len(REEL_SLIDES))]
    audio, lines, t0 = [], [], 0.0
    for i, (narr, dur) in enumerate(zip(REEL_NARRATION, REEL_DUR, strict=True)):
        raw, wav = work / f"reel{i}_raw.wav", work / f"reel{i}.wav"
        run(["espeak-ng", "-v", "en-029+m3", "-s", "160", "-w", str(raw), narr])
        to_mono(raw, wav, rate, "gain", "-n", "-2")
        x, _ = read_wav(wav)
        d = len(x) / rate
        if d > dur - REEL_DELAY - 0.3:
            raise SystemExit(f"reel narration {i + 1} too long: {d:.2f} s for a {dur} s card")
        seg = np.zeros(int(round(dur * rate)), np.float32)  # noqa: RUF046
        a = int(REEL_DELAY * rate)
        seg[a : a + len(x)] = x
        audio.append(seg)
        lines.append(f"{t0:.2f}\t{t0 + dur:.2f}\tslide\t{slides[i][1]}")
        lines.append(f"{t0 + REEL_DELAY:.2f}\t{t0 + REEL_DELAY + d:.2f}\tnarration\t{narr}")
        t0 += dur
    track = work / "reel_audio.wav"
    write_wav(track, np.concatenate(audio), rate)
    total = t0
    nseg = len(REEL_SLIDES)
    segw = (REEL_W - 48 - 8 * (nseg - 1)) / nseg
    starts = np.cumsum([0.0, *REEL_DUR])
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{REEL_W}x{REEL_H}",
        "-r",
        str(REEL_FPS),
        "-i",
        "-",
        "-i",
        str(track),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c:v",
        "libx264",
        "-preset",
        "medium",
        "-crf",
        "23",
        "-pix_fmt",
        "yuv420p",
        "-g",
        "48",
        "-threads",
        "1",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-ac",
        "1",
        "-t",
        f"{total}",
        "-movflags",
        "+faststart",
        *BITEXACT,
        *NOMETA,
        str(out),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for fr in range(int(round(total * REEL_FPS))):  # noqa: RUF046
        t = fr / REEL_FPS
        i = int(np.searchsorted(starts, t, side="right") - 1)
        img = slides[i][0].copy()
        d = ImageDraw.Draw(img)
        for k in range(nseg):
            x0 = 24 + k * (segw + 8)
            d.rounded_rectangle([x0, 26, x0 + segw, 32], 3, fill="#cbd5e1")
            frac = 1.0 if k < i else ((t - starts[i]) / REEL_DUR[i] if k == i else 0.0)
            if frac > 0:
                d.rounded_rectangle([x0, 26, x0 + max(6, segw * frac), 32], 3, fill="white")
        proc.stdin.write(img.tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("ffmpeg failed (reel)")
    write_truth(truth, "hollowmere_recycling_reel.tsv", "\n".join(lines) + "\n")


# =========================================================================== screencast (video)

SC_W, SC_H, SC_FPS = 1280, 720, 15
SC_TOP, SC_BOTTOM = 88, 40  # browser chrome above, taskbar below
SC_URL = "https://ledgerly.example/releases/4.2"
NOTES = [  # kind, text
    ("h1", "Ledgerly 4.2 release notes"),
    ("meta", "Released 18 March 2025  \u00b7  Desktop and web"),
    (
        "p",
        "Ledgerly 4.2 is a free update for all Ledgerly Plus and Ledgerly Business subscribers. "
        "It replaces version 4.1.3 and installs automatically the next time you sign in.",
    ),
    ("h2", "New"),
    (
        "li",
        "Bank feeds: 14 more UK banks and building societies can now send transactions "
        "straight into Ledgerly, bringing the total to 61.",
    ),
    (
        "li",
        "Receipts: photograph a receipt in the mobile app and Ledgerly reads the supplier, the "
        "date and the amount.",
    ),
    (
        "li",
        "Mileage: a new mileage log uses the HMRC rate of 45p per mile for the first 10,000 "
        "business miles in a tax year.",
    ),
    ("li", "Export: any report can now be saved as a CSV file as well as a PDF."),
    ("h2", "Improved"),
    (
        "li",
        "Bank reconciliation is up to three times faster for accounts with more than 20,000 "
        "transactions.",
    ),
    ("li", "The VAT return screen now shows the filing deadline for the current period."),
    ("h2", "Fixed"),
    (
        "li",
        "Ledgerly no longer crashes when importing more than 5,000 transactions from a CSV file.",
    ),
    ("li", "Invoices dated 29 February were shown under March in the aged debtors report."),
    ("li", "The dark theme made the due-date column unreadable."),
    ("h2", "Plans and prices"),
    ("li", "Ledgerly Plus stays at £7.50 a month."),
    ("li", "Ledgerly Business rises from £14 to £16 a month from 1 May 2025."),
    ("h2", "Deprecated"),
    (
        "li",
        "The old sync API (version 1) will be switched off on 30 September 2025. Please move "
        "your integrations to API version 2.",
    ),
    ("h2", "System requirements"),
    ("li", "Windows 10 or later, or macOS 13 Ventura or later, with 4 GB of RAM."),
    ("li", "Web app: the two latest versions of Chrome, Edge, Firefox or Safari."),
    ("h2", "Known issues"),
    (
        "li",
        "Bank feeds from Northcastle Building Society can arrive up to two days late. A fix "
        "is planned for version 4.2.1.",
    ),
    ("li", "On macOS, printing a statement to PDF can cut off its last row; use Export instead."),
    ("meta", "Questions? Contact support from the Help menu inside Ledgerly."),
]


def render_notes() -> tuple[Image.Image, list[tuple[int, int, str]]]:
    """The release-notes page as one tall image, with each text line's vertical extent."""
    w = SC_W
    tall = Image.new("RGB", (w, 4000), "white")
    d = ImageDraw.Draw(tall)
    x, width = 240, 880
    y = 40
    spans: list[tuple[int, int, str]] = []
    styles = {
        "h1": (font("SansB", 42), "#111827", 60, 22),
        "meta": (font("Sans", 21), "#6b7280", 33, 24),
        "p": (font("Sans", 23), "#1f2937", 36, 20),
        "h2": (font("SansB", 30), "#0f5132", 46, 12),
        "li": (font("Sans", 23), "#1f2937", 36, 16),
    }
    for kind, text in NOTES:
        f, colour, lead, after = styles[kind]
        if kind == "h2":
            y += 18
        indent = 28 if kind == "li" else 0
        if kind == "li":
            d.ellipse([x + 6, y + 13, x + 15, y + 22], fill="#0f5132")
        for ln in wrap(text, f, width - indent):
            d.text((x + indent, y), ln, font=f, fill=colour)
            spans.append((y, y + lead - 4, ln))
            y += lead
        y += after
        if kind == "h1":
            d.line([(x, y - 8), (x + width, y - 8)], fill="#e5e7eb", width=2)
    d.rectangle([0, 0, 190, y + 80], fill="#f3f4f6")
    for k, item in enumerate(["Release notes", "4.2", "4.1", "4.0", "3.9", "Roadmap"]):
        d.text(
            (30, 50 + 42 * k),
            item,
            font=font("SansB" if k == 1 else "Sans", 19),
            fill="#0f5132" if k == 1 else "#374151",
        )
    return tall.crop((0, 0, w, y + 80)), spans


def _chrome(title: str) -> Image.Image:
    """Browser tab strip and address bar."""
    img = Image.new("RGB", (SC_W, SC_TOP), "#dee1e6")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([10, 6, 330, 44], 10, fill="white")
    d.text((26, 16), title, font=font("Sans", 15), fill="#202124")
    d.text((312, 14), "\u00d7", font=font("Sans", 16), fill="#5f6368")
    d.text((352, 12), "+", font=font("Sans", 20), fill="#5f6368")
    d.rectangle([0, 44, SC_W, SC_TOP], fill="white")
    for k, ch in enumerate(("\u2190", "\u2192", "\u21bb")):
        d.text((18 + 34 * k, 54), ch, font=font("Sans", 20), fill="#5f6368")
    d.rounded_rectangle([130, 50, SC_W - 120, 82], 16, fill="#f1f3f4")
    d.text((156, 56), SC_URL, font=font("Sans", 16), fill="#202124")
    d.line([(0, SC_TOP - 1), (SC_W, SC_TOP - 1)], fill="#dadce0", width=1)
    return img


def _taskbar() -> Image.Image:
    img = Image.new("RGB", (SC_W, SC_BOTTOM), "#1f2937")
    d = ImageDraw.Draw(img)
    for k in range(5):
        d.rounded_rectangle(
            [14 + 44 * k, 7, 40 + 44 * k, 33],
            6,
            fill=["#60a5fa", "#f59e0b", "#10b981", "#f472b6", "#a78bfa"][k],
        )
    d.text((SC_W - 20, 20), "10:42", font=font("Sans", 16), fill="white", anchor="rm")
    return img


def _cursor(d: ImageDraw.ImageDraw, x: float, y: float) -> None:
    pts = [(0, 0), (0, 22), (6, 17), (10, 26), (14, 24), (10, 16), (17, 16)]
    d.polygon([(x + px, y + py) for px, py in pts], fill="black", outline="white")


def make_screencast(out: Path, work: Path, truth: Path) -> None:
    """A browser window scrolling through release notes with a moving pointer; H.264 MKV."""
    page, spans = render_notes()
    vh = SC_H - SC_TOP - SC_BOTTOM
    max_scroll = page.height - vh
    chrome, bar = _chrome("Ledgerly 4.2 release notes"), _taskbar()
    # wheel-style scrolling: pauses, then bursts of 120 px notches, each eased over 0.2 s
    events: list[tuple[float, float]] = []  # (time, scroll target after this notch)
    t, pos = 4.5, 0.0
    while pos < max_scroll:
        for _ in range(2):
            pos = min(max_scroll, pos + 120)
            events.append((t, pos))
            t += 0.32
        t += 4.6
    total = t + 1.5

    def scroll_at(tt: float) -> float:
        s = 0.0
        for te, target in events:
            if tt < te:
                break
            prev = s
            f = min(1.0, (tt - te) / 0.2)
            f = 1 - (1 - f) ** 3
            s = prev + (target - prev) * f
        return s

    nframes = int(round(total * SC_FPS))  # noqa: RUF046
    frames_scroll = [scroll_at(fr / SC_FPS) for fr in range(nframes)]
    # room tone for the microphone track
    rate = 48000
    rng = np.random.default_rng(1042)
    room = np.cumsum(rng.normal(0, 1, int(total * rate)))
    room = room - moving_average(room, 4801)
    room = room / (np.max(np.abs(room)) + 1e-9) * 0.004
    track = work / "screen_audio.wav"
    write_wav(track, room.astype(np.float32), rate)
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{SC_W}x{SC_H}",
        "-r",
        str(SC_FPS),
        "-i",
        "-",
        "-i",
        str(track),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c:v",
        "libx264",
        "-preset",
        "medium",
        "-crf",
        "22",
        "-pix_fmt",
        "yuv420p",
        "-g",
        "60",
        "-threads",
        "1",
        "-c:a",
        "aac",
        "-b:a",
        "32k",
        "-ac",
        "1",
        "-t",
        f"{nframes / SC_FPS}",
        *BITEXACT,
        *NOMETA,
        str(out),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    base = Image.new("RGB", (SC_W, SC_H), "white")
    base.paste(chrome, (0, 0))
    base.paste(bar, (0, SC_H - SC_BOTTOM))
    for fr in range(nframes):
        tt = fr / SC_FPS
        s = int(round(frames_scroll[fr]))  # noqa: RUF046
        img = base.copy()
        img.paste(page.crop((0, s, SC_W, s + vh)), (0, SC_TOP))
        # pointer drifts towards the text column in the first seconds, then rests beside it
        a = min(1.0, tt / 2.5)
        cx = 1180 - 140 * a + 6 * np.sin(tt * 0.7)
        cy = 640 - 260 * a + 4 * np.cos(tt * 0.9)
        _cursor(ImageDraw.Draw(img), cx, cy)
        proc.stdin.write(img.tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("ffmpeg failed (screencast)")
    # when each line is fully on screen: [first frame, last frame + 1) in seconds
    lines = []
    for y0, y1, text in spans:
        vis = [(y0 >= s) and (y1 <= s + vh) for s in frames_scroll]
        fr = 0
        while fr < nframes:
            if vis[fr]:
                st = fr
                while fr < nframes and vis[fr]:
                    fr += 1
                lines.append((st / SC_FPS, fr / SC_FPS, text))
            else:
                fr += 1
    lines.sort()
    write_truth(
        truth,
        "ledgerly_release_notes_screencast.tsv",
        "".join(f"{a:.2f}\t{b:.2f}\tscreen\t{text}\n" for a, b, text in lines),
    )


# =========================================================================== main


def main() -> int:
    """Generate every made-up file into TARGET_DIR."""
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    target, work = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    truth = target / "_truth"
    for sub in ("pdf", "chart", "scan", "audio", "video"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    only = os.environ.get("UNSEEN4_ONLY", "")
    jobs = {
        "report": lambda: make_energy_report(
            target / "pdf/harwick_bay_energy_report_2024.pdf", truth
        ),
        "chart": lambda: make_bikeshare_chart(
            target / "chart/kelsall_bikeshare_trips_2022_2024.jpg", work, truth
        ),
        "photo": lambda: make_letter_photo(target / "scan/fernbrook_trip_letter_photo.jpg", truth),
        "pool": lambda: make_pool_scan(target / "scan/quarry_lane_pool_timetable.pdf", work, truth),
        "fax": lambda: make_fax_scan(target / "scan/brannock_timber_quote_fax.pdf", work, truth),
        "walk": lambda: make_walk(target / "audio/wrackholm_point_guided_walk.ogg", work, truth),
        "call": lambda: make_call(target / "audio/larkspur_catering_call.wav", work, truth),
        "reel": lambda: make_reel(target / "video/hollowmere_recycling_reel.mp4", work, truth),
        "screen": lambda: make_screencast(
            target / "video/ledgerly_release_notes_screencast.mkv", work, truth
        ),
    }
    for name, job in jobs.items():
        if not only or name in only.split(","):
            job()
    return 0


if __name__ == "__main__":
    sys.exit(main())
