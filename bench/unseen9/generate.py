"""Generate the made-up files of the ninth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the Asymptote manual from
obtain.sh):
  pdf/larkmoor_community_transport_annual_report_2025_26.pdf  4-page A4 annual report of a
                                    community transport charity laid out with reportlab: teal
                                    header band, serif prose, ruled tables (p. 2, p. 4) and two
                                    vector charts drawn with reportlab.graphics (p. 3)
  chart/ferrymead_youth_orchestra_budget_2026.png  pie chart with labelled slices
  scan/mossgiel_chimney_sweeps_letter_and_certificate.pdf  worn 300 dpi greyscale scan of a
                                    typed 2-page letter (letter; sweep certificate and invoice
                                    with ruled tables); image only
  scan/culverhay_fishmonger_receipt.jpg  phone photo of a till receipt on a wooden table
  audio/wrenfield_regatta_planning_call_2026-05-19.mp3  three-person planning call (espeak-ng
                                    Welsh English/m4, New York English/f2, Lancastrian/m7); MP3
  video/bramblecote_model_railway_first_layout.mp4  narrated slide course: 6 slides
                                    (espeak-ng en-gb/m2)
  data/strathcairn_dog_grooming_appointments_2026-11.csv  appointment export
  mail/lockyer_gutters_replacement_quote.eml  gutter replacement quote e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN9_ONLY=report,pie,letter,receipt,call,course,csv,eml (comma-separated) makes only those
files (for development; obtain.sh always makes all). All names, places and facts are made up.
Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg (libmp3lame,
libx264) and img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is repeatable on
one machine (fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact
encoders). The rendering code follows bench/unseen8/generate.py.
"""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from reportlab import rl_config

rl_config.invariant = 1  # no creation date or random document id in the PDF
from reportlab.graphics.charts.barcharts import VerticalBarChart  # noqa: E402
from reportlab.graphics.charts.legends import Legend  # noqa: E402
from reportlab.graphics.charts.linecharts import HorizontalLineChart  # noqa: E402
from reportlab.graphics.shapes import Drawing, String  # noqa: E402
from reportlab.graphics.widgets.markers import makeMarker  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen9", "path.simplify": False}
)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/: the shared kit
from heldout_kit import (  # noqa: E402
    PNG_META,
    bilinear,
    font,
    perspective_coeffs,
    run_jobs,
    write_truth,
)
from heldout_media import brown_bed, encode_speech, lesson_video, speak_turns  # noqa: E402
from heldout_paper import (  # noqa: E402
    charges_table,
    closing_notes,
    invoice_heading,
    ruled_grid,
    scanned_pdf,
    typed_letter,
)
from heldout_report import band_frame, build_report, register_fonts, report_styles, ruled_table  # noqa: E402
from heldout_slides import CourseLook, course_slide  # noqa: E402

# =========================================================================== transport report

CT = "Larkmoor Community Transport"
CT_P1 = [
    "In the year to 31 March 2026 our dial-a-ride, community bus and hospital car services "
    "carried 71,540 passenger journeys, 8.1% more than in 2024-25 (66,180). Our 112 volunteer "
    "drivers gave 14,260 hours, and the fleet covered 388,900 miles.",
    "Two new low-floor minibuses with wheelchair lifts joined the fleet on 14 July 2025. They "
    "cost £168,000, paid for by a £120,000 grant from the Pennard Valley Rural Mobility Trust "
    "and £48,000 from our reserves.",
    "In October 2025 we started a Sunday service on community bus route 43 to Culm Ford, the "
    "first Sunday bus the village has had since 2011.",
    "Our transport manager, Ifeoma Castlewood, received the county's Unsung Hero award in "
    "February for setting up the hospital car scheme's new booking line.",
]
CT_P2 = (
    "Journeys grew on every service except shopping trips, which we cut from weekly to "
    "fortnightly in September 2025 when the Larkmoor Road superstore opened its own free bus."
)
CT_SERVICES = [  # service, 2024-25, 2025-26
    ("Dial-a-ride (door to door)", 24310, 26880),
    ("Community bus route 41", 15920, 17140),
    ("Community bus route 43", 9870, 11960),
    ("Hospital car scheme", 6140, 7020),
    ("Group hire", 5480, 5610),
    ("Shopping trips", 4460, 2930),
]
CT_INCOME = [  # source, 2024-25 £000, 2025-26 £000
    ("Fares and passes", 214, 236),
    ("County council contract", 382, 395),
    ("Group hire charges", 71, 74),
    ("Grants and donations", 96, 141),
    ("Membership fees", 18, 17),
    ("Advertising on buses", 9, 12),
]
CT_P2B = (
    "Grants and donations rose most, thanks to a three-year grant from the Harnby Foundation "
    "towards the hospital car scheme. Membership fees fell slightly because we stopped charging "
    "passengers aged 90 and over."
)
CT_P3 = (
    "Figure 1 shows the passenger journeys in each month of the last two years. Figure 2 splits "
    "this year's journeys by type of passenger."
)
CT_MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
CT_JOURNEYS = {
    "2024-25": [5380, 5720, 5610, 5240, 4810, 5630, 6020, 5890, 5150, 5310, 5460, 5960],
    "2025-26": [5730, 6050, 5940, 5870, 5260, 6110, 6620, 6480, 5390, 5570, 5950, 6570],
}
CT_QUARTERS = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]
CT_TYPES = {  # journeys per quarter, 2025-26
    "Older people": [10840, 10520, 11310, 10270],
    "Disabled passengers": [4620, 4480, 4830, 4650],
    "Other passengers": [2260, 2240, 2350, 3170],
}
CT_TYPE_COLORS = ["#0f6e6e", "#e07a1f", "#9aa5b1"]
CT_FLEET = [  # vehicle, seats, wheelchair spaces, year, miles 2025-26
    ("LCT 1  Peugeot Boxer minibus", "16", "2", "2019", "61,400"),
    ("LCT 2  Peugeot Boxer minibus", "16", "2", "2019", "58,900"),
    ("LCT 3  Ford Transit minibus", "14", "3", "2021", "66,200"),
    ("LCT 4  Renault Master low-floor", "12", "4", "2025", "44,700"),
    ("LCT 5  Renault Master low-floor", "12", "4", "2025", "42,300"),
    ("LCT 6  Optare Solo midibus", "29", "1", "2016", "72,800"),
    ("Volunteer cars (hospital scheme)", "-", "-", "-", "42,600"),
]
CT_P4 = [
    "Every minibus is inspected every ten weeks, and the oldest vehicle, our 2016 Optare Solo, "
    "is due to be replaced in 2027.",
    "All drivers hold the MiDAS minibus driver award, which they renew every four years; 23 new "
    "drivers passed it this year.",
]
CT_OUTLOOK = [
    "From 1 June 2026 a single dial-a-ride fare will rise from £3.50 to £3.80, the first rise "
    "since 2022. Concession passes stay at £25 a year.",
    "We hope to buy our first electric minibus in 2027, and we have applied to the Pennard "
    "Valley Rural Mobility Trust again for half of its cost.",
]


