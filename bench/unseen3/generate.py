"""Generate the made-up files of the third unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR:
  pdf/skelbrook_fell_rescue_annual_report_2024.pdf  4-page A4 report laid out with reportlab:
                                    serif prose, a shaded "at a glance" box, ruled tables with a
                                    spanning header row, and two raster charts (horizontal bars,
                                    donut with percentage labels) whose text exists only as pixels
  chart/hollins_moor_climate_2024.png  climograph: rainfall bars (left axis, mm) and a mean
                                    temperature line (right axis, -6 to 18 degrees C), labelled
  scan/ashcombe_vet_vaccination_record.pdf  phone photo of a printed vaccination card: keystone
                                    perspective, table-top background, uneven light, colour cast,
                                    blur, sensor noise, JPEG; image only
  audio/brightwell_rail_booking_call.ogg  two-speaker phone booking in a cafe: flite kal16 (agent,
                                    slowed 8 %) and espeak-ng West Midlands female (customer,
                                    faster); cafe murmur and cup clinks; Ogg Vorbis
  audio/calderbrook_mill_audio_guide.mp3  museum audio-guide stop: chime, then espeak-ng Lancaster
                                    voice (lower pitch, sped up 6 %) in a reverberant hall; MP3
  video/copperfield_playhouse_autumn_2025.webm  7 dark slides of unequal length (9-12 s), 960x540,
                                    5 fps, VP9 + Opus, narrated by espeak-ng RP female; slides and
                                    narration carry different facts
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN3_ONLY=report,chart,scan,call,guide,video (comma-separated) makes only those files
(for development; obtain.sh always makes all). All names, places and facts are made up. Needs matplotlib, numpy, Pillow and reportlab, plus
espeak-ng, flite, sox, ffmpeg and img2pdf on the PATH. Output is repeatable on one machine
(fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact encoders).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab import rl_config

rl_config.invariant = 1  # no creation date or random document id in the PDF
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Image as RLImage,
)
from reportlab.platypus import (  # noqa: E402
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "svg.hashsalt": "unseen3",
        "path.simplify": False,
    }
)
PNG_META = {"Software": None}
BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"]
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


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


def chart_png(fig: plt.Figure) -> bytes:
    """Rasterise a chart so its labels exist only as pixels."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


# --------------------------------------------------------------------------- rescue report

TEAM = "Skelbrook Fell Rescue Team"
FOREWORD = [
    "In 2024 the team was called out 143 times, the busiest year in its 52-year history and "
    "19 more than in 2023. Our 61 volunteers, none of whom is paid, gave 9,870 hours to "
    "rescues, training and fundraising between them.",
    "The busiest single day was Sunday 11 August, when four separate incidents on Hartcrag Pike "
    "and in Wrenside Gill kept two teams on the hill until well after dark.",
    "In March we took delivery of a new Land Rover Defender ambulance. It cost £96,400, of which "
    "two thirds came from a legacy left by a former member, and it was named Brackenbeck after a "
    "vote by the pupils of Skelbrook Primary School.",
    "Our search dog Juniper, a four-year-old Border Collie handled by Callum Rees, passed her "
    "final assessment in June after two years of training and is now on the call-out list.",
    "The average call-out lasted 4 hours 20 minutes. The longest, a search for two overdue "
    "climbers on Black Sail Buttress in January, lasted 19 hours; both were found cold but "
    "unhurt in a boulder cave.",
    "None of this would be possible without the people who give us their money and their "
    "time. Thank you.",
]
GLANCE = [
    ("Call-outs", "143"),
    ("People helped", "154"),
    ("Volunteers", "61"),
    ("Volunteer hours", "9,870"),
]
INCIDENTS = [  # category, 2023, 2024, casualties 2024, team hours 2024
    ("Slip, trip or fall (lower limb injury)", "38", "44", "46", "2,310"),
    ("Lost or cragfast walkers", "27", "31", "58", "1,640"),
    ("Medical emergency", "14", "17", "17", "905"),
    ("Mountain bike accident", "9", "12", "12", "540"),
    ("Climbing fall", "8", "6", "7", "610"),
    ("Search for a missing person", "11", "14", "14", "1,985"),
    ("Animal rescue", "5", "4", "0", "120"),
    ("False alarm with good intent", "12", "15", "0", "260"),
    ("Total", "124", "143", "154", "8,370"),
]
SPENDING = [  # item, budget, actual, variance (GBP)
    ("Vehicles and fuel", "18,000", "21,450", "+3,450"),
    ("Medical supplies", "9,500", "8,870", "-630"),
    ("Radios and communications", "6,000", "7,215", "+1,215"),
    ("Training courses", "12,000", "11,340", "-660"),
    ("Base running costs", "14,500", "15,980", "+1,480"),
    ("Personal protective equipment", "8,000", "6,125", "-1,875"),
    ("Drone and thermal camera", "4,800", "5,390", "+590"),
    ("Total", "72,800", "76,370", "+3,570"),
]
AREAS = [  # horizontal bars: call-outs by area, 2024
    ("Hartcrag Pike", 29),
    ("Wrenside Gill", 22),
    ("Black Sail Buttress", 17),
    ("Langmere shore", 15),
    ("Skelbrook village and roads", 13),
    ("High Stile Moss", 12),
    ("Caudale Edge", 11),
    ("Other areas", 24),
]
INCOME = [  # donut: share of income, 2024
    ("Public donations", 34, "#1f4e79"),
    ("Legacies", 27, "#c0504d"),
    ("Grants and trusts", 16, "#9bbb59"),
    ("Fundraising events", 11, "#f79646"),
    ("Gift Aid", 5, "#8064a2"),
    ("Corporate sponsors", 4, "#4bacc6"),
    ("Shop and merchandise", 3, "#7f7f7f"),
]
INCOME_TOTAL = "£188,600"
COURSES = [  # course, provider, members qualified, month
    ("Casualty care certificate", "Northfell Rescue Academy", "9", "February"),
    ("Swiftwater rescue technician", "Tarnside Water Training", "6", "April"),
    ("Search management", "Pennine Search College", "4", "May"),
    ("Drone pilot (thermal imaging)", "Skyward Aerial School", "3", "September"),
    ("Rope rescue team leader", "Northfell Rescue Academy", "5", "November"),
]
P4_PARAS = [
    "Every member trains on two evenings a month and one full weekend a quarter. Alongside that "
    "in-house programme, members took the external courses listed in Table 3.",
    "Our three new drone pilots proved their worth within weeks: on a night in October the "
    "drone's thermal camera picked out a missing walker lying in bracken below Caudale Edge.",
    "Looking ahead, the trustees have approved plans for an extension to the Garth Howe base, "
    "with a drying room and a second garage bay. Fundraising for it starts in the spring.",
]


