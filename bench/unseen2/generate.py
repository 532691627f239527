"""Generate the made-up files of the second unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR:
  pdf/thornbury_vale_harvest_report_2023.pdf   two-column prose + tables (text layer), raster
                                              grouped and stacked bar charts (pixels only)
  chart/glenmorrow_reservoir_storage_2023.png  multi-series line chart, every point labelled
  scan/harrowfield_allotments_letter.pdf       2-page typed letter + rent schedule, "photocopied":
                                              200 dpi 1-bit, rotated, edge shadow, toner specks
  audio/pellingham_motors_voicemail.m4a        phone voicemail: espeak-ng system prompt, beep,
                                              flite (slt) caller, telephone band + line hiss
  audio/aldermoor_wreck_lecture.flac           lecture snippet, flite (awb) over a music bed
  video/tidewater_garden_winter_update.mp4     6 light-theme slides x 10 s, flite (rms) narration;
                                              slides and narration carry different facts
  _truth/*.txt, *.tsv                          generated text and timelines (for check_qa.py)

All names, places and facts are made up. Needs matplotlib, numpy and Pillow, plus espeak-ng,
flite, sox, ffmpeg and img2pdf on the PATH. Output is repeatable on one machine (fixed seeds,
no timestamps, single-threaded encoders).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from PIL import Image, ImageFilter

plt.rcParams.update(
    {
        "pdf.fonttype": 42,
        "font.family": "DejaVu Sans",
        "svg.hashsalt": "unseen2",
        "path.simplify": False,
    }
)
PNG_META = {"Software": None}
PDF_META = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}
BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]


def run(cmd: list[str]) -> None:
    """Run a command, failing loudly."""
    subprocess.run(cmd, check=True)


def write_truth(truth: Path, name: str, text: str) -> None:
    """Keep the generated text so the checker can verify answers against it."""
    truth.mkdir(parents=True, exist_ok=True)
    (truth / name).write_text(text, encoding="utf-8")


def seconds(path: Path) -> float:
    """Duration of an audio file in seconds (soxi)."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def silence(path: Path, dur: float, rate: int = 16000) -> Path:
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


def flite(voice: str, text: str, raw: Path, wav: Path, rate: int = 16000, tempo: str = "") -> None:
    """Speak ``text`` with a flite voice, resampled to mono 16-bit ``rate``."""
    run(["flite", "-voice", voice, "-t", text, "-o", str(raw)])
    extra = ["tempo", "-s", tempo] if tempo else []
    run(["sox", "-R", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(wav), *extra])


def chart_array(fig: plt.Figure) -> np.ndarray:
    """Rasterise a chart figure to an RGB array (so its labels exist only as pixels)."""
    fig.tight_layout()
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    plt.close(fig)
    return rgba[:, :, :3].copy()


# --------------------------------------------------------------------------- harvest report

ORG = "Thornbury Vale Fruit Growers' Cooperative"
P1_PARAS = [
    "The cooperative's 31 member farms picked 4,862 tonnes of apples and pears in 2023, "
    "against 4,315 tonnes in 2022. Picking began on 21 August and the last bins came in on "
    "3 November, a season eleven days longer than the year before.",
    "Spring was not kind. A late frost on the night of 26 April scorched blossom in the low "
    "orchards along the Wendle Brook, and growers there reckon it cost them about 180 tonnes "
    "of Conference pears. The upland blocks escaped almost untouched.",
    "Our new cold store at Abbots Ley opened in September. It holds 1,200 bins in a "
    "controlled atmosphere and was built by Marrick Refrigeration for £1.9 million, of which "
    "a rural development grant paid 40 percent.",
    "In June we launched Wendle Gold, the cooperative's own sparkling cider. The first batch "
    "of 14,000 bottles had sold out by Christmas, and a second pressing is planned for "
    "March 2024.",
    "The Honeycrisp trial at Coldharbour Farm, planted in 2021, gave its first commercial "
    "crop: 22 tonnes from three hectares. The board will decide in spring whether members "
    "may plant the variety more widely.",
    "Chair Helena Oyelaran-Pryce thanked the 238 seasonal pickers, who came from nine "
    "countries, and the packhouse team at Hobbs End, which graded every bin within 48 hours "
    "of delivery for the first time.",
]
VARIETIES = [
    ("Bramley", "96", "1,634", "17.0", "410"),
    ("Cox's Orange Pippin", "58", "812", "14.0", "655"),
    ("Gala", "44", "968", "22.0", "540"),
    ("Discovery", "16", "256", "16.0", "470"),
    ("Egremont Russet", "21", "273", "13.0", "720"),
    ("Honeycrisp (trial)", "3", "22", "7.3", "980"),
    ("Conference (pear)", "39", "741", "19.0", "585"),
    ("Comice (pear)", "12", "156", "13.0", "690"),
]
FARMS = [
    ("Coldharbour Farm", "Abbots Ley", "2,140", "642", "81"),
    ("Nettlecombe Orchards", "Wendle", "1,870", "561", "77"),
    ("Hobbs End", "Thornbury Magna", "1,515", "455", "84"),
    ("Ravensworth Fruit", "Abbots Ley", "1,290", "387", "72"),
    ("Pennyfold Farm", "Little Crake", "1,105", "332", "88"),
    ("Old Rectory Orchard", "Wendle", "860", "258", "79"),
]
# Grouped bars: tonnes by variety, 2022 vs 2023 (Honeycrisp had no 2022 crop; not shown).
GROUPED = [
    ("Bramley", 1502, 1634),
    ("Cox", 790, 812),
    ("Gala", 845, 968),
    ("Discovery", 66, 256),
    ("Egremont", 260, 273),
    ("Conference", 702, 741),
    ("Comice", 150, 156),
]
QUARTERS = ["Q1", "Q2", "Q3", "Q4"]
STACKED = [  # £ thousand per quarter
    ("Supermarket contracts", [310, 180, 420, 640], "#2f5d50"),
    ("Juice and cider", [95, 120, 140, 210], "#d9a441"),
    ("Farm shops", [60, 60, 85, 110], "#8fb8a8"),
    ("Export", [55, 45, 70, 150], "#b5523b"),
]