def ct_line_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Monthly passenger journeys, two years, lines with markers and value labels; vector."""
    title = "Figure 1. Passenger journeys per month"
    d = Drawing(170 * mm, 88 * mm)
    d.add(String(0, 84 * mm, title, fontName=famb, fontSize=10))
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 150 * mm, 62 * mm
    c.data = [CT_JOURNEYS["2024-25"], CT_JOURNEYS["2025-26"]]
    c.categoryAxis.categoryNames = CT_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 4000, 7000, 500
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e4e4e4")
    c.lines[0].strokeColor = colors.HexColor("#9e9e9e")
    c.lines[0].strokeDashArray = [3, 2]
    c.lines[1].strokeColor = colors.HexColor("#0f6e6e")
    c.lines[0].strokeWidth = c.lines[1].strokeWidth = 1.4
    c.lines[0].symbol = makeMarker("Square", size=4, fillColor=colors.white)
    c.lines[1].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor("#0f6e6e"))
    c.lineLabelFormat = "{:,}".format
    c.lineLabelNudge = 5
    c.lineLabels.fontName = fam
    c.lineLabels.fontSize = 6.3
    c.lineLabels[0].dy = -15  # the earlier year's labels below its points
    c.lineLabels[0].fillColor = colors.HexColor("#6d6d6d")
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 22 * mm, 79 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 60
    lg.colorNamePairs = [
        (c.lines[0].strokeColor, "2024-25"),
        (c.lines[1].strokeColor, "2025-26"),
    ]
    d.add(lg)
    text = [title, "legend: 2024-25, 2025-26"]
    for i, m in enumerate(CT_MONTHS):
        a, b = CT_JOURNEYS["2024-25"][i], CT_JOURNEYS["2025-26"][i]
        text.append(f"{m}: 2024-25 {a:,}, 2025-26 {b:,}")
    return d, text


def ct_grouped_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Journeys by passenger type per quarter as grouped bars with value labels; vector."""
    title = "Figure 2. Passenger journeys by type of passenger, 2025-26"
    d = Drawing(170 * mm, 84 * mm)
    d.add(String(0, 80 * mm, title, fontName=famb, fontSize=10))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 120 * mm, 62 * mm
    names = list(CT_TYPES)
    c.data = [CT_TYPES[n] for n in names]
    c.categoryAxis.categoryNames = CT_QUARTERS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 12000, 2000
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e4e4e4")
    for i, col in enumerate(CT_TYPE_COLORS):
        c.bars[i].fillColor = colors.HexColor(col)
    c.bars.strokeColor = None
    c.groupSpacing = 10
    c.barSpacing = 1.5
    c.barLabelFormat = "{:,}".format
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 6.3
    c.barLabels.boxAnchor = "s"
    c.barLabels.dy = 1
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 140 * mm, 58 * mm
    lg.fontName, lg.fontSize = fam, 8
    lg.alignment = "right"
    lg.columnMaximum = 3
    lg.colorNamePairs = [
        (colors.HexColor(col), n) for col, n in zip(CT_TYPE_COLORS, names, strict=True)
    ]
    d.add(lg)
    text = [title, "legend: " + ", ".join(names)]
    for q, quarter in enumerate(CT_QUARTERS):
        parts = ", ".join(f"{n} {CT_TYPES[n][q]:,}" for n in names)
        text.append(f"{quarter}: {parts}")
    return d, text