def rescue_charts() -> tuple[bytes, bytes, str, str]:
    """Horizontal bar chart and donut chart as PNG bytes, plus their pixel text."""
    fig, ax = plt.subplots(figsize=(7.2, 3.9), dpi=150)
    names = [a[0] for a in AREAS][::-1]
    vals = [a[1] for a in AREAS][::-1]
    cols = ["#9aa5b1" if n == "Other areas" else "#1f4e79" for n in names]
    bars = ax.barh(names, vals, color=cols, height=0.62)
    ax.bar_label(bars, labels=[str(v) for v in vals], padding=3, fontsize=9)
    ax.set_xlim(0, 34)
    ax.set_xlabel("call-outs")
    ax.tick_params(axis="y", labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("Call-outs by area, 2024", fontsize=12, weight="bold", loc="left")
    fig.tight_layout()
    hbar = chart_png(fig)
    hbar_text = "Call-outs by area, 2024 call-outs " + " ".join(f"{n} {v}" for n, v in AREAS)

    fig, ax = plt.subplots(figsize=(7.2, 4.0), dpi=150)
    shares = [i[1] for i in INCOME]
    wedges, _t, autot = ax.pie(
        shares,
        colors=[i[2] for i in INCOME],
        startangle=90,
        counterclock=False,
        autopct=lambda p: f"{p:.0f}%",
        pctdistance=0.80,
        wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 1.2},
        textprops={"fontsize": 8.5, "color": "white", "weight": "bold"},
    )
    for t, share in zip(autot, shares, strict=True):
        if share < 6:  # small slices: label outside in dark text
            x, y = t.get_position()
            t.set_position((x * 1.42, y * 1.42))
            t.set_color("#222222")
    ax.text(0, 0.08, INCOME_TOTAL, ha="center", va="center", fontsize=13, weight="bold")
    ax.text(0, -0.14, "total income", ha="center", va="center", fontsize=9, color="#555555")
    ax.legend(
        wedges,
        [i[0] for i in INCOME],
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        frameon=False,
        fontsize=9,
    )
    ax.set_aspect("equal")
    ax.set_title("Where our income came from, 2024", fontsize=12, weight="bold", loc="left")
    fig.tight_layout()
    donut = chart_png(fig)
    donut_text = f"Where our income came from, 2024 {INCOME_TOTAL} total income " + " ".join(
        f"{n} {s}%" for n, s, _ in INCOME
    )
    return hbar, donut, hbar_text, donut_text


