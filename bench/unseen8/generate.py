"""Generate the made-up files of the eighth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the AMC manual from
obtain.sh):
  pdf/ashlingham_tennis_centre_annual_report_2025_26.pdf  4-page A4 annual report of a tennis
                                    and padel club laid out with reportlab: purple header band,
                                    serif prose, ordinary ruled tables (p. 2, p. 4) and two vector
                                    charts drawn with reportlab.graphics (p. 3: a two-year line
                                    chart and grouped bars, labels in the text layer)
  chart/felldyke_climbing_wall_sessions_2024_2025.png  horizontal grouped bar chart (two
                                    years) with value labels and a legend
  scan/wyndham_eyecare_prescription_and_invoice.pdf  worn 300 dpi greyscale scan of a typed
                                    2-page optician's letter (letter; prescription and order form
                                    with ruled tables): skew, blur, noise, speckles, a copier
                                    edge; image only
  scan/ardmore_house_hotel_guest_card.jpg  phone photo of a printed guest information card
                                    lying on a linen tablecloth (perspective, shadow, key card)
  audio/corrieside_scouts_summer_camp_call_2026-06-10.mp3  three-person planning call
                                    (espeak-ng Scottish/m1, Received Pronunciation/f1, US English/m5), room
                                    tone; MP3
  video/hesketh_dale_dry_stone_walling_beginners_day.mp4  narrated slide course: 7 slides
                                    (espeak-ng Received Pronunciation/m3)
  data/lockhouse_escape_rooms_bookings_2026-10.csv  escape-room booking export
  mail/tarrant_piano_restoration_quote.eml  piano restorer's quote and collection e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN8_ONLY=report,hbars,letter,card,call,course,csv,eml (comma-separated) makes only those
files (for development; obtain.sh always makes all). All names, places and facts are made up.
Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg (libmp3lame,
libx264) and img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is repeatable on
one machine (fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact
encoders).
"""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker
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
    TableStyle,
)

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen8", "path.simplify": False}
)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/: the shared kit
from heldout_kit import (  # noqa: E402
    PNG_META,
    bilinear,
    font,
    perspective_coeffs,
    run_jobs,
    wrap,
    write_truth,
)
from heldout_media import brown_bed, encode_speech, lesson_video, speak_turns  # noqa: E402
from heldout_paper import closing_notes, scanned_pdf, signed_letter  # noqa: E402
from heldout_report import band_frame, build_report, register_fonts, report_styles, ruled_table  # noqa: E402

# =========================================================================== tennis centre report

TC = "Ashlingham Tennis and Padel Centre"
TC_P1 = [
    "Income for the year to 30 September 2026 was £1,286,000, 9.2% more than in 2024-25 "
    "(£1,178,000). Members and visitors booked 41,320 court hours, the most since the centre "
    "opened in 2009, and membership passed 1,100 for the first time.",
    "Our two new padel courts opened on 6 March 2026 after an eleven-week build. They cost "
    "£275,000, paid for by a £180,000 grant from the Wessex Sport Facilities Fund and £95,000 "
    "from our reserves, and they were fully booked on most weekday evenings by the summer.",
    "In November 2025 the floodlights on outdoor courts 5 to 8 were replaced with LED lights, "
    "which use about 60% less electricity and light the courts more evenly.",
    "Our head coach, Lewin Hallworth, was named Coach of the Year at the county tennis awards in "
    "June, and our under-14 girls' team won the county summer league for the first time.",
]
TC_P2 = (
    "Membership grew in every category except adult off-peak, where several members moved to "
    "full membership once the new floodlights made evening play on the outdoor courts more "
    "pleasant. The padel-only membership was introduced in March."
)
TC_MEMBERS = [  # category, 2024-25, 2025-26, annual fee 2025-26
    ("Adult (full)", 412, 438, "£385"),
    ("Adult (off-peak)", 96, 88, "£240"),
    ("Family (2 adults, 2 juniors)", 74, 81, "£690"),
    ("Junior (under 18)", 265, 301, "£95"),
    ("Student (18 to 25)", 38, 52, "£150"),
    ("Senior (65 and over)", 121, 134, "£260"),
    ("Padel only (from March 2026)", 0, 67, "£210"),
]
TC_INCOME = [  # source, 2024-25 £000, 2025-26 £000
    ("Membership subscriptions", 402, 438),
    ("Court hire (pay and play)", 236, 281),
    ("Coaching and courses", 311, 339),
    ("Leagues and tournaments", 58, 61),
    ("Café and bar", 121, 114),
    ("Shop and racket stringing", 50, 53),
]
TC_P2B = (
    "The café and bar was the only source of income to fall: it was closed for five weeks in "
    "January and February 2026 while the kitchen was refitted."
)
TC_P3 = (
    "Figure 1 shows the court hours booked in each month of the last two years. Figure 2 splits "
    "this year's hours by type of court; the padel courts were only open for part of the second "
    "quarter."
)
TC_MONTHS = ["Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep"]
TC_HOURS = {
    "2024-25": [3120, 2650, 2210, 2480, 2560, 2990, 3410, 3870, 4150, 4320, 3980, 3560],
    "2025-26": [3240, 2890, 2390, 2620, 2710, 3480, 3760, 4120, 4510, 4380, 4020, 3200],
}
TC_QUARTERS = ["Oct-Dec", "Jan-Mar", "Apr-Jun", "Jul-Sep"]
TC_COURTS = {  # court hours per quarter, 2025-26
    "Indoor": [5110, 5240, 4180, 3720],
    "Outdoor": [3410, 3260, 6250, 5740],
    "Padel": [0, 310, 1960, 2140],
}
TC_COURT_COLORS = ["#4b2e83", "#7cb342", "#f2a541"]
TC_COURSES = [  # course, ages, sessions per term, players 2025-26, price per term
    ("Tots Tennis", "3 to 5", "10", "64", "£70"),
    ("Mini Red and Orange", "5 to 9", "12", "142", "£96"),
    ("Green Ball", "9 to 11", "12", "88", "£108"),
    ("Junior Performance Squad", "11 to 18", "24", "46", "£395"),
    ("Adult Beginners", "18 and over", "8", "117", "£88"),
    ("Cardio Tennis", "16 and over", "10", "95", "£75"),
    ("Padel Starter", "16 and over", "6", "73", "£66"),
]
TC_P4 = [
    "Coaching is run by our own team of nine coaches. The Junior Performance Squad trains three "
    "times a week and is by invitation only; all other courses are open to members and "
    "non-members alike.",
    "Free taster sessions for local primary schools reached 1,240 children during the year, "
    "and 58 of them went on to join a Tots Tennis or Mini Red and Orange course.",
]
TC_OUTLOOK = [
    "From 1 January 2027 the adult full membership fee will rise to £405, the first increase "
    "since 2023. All other fees stay the same.",
    "We have applied for planning permission to cover outdoor courts 7 and 8 with an air dome "
    "each winter from October 2027. The Ashlingham Open, our summer tournament, will run from "
    "19 to 25 July 2027.",
]