def make_transport_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    a_tot = sum(a for _, a, _ in CT_SERVICES)
    b_tot = sum(b for *_, b in CT_SERVICES)
    assert (a_tot, b_tot) == (66180, 71540), (a_tot, b_tot)
    assert round((b_tot / a_tot - 1) * 100, 1) == 8.1
    assert sum(CT_JOURNEYS["2024-25"]) == a_tot and sum(CT_JOURNEYS["2025-26"]) == b_tot
    for q in range(4):
        month_sum = sum(CT_JOURNEYS["2025-26"][3 * q : 3 * q + 3])
        assert sum(v[q] for v in CT_TYPES.values()) == month_sum, (q, month_sum)
    inc_a = sum(a for _, a, _ in CT_INCOME)
    inc_b = sum(b for *_, b in CT_INCOME)
    register_fonts(("Arial", "ArialB", "ArialI", "Times", "TimesB"))
    teal, ink = colors.HexColor("#0b4f4f"), colors.HexColor("#1c1c1c")
    body, h1, h2, sub, cap, note, sign = report_styles(teal, ink, grey="#5b5b5b")
    frame = band_frame(
        accent=teal,
        band=15,
        stripe=(colors.HexColor("#e07a1f"), 16.5, 1.5),
        text_y=9.5,
        left="LARKMOOR COMMUNITY TRANSPORT",
        right="Annual report  |  year to 31 March 2026",
        footer=CT + "  \u00b7  registered charity no. 1148206",
        page_label="{page} / 4",
    )
    ruled = partial(ruled_table, accent=teal, head_bg="#dcefed", rule="#95b8b5")

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Annual Report 2025-26", h1),
        Paragraph("Year to 31 March 2026", sub),
        Paragraph("From the chair of trustees", h2),
    ]
    story += [Paragraph(p, body) for p in CT_P1]
    story += [
        Spacer(1, 4),
        Paragraph("Torvald Pennycuick", sign),
        Paragraph("Chair of trustees, 12 May 2026", body),
        PageBreak(),
    ]
    story += [Paragraph("Journeys", h2), Paragraph(CT_P2, body)]
    story += [Paragraph("Table 1. Passenger journeys by service", cap)]
    rows = [["Service", "2024-25", "2025-26", "Change"]]
    for name, a, b in CT_SERVICES:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{a_tot:,}", f"{b_tot:,}", f"{(b_tot / a_tot - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), Spacer(1, 10)]
    story += [Paragraph("Income", h2), Paragraph(CT_P2B, body)]
    story += [Paragraph("Table 2. Income by source (£000)", cap)]
    rows = [["Source", "2024-25", "2025-26", "Change"]]
    for name, a, b in CT_INCOME:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{inc_a:,}", f"{inc_b:,}", f"{(inc_b / inc_a - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), PageBreak()]
    story += [Paragraph("Passengers", h2), Paragraph(CT_P3, body), Spacer(1, 6)]
    d1, t1 = ct_line_chart("Arial", "ArialB")
    d2, t2 = ct_grouped_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 8),
        d2,
        Paragraph(
            "Quarters are those of our financial year, which starts on 1 April. Older people: "
            "aged 65 and over; disabled passengers of any age are counted once, as disabled.",
            note,
        ),
        PageBreak(),
    ]
    story += [Paragraph("Fleet and drivers", h2)]
    story += [Paragraph(p, body) for p in CT_P4]
    story += [Paragraph("Table 3. Fleet at 31 March 2026", cap)]
    rows = [["Vehicle", "Seats", "Wheelchair spaces", "Year", "Miles 2025-26"]]
    rows += [list(r) for r in CT_FLEET]
    story += [ruled(rows, [62, 16, 32, 16, 30], False), Spacer(1, 10)]
    story += [
        KeepTogether([Paragraph("Looking ahead", h2)] + [Paragraph(p, body) for p in CT_OUTLOOK])
    ]
    build_report(out, story, frame, title="Annual Report 2025-26", author=CT, top_margin=24)
    write_truth(
        truth,
        "larkmoor_community_transport_annual_report_2025_26.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2) + "\n",
    )


# =========================================================================== pie chart (PNG)

PIE_TITLE = "Ferrymead Youth Orchestra: budget for 2026"
PIE_SUB = "Planned spending by category. Total £84,600"
PIE_CATS = [  # category, £
    ("Tutors and conductor", 31400),
    ("Hall and rehearsal rooms", 16900),
    ("Summer residential course", 14200),
    ("Instrument loans and repairs", 9300),
    ("Sheet music and licences", 5100),
    ("Concert costs", 4800),
    ("Insurance and admin", 2900),
]