def make_rescue_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab (text layer), two raster charts on page 3."""
    pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Sans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Sans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    red, ink = colors.HexColor("#b3261e"), colors.HexColor("#1d2a36")
    body = ParagraphStyle(
        "body",
        fontName="Serif",
        fontSize=10.2,
        leading=14.2,
        alignment=TA_JUSTIFY,
        spaceAfter=7,
        textColor=ink,
    )
    h1 = ParagraphStyle("h1", fontName="Sans-Bold", fontSize=26, leading=30, textColor=red)
    h2 = ParagraphStyle(
        "h2",
        fontName="Sans-Bold",
        fontSize=14,
        leading=18,
        textColor=ink,
        spaceBefore=6,
        spaceAfter=6,
    )
    sub = ParagraphStyle("sub", fontName="Serif", fontSize=12, leading=16, textColor="#555555")
    cap = ParagraphStyle(
        "cap",
        fontName="Sans-Bold",
        fontSize=9.5,
        leading=12,
        textColor=red,
        spaceBefore=4,
        spaceAfter=4,
    )
    note = ParagraphStyle("note", fontName="Sans", fontSize=8, leading=10, textColor="#555555")
    cell = ParagraphStyle("cell", fontName="Sans", fontSize=9, leading=11)
    pages = 4

    def frame(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(red)
        canvas.rect(0, A4[1] - 9 * mm, A4[0], 9 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("Sans-Bold", 9)
        canvas.drawString(18 * mm, A4[1] - 6 * mm, TEAM.upper())
        canvas.setFillColor("#555555")
        canvas.setFont("Sans", 8)
        canvas.drawString(18 * mm, 10 * mm, "Annual Report 2024  -  Registered charity no. 1187443")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page} of {pages}")
        canvas.restoreState()

    def ruled(data, widths, head_rows=1, span=None) -> Table:
        t = Table(data, colWidths=widths, repeatRows=head_rows)
        style = [
            ("FONT", (0, 0), (-1, -1), "Sans", 9),
            ("FONT", (0, 0), (-1, head_rows - 1), "Sans-Bold", 9),
            ("FONT", (0, -1), (-1, -1), "Sans-Bold", 9),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, ink),
            ("LINEBELOW", (0, head_rows - 1), (-1, head_rows - 1), 0.8, ink),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, ink),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, ink),
            ("ROWBACKGROUNDS", (0, head_rows), (-1, -2), [colors.white, "#f3eeee"]),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if span:
            style += span
        t.setStyle(TableStyle(style))
        return t

    hbar, donut, hbar_text, donut_text = rescue_charts()
    story: list = []
    # page 1: title, foreword, at-a-glance box
    story += [
        Paragraph("Annual Report 2024", h1),
        Spacer(1, 4),
        Paragraph("A record year on the fells", sub),
        Spacer(1, 12),
    ]
    glance = Table(
        [["2024 at a glance", ""], *[[a, b] for a, b in GLANCE]],
        colWidths=[45 * mm, 25 * mm],
        hAlign="RIGHT",
    )
    glance.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("BACKGROUND", (0, 0), (-1, -1), "#f6e7e6"),
                ("FONT", (0, 0), (-1, 0), "Sans-Bold", 10),
                ("FONT", (0, 1), (-1, -1), "Sans", 9.5),
                ("FONT", (1, 1), (1, -1), "Sans-Bold", 9.5),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ("BOX", (0, 0), (-1, -1), 0.8, red),
            ]
        )
    )
    story.append(glance)
    story += [Spacer(1, 8), Paragraph("From the team leader", h2)]
    story += [Paragraph(p, body) for p in FOREWORD]
    story += [
        Spacer(1, 4),
        Paragraph(
            "Morwenna Ashby-Clough, team leader",
            ParagraphStyle("sig", parent=body, fontName="Serif-Bold"),
        ),
        PageBreak(),
    ]
    # page 2: Table 1 and Table 2
    story += [
        Paragraph("Incidents and spending", h2),
        Paragraph(
            "Table 1 sorts every incident of the last two years into the category used in our "
            "returns to the regional rescue association. Team hours count the time from the "
            "first page to the last member standing down, added up over everyone who attended.",
            body,
        ),
        Paragraph("Table 1. Incidents by category", cap),
    ]
    head = [
        ["Category", "2023", "2024", "", ""],
        ["", "Incidents", "Incidents", "Casualties", "Team hours"],
    ]
    rows = [[Paragraph(r[0], cell), *r[1:]] for r in INCIDENTS]
    rows[-1][0] = "Total"
    story.append(
        ruled(
            head + rows,
            [72 * mm, 22 * mm, 22 * mm, 24 * mm, 26 * mm],
            head_rows=2,
            span=[
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (2, 0), (4, 0)),
                ("ALIGN", (1, 0), (-1, 0), "CENTER"),
                ("LINEBELOW", (2, 0), (4, 0), 0.5, ink),
                ("VALIGN", (0, 0), (0, 1), "BOTTOM"),
            ],
        )
    )
    story += [
        Spacer(1, 14),
        Paragraph(
            "Running costs came in above budget, mainly because of fuel prices and repairs to "
            "the older of our two vehicles. The new ambulance was paid for from restricted funds "
            "and is not included in Table 2.",
            body,
        ),
        Paragraph("Table 2. Expenditure against budget, 2024 (£)", cap),
        ruled(
            [["Item", "Budget", "Actual", "Variance"], *[list(r) for r in SPENDING]],
            [72 * mm, 30 * mm, 30 * mm, 30 * mm],
        ),
        Paragraph("A plus sign means we spent more than budgeted.", note),
        PageBreak(),
    ]
    # page 3: two raster charts (text only as pixels)
    story += [
        Paragraph("Where we went and who paid", h2),
        Paragraph(
            "Figure 1 shows the parts of our patch that generated the most work this year, and "
            "Figure 2 shows how the year's running costs were met. We receive no regular "
            "funding from central government.",
            body,
        ),
        RLImage(io.BytesIO(hbar), width=170 * mm, height=170 * mm * 3.9 / 7.2),
        Paragraph("Figure 1. Call-outs by area.", note),
        Spacer(1, 10),
        RLImage(io.BytesIO(donut), width=170 * mm, height=170 * mm * 4.0 / 7.2),
        Paragraph("Figure 2. Income by source.", note),
        PageBreak(),
    ]
    # page 4: training prose and Table 3
    story += [Paragraph("Training", h2)]
    story += [Paragraph(p, body) for p in P4_PARAS[:2]]
    story += [
        Paragraph("Table 3. External courses completed in 2024", cap),
        ruled(
            [["Course", "Provider", "Members qualified", "Month"], *[list(c) for c in COURSES]],
            [56 * mm, 52 * mm, 34 * mm, 28 * mm],
            span=[
                ("FONT", (0, -1), (-1, -1), "Sans", 9),
                ("ALIGN", (1, 0), (1, -1), "LEFT"),
                ("ALIGN", (3, 0), (3, -1), "LEFT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0, colors.white),
            ],
        ),
        Spacer(1, 12),
        Paragraph("Looking ahead", h2),
        Paragraph(P4_PARAS[2], body),
    ]
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
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
        "skelbrook_fell_rescue_annual_report_2024.p3.txt",
        "[pixels]\n" + hbar_text + "\n" + donut_text + "\n",
    )


# --------------------------------------------------------------------------- climograph

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
RAIN = [148, 121, 97, 64, 58, 71, 89, 102, 116, 163, 187, 171]
TEMP = [-1.8, -0.6, 2.4, 5.9, 9.7, 12.8, 14.6, 14.1, 11.2, 7.5, 3.1, -0.9]


def make_climograph(out: Path, truth: Path) -> None:
    """Rainfall bars on the left axis, temperature line on the right axis (negative values)."""
    fig, ax = plt.subplots(figsize=(10, 5.6), dpi=100)
    x = np.arange(12)
    ax.bar(x, RAIN, 0.62, color="#6f9cc3", label="Rainfall (mm)")
    for xi, r in zip(x, RAIN, strict=True):  # rainfall printed inside the foot of each bar
        ax.text(xi, 6, str(r), ha="center", va="bottom", fontsize=9.5, color="white", weight="bold")
    ax.set_ylim(0, 240)
    ax.set_ylabel("Rainfall (mm)", color="#2b5d87")
    ax.set_xticks(x, MONTHS)
    ax2 = ax.twinx()
    ax2.plot(x, TEMP, color="#c8553d", marker="o", lw=2.2, label="Mean temperature (°C)")
    for xi, t in zip(x, TEMP, strict=True):
        ax2.annotate(
            f"{t:.1f}",
            (xi, t),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            fontsize=9,
            color="#8f2d1c",
            weight="bold",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    ax2.set_ylim(-6, 18)
    ax2.axhline(0, color="#c8553d", lw=0.9, ls="--")
    ax2.text(-0.55, 0.35, "0 °C", color="#c8553d", fontsize=8.5, ha="left")
    ax2.set_ylabel("Mean temperature (°C)", color="#8f2d1c")
    for a in (ax, ax2):
        a.spines["top"].set_visible(False)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper center", ncol=2, frameon=False, fontsize=9)
    ax.set_title(
        "Hollins Moor weather station (412 m): monthly rainfall and mean temperature, 2024",
        fontsize=12,
        weight="bold",
    )
    total = sum(RAIN)
    ax.text(
        0.995,
        -0.13,
        f"Annual rainfall {total:,} mm",
        transform=ax.transAxes,
        ha="right",
        fontsize=9,
        color="#333333",
    )
    fig.tight_layout()
    fig.savefig(out, metadata=PNG_META, facecolor="white")
    plt.close(fig)
    text = (
        "Hollins Moor weather station (412 m): monthly rainfall and mean temperature, 2024 "
        "Rainfall (mm) Mean temperature (°C) 0 °C "
        + " ".join(f"{m} {r} mm {t:.1f} °C" for m, r, t in zip(MONTHS, RAIN, TEMP, strict=True))
        + f" Annual rainfall {total:,} mm ({total} mm)"
    )
    write_truth(truth, "hollins_moor_climate_2024.txt", text + "\n")


# --------------------------------------------------------------------------- vet record scan

VET_HEAD = [
    ("ASHCOMBE VETERINARY SURGERY", "SansB", 34),
    ("14 Tanners Row, Ashcombe  -  Tel. 01632 960 288", "Sans", 20),
    ("VACCINATION AND TREATMENT RECORD", "SansB", 26),
]
VET_PATIENT = [
    ("Patient", "Pickle"),
    ("Species / breed", "Dog / Cocker Spaniel"),
    ("Sex", "Female (neutered)"),
    ("Date of birth", "03/05/2021"),
    ("Microchip no.", "985 112 004 378 221"),
    ("Owner", "Ms Rhian Pellow"),
]
VET_TABLE_HEAD = ["Date", "Treatment", "Product / batch", "Weight", "Vet"]
VET_ROWS = [
    ("12/06/2021", "Primary vaccination 1", "Canivax DHP-L4 / A417B", "6.2 kg", "J. Okonkwo"),
    ("03/07/2021", "Primary vaccination 2", "Canivax DHP-L4 / A522C", "7.9 kg", "J. Okonkwo"),
    ("20/06/2022", "Annual booster (L4)", "Canivax L4 / B118F", "13.4 kg", "S. Marchetti"),
    ("14/09/2022", "Kennel cough (nasal)", "Tussivac IN / K093", "13.8 kg", "S. Marchetti"),
    ("22/06/2023", "Annual booster (DHP+L4)", "Canivax DHP-L4 / C301A", "14.1 kg", "H. Lindqvist"),
    ("02/11/2023", "Rabies (pet travel)", "Rabivet 3 / R770", "14.0 kg", "H. Lindqvist"),
    ("18/06/2024", "Annual booster (L4)", "Canivax L4 / D045E", "14.6 kg", "J. Okonkwo"),
]
VET_FOOT = [
    "Next booster due: June 2025",
    "ALERT: reacts to chlorhexidine - use an alternative skin prep.",
]


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list:
    """Coefficients for PIL's PERSPECTIVE transform mapping output points to input points."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return list(np.linalg.solve(np.array(a, float), np.array(b, float)))