def tc_line_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Monthly court hours, two years, lines with markers and value labels; vector."""
    d = Drawing(170 * mm, 88 * mm)
    d.add(String(0, 84 * mm, "Figure 1. Court hours booked per month", fontName=famb, fontSize=10))
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 150 * mm, 62 * mm
    c.data = [TC_HOURS["2024-25"], TC_HOURS["2025-26"]]
    c.categoryAxis.categoryNames = TC_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 2000, 5000, 500
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e4e4e4")
    c.lines[0].strokeColor = colors.HexColor("#9e9e9e")
    c.lines[0].strokeDashArray = [3, 2]
    c.lines[1].strokeColor = colors.HexColor("#4b2e83")
    c.lines[0].strokeWidth = c.lines[1].strokeWidth = 1.4
    c.lines[0].symbol = makeMarker("Square", size=4, fillColor=colors.white)
    c.lines[1].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor("#4b2e83"))
    c.lineLabelFormat = "{:,}".format
    c.lineLabelNudge = 5
    c.lineLabels.fontName = fam
    c.lineLabels.fontSize = 6.3
    c.lineLabels[0].dy = -15  # the earlier year's labels below its points ...
    for k in (11,):  # ... except where that line is the higher one (September)
        c.lineLabels[(0, k)].dy = 0
        c.lineLabels[(1, k)].dy = -15
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
    text = ["Figure 1. Court hours booked per month", "legend: 2024-25, 2025-26"]
    for i, m in enumerate(TC_MONTHS):
        text.append(f"{m}: 2024-25 {TC_HOURS['2024-25'][i]:,}, 2025-26 {TC_HOURS['2025-26'][i]:,}")
    return d, text


def tc_grouped_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Court hours by court type per quarter as grouped bars with value labels; vector."""
    d = Drawing(170 * mm, 84 * mm)
    d.add(
        String(
            0,
            80 * mm,
            "Figure 2. Court hours by type of court, 2025-26",
            fontName=famb,
            fontSize=10,
        )
    )
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 120 * mm, 62 * mm
    names = list(TC_COURTS)
    c.data = [TC_COURTS[n] for n in names]
    c.categoryAxis.categoryNames = TC_QUARTERS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 7000, 1000
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e4e4e4")
    for i, col in enumerate(TC_COURT_COLORS):
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
    lg.x, lg.y = 142 * mm, 58 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 3
    lg.colorNamePairs = [
        (colors.HexColor(col), n) for col, n in zip(TC_COURT_COLORS, names, strict=True)
    ]
    d.add(lg)
    text = ["Figure 2. Court hours by type of court, 2025-26", "legend: " + ", ".join(names)]
    for q, quarter in enumerate(TC_QUARTERS):
        parts = ", ".join(f"{n} {TC_COURTS[n][q]:,}" for n in names)
        text.append(f"{quarter}: {parts}")
    return d, text


def make_tennis_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    assert sum(a for _, a, _ in TC_INCOME) == 1178 and sum(b for *_, b in TC_INCOME) == 1286
    assert round((1286 / 1178 - 1) * 100, 1) == 9.2
    assert sum(TC_HOURS["2025-26"]) == 41320
    assert sum(r[1] for r in TC_MEMBERS) == 1006 and sum(r[2] for r in TC_MEMBERS) == 1161
    for q in range(4):
        month_sum = sum(TC_HOURS["2025-26"][3 * q : 3 * q + 3])
        assert sum(v[q] for v in TC_COURTS.values()) == month_sum
    assert max(TC_HOURS["2025-26"]) == TC_HOURS["2025-26"][8]  # June
    assert max(TC_HOURS["2024-25"]) == TC_HOURS["2024-25"][9]  # July
    register_fonts(("Arial", "ArialB", "ArialI", "Times", "TimesB"))
    purple, ink = colors.HexColor("#3b2466"), colors.HexColor("#1c1c1c")
    body, h1, h2, sub, cap, note, sign = report_styles(purple, ink, grey="#5b5b5b")
    frame = band_frame(
        accent=purple,
        band=15,
        stripe=(colors.HexColor("#7cb342"), 16.5, 1.5),
        text_y=9.5,
        left="ASHLINGHAM TENNIS AND PADEL CENTRE",
        right="Annual report  |  year to 30 September 2026",
        footer=TC + " Ltd  \u00b7  a not-for-profit members' club",
        page_label="{page} / 4",
    )
    ruled = partial(ruled_table, accent=purple, head_bg="#e6e0f0", rule="#a89cc0")

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Annual Report 2025-26", h1),
        Paragraph("Year to 30 September 2026", sub),
        Paragraph("From the chair", h2),
    ]
    story += [Paragraph(p, body) for p in TC_P1]
    story += [
        Spacer(1, 4),
        Paragraph("Anjali Venkataraman", sign),
        Paragraph("Chair of the board, 22 October 2026", body),
        PageBreak(),
    ]
    story += [Paragraph("Members", h2), Paragraph(TC_P2, body)]
    story += [Paragraph("Table 1. Members by category at 30 September", cap)]
    rows = [["Category", "2024-25", "2025-26", "Annual fee 2025-26"]]
    for name, a, b, fee in TC_MEMBERS:
        rows.append([name, f"{a:,}" if a else "-", f"{b:,}", fee])
    rows.append(["Total", "1,006", "1,161", ""])
    story += [ruled(rows, [70, 24, 24, 38], True), Spacer(1, 10)]
    story += [Paragraph("Income", h2), Paragraph(TC_P2B, body)]
    story += [Paragraph("Table 2. Income by source (£000)", cap)]
    rows = [["Source", "2024-25", "2025-26", "Change"]]
    for name, a, b in TC_INCOME:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", "1,178", "1,286", f"{(1286 / 1178 - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), PageBreak()]

    story += [Paragraph("Court use", h2), Paragraph(TC_P3, body), Spacer(1, 6)]
    d1, t1 = tc_line_chart("Arial", "ArialB")
    d2, t2 = tc_grouped_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 8),
        d2,
        Paragraph(
            "Quarters are those of our financial year, which starts on 1 October. Indoor: "
            "4 courts; outdoor: 6 courts; padel: 2 courts from 6 March 2026.",
            note,
        ),
        PageBreak(),
    ]
    story += [Paragraph("Coaching", h2)]
    story += [Paragraph(p, body) for p in TC_P4]
    story += [Paragraph("Table 3. Coaching courses, 2025-26", cap)]
    rows = [["Course", "Ages", "Sessions per term", "Players", "Price per term"]]
    rows += [list(r) for r in TC_COURSES]
    t3 = ruled(rows, [52, 28, 32, 20, 28], False)
    t3.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "LEFT")]))
    story += [t3, Spacer(1, 10)]
    story += [
        KeepTogether([Paragraph("Looking ahead", h2)] + [Paragraph(p, body) for p in TC_OUTLOOK])
    ]
    build_report(out, story, frame, title="Annual Report 2025-26", author=TC, top_margin=24)
    write_truth(
        truth,
        "ashlingham_tennis_centre_annual_report_2025_26.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2) + "\n",
    )