def harvest_charts() -> tuple[list[np.ndarray], list[str]]:
    """Grouped bar chart (page 2) and stacked bar chart (page 3) as RGB arrays + their text."""
    fig, ax = plt.subplots(figsize=(9, 4.4), dpi=150)
    x = np.arange(len(GROUPED))
    w = 0.38
    b1 = ax.bar(x - w / 2, [g[1] for g in GROUPED], w, label="2022", color="#a9b7c6")
    b2 = ax.bar(x + w / 2, [g[2] for g in GROUPED], w, label="2023", color="#2f5d50")
    ax.bar_label(b1, labels=[f"{g[1]:,}" for g in GROUPED], fontsize=7.5, padding=2)
    ax.bar_label(b2, labels=[f"{g[2]:,}" for g in GROUPED], fontsize=7.5, padding=2)
    ax.set_xticks(x, [g[0] for g in GROUPED], fontsize=9)
    ax.set_ylim(0, 2050)
    ax.set_ylabel("tonnes")
    ax.legend(frameon=False, loc="upper right")
    ax.set_title("Harvest by variety, 2022 and 2023 (tonnes)", fontsize=12, weight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    grouped = chart_array(fig)
    grouped_text = "Harvest by variety, 2022 and 2023 (tonnes) tonnes 2022 2023 " + " ".join(
        f"{n} 2022 {a:,} ({a}) 2023 {b:,} ({b})" for n, a, b in GROUPED
    )

    fig, ax = plt.subplots(figsize=(8, 5.4), dpi=150)
    bottom = np.zeros(4)
    for name, vals, color in STACKED:
        bars = ax.bar(QUARTERS, vals, 0.58, bottom=bottom, label=name, color=color)
        ax.bar_label(
            bars,
            labels=[str(v) for v in vals],
            label_type="center",
            fontsize=8,
            color="white" if color in ("#2f5d50", "#b5523b") else "black",
        )
        bottom += np.array(vals)
    for i, total in enumerate(bottom):
        ax.text(i, total + 18, f"Total {int(total):,}", ha="center", fontsize=9, weight="bold")
    ax.set_ylim(0, 1250)
    ax.set_ylabel("£ thousand")
    ax.legend(frameon=False, loc="upper left", fontsize=8.5)
    ax.set_title("Sales by outlet and quarter, 2023 (£ thousand)", fontsize=12, weight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    stacked = chart_array(fig)
    totals = [int(t) for t in bottom]
    stacked_text = (
        "Sales by outlet and quarter, 2023 (£ thousand) "
        + " ".join(
            f"{n} " + " ".join(f"{q} {v}" for q, v in zip(QUARTERS, vals, strict=True))
            for n, vals, _ in STACKED
        )
        + " "
        + " ".join(f"{q} Total {t:,} ({t})" for q, t in zip(QUARTERS, totals, strict=True))
    )
    return [grouped, stacked], [grouped_text, stacked_text]


class Page:
    """A US-letter page drawn with matplotlib; text stays a text layer."""

    def __init__(self, pdf: PdfPages, page_no: int, pages: int) -> None:
        self.pdf = pdf
        self.fig = plt.figure(figsize=(8.5, 11))
        self.lines: list[str] = []
        self.fig.add_artist(plt.Rectangle((0, 0.955), 1, 0.045, color="#2f5d50"))
        self.fig.text(0.06, 0.969, ORG.upper(), fontsize=9, color="white", weight="bold")
        self.fig.text(
            0.94,
            0.969,
            f"Harvest Report 2023  |  {page_no}/{pages}",
            fontsize=9,
            color="white",
            ha="right",
        )
        self.lines.append(f"{ORG} Harvest Report 2023 {page_no}/{pages}")

    def text(self, x: float, y: float, s: str, **kw: object) -> None:
        self.fig.text(x, y, s, **kw)
        self.lines.append(s)

    def column(self, x: float, y: float, paras: list[str], width: int = 46) -> float:
        for para in paras:
            for line in textwrap.wrap(para, width):
                self.fig.text(x, y, line, fontsize=9.5)
                y -= 0.0175
            self.lines.append(para)
            y -= 0.012
        return y

    def table(
        self,
        y: float,
        caption: str,
        header: list[str],
        rows: list[tuple[str, ...]],
        xs: list[float],
        aligns: list[str],
    ) -> float:
        self.text(0.06, y, caption, fontsize=10.5, weight="bold", color="#2f5d50")
        y -= 0.03
        for r, row in enumerate([tuple(header), *rows]):
            if r > 0 and r % 2 == 0:
                self.fig.add_artist(
                    plt.Rectangle((0.055, y - 0.006), 0.89, 0.022, color="#eef3f1", zorder=0)
                )
            for x, cell, al in zip(xs, row, aligns, strict=True):
                self.fig.text(
                    x, y, cell, fontsize=9.5, ha=al, weight="bold" if r == 0 else "normal"
                )
            self.lines.append(" | ".join(row))
            if r == 0:
                self.fig.add_artist(
                    plt.Line2D([0.055, 0.945], [y - 0.008] * 2, color="#2f5d50", linewidth=0.8)
                )
            y -= 0.022
        return y - 0.02

    def image(self, rgb: np.ndarray, y: float, height: float) -> float:
        h, w = rgb.shape[:2]
        width = height * (w / h) * (11 / 8.5)
        if width > 0.86:  # keep the aspect ratio
            width, height = 0.86, 0.86 / ((w / h) * (11 / 8.5))
        ax = self.fig.add_axes((0.5 - width / 2, y - height, width, height))
        ax.imshow(rgb, interpolation="nearest", aspect="auto")
        ax.axis("off")
        return y - height - 0.02

    def close(self) -> str:
        self.pdf.savefig(self.fig)
        plt.close(self.fig)
        return "\n".join(self.lines)


def make_harvest_report(out: Path, truth: Path) -> None:
    """3 pages: two-column prose + Table 1 (p1); Table 2 + grouped bars (p2); stacked bars (p3)."""
    charts, chart_texts = harvest_charts()
    texts = []
    with PdfPages(out, metadata=PDF_META) as pdf:
        pg = Page(pdf, 1, 3)
        pg.text(0.06, 0.905, "Harvest Report 2023", fontsize=24, weight="bold", color="#2f5d50")
        pg.text(
            0.06,
            0.875,
            "A year of frost, a new cold store and our first cider",
            fontsize=12,
            style="italic",
            color="#555555",
        )
        pg.column(0.06, 0.835, P1_PARAS[:3])
        pg.column(0.52, 0.835, P1_PARAS[3:])
        pg.fig.add_artist(plt.Line2D([0.505, 0.505], [0.56, 0.845], color="#bbbbbb", lw=0.6))
        pg.table(
            0.50,
            "Table 1. Varieties harvested in 2023",
            ["Variety", "Area (ha)", "Harvest (t)", "Yield (t/ha)", "Avg price (£/t)"],
            VARIETIES,
            [0.06, 0.44, 0.59, 0.74, 0.93],
            ["left", "right", "right", "right", "right"],
        )
        texts.append(pg.close())

        pg = Page(pdf, 2, 3)
        pg.text(0.06, 0.91, "Members and varieties", fontsize=15, weight="bold", color="#2f5d50")
        y = pg.column(
            0.06,
            0.88,
            [
                "Table 2 lists the six members who delivered the most fruit. A bin holds about "
                "300 kg; the Class I share is the part of each member's fruit graded for the fresh "
                "market rather than for juice."
            ],
            width=100,
        )
        y = pg.table(
            y - 0.01,
            "Table 2. Largest deliveries by member farm, 2023",
            ["Member farm", "Parish", "Bins", "Tonnes", "Class I (%)"],
            FARMS,
            [0.06, 0.36, 0.66, 0.79, 0.93],
            ["left", "left", "right", "right", "right"],
        )
        y = pg.image(charts[0], y - 0.01, 0.36)
        pg.text(
            0.06,
            y,
            "Figure 1. Harvest by variety compared with the previous year.",
            fontsize=9,
            style="italic",
        )
        texts.append(pg.close())

        pg = Page(pdf, 3, 3)
        pg.text(0.06, 0.91, "Sales", fontsize=15, weight="bold", color="#2f5d50")
        y = pg.column(
            0.06,
            0.88,
            [
                "Figure 2 breaks down the cooperative's sales by outlet in each quarter of the "
                "year. Fruit from the new cold store allowed us to keep supplying customers well "
                "into the winter."
            ],
            width=100,
        )
        y = pg.image(charts[1], y - 0.01, 0.42)
        pg.text(0.06, y, "Figure 2. Sales by outlet.", fontsize=9, style="italic")
        texts.append(pg.close())

    for i, text in enumerate(texts, 1):
        extra = ""
        if i == 2:
            extra = "\n[pixels]\n" + chart_texts[0]
        if i == 3:
            extra = "\n[pixels]\n" + chart_texts[1]
        write_truth(truth, f"thornbury_vale_harvest_report_2023.p{i}.txt", text + extra + "\n")


# --------------------------------------------------------------------------- line chart PNG

RES_MONTHS = ["Jan", "Mar", "May", "Jul", "Sep", "Nov"]
RESERVOIRS = [
    ("Lochan Dubh", [94, 88, 71, 52, 58, 83], "#1f5fa8", "o", (0, 8)),
    ("Carrick Moss", [97, 91, 80, 66, 61, 79], "#3a9a5b", "s", (0, 8)),
    ("Ashgill", [89, 79, 63, 41, 47, 72], "#c0392b", "^", (0, -15)),
]
TRIGGER = 45


def make_reservoir_chart(out: Path, truth: Path) -> None:
    """Three reservoirs' storage through 2023, each point labelled, with a trigger line."""
    fig, ax = plt.subplots(figsize=(10, 6.2), dpi=100)
    x = np.arange(len(RES_MONTHS))
    for name, vals, color, marker, off in RESERVOIRS:
        ax.plot(x, vals, marker=marker, color=color, linewidth=2, label=name, markersize=7)
        for xi, v in zip(x, vals, strict=True):
            dy = off[1]
            if (
                name == "Lochan Dubh"
                and v < dict(zip(RES_MONTHS, RESERVOIRS[1][1], strict=True))[RES_MONTHS[xi]]
            ):
                dy = -15  # below the line when Carrick Moss is above
            if name == "Carrick Moss" and xi == 5:
                dy = -15
            dx = 0
            if name == "Ashgill" and xi == 4:
                dy = 8  # keep clear of the trigger line
            if name == "Ashgill" and xi == 5:
                dx, dy = 20, -4
            ax.annotate(
                f"{v}%",
                (xi, v),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                color=color,
                weight="bold",
            )
    ax.axhline(TRIGGER, color="#555555", linestyle="--", linewidth=1)
    ax.text(
        5.35, TRIGGER + 1.2, f"Drought trigger {TRIGGER}%", ha="right", fontsize=9, color="#333333"
    )
    ax.set_xticks(x, RES_MONTHS)
    ax.set_xlim(-0.4, 5.4)
    ax.set_ylim(30, 105)
    ax.set_ylabel("Storage (% of capacity, month end)")
    ax.grid(axis="y", color="#e3e3e3")
    ax.legend(loc="lower left", frameon=False)
    ax.set_title("Glenmorrow Water Board: reservoir storage, 2023", fontsize=14, weight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(out, metadata=PNG_META)
    plt.close(fig)
    lines = [
        f"{name} " + " ".join(f"{m} {v}%" for m, v in zip(RES_MONTHS, vals, strict=True))
        for name, vals, *_ in RESERVOIRS
    ]
    write_truth(
        truth,
        "glenmorrow_reservoir_storage_2023.txt",
        "Glenmorrow Water Board: reservoir storage, 2023\nStorage (% of capacity, month end)\n"
        f"Drought trigger {TRIGGER}%\n" + "\n".join(lines) + "\n",
    )


# --------------------------------------------------------------------------- scanned letter

LETTER_P1 = [
    ("title", "HARROWFIELD PARISH COUNCIL"),
    ("small", "The Old School, Church Lane, Harrowfield HF7 2QD"),
    ("small", "Clerk to the Council: Mrs J. Abernethy-Vale"),
    ("gap", ""),
    ("text", "14 November 2023"),
    ("gap", ""),
    ("text", "Mr D. Okonkwo-Reeve"),
    ("text", "Plot 17, Sedgewick Lane Allotments"),
    ("gap", ""),
    ("bold", "Allotment rents and water charges from 1 April 2024"),
    ("gap", ""),
    ("text", "Dear Mr Okonkwo-Reeve,"),
    (
        "para",
        "At its meeting on 6 November 2023 the Council reviewed the rents for all of its "
        "allotment sites. The rent for a full plot of 250 square metres will rise from "
        "£48.00 to £56.00 a year. This is the first increase since 2019 and reflects the "
        "higher cost of water and of hedge cutting.",
    ),
    (
        "para",
        "The Council has also agreed to install two new water troughs at Sedgewick Lane. "
        "These will be paid for by a grant of £3,400 from the Marram Rural Trust, so "
        "they will not add to your rent.",
    ),
    (
        "para",
        "Rents for 2024/25 are due by 1 April 2024. Tenants more than 30 days in arrears "
        "may be served with a notice to quit. Please remember that bonfires are not "
        "allowed on any site between 1 May and 30 September.",
    ),
    ("para", "The full schedule of rents, including the concessions, is on the next page."),
    ("gap", ""),
    ("text", "Yours sincerely,"),
    ("gap", ""),
    ("text", "J. Abernethy-Vale"),
    ("text", "Clerk to the Council"),
]
LETTER_P2 = [
    ("title", "SCHEDULE A"),
    ("bold", "Allotment rents from 1 April 2024"),
    ("gap", ""),
    ("mono", "Plot type            Area (m2)   2023/24    2024/25"),
    ("rule", ""),
    ("mono", "Full plot                 250    £48.00     £56.00"),
    ("mono", "Half plot                 125    £26.00     £30.00"),
    ("mono", "Quarter plot               60    £14.00     £16.50"),
    ("mono", "Raised bed (accessible)    12     £6.00      £6.00"),
    ("rule", ""),
    ("gap", ""),
    ("para", "Water charge: £7.50 per plot per year, unchanged."),
    (
        "para",
        "Concessions: tenants aged over 70, or receiving Pension Credit, pay 50% of "
        "the rent shown. The water charge is payable in full.",
    ),
    (
        "para",
        "Payment: by bank transfer quoting your plot number, or by cheque made payable "
        "to Harrowfield Parish Council.",
    ),
    ("para", "Waiting list: 23 names at 31 October 2023."),
]


def letter_page(lines: list[tuple[str, str]], path: Path, page_no: int) -> str:
    """Render one A4 page of the typed letter at 200 dpi; returns its text."""
    fig = plt.figure(figsize=(8.27, 11.69), dpi=200)
    y = 0.92
    text_out = []
    for kind, text in lines:
        if kind == "title":
            fig.text(0.5, y, text, fontsize=16, weight="bold", family="DejaVu Serif", ha="center")
            y -= 0.03
        elif kind == "small":
            fig.text(0.5, y, text, fontsize=9.5, family="DejaVu Serif", ha="center")
            y -= 0.02
        elif kind == "gap":
            y -= 0.016
        elif kind == "rule":
            fig.add_artist(plt.Line2D([0.12, 0.86], [y + 0.012] * 2, color="black", lw=0.9))
            y -= 0.008
        elif kind == "mono":
            fig.text(0.12, y, text, fontsize=10.5, family="DejaVu Sans Mono")
            y -= 0.026
        elif kind == "bold":
            fig.text(0.12, y, text, fontsize=11.5, weight="bold", family="DejaVu Serif")
            y -= 0.026
        elif kind == "para":
            for line in textwrap.wrap(text, 78):
                fig.text(0.12, y, line, fontsize=11, family="DejaVu Serif")
                y -= 0.021
            y -= 0.012
        else:
            fig.text(0.12, y, text, fontsize=11, family="DejaVu Serif")
            y -= 0.021
        if text:
            text_out.append(text)
    fig.text(0.5, 0.04, f"- {page_no} -", fontsize=9, family="DejaVu Serif", ha="center")
    fig.savefig(path, metadata=PNG_META)
    plt.close(fig)
    return "\n".join(text_out)


def photocopy(src: Path, dst: Path, seed: int, angle: float) -> None:
    """Make a clean render look like a 1-bit office photocopy scan."""
    img = Image.open(src).convert("L")
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    rng = np.random.default_rng(seed)
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape
    # copier edge shadow on the left and a faint streak across the page
    shade = np.clip(1 - np.arange(w) / (0.035 * w), 0, 1) ** 2 * 160
    arr = arr - shade[None, :]
    streak = int(h * 0.63)
    arr[streak : streak + 3, :] -= 70
    arr = arr + rng.normal(0, 22, arr.shape)
    bw = arr > 150
    specks = rng.random(arr.shape) < 0.0009
    bw[specks] = False
    Image.fromarray(bw).convert("1").save(dst, dpi=(200, 200))


def make_letter_scan(out: Path, work: Path, truth: Path) -> None:
    """Two-page typed letter with a rent schedule, 'photocopied' to 1-bit at 200 dpi."""
    pages = []
    for i, (lines, angle) in enumerate(((LETTER_P1, 1.2), (LETTER_P2, -0.8)), 1):
        clean = work / f"letter{i}.png"
        text = letter_page(lines, clean, i)
        scanned = work / f"letter{i}_scan.png"
        photocopy(clean, scanned, 7100 + i, angle)
        pages.append(str(scanned))
        write_truth(truth, f"harrowfield_allotments_letter.p{i}.txt", text + "\n")
    run(["img2pdf", "--nodate", "--engine", "internal", "-o", str(out), *pages])


# --------------------------------------------------------------------------- voicemail

VM_PROMPT = [
    "You have one new message.",
    "Message received Tuesday, at nine forty-two A M.",
]
VM_CALLER = [
    "Hi, this is Marguerite calling from Pellingham Motors, for Mr Tobenna Hale, about the "
    "blue Skoda Octavia.",
    "I'm afraid the car didn't pass its M O T this morning.",
    "The front brake discs are worn below the limit, and the rear tyre on the driver's side "
    "has a bulge in the sidewall.",
    "We can fit new discs, pads and a tyre for two hundred and eighty-six pounds, including VAT.",
    "If you're happy for us to go ahead, the car should be ready on Thursday, any time after "
    "three o'clock.",
    "Your job number is four seven one nine.",
    "Please ring the workshop before five today, so we can order the parts. Thanks, bye now.",
]


def make_voicemail(out: Path, work: Path, truth: Path) -> None:
    """System prompt (espeak-ng), beep, caller (flite slt), phone band, hiss, AAC in .m4a."""
    rate = 16000
    parts: list[str] = []
    lines = []
    t = 0.4
    parts.append(str(silence(work / "vm_lead.wav", 0.4)))
    gap = silence(work / "vm_gap.wav", 0.5)
    for i, text in enumerate(VM_PROMPT):
        raw, wav = work / f"vm_p{i}_raw.wav", work / f"vm_p{i}.wav"
        run(["espeak-ng", "-v", "en-us+m1", "-s", "165", "-p", "40", "-w", str(raw), text])
        run(["sox", "-R", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(wav)])
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\tsystem\t{text}")
        parts.extend([str(wav), str(gap)])
        t += d + 0.5
    beep = work / "vm_beep.wav"
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
            str(beep),
            "synth",
            "0.45",
            "sine",
            "1000",
            "vol",
            "0.35",
            "pad",
            "0",
            "0.7",
        ]
    )
    parts.append(str(beep))
    t += seconds(beep)
    pause = silence(work / "vm_pause.wav", 0.45)
    for i, text in enumerate(VM_CALLER):
        raw, wav = work / f"vm_c{i}_raw.wav", work / f"vm_c{i}.wav"
        flite("slt", text, raw, wav, rate)
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\tcaller\t{text}")
        parts.extend([str(wav), str(pause)])
        t += d + 0.45
    joined = work / "vm_joined.wav"
    run(["sox", "-R", *parts, str(joined)])
    phone = work / "vm_phone.wav"
    # telephone channel: 8 kHz, 300-3400 Hz band, slight compression, back to 16 kHz
    run(
        [
            "sox",
            "-R",
            str(joined),
            "-r",
            "8000",
            str(work / "vm_8k.wav"),
            "highpass",
            "300",
            "lowpass",
            "3400",
            "compand",
            "0.02,0.2",
            "-60,-60,-30,-15,0,-8",
            "-3",
            "-60",
            "0.05",
        ]
    )
    run(["sox", "-R", str(work / "vm_8k.wav"), "-r", str(rate), str(phone)])
    hiss = work / "vm_hiss.wav"
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
            str(hiss),
            "synth",
            f"{seconds(phone):.3f}",
            "pinknoise",
            "vol",
            "0.025",
            "lowpass",
            "3400",
        ]
    )
    mixed = work / "vm_mixed.wav"
    run(["sox", "-R", "-m", str(phone), str(hiss), "-b", "16", str(mixed)])
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(mixed),
            "-c:a",
            "aac",
            "-b:a",
            "32k",
            "-ac",
            "1",
            "-ar",
            str(rate),
            *BITEXACT,
            "-threads",
            "1",
            str(out),
        ]
    )
    write_truth(truth, "pellingham_motors_voicemail.tsv", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- lecture

LECTURE = [
    "Good morning, everyone. I'm Doctor Emrys Talbot-Kane, and today's lecture is about the "
    "Aldermoor wreck.",
    "The wreck was found in nineteen eighty-seven by two sport divers from the village of "
    "Kellan. She lies at a depth of thirty-four metres, about two miles off Scaur Head.",
    "She was a wooden brig, roughly twenty-six metres long, and we believe she went down in a "
    "storm in the winter of eighteen forty-one.",
    "The key to dating her was the ship's bell. It is bronze, it was cast by the Tolland "
    "foundry, and it carries the date eighteen thirty-three.",
    "Her cargo was mostly roofing slate, about ninety tonnes of it, together with a few crates "
    "of clay tobacco pipes.",
    "Since two thousand and nine the site has been a protected wreck, so anyone who wants to "
    "dive on it needs a licence.",
    "For next week, please read chapter six of Harland and Mbeki, on the conservation of "
    "waterlogged timber.",
]


def make_lecture(out: Path, work: Path, truth: Path) -> None:
    """A short music intro, then one flite voice (awb) over a quiet chord bed; FLAC."""
    rate = 16000
    notes = [261.63, 329.63, 392.0, 523.25, 392.0, 329.63]
    intro_parts = []
    for i, f in enumerate(notes):
        n = work / f"lec_note{i}.wav"
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
                str(n),
                "synth",
                "0.4",
                "pluck",
                f"{f}",
                "fade",
                "0",
                "0.4",
                "0.25",
                "vol",
                "0.5",
            ]
        )
        intro_parts.append(str(n))
    intro = work / "lec_intro.wav"
    run(["sox", "-R", *intro_parts, str(intro), "pad", "0", "0.6"])
    t = seconds(intro)
    parts = [str(intro)]
    gap = silence(work / "lec_gap.wav", 0.7)
    lines = []
    for i, text in enumerate(LECTURE):
        raw, wav = work / f"lec_{i}_raw.wav", work / f"lec_{i}.wav"
        flite("awb", text, raw, wav, rate, tempo="0.95")
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\tlecturer\t{text}")
        parts.extend([str(wav), str(gap)])
        t += d + 0.7
    speech = work / "lec_speech.wav"
    run(["sox", "-R", *parts, str(speech)])
    total = seconds(speech)
    tones = []
    for i, f in enumerate((130.81, 164.81, 196.0, 246.94)):
        tone = work / f"lec_bed{i}.wav"
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
                str(tone),
                "synth",
                f"{total:.3f}",
                "sine",
                f"{f}",
                "tremolo",
                f"{0.15 + 0.05 * i}",
                "60",
            ]
        )
        tones.append(str(tone))
    bed = work / "lec_bed.wav"
    run(["sox", "-R", "-m", *tones, str(bed), "vol", "0.10", "fade", "t", "1", f"{total:.3f}", "2"])
    room = work / "lec_room.wav"
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
            str(room),
            "synth",
            f"{total:.3f}",
            "brownnoise",
            "vol",
            "0.03",
        ]
    )
    # speech about 14 dB above the bed; peak-normalise the mix to -1 dBFS
    run(
        [
            "sox",
            "-R",
            "-m",
            str(speech),
            str(bed),
            str(room),
            "-b",
            "16",
            str(out),
            "gain",
            "-n",
            "-1",
        ]
    )
    write_truth(truth, "aldermoor_wreck_lecture.tsv", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- video

SLIDE_S = 10.0
HOURS = [
    ("Monday to Friday", "10:00 - 15:30", "15:00"),
    ("Saturday and Sunday", "09:30 - 16:00", "15:30"),
    ("25 and 26 December", "Closed", "-"),
]
WINTER_VISITORS = [("Oct", 9.4), ("Nov", 6.1), ("Dec", 7.8), ("Jan", 3.2), ("Feb", 4.5)]
PRICES = [
    ("Adult", "£12.50"),
    ("Concession", "£9.00"),
    ("Under 16 (with an adult)", "Free"),
    ("Members", "Free"),
]
FLOWERING = [
    ("Witch hazel", "Winter Walk"),
    ("Snowdrops", "Yew Dell, from late January"),
    ("Camellias", "Temperate House"),
]
VIDEO_NARRATION = [
    "Welcome to the Tidewater Botanic Garden winter update. Last year we welcomed eighty-three "
    "thousand visitors.",
    "Please note that the glasshouses close for repairs from the sixth to the twenty-fourth of "
    "January.",
    "December is busier than November because of the lantern trail, which runs on Friday and "
    "Saturday evenings.",
    "From January, membership costs forty-two pounds a year, and members may bring one guest "
    "free on weekdays.",
    "Our new cafe, the Potting Shed, opens on the first of February, next to the main gate.",
    "Thank you for watching, and do wrap up warm.",
]
GREEN, DARK, PALE = "#3f7d3a", "#1e3d1c", "#eef4ea"


def video_slide(n: int, title: str) -> plt.Figure:
    """White slide with a green sidebar carrying the slide number, and a footer."""
    fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
    fig.patch.set_facecolor("white")
    fig.add_artist(plt.Rectangle((0, 0), 0.075, 1, color=GREEN))
    fig.text(0.0375, 0.08, f"{n}/6", color="white", fontsize=16, ha="center", weight="bold")
    fig.add_artist(plt.Line2D([0.12, 0.95], [0.07, 0.07], color="#cccccc", lw=1))
    fig.text(
        0.12, 0.035, "Tidewater Botanic Garden  -  Visitor update", fontsize=12, color="#777777"
    )
    if title:
        fig.text(0.12, 0.85, title, fontsize=34, color=DARK, weight="bold")
    return fig


def make_video_slides(work: Path) -> list[tuple[Path, str]]:
    slides: list[tuple[plt.Figure, str]] = []

    fig = video_slide(1, "")
    fig.text(0.12, 0.62, "Tidewater Botanic Garden", fontsize=44, color=DARK, weight="bold")
    fig.text(0.12, 0.51, "Winter season 2024-25: visitor update", fontsize=28, color=GREEN)
    fig.text(0.12, 0.36, "Presented by head gardener Colm Arbuthnot", fontsize=22, color="#333333")
    slides.append(
        (
            fig,
            "Tidewater Botanic Garden\nWinter season 2024-25: visitor update\n"
            "Presented by head gardener Colm Arbuthnot",
        )
    )

    fig = video_slide(2, "Winter opening hours")
    cols = [0.14, 0.52, 0.78]
    for j, head in enumerate(["Days", "Open", "Last entry"]):
        fig.text(cols[j], 0.68, head, fontsize=24, color=GREEN, weight="bold")
    fig.add_artist(plt.Line2D([0.13, 0.93], [0.655, 0.655], color=DARK, lw=1.5))
    for i, row in enumerate(HOURS):
        if i % 2 == 0:
            fig.add_artist(plt.Rectangle((0.13, 0.53 - 0.12 * i), 0.8, 0.09, color=PALE))
        for j, cell in enumerate(row):
            fig.text(cols[j], 0.555 - 0.12 * i, cell, fontsize=24, color="#222222")
    slides.append(
        (
            fig,
            "Winter opening hours\nDays Open Last entry\n" + "\n".join(" ".join(r) for r in HOURS),
        )
    )

    fig = video_slide(3, "Visitors last winter (thousands)")
    ax = fig.add_axes((0.16, 0.14, 0.74, 0.6))
    bars = ax.bar(
        [m for m, _ in WINTER_VISITORS], [v for _, v in WINTER_VISITORS], color=GREEN, width=0.6
    )
    ax.bar_label(
        bars, labels=[f"{v:.1f}" for _, v in WINTER_VISITORS], fontsize=20, padding=4, color=DARK
    )
    ax.set_ylim(0, 11)
    ax.tick_params(labelsize=20)
    ax.yaxis.set_visible(False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    slides.append(
        (
            fig,
            "Visitors last winter (thousands)\n"
            + "\n".join(f"{m} {v:.1f}" for m, v in WINTER_VISITORS),
        )
    )

    fig = video_slide(4, "Admission")
    for i, (who, price) in enumerate(PRICES):
        fig.text(0.14, 0.66 - 0.12 * i, who, fontsize=26, color="#222222")
        fig.text(0.80, 0.66 - 0.12 * i, price, fontsize=26, color=DARK, weight="bold", ha="right")
        fig.add_artist(plt.Line2D([0.14, 0.80], [0.645 - 0.12 * i] * 2, color="#dddddd", lw=1))
    slides.append((fig, "Admission\n" + "\n".join(f"{w} {p}" for w, p in PRICES)))

    fig = video_slide(5, "What to see this winter")
    for i, (plant, where) in enumerate(FLOWERING):
        fig.text(0.14, 0.66 - 0.14 * i, plant, fontsize=28, color=GREEN, weight="bold")
        fig.text(0.44, 0.66 - 0.14 * i, where, fontsize=26, color="#222222")
    slides.append((fig, "What to see this winter\n" + "\n".join(f"{p} {w}" for p, w in FLOWERING)))

    fig = video_slide(6, "Thank you")
    fig.text(
        0.14, 0.62, "Group bookings: visit@tidewater-garden.example", fontsize=24, color="#222222"
    )
    fig.text(0.14, 0.52, "Telephone: 01632 960417", fontsize=24, color="#222222")
    fig.text(0.14, 0.42, "Photography: Annika Lowry-Shaw", fontsize=24, color="#222222")
    slides.append(
        (
            fig,
            "Thank you\nGroup bookings: visit@tidewater-garden.example\n"
            "Telephone: 01632 960417\nPhotography: Annika Lowry-Shaw",
        )
    )

    out = []
    for i, (fig, text) in enumerate(slides, 1):
        png = work / f"vslide{i}.png"
        fig.savefig(png, metadata=PNG_META, facecolor="white")
        plt.close(fig)
        out.append((png, text))
    return out


def make_video(out: Path, work: Path, truth: Path) -> None:
    """6 slides x 10 s; narration (flite rms) starts 0.5 s into each slide."""
    slides = make_video_slides(work)
    concat = work / "vconcat.txt"
    lines = []
    with concat.open("w") as fh:
        for i, ((png, text), narr) in enumerate(zip(slides, VIDEO_NARRATION, strict=True)):
            raw, wav = work / f"vnarr{i}_raw.wav", work / f"vnarr{i}.wav"
            flite("rms", narr, raw, wav, 16000)
            d = seconds(wav)
            if d > SLIDE_S - 1.0:
                raise SystemExit(f"narration {i + 1} too long: {d:.1f} s")
            seg = work / f"vseg{i}.mp4"
            run(
                [
                    "ffmpeg",
                    "-nostdin",
                    "-v",
                    "error",
                    "-y",
                    "-loop",
                    "1",
                    "-framerate",
                    "10",
                    "-i",
                    str(png),
                    "-i",
                    str(wav),
                    "-filter_complex",
                    f"[1:a]aresample=44100,adelay=500,apad=whole_dur={SLIDE_S}[a]",
                    "-map",
                    "0:v",
                    "-map",
                    "[a]",
                    "-t",
                    str(SLIDE_S),
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-tune",
                    "stillimage",
                    "-pix_fmt",
                    "yuv420p",
                    "-g",
                    "20",
                    "-threads",
                    "1",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "64k",
                    "-ac",
                    "1",
                    "-fflags",
                    "+bitexact",
                    "-flags:v",
                    "+bitexact",
                    "-flags:a",
                    "+bitexact",
                    str(seg),
                ]
            )
            fh.write(f"file '{seg}'\n")
            t0 = i * SLIDE_S
            flat = text.replace("\n", " / ")
            lines.append(f"{t0:.2f}\t{t0 + SLIDE_S:.2f}\tslide\t{flat}")
            lines.append(f"{t0 + 0.5:.2f}\t{t0 + 0.5 + d:.2f}\tnarration\t{narr}")
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(concat),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            "-fflags",
            "+bitexact",
            str(out),
        ]
    )
    write_truth(truth, "tidewater_garden_winter_update.tsv", "\n".join(lines) + "\n")


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
    make_harvest_report(target / "pdf/thornbury_vale_harvest_report_2023.pdf", truth)
    make_reservoir_chart(target / "chart/glenmorrow_reservoir_storage_2023.png", truth)
    make_letter_scan(target / "scan/harrowfield_allotments_letter.pdf", work, truth)
    make_voicemail(target / "audio/pellingham_motors_voicemail.m4a", work, truth)
    make_lecture(target / "audio/aldermoor_wreck_lecture.flac", work, truth)
    make_video(target / "video/tidewater_garden_winter_update.mp4", work, truth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