def make_vet_scan(out: Path, work: Path, truth: Path) -> None:
    """A printed card photographed on a table with a phone; image-only PDF."""
    w, h = 1240, 1754
    page = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(page)
    font = {
        "Sans": str(FONT_DIR / "DejaVuSans.ttf"),
        "SansB": str(FONT_DIR / "DejaVuSans-Bold.ttf"),
        "Serif": str(FONT_DIR / "DejaVuSerif.ttf"),
    }
    f = lambda name, size: ImageFont.truetype(font[name], size)  # noqa: E731
    lines = []
    y = 90
    for text, name, size in VET_HEAD:
        d.text((w // 2, y), text, font=f(name, size), fill="#123a5a", anchor="mt")
        lines.append(text)
        y += size + 26
    d.line([(90, y), (w - 90, y)], fill="#123a5a", width=3)
    y += 30
    for k, v in VET_PATIENT:
        d.text((110, y), k + ":", font=f("Sans", 22), fill="#333333")
        d.text((420, y), v, font=f("Serif", 24), fill="#111111")
        lines.append(f"{k}: {v}")
        y += 40
    y += 30
    xs = [90, 250, 540, 840, 990, w - 90]
    d.rectangle([xs[0], y, xs[-1], y + 46], fill="#dde6ee")
    for i, head in enumerate(VET_TABLE_HEAD):
        d.text((xs[i] + 10, y + 11), head, font=f("SansB", 20), fill="#123a5a")
    lines.append(" | ".join(VET_TABLE_HEAD))
    top = y
    y += 46
    for row in VET_ROWS:
        for i, c in enumerate(row):
            d.text((xs[i] + 10, y + 14), c, font=f("Sans", 19), fill="#111111")
        lines.append(" | ".join(row))
        y += 56
        d.line([(xs[0], y), (xs[-1], y)], fill="#555555", width=1)
    for x in xs:
        d.line([(x, top), (x, y)], fill="#555555", width=2)
    d.rectangle([xs[0], top, xs[-1], y], outline="#333333", width=2)
    y += 50
    d.text((110, y), VET_FOOT[0], font=f("SansB", 24), fill="#111111")
    y += 56
    d.rectangle([100, y - 10, w - 100, y + 44], outline="#b3261e", width=3)
    d.text((120, y), VET_FOOT[1], font=f("SansB", 22), fill="#8e1a14")
    lines += VET_FOOT
    # a rubber stamp, slightly rotated
    stamp = Image.new("RGBA", (420, 120), (0, 0, 0, 0))
    sd = ImageDraw.Draw(stamp)
    sd.rounded_rectangle([4, 4, 416, 116], 14, outline=(60, 80, 170, 200), width=5)
    sd.text((210, 34), "ASHCOMBE VETS", font=f("SansB", 30), fill=(60, 80, 170, 200), anchor="mt")
    sd.text((210, 74), "18 JUN 2024", font=f("SansB", 26), fill=(60, 80, 170, 200), anchor="mt")
    stamp = stamp.rotate(-7, expand=True, resample=Image.BICUBIC)
    page.paste(stamp, (760, y + 90), stamp)
    lines.append("[stamp] ASHCOMBE VETS 18 JUN 2024")

    # photograph it: table-top background, keystone, light fall-off, cast, blur, noise, JPEG
    rng = np.random.default_rng(20240618)
    cw, ch = 1300, 1800
    wood = np.zeros((ch, cw, 3), np.float32)
    grain = np.sin(np.linspace(0, 60, cw))[None, :] * 10 + rng.normal(0, 6, (ch, cw))
    for c, base in enumerate((112, 78, 52)):
        wood[:, :, c] = base + grain
    bg = Image.fromarray(np.clip(wood, 0, 255).astype(np.uint8))
    quad = [(78, 52), (1238, 86), (1262, 1760), (40, 1736)]  # where the page corners land
    coeffs = _perspective_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = page.transform((cw, ch), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=None)
    mask = Image.new("L", (w, h), 255).transform((cw, ch), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    bg.paste(warped, (0, 0), mask)
    arr = np.asarray(bg).astype(np.float32)
    yy, xx = np.mgrid[0:ch, 0:cw]
    light = 1.02 - 0.30 * ((xx / cw) * 0.6 + (yy / ch) * 0.8) ** 1.6  # darker bottom right
    arr *= light[:, :, None]
    arr *= np.array([1.0, 0.955, 0.84], np.float32)  # warm indoor light
    arr += rng.normal(0, 5.5, arr.shape)
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    img = img.filter(ImageFilter.GaussianBlur(0.9))
    jpg = work / "vet_photo.jpg"
    img.save(jpg, "JPEG", quality=68, optimize=False, progressive=False, subsampling=2)
    run(
        [
            "img2pdf",
            "--nodate",
            "--engine",
            "internal",
            "--imgsize",
            "150dpi",
            "-o",
            str(out),
            str(jpg),
        ]
    )
    write_truth(truth, "ashcombe_vet_vaccination_record.p1.txt", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- booking call

CALL = [  # speaker, text
    ("agent", "Good afternoon, Brightwell Rail Holidays, Marcus speaking. How can I help?"),
    (
        "customer",
        "Hello. I'd like to book the Highland Lochs tour for two people, please. "
        "My name is Eleanor Voss.",
    ),
    (
        "agent",
        "Of course. The Highland Lochs tour lasts seven nights, and it leaves from "
        "Edinburgh Waverley station.",
    ),
    ("customer", "Which dates do you still have in September?"),
    (
        "agent",
        "There is space on Monday the fifteenth of September, and on Monday the twenty-ninth.",
    ),
    ("customer", "The fifteenth would be perfect. How much is it?"),
    ("agent", "It is one thousand four hundred and eighty pounds per person, sharing a twin room."),
    ("customer", "Does that include the steam train?"),
    (
        "agent",
        "Yes. The Glen Corran steam train is on day four, and every breakfast and dinner "
        "is included.",
    ),
    ("customer", "Lovely. Where do we stay for the first two nights?"),
    ("agent", "The first two nights are at the Kelpie Hotel in Pitlochry."),
    ("customer", "My husband uses a walking stick, so could we have a ground floor room?"),
    (
        "agent",
        "I have added that. Your booking reference is B for bravo, W for whisky, seven "
        "three nine one.",
    ),
    (
        "agent",
        "A deposit of two hundred pounds per person is due today, and the balance by the "
        "first of August.",
    ),
    ("customer", "Thank you, Marcus. Goodbye."),
]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Two voices (flite kal16 slowed, espeak-ng West Midlands female faster) in a cafe; Ogg."""
    rate = 16000
    t = 0.8
    parts = [str(silence(work / "call_lead.wav", 0.8, rate))]
    gap = silence(work / "call_gap.wav", 0.55, rate)
    lines = []
    for i, (who, text) in enumerate(CALL):
        raw, wav = work / f"call{i}_raw.wav", work / f"call{i}.wav"
        if who == "agent":
            run(["flite", "-voice", "kal16", "-t", text, "-o", str(raw)])
            to_mono(raw, wav, rate, "tempo", "-s", "0.92", "gain", "-n", "-3")
        else:
            run(
                [
                    "espeak-ng",
                    "-v",
                    "en-gb-x-gbcwmd+f3",
                    "-s",
                    "178",
                    "-p",
                    "58",
                    "-w",
                    str(raw),
                    text,
                ]
            )
            to_mono(raw, wav, rate, "gain", "-n", "-4")
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\t{who}\t{text}")
        parts += [str(wav), str(gap)]
        t += d + 0.55
    speech = work / "call_speech.wav"
    run(["sox", "-R", *parts, str(speech)])
    total = seconds(speech)
    murmur = work / "call_murmur.wav"
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
            str(murmur),
            "synth",
            f"{total:.3f}",
            "pinknoise",
            "band",
            "500",
            "900",
            "tremolo",
            "0.7",
            "40",
            "vol",
            "0.09",
        ]
    )
    clinks = []
    for k, at in enumerate((6.3, 21.7, 38.2, 55.9)):
        c = work / f"call_clink{k}.wav"
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
                str(c),
                "synth",
                "0.18",
                "pluck",
                f"{2600 + 300 * k}",
                "vol",
                "0.22",
                "pad",
                f"{at}",
                "0",
            ]
        )
        clinks.append(str(c))
    mixed = work / "call_mixed.wav"
    run(
        [
            "sox",
            "-R",
            "-m",
            str(speech),
            str(murmur),
            *clinks,
            "-b",
            "16",
            str(mixed),
            "gain",
            "-n",
            "-1",
        ]
    )
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
            "libvorbis",
            "-q:a",
            "2",
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
    write_truth(truth, "brightwell_rail_booking_call.tsv", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- audio guide

GUIDE = [
    "Welcome to stop number seven, the weaving shed.",
    "When Calderbrook Mill opened in eighteen fifty-two, this shed held three hundred and "
    "twenty power looms, all driven by a single steam engine.",
    "That engine, which you will see at stop nine, was built by Hargreaves and Pike of Bolton, "
    "and it produced four hundred horsepower.",
    "Most of the weavers were women and girls. The youngest worker in the wage books, Martha "
    "Binns, started here at the age of eleven.",
    "A weaver usually minded four looms at once, and the shed was so loud that the workers "
    "learned to talk by lip reading.",
    "The mill closed in nineteen seventy-eight, and the museum opened in the same buildings in "
    "nineteen eighty-five.",
    "The loom in front of you still weaves cloth every day at two o'clock in the afternoon.",
    "When you are ready, follow the blue arrows to stop eight, the cotton warehouse.",
]


def make_guide(out: Path, work: Path, truth: Path) -> None:
    """Chime, then espeak-ng Lancaster voice, lower pitch, sped up, in a reverberant hall; MP3."""
    rate = 22050
    chime = []
    for i, f in enumerate((784.0, 659.25)):
        n = work / f"guide_chime{i}.wav"
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
                "0.55",
                "sine",
                f"{f}",
                "fade",
                "q",
                "0.01",
                "0.55",
                "0.45",
                "vol",
                "0.35",
            ]
        )
        chime.append(str(n))
    intro = work / "guide_intro.wav"
    run(["sox", "-R", *chime, str(intro), "pad", "0", "0.9"])
    t = seconds(intro)
    parts = [str(intro)]
    gap = silence(work / "guide_gap.wav", 0.6, rate)
    lines = []
    for i, text in enumerate(GUIDE):
        raw, wav = work / f"guide{i}_raw.wav", work / f"guide{i}.wav"
        run(["espeak-ng", "-v", "en-gb-x-gbclan+m3", "-s", "150", "-p", "38", "-w", str(raw), text])
        to_mono(raw, wav, rate, "tempo", "-s", "1.06")
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\tguide\t{text}")
        parts += [str(wav), str(gap)]
        t += d + 0.6
    dry = work / "guide_dry.wav"
    run(["sox", "-R", *parts, str(dry), "pad", "0", "1.0"])
    hall = work / "guide_hall.wav"
    run(
        [
            "sox",
            "-R",
            str(dry),
            str(hall),
            "gain",
            "-4",
            "reverb",
            "45",
            "50",
            "85",
            "100",
            "20",
            "-2",
        ]
    )
    total = seconds(hall)
    hum = work / "guide_hum.wav"
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
            str(hum),
            "synth",
            f"{total:.3f}",
            "brownnoise",
            "vol",
            "0.02",
        ]
    )
    mixed = work / "guide_mixed.wav"
    run(["sox", "-R", "-m", str(hall), str(hum), "-b", "16", str(mixed), "gain", "-n", "-1.5"])
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
            "libmp3lame",
            "-b:a",
            "48k",
            "-ac",
            "1",
            "-ar",
            str(rate),
            *BITEXACT,
            "-write_xing",
            "0",
            "-id3v2_version",
            "0",
            "-threads",
            "1",
            str(out),
        ]
    )
    write_truth(truth, "calderbrook_mill_audio_guide.tsv", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- theatre video

NAVY, GOLD, CREAM = "#14213d", "#fca311", "#f1ece2"
SHOWS = [
    ("The Lighthouse Keeper's Daughter", "4 - 27 September", "Main House"),
    ("Twelfth Night", "2 - 25 October", "Main House"),
    ("Saltwater Radio (new play)", "9 - 18 October", "Studio"),
    ("The Snow Queen", "21 November - 4 January", "Main House"),
]
TICKETS = [
    ("Stalls", "£34"),
    ("Circle", "£28"),
    ("Balcony", "£18"),
    ("Under-26s, any seat", "£10"),
    ("Preview nights, any seat", "£15"),
]
LAST_SEASON = [
    ("Oliver Twist", 94),
    ("Blithe Spirit", 81),
    ("The Birthday Party", 63),
    ("Studio season", 72),
]
ACCESS = [
    ("Audio-described", "Twelfth Night", "Thu 16 October, 7.30pm"),
    ("Captioned", "Twelfth Night", "Wed 22 October, 7.30pm"),
    ("Relaxed", "The Snow Queen", "Sat 13 December, 2pm"),
    ("BSL-interpreted", "The Snow Queen", "Thu 18 December, 7pm"),
]
NARRATION = [
    "Hello, and welcome to the Copperfield Playhouse autumn season, the season in which we "
    "celebrate our fortieth birthday.",
    "Our season opens with a world premiere, and tickets for every show go on general sale on "
    "the second of June.",
    "Friends of the Playhouse book a week before everyone else and save ten percent on every "
    "ticket. Friendship costs thirty-five pounds a year.",
    "Last season, more than fifty-one thousand people came through our doors, a record for the "
    "Playhouse.",
    "During the run of The Snow Queen there is a free family workshop every Saturday morning at "
    "ten, in the rehearsal room.",
    "The number forty-two bus stops right outside the theatre, and the last one leaves at a "
    "quarter past eleven at night.",
    "Thank you for watching. We look forward to seeing you at the theatre.",
]
SLIDE_DUR = [9.0, 12.0, 11.0, 10.0, 11.0, 10.0, 8.0]
NARR_DELAY = 0.6


def theatre_slide(title: str, n: int) -> plt.Figure:
    """Dark navy slide, gold rule under a left-aligned title, slide counter top right."""
    fig = plt.figure(figsize=(9.6, 5.4), dpi=100)
    fig.patch.set_facecolor(NAVY)
    if title:
        fig.text(0.06, 0.86, title, fontsize=26, color=CREAM, weight="bold")
        fig.add_artist(plt.Line2D([0.06, 0.30], [0.835, 0.835], color=GOLD, lw=3))
    fig.text(0.95, 0.93, f"{n} / 7", fontsize=11, color=GOLD, ha="right")
    fig.text(0.06, 0.05, "COPPERFIELD PLAYHOUSE", fontsize=10, color=GOLD, weight="bold")
    return fig


def make_video_slides(work: Path) -> list[tuple[Path, str]]:
    slides: list[tuple[plt.Figure, str]] = []

    fig = theatre_slide("", 1)
    fig.add_artist(plt.Rectangle((0, 0.30), 0.04, 0.40, color=GOLD))
    fig.text(0.09, 0.60, "Copperfield Playhouse", fontsize=40, color=CREAM, weight="bold")
    fig.text(0.09, 0.48, "Autumn Season 2025", fontsize=28, color=GOLD)
    fig.text(0.09, 0.33, "Artistic director: Tobias Wren-Hallam", fontsize=17, color=CREAM)
    slides.append(
        (fig, "Copperfield Playhouse / Autumn Season 2025 / Artistic director: Tobias Wren-Hallam")
    )

    fig = theatre_slide("What's on", 2)
    cols = [0.06, 0.55, 0.82]
    for j, head in enumerate(["Production", "Dates", "Stage"]):
        fig.text(cols[j], 0.70, head.upper(), fontsize=12, color=GOLD, weight="bold")
    for i, row in enumerate(SHOWS):
        yy = 0.60 - 0.115 * i
        for j, c in enumerate(row):
            fig.text(
                cols[j],
                yy,
                c,
                fontsize=14 if j == 0 else 13,
                color=CREAM,
                weight="bold" if j == 0 else "normal",
            )
        fig.add_artist(plt.Line2D([0.06, 0.95], [yy - 0.04] * 2, color="#3a4a6b", lw=1))
    slides.append(
        (fig, "What's on / Production Dates Stage / " + " / ".join(" | ".join(r) for r in SHOWS))
    )

    fig = theatre_slide("Tickets", 3)
    for i, (who, price) in enumerate(TICKETS):
        yy = 0.68 - 0.11 * i
        fig.text(0.10, yy, who, fontsize=18, color=CREAM)
        fig.text(0.62, yy, price, fontsize=20, color=GOLD, weight="bold", ha="right")
    fig.text(
        0.68,
        0.45,
        "Book online or\nat the box office",
        fontsize=14,
        color="#9fb0cc",
        style="italic",
    )
    slides.append(
        (
            fig,
            "Tickets / "
            + " / ".join(f"{w} {p}" for w, p in TICKETS)
            + " / Book online or at the box office",
        )
    )

    fig = theatre_slide("Last season: seats sold", 4)
    ax = fig.add_axes((0.10, 0.16, 0.84, 0.58))
    ax.set_facecolor(NAVY)
    names = [s[0] for s in LAST_SEASON]
    vals = [s[1] for s in LAST_SEASON]
    bars = ax.bar(names, vals, color=GOLD, width=0.55)
    ax.bar_label(bars, labels=[f"{v}%" for v in vals], color=CREAM, fontsize=13, padding=3)
    ax.set_ylim(50, 100)
    ax.set_yticks([50, 60, 70, 80, 90, 100], [f"{v}%" for v in (50, 60, 70, 80, 90, 100)])
    ax.tick_params(colors=CREAM, labelsize=11)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    for s in ("left", "bottom"):
        ax.spines[s].set_color("#9fb0cc")
    slides.append(
        (fig, "Last season: seats sold / " + " / ".join(f"{n} {v}%" for n, v in LAST_SEASON))
    )

    fig = theatre_slide("Access performances", 5)
    for i, (kind, show, when) in enumerate(ACCESS):
        yy = 0.66 - 0.125 * i
        fig.text(0.06, yy, kind, fontsize=15, color=GOLD, weight="bold")
        fig.text(0.34, yy, show, fontsize=15, color=CREAM, style="italic")
        fig.text(0.62, yy, when, fontsize=15, color=CREAM)
    slides.append((fig, "Access performances / " + " / ".join(" | ".join(a) for a in ACCESS)))

    fig = theatre_slide("Visiting us", 6)
    visit = [
        "Box office: 0113 496 0581",
        "Open Monday to Saturday, 10am - 6pm",
        "Parking: Quayside car park, £4 after 5pm",
        "Step-free entrance on Mill Lane",
    ]
    for i, line in enumerate(visit):
        fig.text(0.08, 0.66 - 0.12 * i, line, fontsize=18, color=CREAM)
    slides.append((fig, "Visiting us / " + " / ".join(visit)))

    fig = theatre_slide("", 7)
    fig.text(0.5, 0.60, "Thank you", fontsize=40, color=CREAM, weight="bold", ha="center")
    fig.text(
        0.5,
        0.44,
        "Season sponsor: Harrowgate Building Society",
        fontsize=17,
        color=GOLD,
        ha="center",
    )
    fig.text(
        0.5,
        0.34,
        "Production photography: Ines Abara-Whitlock",
        fontsize=14,
        color="#9fb0cc",
        ha="center",
    )
    slides.append(
        (
            fig,
            "Thank you / Season sponsor: Harrowgate Building Society / "
            "Production photography: Ines Abara-Whitlock",
        )
    )

    out = []
    for i, (fig, text) in enumerate(slides, 1):
        png = work / f"tslide{i}.png"
        fig.savefig(png, metadata=PNG_META, facecolor=NAVY)
        plt.close(fig)
        out.append((png, text))
    return out


def make_video(out: Path, work: Path, truth: Path) -> None:
    """7 slides of unequal length; narration (espeak-ng RP female) 0.6 s into each; WebM."""
    slides = make_video_slides(work)
    rate = 48000
    parts = []
    lines = []
    t0 = 0.0
    concat = work / "tconcat.txt"
    with concat.open("w") as fh:
        for i, ((png, text), narr, dur) in enumerate(
            zip(slides, NARRATION, SLIDE_DUR, strict=True)
        ):
            raw, wav = work / f"tnarr{i}_raw.wav", work / f"tnarr{i}.wav"
            run(["espeak-ng", "-v", "en-gb-x-rp+f2", "-s", "158", "-w", str(raw), narr])
            to_mono(raw, wav, rate, "gain", "-n", "-2")
            d = seconds(wav)
            if d > dur - NARR_DELAY - 0.4:
                raise SystemExit(f"narration {i + 1} too long: {d:.2f} s for a {dur} s slide")
            lead = silence(work / f"tlead{i}.wav", NARR_DELAY, rate)
            tail = silence(work / f"ttail{i}.wav", dur - NARR_DELAY - d, rate)
            seg = work / f"tseg{i}.wav"
            run(["sox", "-R", str(lead), str(wav), str(tail), str(seg), "trim", "0", f"{dur}"])
            parts.append(str(seg))
            fh.write(f"file '{png}'\nduration {dur}\n")
            flat = text.replace("\n", " / ")
            lines.append(f"{t0:.2f}\t{t0 + dur:.2f}\tslide\t{flat}")
            lines.append(f"{t0 + NARR_DELAY:.2f}\t{t0 + NARR_DELAY + d:.2f}\tnarration\t{narr}")
            t0 += dur
        fh.write(f"file '{slides[-1][0]}'\n")
    track = work / "tnarration.wav"
    run(["sox", "-R", *parts, str(track)])
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
            "-i",
            str(track),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-vf",
            "fps=5,format=yuv420p",
            "-t",
            f"{t0}",
            "-c:v",
            "libvpx-vp9",
            "-b:v",
            "0",
            "-crf",
            "38",
            "-deadline",
            "good",
            "-cpu-used",
            "4",
            "-row-mt",
            "0",
            "-tile-columns",
            "0",
            "-g",
            "50",
            "-threads",
            "1",
            "-c:a",
            "libopus",
            "-b:a",
            "40k",
            "-ac",
            "1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            "-map_metadata",
            "-1",
            str(out),
        ]
    )
    write_truth(truth, "copperfield_playhouse_autumn_2025.tsv", "\n".join(lines) + "\n")


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
    only = os.environ.get("UNSEEN3_ONLY", "")
    jobs = {
        "report": lambda: make_rescue_report(
            target / "pdf/skelbrook_fell_rescue_annual_report_2024.pdf", truth
        ),
        "chart": lambda: make_climograph(target / "chart/hollins_moor_climate_2024.png", truth),
        "scan": lambda: make_vet_scan(
            target / "scan/ashcombe_vet_vaccination_record.pdf", work, truth
        ),
        "call": lambda: make_call(target / "audio/brightwell_rail_booking_call.ogg", work, truth),
        "guide": lambda: make_guide(target / "audio/calderbrook_mill_audio_guide.mp3", work, truth),
        "video": lambda: make_video(
            target / "video/copperfield_playhouse_autumn_2025.webm", work, truth
        ),
    }
    for name, job in jobs.items():
        if not only or name in only.split(","):
            job()
    return 0


if __name__ == "__main__":
    sys.exit(main())