# =========================================================================== horizontal bars (PNG)

HB_TITLE = "Felldyke Climbing Wall: sessions booked by activity"
HB_SUB = "Calendar years 2024 and 2025. Total 2025: 16,246 sessions (2024: 15,066)"
HB_ACTS = [  # activity, 2024, 2025
    ("Bouldering (drop-in)", 6820, 7640),
    ("Roped climbing (members)", 4310, 4120),
    ("Kids' climbing club", 1960, 2240),
    ("Taster sessions", 1180, 1355),
    ("Birthday parties", 412, 468),
    ("Lead climbing course", 236, 302),
    ("Corporate groups", 148, 121),
]


def make_hbar_chart(out: Path, truth: Path) -> None:
    """An ordinary horizontal grouped bar chart: two years, value labels, legend; PNG."""
    assert sum(a for _, a, _ in HB_ACTS) == 15066 and sum(b for *_, b in HB_ACTS) == 16246
    fig = plt.figure(figsize=(10.6, 6.2), dpi=100)
    ax = fig.add_axes([0.25, 0.09, 0.70, 0.73])
    ys = np.arange(len(HB_ACTS))[::-1].astype(float)
    h = 0.38
    cols = {"2024": "#9fb3c8", "2025": "#d9480f"}
    for k, (year, off) in enumerate((("2024", h / 2), ("2025", -h / 2))):
        vals = [r[1 + k] for r in HB_ACTS]
        ax.barh(ys + off, vals, h, color=cols[year], label=year)
        for y, v in zip(ys + off, vals, strict=True):
            ax.text(v + 60, y, f"{v:,}", va="center", ha="left", fontsize=9.5)
    ax.set_yticks(ys, [r[0] for r in HB_ACTS], fontsize=11)
    ax.set_xlim(0, 8800)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("sessions booked", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", lw=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", frameon=False, fontsize=11.5)
    fig.text(0.02, 0.94, HB_TITLE, fontsize=14, fontweight="bold", color="#1f2937")
    fig.text(0.02, 0.895, HB_SUB, fontsize=11, color="#4b5563")
    fig.text(
        0.98,
        0.015,
        "Source: booking system export, 6 January 2026",
        fontsize=9,
        color="#6b7280",
        ha="right",
    )
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines = [HB_TITLE, HB_SUB, "legend: 2024, 2025"]
    for name, a, b in HB_ACTS:
        lines.append(f"{name}: 2024 {a:,}, 2025 {b:,}")
    lines.append("Source: booking system export, 6 January 2026")
    write_truth(truth, "felldyke_climbing_wall_sessions_2024_2025.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned optician letter

DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
EYE_HEAD = [
    ("ArialB", 60, "Wyndham Eyecare"),
    ("Arial", 34, "14 Market Cross  \u00b7  Pellowe Bridge  \u00b7  PB2 8QN"),
    ("Arial", 34, "Telephone 01632 960734  \u00b7  hello@wyndhameyecare.example"),
]
EYE_ADDR = ["Mr Desmond Achterberg", "52 Rookery Lane", "Pellowe Bridge", "PB2 5LD"]
EYE_REFS = [
    ("Date:", "19 October 2026"),
    ("Patient no.:", "WE-22816"),
    ("Order:", "WE-30571"),
]
EYE_SUBJECT = "Your sight test and new glasses"
EYE_BODY = [
    "Dear Mr Achterberg,",
    "Thank you for visiting us for your sight test with our optometrist, Ms Saoirse Valentine, "
    "on 12 October 2026. This letter explains what she found; your prescription and the order "
    "for your new glasses are on the second page.",
    "Your distance vision has changed a little and you now need help with close work as well, so "
    "Ms Valentine recommends varifocal lenses. The pressure in both eyes was normal, at 14 mmHg "
    "in the right eye and 15 mmHg in the left.",
    "Because there is glaucoma in your family, we recommend that your next sight test is in 12 "
    "months rather than two years. We will send you a reminder in September 2027.",
    "Your new glasses, in the Harlen & Fox HF 218 frame in tortoiseshell, will be ready to "
    "collect from Monday 2 November 2026. The balance of £168.00 is payable when you collect "
    "them. Please bring your old glasses with you so that we can compare the two.",
    "Yours sincerely,",
]
EYE_SIGN = ["Rupert Ashcroft", "Dispensing Optician"]
RX_TITLE = "Spectacle prescription and order"
RX_FIELDS = [
    ("Patient", "Mr D. Achterberg"),
    ("Patient number", "WE-22816"),
    ("Optometrist", "Ms S. Valentine (GOC 01-48213)"),
    ("Test date", "12/10/2026"),
    ("Lens type", "Varifocal, 1.6 index"),
]
RX_TABLE = [  # eye, sph, cyl, axis, add
    ("Right (R)", "+1.25", "-0.50", "90", "+2.00"),
    ("Left (L)", "+1.50", "-0.75", "85", "+2.00"),
]
RX_CHARGES = [  # item, price
    ("Sight test", "25.00"),
    ("Frame: Harlen & Fox HF 218, tortoiseshell", "119.00"),
    ("Varifocal lenses (pair)", "189.00"),
    ("Anti-reflection coating", "45.00"),
    ("Loyalty discount", "-30.00"),
]
RX_TOTALS = [
    ("Total", "348.00"),
    ("Deposit paid 12/10/2026", "180.00"),
    ("Balance due on collection", "168.00"),
]


def _amount(s: str) -> float:
    return float(s.replace(",", ""))


def _eyecare_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y)."""
    # a simple logo: an eye shape
    d.ellipse([x0, y + 40, x0 + 140, y + 110], outline=60, width=9)
    d.ellipse([x0 + 48, y + 53, x0 + 92, y + 97], fill=60)


def render_eyecare_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    total = sum(_amount(p) for _, p in RX_CHARGES)
    assert abs(total - 348.0) < 0.001 and abs(total - 180 - 168) < 0.001
    pages, texts = [], []
    # ---- page 1: the letter
    img, lines = signed_letter(
        (PAGE_W, PAGE_H),
        EYE_HEAD,
        EYE_ADDR,
        EYE_REFS,
        EYE_SUBJECT,
        EYE_BODY,
        EYE_SIGN,
        foot="Wyndham Eyecare is a trading name of Wyndham Optical Ltd, company no. 09921384.",
        logo=_eyecare_logo,
        layout=(220, 180, 640, True),
        ref_x=(1480, 1800),
        signature=([(10, -50), (90, -100), (170, -40), (260, -95), (360, -45)], 55),
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250  # the left margin, as on page 1
    # ---- page 2: prescription and order form
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    lines = []
    d.text((x0, 230), "Wyndham Eyecare", font=font("ArialB", 48), fill=30)
    d.text((PAGE_W - x0, 240), "Form RX-1", font=font("Arial", 34), fill=70, anchor="ra")
    d.text((x0, 330), RX_TITLE, font=font("ArialB", 60), fill=15)
    lines += ["Wyndham Eyecare", "Form RX-1", RX_TITLE]
    y = 480
    lab_f, val_f = font("Arial", 40), font("Courier", 44)
    for k, v in RX_FIELDS:
        d.rectangle([x0, y, PAGE_W - x0, y + 84], outline=40, width=3)
        d.line([(x0 + 520, y), (x0 + 520, y + 84)], fill=40, width=3)
        d.text((x0 + 20, y + 22), k, font=lab_f, fill=40)
        d.text((x0 + 550, y + 20), v, font=val_f, fill=10)
        lines.append(f"{k} {v}")
        y += 84
    y += 90
    d.text((x0, y), "Prescription", font=font("ArialB", 44), fill=15)
    lines.append("Prescription")
    y += 80
    cols = [x0, x0 + 420, x0 + 760, x0 + 1100, x0 + 1440, PAGE_W - x0]
    heads = ["Eye", "Sphere", "Cylinder", "Axis", "Add"]
    row_h = 92
    cell_f, head_f = font("Arial", 40), font("ArialB", 38)
    for r, row in enumerate([heads] + [list(x) for x in RX_TABLE]):
        yy = y + r * row_h
        if r == 0:
            d.rectangle([cols[0], yy, cols[-1], yy + row_h], fill=222)
        for c in range(5):
            d.rectangle([cols[c], yy, cols[c + 1], yy + row_h], outline=40, width=3)
            f = head_f if r == 0 else cell_f
            d.text((cols[c] + 22, yy + row_h // 2), row[c], font=f, fill=10, anchor="lm")
        lines.append(" ".join(row))
    y += 3 * row_h + 90
    d.text((x0, y), "Charges", font=font("ArialB", 44), fill=15)
    lines.append("Charges")
    y += 80
    cols2 = [x0, x0 + 1400, PAGE_W - x0]
    for r, row in enumerate([("Item", "Price (£)"), *RX_CHARGES]):
        yy = y + r * row_h
        if r == 0:
            d.rectangle([cols2[0], yy, cols2[-1], yy + row_h], fill=222)
        for c in range(2):
            d.rectangle([cols2[c], yy, cols2[c + 1], yy + row_h], outline=40, width=3)
        f = head_f if r == 0 else cell_f
        d.text((cols2[0] + 22, yy + row_h // 2), row[0], font=f, fill=10, anchor="lm")
        d.text((cols2[2] - 26, yy + row_h // 2), row[1], font=f, fill=10, anchor="rm")
        lines.append(f"{row[0]} {row[1]}")
    y += (len(RX_CHARGES) + 1) * row_h
    for label, amount in RX_TOTALS:
        d.rectangle([cols2[0] + 600, y, cols2[2], y + row_h], outline=40, width=3)
        d.line([(cols2[1], y), (cols2[1], y + row_h)], fill=40, width=3)
        f = head_f if label.startswith(("Total", "Balance")) else cell_f
        d.text((cols2[0] + 622, y + row_h // 2), label, font=f, fill=10, anchor="lm")
        d.text((cols2[2] - 26, y + row_h // 2), amount, font=f, fill=10, anchor="rm")
        lines.append(f"{label} {amount}")
        y += row_h
    y += 110
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "Glasses not collected within 3 months of the ready date may be disposed of; the "
            "deposit is not refundable once lenses have been ordered.",
            "Dispensed by: R. Ashcroft        Next sight test due: October 2027",
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
    rot = rot.filter(ImageFilter.GaussianBlur(1.05))
    a = np.asarray(rot, np.float32)
    a = 236.0 - (255.0 - a) * 0.86  # grey paper, ink faded to dark grey
    h, w = a.shape
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    a -= 10.0 * yy + 6.0 * (xx - 0.5) ** 2  # uneven lamp
    a[:, :38] = np.minimum(a[:, :38], 70.0 + rng.normal(0, 8, (h, 38)).astype(np.float32))
    a += rng.normal(0, 5.5, a.shape).astype(np.float32)
    dust = rng.random(a.shape) < 0.0009
    a[dust] -= 120.0
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_eyecare_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 70), image-only PDF."""
    pages, texts = render_eyecare_pages()
    scans = [
        scan_worn(img, angle, 8100 + i)
        for i, (img, angle) in enumerate(zip(pages, (1.25, -0.9), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="eyecare",
        truth_stem="wyndham_eyecare_prescription_and_invoice",
        quality=70,
    )


# =========================================================================== hotel card photo

CARD_W, CARD_H = 1100, 1560  # A5 at about 190 dpi
CARD_HEAD = ["Ardmore House Hotel", "Welcome to your room"]
CARD_ITEMS = [
    ("Breakfast", "7.00 to 9.30 am (weekends 8.00 to 10.30 am) in the Garden Room"),
    ("Check-out", "by 11.00 am. Late check-out until 1.00 pm costs £20"),
    ("Wi-Fi", "network ArdmoreGuest, password Heather2741"),
    ("Bar", "open until 11.30 pm; bar snacks until 9.00 pm"),
    ("Car park", "the barrier opens with code 5830"),
    ("Dogs", "welcome in ground-floor rooms, £15 per night"),
    ("Afternoon tea", "£24.50 per person; please book 24 hours ahead"),
    ("Taxis", "Drummore Cabs, 01632 960492"),
]
CARD_FOOT = "Reception is open 24 hours: dial 9 from your room phone."
CARD_SIGN = "Fiona & Lachlan Strachan, your hosts"


def render_card() -> tuple[Image.Image, list[str]]:
    """The printed A5 card (cream, green rule, DejaVu Serif-like Liberation Serif), with text."""
    img = Image.new("RGB", (CARD_W, CARD_H), (251, 248, 238))
    d = ImageDraw.Draw(img)
    text: list[str] = []
    green = (36, 82, 60)
    d.rectangle([30, 30, CARD_W - 30, CARD_H - 30], outline=green, width=4)
    d.text((CARD_W // 2, 140), CARD_HEAD[0], font=font("TimesB", 74), fill=green, anchor="mm")
    d.text((CARD_W // 2, 225), CARD_HEAD[1], font=font("Times", 44), fill=(70, 70, 60), anchor="mm")
    text += CARD_HEAD
    d.line([(180, 285), (CARD_W - 180, 285)], fill=green, width=3)
    y = 330
    lab_f, val_f = font("ArialB", 34), font("Arial", 33)
    for k, v in CARD_ITEMS:
        d.text((90, y), k, font=lab_f, fill=green)
        y += 46
        for ln in wrap(v, val_f, CARD_W - 200):
            d.text((90, y), ln, font=val_f, fill=(30, 30, 30))
            y += 44
        y += 26
        text.append(f"{k}: {v}")
    y += 10
    d.line([(180, y), (CARD_W - 180, y)], fill=green, width=3)
    y += 40
    for ln in wrap(CARD_FOOT, font("ArialI", 31), CARD_W - 200):
        d.text((CARD_W // 2, y), ln, font=font("ArialI", 31), fill=(60, 60, 60), anchor="ma")
        y += 42
    text.append(CARD_FOOT)
    d.text((CARD_W // 2, y + 20), CARD_SIGN, font=font("Times", 34), fill=green, anchor="ma")
    text.append(CARD_SIGN)
    return img, text


def make_card_photo(out: Path, truth: Path) -> None:
    """Phone photo of the card lying on a linen tablecloth: perspective, shadow, key card; JPEG."""
    card, text = render_card()
    rng = np.random.default_rng(8303)
    pw, ph = 1200, 1600
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    # linen: a fine woven texture in a soft blue-grey
    weave = 0.5 * np.sin(xs * 1.9) * np.sin(ys * 2.3) + 0.5 * np.sin(xs * 0.43 + ys * 0.07)
    fine = np.asarray(
        Image.fromarray(np.clip(rng.normal(128, 50, (ph, pw)), 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(0.9)
        ),
        np.float32,
    )
    shade = 0.86 + 0.03 * weave + 0.0012 * (fine - 128)
    cloth = np.stack([shade * 150, shade * 166, shade * 182], axis=-1)
    # a hotel key card in the lower right, partly under the photo's edge
    key = Image.new("RGB", (pw, ph), (0, 0, 0))
    kd = ImageDraw.Draw(key)
    kd.polygon([(930, 1330), (1200, 1290), (1200, 1560), (975, 1600)], fill=(32, 58, 44))
    kd.text((1010, 1400), "AH", font=font("TimesB", 60), fill=(200, 180, 120))
    kmask = np.asarray(key.convert("L"), np.float32) > 0
    photo = np.where(kmask[..., None], np.asarray(key, np.float32), cloth)
    # the card's corners in the photo: taken from the side and above, so a clear keystone
    nh, nw = card.height, card.width
    dst = [(205, 150), (1010, 112), (1132, 1432), (92, 1478)]
    src = [(0, 0), (nw, 0), (nw, nh), (0, nh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    sample, inside = bilinear(np.asarray(card, np.float32), u, v, 0.0)
    mask = inside.astype(np.float32)
    shadow = np.roll(np.roll(mask, 16, axis=0), 14, axis=1)
    shadow = (
        np.asarray(
            Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(11)),
            np.float32,
        )
        / 255.0
    )
    photo = photo * (1 - 0.42 * shadow[..., None])
    photo = np.where(mask[..., None] > 0, sample, photo)
    # a bedside lamp from the upper right: warm, falling off to the lower left
    fall = 1.0 - 0.26 * (((pw - xs) / pw) * 0.6 + (ys / ph) * 0.4)
    photo = photo * fall[..., None] * np.array([1.0, 0.96, 0.88], np.float32)
    photo += rng.normal(0, 3.0, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.85))
    img.save(out, "JPEG", quality=82, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "ardmore_house_hotel_guest_card.txt", "\n".join(text) + "\n")


# =========================================================================== camp planning call (audio)

CALL_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB
    "Hamish": ("en-gb-scotland+m1", "150", "38", -1.5),
    "Alison": ("en-gb-x-rp+f1", "152", "56", -2.0),
    "Winston": ("en-us+m5", "150", "46", -2.5),
}
CALL = [
    (
        "Hamish",
        "Evening all, and thanks for joining. This is the Corrieside Scouts' summer camp "
        "planning call for the tenth of June. Camp runs from Saturday the first of August to "
        "Saturday the eighth, at Brackenhurst Scout Campsite.",
    ),
    ("Hamish", "Winston, can we start with numbers and money?"),
    (
        "Winston",
        "Thirty-four scouts have signed up so far, against a limit of forty, and eight leaders "
        "are coming. The camp costs one hundred and eighty-five pounds per scout.",
    ),
    (
        "Winston",
        "Five families have asked for help with the cost, and the Hector Lamont Fund has agreed "
        "to pay half the fee for each of them.",
    ),
    ("Hamish", "And the deposits?"),
    (
        "Winston",
        "Twenty-six deposits of fifty pounds are in. The rest are due by the first of July.",
    ),
    ("Hamish", "Alison, how is the kit looking?"),
    (
        "Alison",
        "We have six patrol tents. Two of them need new poles, which I have ordered from "
        "Fellgate Outdoor Supplies for ninety-two pounds.",
    ),
    (
        "Alison",
        "I am also buying twelve gas cylinders, and the big dining shelter has been repaired.",
    ),
    ("Hamish", "What about transport?"),
    (
        "Alison",
        "Two seventeen-seat minibuses from Rennison Minibus Hire, at six hundred and forty "
        "pounds for the week. The kit goes up the day before in Douglas's trailer.",
    ),
    (
        "Hamish",
        "Good. The programme is mostly settled. Kayaking on the Tuesday with Loch Ruel "
        "Watersports, and the big hike up Ben Corrach on the Wednesday.",
    ),
    (
        "Hamish",
        "If the weather is bad on the Wednesday, the hike moves to the Thursday and we swap it "
        "with the climbing day.",
    ),
    ("Winston", "How much is the kayaking costing us?"),
    (
        "Hamish",
        "Twenty-two pounds a head, and they provide the wetsuits and buoyancy aids.",
    ),
    (
        "Alison",
        "On food, I have budgeted nine pounds fifty per person per day. Each patrol cooks its "
        "own breakfast and supper, and lunch is a packed lunch.",
    ),
    (
        "Winston",
        "The medical forms are back. Three scouts have allergies, and one of them has a nut "
        "allergy and carries two adrenaline pens, so the whole camp will be nut free.",
    ),
    (
        "Alison",
        "I will be the camp first aider again, and Fiona Reid, who is a nurse, is coming as our "
        "second first aider.",
    ),
    (
        "Hamish",
        "Parents are invited to the campfire on the Friday night, from seven o'clock.",
    ),
    (
        "Hamish",
        "And the parents' information evening is on Wednesday the twenty-fourth of June at half "
        "past seven, in the scout hut.",
    ),
    (
        "Winston",
        "I will send out the kit list and the final letter to parents after that evening.",
    ),
    (
        "Hamish",
        "Great. The next call is on Wednesday the eighth of July, same time. Thanks, everyone.",
    ),
]
CALL_GAPS = [
    0.8,
    0.6,
    0.9,
    0.7,
    0.6,
    0.9,
    0.7,
    0.5,
    0.8,
    0.6,
    1.0,
    0.6,
    0.7,
    0.5,
    0.9,
    0.8,
    0.7,
    1.0,
    0.6,
    0.8,
    1.1,
]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Three scout leaders on a video call, normal pace, room tone; MP3."""
    rate = 44100
    s, lines = speak_turns(
        CALL,
        CALL_VOICES,
        CALL_GAPS,
        work,
        rate,
        prefix="call",
        lead=1.2,
        espeak_opts=(),
        pre=("gain", "-6", "highpass", "100", "lowpass", "7500"),
        post=("reverb", "10", "50", "30", "100", "0", "0"),
    )
    rng = np.random.default_rng(8409)
    brown = brown_bed(rng, len(s))
    hum = 0.0025 * np.sin(2 * np.pi * 50.0 * np.arange(len(s)) / rate)  # a faint mains hum
    room = brown * 0.009 + rng.normal(0, 0.002, len(s)) + hum
    mix = s * 0.85 + room
    encode_speech(mix, work / "call.wav", out, rate, "mp3")
    write_truth(truth, "corrieside_scouts_summer_camp_call_2026-06-10.tsv", "\n".join(lines) + "\n")


# =========================================================================== walling course (video)

LEC_W, LEC_H, LEC_FPS = 1280, 720, 15
LEC_VOICE = ("en-gb-x-rp+m3", "148", "42")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.9, 0.6, 1.5
LEC_ACCENT = "#2f3e46"
LEC_MOSS = "#84a98c"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Dry stone walling: a beginners' day",
        "lines": [
            "Hesketh Dale Countryside Trust \u00b7 Volunteer training 2026",
            "Tutor: Ewan Threlfall",
            "Sunday 11 October 2026, Low Garth Farm",
        ],
        "narr": [
            "Hello, and welcome to the beginners' day. I'm Ewan Threlfall, and I have been "
            "walling in this dale for twenty-six years.",
        ],
    },
    {
        "kind": "bullets",
        "title": "What to wear and bring",
        "lines": [
            "Boots with steel toe caps",
            "Heavy work gloves",
            "Safety glasses for hammer work",
            "Waterproofs, a packed lunch and water",
        ],
        "narr": [
            "We supply the walling hammers, crowbars and string lines, so please leave your own "
            "tools at home.",
            "The farm provides tea and cake at eleven and at three.",
        ],
    },
    {
        "kind": "table",
        "title": "Parts of a wall",
        "lines": [
            "Part|What it does|Typical stone",
            "Footings|carry the weight|largest, set in a trench",
            "Hearting|packs the middle|small, fist-sized",
            "Throughstones|tie both faces together|one per metre, at 60 cm",
            "Copes|protect the top|upright, 30 to 40 cm",
        ],
        "narr": [
            "Most walls in the dale are about one point four metres high, and they are built "
            "from the local limestone.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Building a metre of wall",
        "lines": [
            "Strip back to the footings",
            "Set up the frames and string lines",
            "One stone over two, two over one",
            "Fill the middle as you go: no gaps",
        ],
        "narr": [
            "A beginner usually rebuilds about one metre of wall in a full day; an experienced "
            "waller can do three or four.",
        ],
    },
    {
        "kind": "chart",
        "title": "How much stone do you need?",
        "lines": ["Tonnes of stone per metre of wall, by wall height"],
        "narr": [
            "Never order new stone until you have sorted the fallen stone. Most gaps can be "
            "rebuilt with what is already lying on the ground.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Working safely",
        "lines": [
            "Lift with your knees, not your back",
            "Never climb or sit on the wall",
            "Keep 2 metres apart when using hammers",
            "Close every gate behind you",
        ],
        "narr": [
            "The first aid kit and the defibrillator are in the farm office, next to the tack "
            "room.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next course",
        "lines": [
            "Improvers' day: gateways and cripple holes",
            "Saturday 7 November 2026, meet at 9:15",
            "Low Garth Farm yard, off the Hesketh road",
            "\u00a345, free for Trust volunteers",
            "Book: walling@heskethdale.example",
        ],
        "narr": [
            "We still go ahead if it rains. Only snow or ice will cancel the day, and we will "
            "text you by seven o'clock that morning.",
            "Thank you, and enjoy the day.",
        ],
    },
]
LEC_STONE = [("0.9 m", 0.7), ("1.2 m", 1.0), ("1.4 m", 1.3), ("1.8 m", 1.9)]


def lec_chart_png() -> Image.Image:
    """The slide's small bar chart (values on the bars, a dashed line at 1.5 t)."""
    fig = plt.figure(figsize=(7.4, 3.9), dpi=100)
    ax = fig.add_axes([0.11, 0.16, 0.85, 0.70])
    xs = np.arange(len(LEC_STONE))
    vals = [v for _, v in LEC_STONE]
    bars = ax.bar(xs, vals, color="#52796f", width=0.58)
    for b, v in zip(bars, vals, strict=True):
        ax.text(
            b.get_x() + b.get_width() / 2,
            v + 0.03,
            f"{v:.1f} t",
            ha="center",
            va="bottom",
            fontsize=11,
        )
    ax.axhline(1.5, color="#bc4749", linestyle="--", linewidth=1.4)
    ax.text(-0.45, 1.54, "one trailer load (1.5 t)", color="#bc4749", fontsize=10)
    ax.set_xticks(xs, [m for m, _ in LEC_STONE], fontsize=11)
    ax.set_xlabel("wall height", fontsize=10)
    ax.set_ylim(0, 2.2)
    ax.set_ylabel("tonnes per metre", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.02, 0.93, "Stone needed per metre of wall", fontsize=12, fontweight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One course slide (off-white, slate title bar, moss rule), with its text."""
    s = LEC_SLIDES[i]
    img = Image.new("RGB", (LEC_W, LEC_H), "#fbfaf6")
    d = ImageDraw.Draw(img)
    texts: list[str] = []
    if s["kind"] == "title":
        d.rectangle([0, 0, LEC_W, LEC_H], fill=LEC_ACCENT)
        for k in range(9):  # a stylised wall along the bottom
            for r in range(3):
                x = k * 150 - (r % 2) * 75
                y = 600 + r * 40
                d.rounded_rectangle([x + 4, y + 4, x + 146, y + 36], radius=10, fill="#6b705c")
        d.rectangle([0, 420, LEC_W, 426], fill=LEC_MOSS)
        d.text((90, 250), s["title"], font=font("SansB", 56), fill="white")
        texts.append(s["title"])
        y = 452
        for k, ln in enumerate(s["lines"]):
            d.text((90, y), ln, font=font("SansB" if k == 0 else "Sans", 28), fill="#dde5e0")
            y += 46
            texts.append(ln)
    else:
        d.rectangle([0, 0, LEC_W, 104], fill=LEC_ACCENT)
        d.rectangle([0, 104, LEC_W, 110], fill=LEC_MOSS)
        d.text((60, 52), s["title"], font=font("SansB", 42), fill="white", anchor="lm")
        texts.append(s["title"])
        if s["kind"] == "bullets":
            y = 160
            step = 80 if len(s["lines"]) <= 4 else 72
            for ln in s["lines"]:
                d.rectangle([72, y + 14, 88, y + 30], fill="#52796f")
                d.text((112, y), ln, font=font("Sans", 36), fill="#1b1f1d")
                y += step
                texts.append(ln)
        elif s["kind"] == "table":
            rows = [r.split("|") for r in s["lines"]]
            cols = [60, 330, 720, 1220]
            y = 160
            for r, row in enumerate(rows):
                h = 90
                if r == 0:
                    d.rectangle([cols[0], y, cols[-1], y + h], fill="#dfe7e1")
                for c in range(3):
                    d.rectangle([cols[c], y, cols[c + 1], y + h], outline="#8a9a90", width=2)
                    d.text(
                        (cols[c] + 16, y + h // 2),
                        row[c],
                        font=font("SansB" if r == 0 else "Sans", 28),
                        fill="#1b1f1d",
                        anchor="lm",
                    )
                y += h
                texts.append(" | ".join(row))
        elif s["kind"] == "chart":
            y = 135
            for ln in s["lines"]:
                d.text((60, y), "\u2022 " + ln, font=font("Sans", 30), fill="#1b1f1d")
                y += 52
                texts.append(ln)
            ch = lec_chart_png()
            img.paste(ch, ((LEC_W - ch.width) // 2, 240))
            texts.append("Stone needed per metre of wall")
            texts += [f"{m} {v:.1f} t" for m, v in LEC_STONE]
            texts.append("one trailer load (1.5 t)")
    fg = "#b8c4bc" if s["kind"] == "title" else "#6b7a70"
    d.text(
        (LEC_W - 40, LEC_H - 28),
        f"{i + 1} / {len(LEC_SLIDES)}",
        font=font("Sans", 20),
        fill=fg,
        anchor="rm",
    )
    if s["kind"] != "title":
        d.text(
            (40, LEC_H - 28),
            "Hesketh Dale Countryside Trust",
            font=font("Sans", 20),
            fill=fg,
            anchor="lm",
        )
    return img, " / ".join(texts)


def make_course(out: Path, work: Path, truth: Path) -> None:
    """Recorded course: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "hesketh_dale_dry_stone_walling_beginners_day.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=(),
        effects=("gain", "-n", "-2", "reverb", "8", "50", "20", "100", "0", "0"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=8511,
        hiss=0.0015,  # the barn's microphone hiss
    )


# =========================================================================== CSV export

CSV_ROOMS = ["The Clockmaker's Attic", "Lighthouse Keeper", "Station Delta", "Smugglers' Cellar"]
CSV_CHANNELS = ["Website", "Website", "Phone", "Gift voucher"]
CSV_RATE = {2: 32, 3: 28, 4: 25, 5: 23, 6: 23, 7: 21, 8: 21}  # £ per player
CSV_FIXED = {  # booking number -> room, players, status, escaped, minutes used
    6207: ("Station Delta", 8, "Completed", "yes", 52),
    6211: ("Lighthouse Keeper", 4, "Cancelled", "", None),
    6214: ("The Clockmaker's Attic", 4, "Completed", "yes", 41),
    6219: ("Smugglers' Cellar", 3, "Cancelled", "", None),
    6222: ("Station Delta", 5, "No-show", "", None),
    6226: ("The Clockmaker's Attic", 2, "Cancelled", "", None),
}


def make_bookings_csv(out: Path) -> None:
    """An escape-room venue's October booking export: 30 rows, CRLF, blanks for non-games."""
    rng = np.random.default_rng(8613)
    rows = []
    slots = ["10:00", "11:30", "13:00", "14:30", "16:00", "17:30", "19:00", "20:30"]
    for n in range(6201, 6231):
        day = 1 + (n - 6201) * 30 // 30
        slot = slots[int(rng.integers(0, len(slots)))]
        channel = CSV_CHANNELS[int(rng.integers(0, len(CSV_CHANNELS)))]
        if n in CSV_FIXED:
            room, players, status, escaped, used = CSV_FIXED[n]
        else:
            room = CSV_ROOMS[int(rng.integers(0, 4))]
            players = int(rng.integers(2, 7))
            status = "Completed"
            escaped = "yes" if rng.random() < 0.62 else "no"
            used = int(rng.integers(44, 60)) if escaped == "yes" else 60
        price = players * CSV_RATE[players]
        rows.append(
            [
                f"LH-{n}",
                f"2026-10-{day:02d}",
                slot,
                room,
                str(players),
                f"{price:.2f}",
                channel,
                status,
                escaped,
                "" if used is None else str(used),
            ]
        )
    assert sum(r[7] == "Cancelled" for r in rows) == 3
    assert sum(r[7] == "No-show" for r in rows) == 1
    played = [r for r in rows if r[7] == "Completed"]
    assert max(int(r[4]) for r in rows) == 8 and sum(r[4] == "8" for r in rows) == 1
    times = sorted(int(r[9]) for r in played if r[8] == "yes")
    assert times[0] == 41 and times[1] >= 44
    head = [
        "booking_ref",
        "date",
        "start_time",
        "room",
        "players",
        "price_gbp",
        "channel",
        "status",
        "escaped",
        "minutes_used",
    ]
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in [head, *rows])
    out.write_bytes((text + "\r\n").encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Ottilie Marchbank <ottilie@tarrantpianos.example>
To: Gwilym Farrant <g.farrant@postbox.example>
Subject: Your Broadwood upright: restoration quote and collection on 4 November
Date: Tue, 20 Oct 2026 14:06:12 +0100
Message-ID: <20261020140612.2291@tarrantpianos.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Mr Farrant,

Thank you for letting me look over your 1908 Broadwood upright last Friday.
As promised, here is our quote for the restoration we discussed.

  Work:         restring, new hammers and dampers, regulate, re-polish the case
  Soundboard:   a 20 cm crack near the treble end, to be shimmed and re-glued
  Quote ref:    HP-2291
  Price:        £2,960 including VAT
  Collection:   Wednesday 4 November 2026, between 10 am and 12 noon
  Return:       by Friday 18 December 2026

Our two movers will bring a piano skate and a stair-climber, because the
piano is on the first floor; there is no extra charge for the stairs.

We ask for a 30% deposit (£888) before collection, and the balance is due
once the piano is back in place. Two tunings in the first year after its
return are included, because new strings take time to settle.

While the piano is away, please keep the spot it will return to away from
radiators, and let us know if you would like it to come back to a
different room.

Kind regards,

Ottilie Marchbank
Workshop Manager
Tarrant Piano Services, The Old Chapel, Quayle Street, Brayford
01632 960813
"""


def make_email(out: Path) -> None:
    """A plain-text restoration quote as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": (
        "pdf/ashlingham_tennis_centre_annual_report_2025_26.pdf",
        "make_tennis_report",
        False,
    ),
    "hbars": ("chart/felldyke_climbing_wall_sessions_2024_2025.png", "make_hbar_chart", False),
    "letter": (
        "scan/wyndham_eyecare_prescription_and_invoice.pdf",
        "make_eyecare_letter",
        True,
    ),
    "card": ("scan/ardmore_house_hotel_guest_card.jpg", "make_card_photo", False),
    "call": ("audio/corrieside_scouts_summer_camp_call_2026-06-10.mp3", "make_call", True),
    "course": (
        "video/hesketh_dale_dry_stone_walling_beginners_day.mp4",
        "make_course",
        True,
    ),
    "csv": ("data/lockhouse_escape_rooms_bookings_2026-10.csv", "make_bookings_csv", None),
    "eml": ("mail/tarrant_piano_restoration_quote.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN8_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