def make_pie_chart(out: Path, truth: Path) -> None:
    """An ordinary pie chart: labelled slices with amounts and shares; PNG."""
    total = sum(v for _, v in PIE_CATS)
    assert total == 84600
    fig = plt.figure(figsize=(10.4, 6.6), dpi=100)
    ax = fig.add_axes([0.02, 0.03, 0.62, 0.80])
    cols = ["#3d405b", "#e07a5f", "#81b29a", "#f2cc8f", "#5e8fbf", "#b56576", "#a5a58d"]
    wedges, _ = ax.pie(
        [v for _, v in PIE_CATS],
        colors=cols,
        startangle=90,
        counterclock=False,
        wedgeprops={"linewidth": 1.5, "edgecolor": "white"},
    )
    ax.set_aspect("equal")
    labels = []
    for name, v in PIE_CATS:
        labels.append(f"{name}: £{v:,} ({v / total * 100:.1f}%)")
    fig.legend(
        wedges,
        labels,
        loc="center left",
        bbox_to_anchor=(0.60, 0.45),
        frameon=False,
        fontsize=11,
    )
    for w, (_, v) in zip(wedges, PIE_CATS, strict=True):
        if v / total < 0.08:
            continue
        ang = np.deg2rad((w.theta1 + w.theta2) / 2)
        ax.text(
            0.68 * np.cos(ang),
            0.68 * np.sin(ang),
            f"{v / total * 100:.0f}%",
            ha="center",
            va="center",
            fontsize=12,
            color="white",
            fontweight="bold",
        )
    fig.text(0.02, 0.94, PIE_TITLE, fontsize=15, fontweight="bold", color="#1f2937")
    fig.text(0.02, 0.895, PIE_SUB, fontsize=11.5, color="#4b5563")
    src = "Agreed by the trustees on 28 November 2025"
    fig.text(0.98, 0.015, src, fontsize=9, color="#6b7280", ha="right")
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines = [PIE_TITLE, PIE_SUB, *labels]
    lines += [f"{v / total * 100:.0f}%" for _, v in PIE_CATS if v / total >= 0.08]
    lines.append(src)
    write_truth(truth, "ferrymead_youth_orchestra_budget_2026.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned sweep letter

PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
SW_HEAD = [
    ("ArialB", 60, "Mossgiel Chimney Sweeps"),
    ("Arial", 34, "Unit 3, Tannery Yard  \u00b7  Kirkby Lonsett  \u00b7  KL4 7RW"),
    ("Arial", 34, "Tel 01632 960377  \u00b7  Guild of Master Sweeps member no. 2186"),
]
SW_ADDR = ["Mrs Ysolde Garside", "Fellside Cottage", "8 Beck Row", "Kirkby Lonsett", "KL4 2DN"]
SW_REFS = ["Our ref: MCS/6619", "Date: 3 November 2026"]
SW_SUBJECT = "Sweep of your chimneys on 29 October"
SW_BODY = [
    "Dear Mrs Garside,",
    "Thank you for having us on Thursday 29 October. We swept both chimneys: the sitting room "
    "flue, which serves your multi-fuel stove, and the dining room open fire.",
    "The sitting room flue had a heavy build-up of tar, which usually means the stove is being "
    "run too slowly or with wood that is not dry enough. Please burn only wood with a moisture "
    "content under 20%, and run the stove hot for twenty minutes each morning.",
    "Our smoke test found a small crack in the dining room chimney pot. It is not dangerous yet, "
    "but we would advise replacing the pot before next winter; Kelderby Roofing can do this for "
    "about £340.",
    "We also fitted a bird guard to the sitting room flue, as jackdaws had started to nest in it. "
    "Your certificate and invoice are on the next page. We recommend a sweep every twelve months "
    "for the open fire and every six months for the stove while it is in daily use.",
    "Yours sincerely,",
]
SW_SIGN = ["Callum Ravensworth", "Master Sweep"]
CERT_TITLE = "Certificate of chimney sweeping and invoice"
CERT_FIELDS = [
    ("Customer", "Mrs Ysolde Garside"),
    ("Address", "Fellside Cottage, 8 Beck Row, Kirkby Lonsett"),
    ("Date of sweep", "29 October 2026"),
    ("Certificate no.", "MCS-26-4471"),
]
CERT_TABLE = [  # appliance, flue, method, smoke test, condition
    ("Appliance", "Flue", "Method", "Smoke test", "Condition"),
    ("Multi-fuel stove", "Liner, 150 mm", "Rods and brush", "Pass", "Heavy tar"),
    ("Open fire", "Clay, 200 mm", "Power sweep", "Pass", "Cracked pot"),
]
CERT_CHARGES = [  # item, price
    ("Sweep: multi-fuel stove", "£75.00"),
    ("Sweep: open fire", "£65.00"),
    ("Bird guard, stainless steel (fitted)", "£58.00"),
    ("Smoke test (both flues)", "£20.00"),
]
CERT_TOTALS = [
    ("Total (no VAT charged)", "£218.00"),
    ("Paid on the day (card)", "£100.00"),
    ("Balance due by 17 November 2026", "£118.00"),
]


def _sweep_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y)."""
    d.rectangle([x0 + 40, y + 20, x0 + 100, y + 150], outline=50, width=9)  # a chimney stack
    d.rectangle([x0 + 25, y + 10, x0 + 115, y + 35], fill=50)


def render_sweep_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    total = sum(float(p[1:]) for _, p in CERT_CHARGES)
    assert abs(total - 218.0) < 0.001 and abs(total - 100 - 118) < 0.001
    pages, texts = [], []
    # ---- page 1: the letter
    img, lines = typed_letter(
        (PAGE_W, PAGE_H),
        SW_HEAD,
        SW_ADDR,
        SW_REFS,
        SW_SUBJECT,
        SW_BODY,
        SW_SIGN,
        signature=("C. Ravensworth", 64),
        page_label="Page 1 of 2",
        logo=_sweep_logo,
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250  # the left margin, as on page 1
    # ---- page 2: certificate and invoice
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    y, lines = invoice_heading(d, PAGE_W, x0, "Mossgiel Chimney Sweeps", CERT_TITLE, CERT_FIELDS)
    y += 90
    cols = [x0, x0 + 480, x0 + 860, x0 + 1260, x0 + 1600, PAGE_W - x0]
    y = ruled_grid(d, y, cols, CERT_TABLE, lines)
    y += 110
    y = charges_table(d, PAGE_W, x0, y, CERT_CHARGES, CERT_TOTALS, lines)
    y += 100
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "Next sweep due: stove by April 2027, open fire by October 2027.",
            "Please pay by bank transfer to Mossgiel Chimney Sweeps, sort code 40-18-22, account "
            "61730492, quoting MCS/6619.",
        ],
        "Page 2 of 2",
        lines,
    )
    pages.append(img)
    texts.append(lines)
    return pages, texts


def scan_worn(img: Image.Image, angle: float, seed: int) -> Image.Image:
    """A tired home scanner: skew, blur, uneven grey paper, noise, dust, a dark copier edge."""
    rng = np.random.default_rng(seed)
    rot = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    rot = rot.filter(ImageFilter.GaussianBlur(1.0))
    a = np.asarray(rot, np.float32)
    a = 234.0 - (255.0 - a) * 0.85  # grey paper, ink faded to dark grey
    h, w = a.shape
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    a -= 12.0 * (1 - yy) + 5.0 * (xx - 0.5) ** 2  # uneven lamp
    a[:, -34:] = np.minimum(a[:, -34:], 72.0 + rng.normal(0, 8, (h, 34)).astype(np.float32))
    a += rng.normal(0, 5.5, a.shape).astype(np.float32)
    dust = rng.random(a.shape) < 0.0008
    a[dust] -= 115.0
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_sweep_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 70), image-only PDF."""
    pages, texts = render_sweep_pages()
    scans = [
        scan_worn(img, angle, 9100 + i)
        for i, (img, angle) in enumerate(zip(pages, (-1.1, 0.8), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="sweep",
        truth_stem="mossgiel_chimney_sweeps_letter_and_certificate",
        quality=70,
    )


# =========================================================================== receipt photo

RC_W = 720
RC_HEAD = ["CULVERHAY FISHMONGER", "2 Harbour Steps, Culverhay", "Tel 01632 960548"]
RC_META = ["Sat 14 Nov 2026   10:42", "Till 2   Served by: Wenna", "Receipt no. 0318-2264"]
RC_ITEMS = [  # item, qty text, price
    ("Hake fillets", "0.62 kg @ £24.00/kg", "£14.88"),
    ("Scallops (king)", "6 @ £2.40", "£14.40"),
    ("Smoked haddock", "0.45 kg @ £18.50/kg", "£8.33"),
    ("Dressed crab", "1", "£9.50"),
    ("Mussels (rope grown)", "1.0 kg", "£5.20"),
    ("Samphire", "100 g", "£2.75"),
    ("Fish pie mix", "0.50 kg @ £15.00/kg", "£7.50"),
]
RC_TOTALS = [
    ("SUBTOTAL", "£62.56"),
    ("Loyalty card 5% off", "-£3.13"),
    ("TOTAL", "£59.43"),
    ("Contactless VISA ****7731", "£59.43"),
]
RC_FOOT = [
    "Items: 7",
    "Fresh fish is zero-rated for VAT",
    "Open Tue-Sat 8am-4pm",
    "Thank you - see you at the quay!",
]


def render_receipt() -> tuple[Image.Image, list[str]]:
    """A thermal till receipt (narrow, monospaced), with its text."""
    lines: list[tuple[str, str, str]] = []  # (left, right, style)
    lines += [(h, "", "c") for h in RC_HEAD] + [("", "", "rule")]
    lines += [(m, "", "l") for m in RC_META] + [("", "", "rule")]
    for item, qty, price in RC_ITEMS:
        lines.append((item, price, "l"))
        if qty != "1":
            lines.append(("  " + qty, "", "l"))
    lines.append(("", "", "rule"))
    lines += [(k, v, "b" if k == "TOTAL" else "l") for k, v in RC_TOTALS]
    lines.append(("", "", "rule"))
    lines += [(f, "", "c") for f in RC_FOOT]
    lh = 40
    h = 60 + lh * len(lines) + 60
    img = Image.new("RGB", (RC_W, h), (247, 246, 240))
    d = ImageDraw.Draw(img)
    y = 50
    text: list[str] = []
    for left, right, style in lines:
        f = font(
            "CourierB" if style in ("b", "c") and left in (RC_HEAD[0], "TOTAL") else "Courier", 27
        )
        if style == "rule":
            d.text((40, y), "-" * 40, font=f, fill=(60, 60, 60))
        elif style == "c":
            d.text((RC_W // 2, y), left, font=f, fill=(35, 35, 35), anchor="ma")
            text.append(left)
        else:
            d.text((40, y), left, font=f, fill=(35, 35, 35))
            if right:
                d.text((RC_W - 40, y), right, font=f, fill=(35, 35, 35), anchor="ra")
            text.append(f"{left.strip()} {right}".strip())
        y += lh
    return img, text


def make_receipt_photo(out: Path, truth: Path) -> None:
    """Phone photo of the receipt on a wooden table: perspective, curl shading, shadow; JPEG."""
    rc, text = render_receipt()
    rng = np.random.default_rng(9303)
    pw, ph = 1200, 1600
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    grain = np.sin(xs * 0.045 + 3.0 * np.sin(ys * 0.004)) * 0.5 + 0.5
    fine = np.asarray(
        Image.fromarray(np.clip(rng.normal(128, 50, (ph, pw)), 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(1.2)
        ),
        np.float32,
    )
    shade = 0.80 + 0.10 * grain + 0.001 * (fine - 128)
    table = np.stack([shade * 150, shade * 104, shade * 66], axis=-1)
    nh, nw = rc.height, rc.width
    dst = [(300, 90), (930, 130), (990, 1520), (220, 1490)]
    src = [(0, 0), (nw, 0), (nw, nh), (0, nh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    sample, inside = bilinear(np.asarray(rc, np.float32), u, v, 0.0)
    # the paper curls a little: darker towards its long edges
    curl = 1.0 - 0.10 * np.abs((np.clip(u, 0, nw) / nw) - 0.5) * 2
    sample = sample * curl[..., None]
    mask = inside.astype(np.float32)
    shadow = np.roll(np.roll(mask, 14, axis=0), -12, axis=1)
    shadow = (
        np.asarray(
            Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(10)),
            np.float32,
        )
        / 255.0
    )
    photo = table * (1 - 0.40 * shadow[..., None])
    photo = np.where(mask[..., None] > 0, sample, photo)
    fall = 1.0 - 0.22 * ((xs / pw) * 0.5 + (ys / ph) * 0.5)  # window light from the upper left
    photo = photo * fall[..., None] * np.array([0.98, 0.99, 1.0], np.float32)
    photo += rng.normal(0, 3.0, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    img.save(out, "JPEG", quality=84, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "culverhay_fishmonger_receipt.txt", "\n".join(text) + "\n")


# =========================================================================== regatta call (audio)

CALL_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB
    "Rhodri": ("en-gb-x-gbcwmd+m4", "132", "40", -1.5),
    "Marisol": ("en-us-nyc+f2", "135", "58", -2.0),
    "Dermot": ("en-gb-x-gbclan+m7", "132", "45", -2.0),
}
CALL = [
    (
        "Rhodri",
        "Hello everyone, thanks for joining. This is the Wrenfield Regatta planning call for the "
        "nineteenth of May. The regatta is on Saturday the eleventh of July, on the river at "
        "Wrenfield Meadows.",
    ),
    ("Rhodri", "Marisol, how many crews have entered so far?"),
    (
        "Marisol",
        "We have one hundred and twelve crews entered, from twenty-three clubs. That is up from "
        "ninety-four crews last year.",
    ),
    ("Marisol", "Entries close on Friday the twenty-sixth of June, at midnight."),
    ("Rhodri", "Great. Dermot, what about the money side?"),
    (
        "Dermot",
        "The entry fee is eighteen pounds per rower, the same as last year. Our main sponsor is "
        "Hatchmere Building Society, who are giving us one thousand five hundred pounds.",
    ),
    (
        "Dermot",
        "The marquee hire from Pavilion Tents will cost nine hundred and forty pounds, and we "
        "have booked two portable toilet blocks.",
    ),
    ("Rhodri", "And safety cover on the water?"),
    (
        "Marisol",
        "We will have three safety launches. The first aid cover is from the Red Heron First "
        "Aid team, and the lead medic is called Priya.",
    ),
    (
        "Rhodri",
        "Racing starts at eight thirty in the morning, and the last final is at five fifteen in "
        "the afternoon.",
    ),
    (
        "Dermot",
        "For parking, the farmer has let us use the top field, and we will charge five pounds "
        "per car.",
    ),
    (
        "Marisol",
        "If the river is on a red flag because of high water, we will cancel, and we will tell "
        "the clubs by six o'clock the evening before.",
    ),
    (
        "Rhodri",
        "Thank you both. The next call is on Tuesday the ninth of June, at the same time.",
    ),
]
CALL_GAPS = [0.8, 0.7, 0.9, 0.6, 0.8, 0.7, 0.9, 0.7, 0.8, 0.6, 0.9, 1.0]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Three regatta organisers on a call, slow and clear, room tone; MP3."""
    rate = 44100
    s, lines = speak_turns(
        CALL,
        CALL_VOICES,
        CALL_GAPS,
        work,
        rate,
        prefix="call",
        lead=1.0,
        espeak_opts=("-g", "4"),
        pre=("gain", "-6", "highpass", "110", "lowpass", "7000"),
        post=("reverb", "12", "50", "30", "100", "0", "0"),
    )
    rng = np.random.default_rng(9409)
    brown = brown_bed(rng, len(s))
    room = brown * 0.008 + rng.normal(0, 0.002, len(s))
    mix = s * 0.85 + room
    encode_speech(mix, work / "call.wav", out, rate, "mp3")
    write_truth(truth, "wrenfield_regatta_planning_call_2026-05-19.tsv", "\n".join(lines) + "\n")


# =========================================================================== railway course (video)

LEC_W, LEC_FPS = 1280, 15  # slides are 1280 x 720 (heldout_slides.W x H)
LEC_VOICE = ("en-gb+m2", "135", "44")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.9, 0.6, 1.5
LEC_ACCENT = "#283d3b"
LEC_RED = "#c44536"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Your first model railway layout",
        "lines": ["Bramblecote Model Railway Club", "Beginners' evening, Thursday 5 November 2026"],
        "narr": [
            "Welcome to Bramblecote Model Railway Club. I am Kasimir Threlkeld, and I will take "
            "you through building your first layout.",
            "I have been building layouts for thirty-one years.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Choosing a scale",
        "lines": [
            "OO gauge: 1:76 scale, 16.5 mm track",
            "N gauge: 1:148 scale, 9 mm track",
            "Start with OO: parts are easiest to find",
            "A starter set costs about £150",
        ],
        "narr": [
            "Most beginners in Britain start with OO gauge, because the parts are easiest to find.",
            "N gauge lets you fit far more railway into a small room.",
        ],
    },
    {
        "kind": "table",
        "title": "Baseboard sizes",
        "lines": [
            "Layout|Baseboard|Room needed",
            "Oval (starter)|1.8 m x 1.2 m|2.6 m x 2.0 m",
            "Shelf shunting plank|2.4 m x 0.3 m|one wall",
            "Branch line terminus|3.0 m x 0.6 m|3.2 m x 1.5 m",
        ],
        "narr": [
            "We build baseboards from twelve millimetre birch plywood, which does not warp.",
            "Leave at least sixty centimetres to walk round the board.",
        ],
    },
    {
        "kind": "chart",
        "title": "Gradients: keep them gentle",
        "lines": ["Steeper than 1 in 40 and most locomotives slip"],
        "narr": [
            "The chart shows how many wagons a typical tank engine can pull up each gradient.",
            "On the level it pulled twenty-four wagons, but on one in thirty only six.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Wiring and control",
        "lines": [
            "DCC: each locomotive has its own decoder",
            "Solder dropper wires every 1 metre",
            "Test every section before ballasting",
        ],
        "narr": [
            "A digital control system with a decoder in each locomotive lets you run two trains "
            "on the same track.",
            "A decoder costs about twenty-five pounds, and club members can borrow the club's "
            "soldering station.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Club evenings",
        "lines": [
            "Thursdays 7 pm to 9.30 pm, Bramblecote Old School",
            "Membership £48 a year (juniors £12)",
            "Open day: Saturday 13 March 2027",
        ],
        "narr": [
            "Bring your own locomotives to test on the club's test track on the first Thursday "
            "of every month.",
            "Thank you, and happy modelling.",
        ],
    },
]
LEC_GRADE = [("level", 24), ("1 in 80", 17), ("1 in 50", 11), ("1 in 40", 8), ("1 in 30", 6)]


def lec_chart_png() -> Image.Image:
    """The slide's small bar chart (values on the bars)."""
    fig = plt.figure(figsize=(7.6, 3.9), dpi=100)
    ax = fig.add_axes([0.10, 0.16, 0.86, 0.70])
    xs = np.arange(len(LEC_GRADE))
    vals = [v for _, v in LEC_GRADE]
    bars = ax.bar(xs, vals, color="#197278", width=0.58)
    for b, v in zip(bars, vals, strict=True):
        ax.text(
            b.get_x() + b.get_width() / 2, v + 0.4, f"{v}", ha="center", va="bottom", fontsize=12
        )
    ax.set_xticks(xs, [m for m, _ in LEC_GRADE], fontsize=11)
    ax.set_xlabel("gradient", fontsize=10)
    ax.set_ylim(0, 28)
    ax.set_ylabel("wagons hauled", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.02, 0.93, "Wagons a small tank engine can pull", fontsize=12, fontweight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lec_title_art(d: ImageDraw.ImageDraw) -> None:
    """The picture on the course's title slide."""
    d.line([(0, 640), (LEC_W, 640)], fill="#8d8d8d", width=6)  # rails and sleepers
    d.line([(0, 680), (LEC_W, 680)], fill="#8d8d8d", width=6)
    for k in range(0, LEC_W, 40):
        d.rectangle([k, 630, k + 14, 690], fill="#5b4636")


LEC_LOOK = CourseLook(
    background="#fdfbf5",
    accent=LEC_ACCENT,
    rule=LEC_RED,
    ink="#1b1f1d",
    subtitle="#e6e2d8",
    title_size=56,
    marker="square",
    table_cols=(60, 500, 860, 1220),
    table_top=170,
    row_h=95,
    head_fill="#e3e8e4",
    outline="#7d8c85",
    number=("#b9c2bd", "#6b7a70"),
    decorate=lec_title_art,
)


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One course slide (cream, dark green title bar, red rule), with its text."""
    chart_texts = ["Wagons a small tank engine can pull", *[f"{m} {v}" for m, v in LEC_GRADE]]
    return course_slide(i, LEC_SLIDES, LEC_LOOK, lec_chart_png, chart_texts)


def make_course(out: Path, work: Path, truth: Path) -> None:
    """Recorded course: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "bramblecote_model_railway_first_layout.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=("-g", "4"),
        effects=("gain", "-n", "-2", "reverb", "8", "50", "20", "100", "0", "0"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=9511,
        hiss=0.0015,  # the clubroom microphone's hiss
    )


# =========================================================================== CSV export

CSV_GROOMERS = ["Nadia", "Oskar", "Nadia", "Bethan"]
CSV_SERVICES = {  # service -> base price £ (small dog); medium +£8, large +£16
    "Full groom": 42,
    "Bath and brush": 28,
    "Nail clip": 10,
    "Puppy intro": 20,
}
CSV_SIZE_EXTRA = {"small": 0, "medium": 8, "large": 16}
CSV_FIXED = {  # appointment -> dog, breed, size, service, status, minutes
    4407: ("Bramble", "Old English Sheepdog", "large", "Full groom", "Completed", 150),
    4412: ("Pippin", "Cockapoo", "medium", "Full groom", "Cancelled", None),
    4416: ("Mabel", "Bichon Frise", "small", "Bath and brush", "No-show", None),
    4421: ("Ziggy", "Whippet", "medium", "Nail clip", "Completed", 10),
    4425: ("Hector", "Newfoundland", "large", "Bath and brush", "Cancelled", None),
}
CSV_DOGS = [
    ("Luna", "Cavapoo", "small"),
    ("Bailey", "Labrador", "large"),
    ("Nell", "Border Terrier", "small"),
    ("Rufus", "Springer Spaniel", "medium"),
    ("Tilly", "Shih Tzu", "small"),
    ("Murphy", "Golden Retriever", "large"),
    ("Poppy", "Miniature Schnauzer", "small"),
    ("Alfie", "Cocker Spaniel", "medium"),
]


def make_grooming_csv(out: Path) -> None:
    """A dog groomer's November appointment export: 28 rows, CRLF, blanks for non-visits."""
    rng = np.random.default_rng(9613)
    rows = []
    slots = ["08:30", "09:00", "10:30", "11:00", "13:00", "14:30", "15:30"]
    for k, n in enumerate(range(4401, 4429)):
        day = 2 + k
        slot = slots[int(rng.integers(0, len(slots)))]
        groomer = CSV_GROOMERS[int(rng.integers(0, len(CSV_GROOMERS)))]
        if n in CSV_FIXED:
            dog, breed, size, service, status, mins = CSV_FIXED[n]
        else:
            dog, breed, size = CSV_DOGS[int(rng.integers(0, len(CSV_DOGS)))]
            service = ["Full groom", "Full groom", "Bath and brush", "Nail clip"][
                int(rng.integers(0, 4))
            ]
            status = "Completed"
            base = {"Full groom": 75, "Bath and brush": 45, "Nail clip": 12}[service]
            mins = base + 15 * int(rng.integers(0, 3)) if service != "Nail clip" else 12
        price = CSV_SIZE_EXTRA[size] + CSV_SERVICES[service] if service != "Nail clip" else 10
        rows.append(
            [
                f"SDG-{n}",
                f"2026-11-{day:02d}",
                slot,
                dog,
                breed,
                size,
                service,
                groomer,
                f"{price:.2f}",
                status,
                "" if mins is None else str(mins),
            ]
        )
    assert sum(r[9] == "Cancelled" for r in rows) == 2
    assert sum(r[9] == "No-show" for r in rows) == 1
    assert max(int(r[10]) for r in rows if r[10]) == 150
    assert sum(r[10] == "150" for r in rows) == 1
    head = [
        "appointment_id",
        "date",
        "time",
        "dog_name",
        "breed",
        "size",
        "service",
        "groomer",
        "price_gbp",
        "status",
        "minutes_taken",
    ]
    text = "\r\n".join(",".join(r) for r in [head, *rows])
    out.write_bytes((text + "\r\n").encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Idris Lockyer <idris@lockyergutters.example>
To: Kasia Nowak-Bell <kasia.nowakbell@postbox.example>
Subject: Quote LG-5307: new gutters and downpipes at 27 Orchard Rise
Date: Wed, 11 Nov 2026 09:18:40 +0000
Message-ID: <20261111091840.5307@lockyergutters.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Ms Nowak-Bell,

Thank you for showing me round on Monday. Here is our quote for replacing
the gutters and downpipes on your house, as we discussed.

  Work:        remove the old cast-iron gutters; fit new aluminium
               gutters (deep flow, 125 mm) and two new downpipes
  Length:      24 metres of gutter, front and back
  Colour:      anthracite grey (RAL 7016), powder coated
  Quote ref:   LG-5307
  Price:       £3,480 including VAT
  Start date:  Monday 30 November 2026, about three days on site

We will put up a scaffold tower rather than full scaffolding, because the
back of the house is only two storeys; the tower is included in the price.

We ask for a deposit of £500 to book the start date, and the balance when
the work is finished. The new gutters come with a 15-year guarantee.

The old cast iron will be taken away for recycling at no extra cost. If
the fascia boards behind the gutters turn out to be rotten, replacing them
would cost £38 per metre extra; we will show you before doing any of it.

Kind regards,

Idris Lockyer
Lockyer Gutters & Fascias, 4 Mill Yard, Hensham
01632 960719
"""


def make_email(out: Path) -> None:
    """A plain-text gutter quote as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": (
        "pdf/larkmoor_community_transport_annual_report_2025_26.pdf",
        "make_transport_report",
        False,
    ),
    "pie": ("chart/ferrymead_youth_orchestra_budget_2026.png", "make_pie_chart", False),
    "letter": (
        "scan/mossgiel_chimney_sweeps_letter_and_certificate.pdf",
        "make_sweep_letter",
        True,
    ),
    "receipt": ("scan/culverhay_fishmonger_receipt.jpg", "make_receipt_photo", False),
    "call": ("audio/wrenfield_regatta_planning_call_2026-05-19.mp3", "make_call", True),
    "course": ("video/bramblecote_model_railway_first_layout.mp4", "make_course", True),
    "csv": ("data/strathcairn_dog_grooming_appointments_2026-11.csv", "make_grooming_csv", None),
    "eml": ("mail/lockyer_gutters_replacement_quote.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN9_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
