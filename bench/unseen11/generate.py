"""Generate the made-up files of the eleventh unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the SDCC manual from
obtain.sh):
  pdf/corrowick_bay_aquarium_annual_review_2025.pdf  4-page A4 annual review of an aquarium
                                    and seal rescue charity laid out with reportlab: deep blue
                                    header band, serif prose, ruled tables (p. 2, p. 4) and two
                                    vector charts drawn with reportlab.graphics (p. 3: a
                                    two-year line chart, the earlier year grey and dashed;
                                    grouped bars with value labels)
  chart/tarnhollow_country_park_travel_survey_2026.png  donut chart, labels outside
  scan/brackenfold_electrical_eicr_letter_and_invoice.pdf  worn 300 dpi greyscale scan of a
                                    typed 2-page letter (letter; inspection summary with a
                                    ruled circuit grid and a charges grid), stapled, coffee
                                    ring, dog-eared corner; image only
  scan/swiftlark_parcel_label_photo.jpg  phone photo of a printed parcel label on a
                                    cardboard box
  audio/cranmoor_show_planning_call_2026-04-22.mp3  three-person planning call (espeak-ng
                                    West Midlands English/f5, New York English/m1, Lancastrian/m2)
  video/bilberry_barn_strawberry_jam_workshop.mp4  narrated slide course: 6 slides (espeak-ng
                                    RP English/f3)
  data/ellingford_school_of_motoring_lessons_2026-11.csv  driving school lesson export
  mail/tidewrack_campervan_hire_confirmation.eml  campervan hire booking e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN11_ONLY=report,donut,letter,label,call,course,csv,eml (comma-separated) makes only those
files (for development; obtain.sh always makes all). All names, places and facts are made up.
Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg (libmp3lame,
libx264) and img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is repeatable on
one machine (fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact
encoders). The rendering code follows bench/unseen10/generate.py.
"""

from __future__ import annotations

import datetime as dt
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
    TableStyle,
)

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen11", "path.simplify": False}
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

# =========================================================================== aquarium review

AQ = "Corrowick Bay Marine Trust"
AQ_P1 = [
    "In 2025 Corrowick Bay Aquarium welcomed 214,380 visitors, 8.6% more than in 2024, and our "
    "busiest day was 14 August, when 2,960 people came through the doors.",
    "The Kelp Forest gallery opened on 12 April 2025. Its main tank holds 310,000 litres of "
    "sea water and the gallery cost £2.35 million, of which £1.6 million came from the "
    "Hallowfield Coastal Fund. It is the largest new display since the aquarium opened in 1998.",
    "Our seal rescue team had its busiest year yet, and the new seal hospital pool, paid for "
    "by our members' appeal, was in use from 3 February.",
    "Our volunteer diver of the year is Sigrun Haverkamp-Stott, who made 118 dives to clean "
    "the Kelp Forest tank and trained nine new volunteer divers.",
]
AQ_VISITORS = [  # ticket type, 2024, 2025
    ("Adult", 78420, 84910),
    ("Child (3-15)", 52160, 57340),
    ("Concession", 21830, 22460),
    ("Annual members' visits", 24300, 27950),
    ("School pupils", 14900, 16120),
    ("Under 3 (free)", 5800, 5600),
]
AQ_P2 = (
    "Visits by annual members rose most, after we cut the price of a family membership in "
    "January. Fewer visitors under three came in 2025, the only ticket type to fall."
)
AQ_SPEND = [  # area, 2024 £000, 2025 £000
    ("Animal care and veterinary", 612, 655),
    ("Seal rescue and release", 88, 104),
    ("Education and outreach", 143, 151),
    ("Buildings and life support", 498, 731),
    ("Marketing and retail", 176, 169),
    ("Governance and office", 64, 67),
]
AQ_P2B = (
    "Spending on buildings and life support rose because the Kelp Forest's pumps, chillers and "
    "filters ran from April. Marketing and retail spending fell because the gift shop's new "
    "till system replaced two part-time posts."
)
AQ_P3 = (
    "Figure 1 shows visitors in each month of 2025 against 2024; Easter fell in March in 2024 "
    "but in April in 2025. Figure 2 shows the grey seal pups our team has rescued and "
    "released in each of the last five years."
)
AQ_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
AQ_MONTHLY = {  # visitors per month
    "2024": [9420, 13880, 14150, 16930, 17860, 16240, 24110, 29740, 14380, 17650, 10310, 12740],
    "2025": [9850, 14620, 12940, 21760, 18930, 17480, 25310, 31870, 15260, 19540, 11020, 15800],
}
AQ_YEARS = ["2021", "2022", "2023", "2024", "2025"]
AQ_SEALS = {  # grey seal pups per year
    "Rescued": [29, 33, 38, 36, 41],
    "Released": [24, 27, 31, 30, 34],
}
AQ_SEAL_COLORS = ["#1d4e89", "#f28f6b"]
AQ_DISPLAYS = [  # display, opened, water, temperature, species
    ("Kelp Forest", "April 2025", "310,000 litres", "13 °C", "46"),
    ("Rock Pool Cove", "1998", "8,500 litres", "15 °C", "31"),
    ("Shark Channel", "2009", "420,000 litres", "16 °C", "12"),
    ("Wrasse Reef", "2014", "96,000 litres", "14 °C", "58"),
    ("Jellyfish Drift", "2019", "2,400 litres", "12 °C", "5"),
]
AQ_P4 = [
    "Every display is checked by an aquarist three times a day, and the water in each is "
    "tested for ammonia, nitrite and salinity every morning before we open.",
    "Shark Channel's acrylic tunnel, fitted in 2009, will be resealed in January 2027, when "
    "the channel will close for about five weeks.",
]
AQ_OUTLOOK = [
    "From 1 March 2026 an adult ticket will cost £18.25 (now £17.40); children's tickets stay "
    "at £11.90. Our Seahorse Nursery will open in July 2026.",
    "Caspian Treleaven, our director since 2017, will lead the appeal for a second seal "
    "hospital pool, which we hope to open by 2028. Members' Night is on 19 June 2026.",
]


def aq_line_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Visitors per month, two years, value labels on both; 2024 grey and dashed; vector."""
    title = "Figure 1. Visitors per month, 2024 and 2025"
    d = Drawing(170 * mm, 96 * mm)
    d.add(String(0, 92 * mm, title, fontName=famb, fontSize=10))
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 152 * mm, 70 * mm
    c.data = [AQ_MONTHLY["2024"], AQ_MONTHLY["2025"]]
    c.categoryAxis.categoryNames = AQ_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 5000, 35000, 5000
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e6e6e6")
    c.lines[0].strokeColor = colors.HexColor("#9a9a9a")
    c.lines[0].strokeDashArray = [3, 2]
    c.lines[1].strokeColor = colors.HexColor("#1d4e89")
    c.lines[0].strokeWidth, c.lines[1].strokeWidth = 1.2, 1.6
    c.lines[0].symbol = makeMarker("Diamond", size=4, fillColor=colors.white)
    c.lines[1].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor("#1d4e89"))
    c.lineLabelFormat = "{:,}".format
    c.lineLabelNudge = 5
    c.lineLabels.fontName = fam
    c.lineLabels.fontSize = 6.2
    c.lineLabels.boxFillColor = colors.white  # readable where a label crosses a line
    c.lineLabels.leftPadding = c.lineLabels.rightPadding = 0.6
    c.lineLabels.topPadding = c.lineLabels.bottomPadding = 0.2
    c.lineLabels[0].dy = -15  # the earlier year's labels below its points, in grey
    c.lineLabels[0].fillColor = colors.HexColor("#707070")
    c.lineLabels[1].fillColor = colors.HexColor("#1d4e89")
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 22 * mm, 86 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 60
    lg.colorNamePairs = [
        (c.lines[0].strokeColor, "2024 (dashed)"),
        (c.lines[1].strokeColor, "2025"),
    ]
    d.add(lg)
    text = [title, "legend: 2024 (dashed), 2025"]
    for i, m in enumerate(AQ_MONTHS):
        a, b = AQ_MONTHLY["2024"][i], AQ_MONTHLY["2025"][i]
        text.append(f"{m}: 2024 {a:,}, 2025 {b:,}")
    return d, text


def aq_seal_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Seal pups rescued and released per year as grouped bars with value labels; vector."""
    title = "Figure 2. Grey seal pups rescued and released, 2021 to 2025"
    d = Drawing(170 * mm, 82 * mm)
    d.add(String(0, 78 * mm, title, fontName=famb, fontSize=10))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 118 * mm, 60 * mm
    names = list(AQ_SEALS)
    c.data = [AQ_SEALS[n] for n in names]
    c.categoryAxis.categoryNames = AQ_YEARS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 50, 10
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e6e6e6")
    for i, col in enumerate(AQ_SEAL_COLORS):
        c.bars[i].fillColor = colors.HexColor(col)
    c.bars.strokeColor = None
    c.groupSpacing = 14
    c.barSpacing = 2
    c.barLabelFormat = "%d"
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 7.5
    c.barLabels.boxAnchor = "s"
    c.barLabels.dy = 1.5
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 140 * mm, 62 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 2
    lg.colorNamePairs = [
        (colors.HexColor(col), n) for col, n in zip(AQ_SEAL_COLORS, names, strict=True)
    ]
    d.add(lg)
    text = [title, "legend: " + ", ".join(names)]
    for k, year in enumerate(AQ_YEARS):
        text.append(f"{year}: " + ", ".join(f"{n} {AQ_SEALS[n][k]}" for n in names))
    return d, text


def make_aquarium_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    a_tot = sum(a for _, a, _ in AQ_VISITORS)
    b_tot = sum(b for *_, b in AQ_VISITORS)
    assert (a_tot, b_tot) == (197410, 214380), (a_tot, b_tot)
    assert round((b_tot / a_tot - 1) * 100, 1) == 8.6
    assert sum(AQ_MONTHLY["2024"]) == a_tot and sum(AQ_MONTHLY["2025"]) == b_tot
    lower = [m for m, a, b in zip(AQ_MONTHS, *AQ_MONTHLY.values(), strict=True) if b < a]
    assert lower == ["Mar"], lower
    rises = {n: b / a for n, a, b in AQ_VISITORS}
    assert max(rises, key=rises.get) == "Annual members' visits"
    s_a = sum(a for _, a, _ in AQ_SPEND)
    s_b = sum(b for *_, b in AQ_SPEND)
    assert (s_a, s_b) == (1581, 1877), (s_a, s_b)
    register_fonts(("Arial", "ArialB", "ArialI", "Times", "TimesB"))
    deep, ink = colors.HexColor("#12355b"), colors.HexColor("#1b1b1b")
    coral = colors.HexColor("#f28f6b")
    body, h1, h2, sub, cap, note, sign = report_styles(deep, ink, grey="#575757")
    frame = band_frame(
        accent=deep,
        band=15,
        stripe=(coral, 16.2, 1.2),
        text_y=9.5,
        left="CORROWICK BAY AQUARIUM",
        right="Annual review 2025",
        footer=AQ + "  \u00b7  registered charity no. 1108642",
        page_label="\u2014 {page} \u2014",
    )
    ruled = partial(ruled_table, accent=deep, head_bg="#dfe8f2", rule="#a3b6cc")

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Annual Review 2025", h1),
        Paragraph("Corrowick Bay Aquarium and Seal Rescue, calendar year 2025", sub),
        Paragraph("From the chair of trustees", h2),
    ]
    story += [Paragraph(p, body) for p in AQ_P1]
    story += [
        Paragraph(
            "Thank you to our 212 volunteers, our staff and every member and visitor who "
            "supported us through a year of building work.",
            body,
        ),
        Spacer(1, 4),
        Paragraph("Clementine Olufemi-Hart", sign),
        Paragraph("Chair of trustees, 24 March 2026", body),
        PageBreak(),
    ]
    story += [Paragraph("Visitors", h2), Paragraph(AQ_P2, body)]
    story += [Paragraph("Table 1. Visitors by ticket type", cap)]
    rows = [["Ticket type", "2024", "2025", "Change"]]
    for name, a, b in AQ_VISITORS:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{a_tot:,}", f"{b_tot:,}", f"{(b_tot / a_tot - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), Spacer(1, 10)]
    story += [Paragraph("Spending", h2), Paragraph(AQ_P2B, body)]
    story += [Paragraph("Table 2. Spending by area (£000)", cap)]
    rows = [["Area", "2024", "2025", "Change"]]
    for name, a, b in AQ_SPEND:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{s_a:,}", f"{s_b:,}", f"{(s_b / s_a - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), PageBreak()]
    story += [Paragraph("Visitors by month and seal rescue", h2), Paragraph(AQ_P3, body)]
    d1, t1 = aq_line_chart("Arial", "ArialB")
    d2, t2 = aq_seal_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 8),
        d2,
        Paragraph(
            "A pup counts as released when it is returned to the sea at Penhally Sands after "
            "its final health check; pups still in care at the end of a year are released in "
            "the next.",
            note,
        ),
        PageBreak(),
    ]
    story += [Paragraph("Our displays", h2)]
    story += [Paragraph(p, body) for p in AQ_P4]
    story += [Paragraph("Table 3. Main displays at 31 December 2025", cap)]
    rows = [["Display", "Opened", "Water", "Temperature", "Species"]]
    rows += [list(r) for r in AQ_DISPLAYS]
    disp_t = ruled(rows, [44, 30, 36, 28, 20], False)
    disp_t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    story += [disp_t, Spacer(1, 10)]
    story += [
        KeepTogether([Paragraph("Looking ahead", h2)] + [Paragraph(p, body) for p in AQ_OUTLOOK])
    ]
    build_report(out, story, frame, title="Annual Review 2025", author=AQ, top_margin=24)
    write_truth(
        truth,
        "corrowick_bay_aquarium_annual_review_2025.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2) + "\n",
    )


# =========================================================================== travel donut chart

TD_TITLE = "How visitors travelled to Tarnhollow Country Park"
TD_SUB = "Visitor survey, June to August 2026: main way of getting here"
TD_MODES = [  # mode, people (drawn clockwise from the top; small slices kept apart)
    ("Car", 704),
    ("Bicycle", 208),
    ("Coach trip", 48),
    ("On foot", 352),
    ("Train, then walk", 96),
    ("Bus", 160),
    ("Horse", 32),
]
TD_COLORS = ["#3d5a80", "#98c1d9", "#ee6c4d", "#5c946e", "#c9a227", "#8d6a9f", "#7f5539"]


def make_travel_donut(out: Path, truth: Path) -> None:
    """An ordinary donut chart: labels with counts and shares outside the ring, leader lines,
    the number surveyed in the hole; no legend. PNG."""
    total = sum(n for _, n in TD_MODES)
    assert total == 1600
    shares = [round(100 * n / total) for _, n in TD_MODES]
    assert sum(shares) == 100 and shares == [44, 13, 3, 22, 6, 10, 2], shares
    fig = plt.figure(figsize=(10.8, 7.2), dpi=100)
    ax = fig.add_axes([0.18, 0.04, 0.64, 0.78])
    wedges, _ = ax.pie(
        [n for _, n in TD_MODES],
        colors=TD_COLORS,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.38, "edgecolor": "white", "linewidth": 2},
    )
    lines = [TD_TITLE, TD_SUB]
    for w, (name, n), pct in zip(wedges, TD_MODES, shares, strict=True):
        ang = np.deg2rad((w.theta2 + w.theta1) / 2.0)
        x, y = np.cos(ang), np.sin(ang)
        ha = "left" if x >= 0 else "right"
        ax.annotate(
            f"{name}\n{n:,} ({pct}%)",
            xy=(0.98 * x, 0.98 * y),
            xytext=(1.32 * x + (0.08 if x >= 0 else -0.08), 1.22 * y),
            ha=ha,
            va="center",
            fontsize=11.5,
            color="#222222",
            arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.9},
        )
        lines.append(f"{name}: {n:,} people ({pct}%)")
    ax.text(0, 0.07, f"{total:,}", ha="center", va="center", fontsize=26, fontweight="bold")
    ax.text(0, -0.13, "visitors surveyed", ha="center", va="center", fontsize=11.5)
    ax.set_aspect("equal")
    fig.text(0.03, 0.93, TD_TITLE, fontsize=16, fontweight="bold", color="#1f2937")
    fig.text(0.03, 0.885, TD_SUB, fontsize=11.5, color="#4b5563")
    src = "Source: Tarnhollow Country Park rangers' visitor survey"
    fig.text(0.97, 0.02, src, fontsize=9, color="#6b7280", ha="right")
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines += [f"{total:,} visitors surveyed", src]
    write_truth(truth, "tarnhollow_country_park_travel_survey_2026.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned EICR letter

PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
EL_HEAD = [
    ("ArialB", 58, "Brackenfold Electrical Services"),
    ("Arial", 34, "Unit 9, Cordwainer Court  \u00b7  Kestlemoor  \u00b7  KM2 6TB"),
    ("Arial", 34, "Tel 01632 960744  \u00b7  Registered electrical contractor no. 60418"),
]
EL_ADDR = [
    "Mrs Rosamund Ravenscroft-Ilori",
    "Foxglove Cottage",
    "3 Mill Steps",
    "Kestlemoor",
    "KM4 8RW",
]
EL_REFS = ["Our ref: BES/4471", "Date: 6 November 2026"]
EL_SUBJECT = "Electrical installation condition report, Foxglove Cottage"
EL_BODY = [
    "Dear Mrs Ravenscroft-Ilori,",
    "Thank you for letting us in on Tuesday 3 November to inspect and test the electrics at "
    "Foxglove Cottage. We tested all six circuits. The overall result of the report is "
    "UNSATISFACTORY, because of one C2 (potentially dangerous) observation.",
    "The sockets in the garden office are fed by circuit 5, which has no RCD protection. An "
    "RCD switches the power off in a fraction of a second if someone touches a live part, so "
    "please do not use the garden office sockets for outdoor tools until this is put right.",
    "We recommend replacing the consumer unit with a new one with RCBO protection on every "
    "circuit. We can do this in one day for £640 plus VAT, including the certificate. The "
    "immersion heater also needs a warning label (a C3 observation, improvement recommended).",
    "Your full report, number EICR-26-1187, is enclosed. With the work done, the next "
    "inspection should be in November 2036. The inspection summary and our invoice are on "
    "the next page.",
    "Yours sincerely,",
]
EL_SIGN = ["Lucan Tregembo-Hale", "Qualified supervisor"]
EI_TITLE = "Inspection summary and invoice"
EI_FIELDS = [
    ("Client", "Mrs Rosamund Ravenscroft-Ilori"),
    ("Address", "Foxglove Cottage, 3 Mill Steps, Kestlemoor"),
    ("Date of inspection", "3 November 2026"),
    ("Report no.", "EICR-26-1187"),
]
EI_CIRCUITS = [  # circuit, description, device, RCD, result
    ("No.", "Circuit", "Device", "RCD", "Result"),
    ("1", "Cooker", "32 A MCB", "Yes", "Satisfactory"),
    ("2", "Ground floor sockets", "32 A MCB", "Yes", "Satisfactory"),
    ("3", "First floor sockets", "32 A MCB", "Yes", "Satisfactory"),
    ("4", "Lighting", "6 A MCB", "Yes", "Satisfactory"),
    ("5", "Garden office sockets", "20 A MCB", "No", "C2"),
    ("6", "Immersion heater", "16 A MCB", "No", "C3"),
]
EI_CHARGES = [  # item, price
    ("EICR, up to 8 circuits", "£185.00"),
    ("Garden office circuit", "£35.00"),
    ("Thermal imaging of consumer unit", "£25.00"),
]
EI_TOTALS = [
    ("Subtotal", "£245.00"),
    ("VAT at 20%", "£49.00"),
    ("Total due by 30 November 2026", "£294.00"),
]


def _eicr_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y)."""
    bolt = [(x0 + 80, y), (x0 + 20, y + 95), (x0 + 70, y + 95), (x0 + 40, y + 185)]
    bolt += [(x0 + 125, y + 70), (x0 + 75, y + 70), (x0 + 115, y)]
    d.polygon(bolt, fill=55)  # a lightning bolt logo


def render_eicr_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    sub = sum(float(p[1:]) for _, p in EI_CHARGES)
    assert abs(sub - 245.0) < 0.001 and abs(sub * 1.2 - 294.0) < 0.001
    pages, texts = [], []
    # ---- page 1: the letter
    img, lines = typed_letter(
        (PAGE_W, PAGE_H),
        EL_HEAD,
        EL_ADDR,
        EL_REFS,
        EL_SUBJECT,
        EL_BODY,
        EL_SIGN,
        signature=("L. Tregembo-Hale", 62),
        page_label="1 of 2",
        logo=_eicr_logo,
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250  # the left margin, as on page 1
    # ---- page 2: inspection summary and invoice
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    y, lines = invoice_heading(
        d, PAGE_W, x0, "Brackenfold Electrical Services", EI_TITLE, EI_FIELDS, value_x=560
    )
    y += 90
    d.text((x0, y), "Circuits tested", font=font("ArialB", 42), fill=20)
    lines.append("Circuits tested")
    y += 80
    cols = [x0, x0 + 160, x0 + 860, x0 + 1240, x0 + 1440, PAGE_W - x0]
    y = ruled_grid(d, y, cols, EI_CIRCUITS, lines, row_h=86)
    y += 40
    key = (
        "C2 = potentially dangerous, urgent remedial action required; C3 = improvement recommended."
    )
    for ln in wrap(key, font("Arial", 34), PAGE_W - 2 * x0):
        d.text((x0, y), ln, font=font("Arial", 34), fill=30)
        y += 50
        lines.append(ln)
    y += 70
    y = charges_table(d, PAGE_W, x0, y, EI_CHARGES, EI_TOTALS, lines)
    y += 90
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "Please pay by bank transfer to Brackenfold Electrical Services, sort code 40-17-62, "
            "account 73920158, quoting invoice BES-7719. VAT registration no. 306 5521 84.",
        ],
        "2 of 2",
        lines,
    )
    pages.append(img)
    texts.append(lines)
    return pages, texts


def scan_stapled(img: Image.Image, angle: float, seed: int, page: int) -> Image.Image:
    """A worn office copy: skew, blur, grey paper with a dark gutter at the left, a staple, a
    coffee ring (p. 1) or a dog-eared corner (p. 2), a fold crease, noise and dust."""
    rng = np.random.default_rng(seed)
    rot = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    rot = rot.filter(ImageFilter.GaussianBlur(0.95))
    a = np.asarray(rot, np.float32)
    a = 236.0 - (255.0 - a) * 0.86  # off-white paper, ink faded
    h, w = a.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    a -= 46.0 * np.exp(-xs / 55.0) + 7.0 * (ys / h)  # a dark gutter at the left, uneven lamp
    # the staple at the top left, with two punch marks on the other page
    if page == 1:
        sx, sy = 150.0, 150.0
        u = ((xs - sx) + (ys - sy)) / np.sqrt(2.0)
        v = ((xs - sx) - (ys - sy)) / np.sqrt(2.0)
        staple = (np.abs(u) < 70) & (np.abs(v) < 5)
        a[staple] = 70.0
        a -= 14.0 * np.exp(-((np.abs(u) - 0) ** 2 / 90.0**2 + (v - 9.0) ** 2 / 12.0**2))
    else:
        for px, py in ((101.0, 101.0), (199.0, 199.0)):
            a[(xs - px) ** 2 + (ys - py) ** 2 < 7.0**2] = 85.0
    if page == 1:  # a coffee ring low on the right
        cx, cy, r0 = w * 0.74, h * 0.83, 190.0
        ang = np.arctan2(ys - cy, xs - cx)
        rr = np.sqrt((xs - cx) ** 2 + (ys - cy) ** 2)
        wobble = r0 + 7.0 * np.sin(3 * ang + 0.4) + 4.0 * np.sin(7 * ang)
        ring = np.exp(-(((rr - wobble) / 6.5) ** 2))
        inside = (rr < wobble).astype(np.float32)
        a -= 34.0 * ring * (0.75 + 0.25 * np.sin(2 * ang)) + 7.0 * inside
    else:  # the bottom right corner was dog-eared and flattened again
        c = (xs + ys) - (w + h - 300.0)
        a -= 18.0 * ((c > 0) & (c < 300)).astype(np.float32)
        a -= 40.0 * np.exp(-((c / 4.0) ** 2))
    crease = int(h * 0.5)  # folded once across the middle
    band = np.exp(-(((np.arange(h) - crease) / 5.0) ** 2)).astype(np.float32)[:, None]
    a -= 30.0 * band
    a += rng.normal(0, 4.8, a.shape).astype(np.float32)
    dust = rng.random(a.shape) < 0.0006
    a[dust] -= 110.0
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_eicr_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 70), image-only PDF."""
    pages, texts = render_eicr_pages()
    scans = [
        scan_stapled(img, angle, 11100 + i, i + 1)
        for i, (img, angle) in enumerate(zip(pages, (-0.8, 0.7), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="eicr",
        truth_stem="brackenfold_electrical_eicr_letter_and_invoice",
        quality=70,
    )


# =========================================================================== parcel label photo

PL_W, PL_H = 1000, 1590
PL_SERVICE = "NEXT DAY BY 12 NOON"
PL_FROM = ["FROM: Honeysett Glass Studio", "Unit 4 Kilnyard, Ebbworth", "EB3 7QT"]
PL_TO = ["Mr Gethin Abiodun-Parry", "Flat 2, 17 Larkrise Court", "Dunmallow", "DM6 2HR"]
PL_FIELDS = [
    ("Date", "Wed 25 Nov 2026"),
    ("Weight", "3.6 kg"),
    ("Size", "40 x 30 x 22 cm"),
    ("Parcel", "2 of 3"),
]
PL_TRACK = "SWL 4819 2730 615"
PL_ITEMS = [  # contents, qty, value
    ("Glass tumbler", "4", "£78.00"),
    ("Glass serving bowl", "1", "£48.00"),
]
PL_TOTAL = ("Declared value", "£126.00")
PL_NOTES = ["SIGNATURE REQUIRED", "FRAGILE - GLASS - THIS WAY UP"]


def render_label() -> tuple[Image.Image, list[str]]:
    """A printed thermal shipping label (black on white, boxed sections, a barcode)."""
    assert abs(78.0 + 48.0 - 126.0) < 0.001
    img = Image.new("RGB", (PL_W, PL_H), (252, 252, 249))
    d = ImageDraw.Draw(img)
    text: list[str] = []
    ink = (18, 18, 18)
    d.rectangle([20, 20, PL_W - 20, PL_H - 20], outline=ink, width=4)
    d.rectangle([20, 20, PL_W - 20, 150], fill=ink)
    d.text((50, 85), "SWIFTLARK", font=font("SansB", 60), fill="white", anchor="lm")
    d.text((PL_W - 50, 85), "PARCELS", font=font("Sans", 40), fill="white", anchor="rm")
    text.append("SWIFTLARK PARCELS")
    d.rectangle([20, 150, PL_W - 20, 250], outline=ink, width=4)
    d.text((PL_W // 2, 200), PL_SERVICE, font=font("SansB", 50), fill=ink, anchor="mm")
    text.append(PL_SERVICE)
    y = 275
    for k, ln in enumerate(PL_FROM):
        d.text((50, y), ln, font=font("SansB" if k == 0 else "Sans", 26), fill=ink)
        y += 36
        text.append(ln)
    d.line([(20, 400), (PL_W - 20, 400)], fill=ink, width=4)
    d.text((50, 420), "DELIVER TO:", font=font("SansB", 28), fill=ink)
    text.append("DELIVER TO:")
    y = 465
    for k, ln in enumerate(PL_TO):
        d.text((70, y), ln, font=font("SansB" if k in (0, 3) else "Sans", 46), fill=ink)
        y += 62
        text.append(ln)
    d.line([(20, 730), (PL_W - 20, 730)], fill=ink, width=4)
    y = 730
    for k, v in PL_FIELDS:
        d.text((50, y + 32), k, font=font("SansB", 30), fill=ink, anchor="lm")
        d.text((270, y + 32), v, font=font("Mono", 32), fill=ink, anchor="lm")
        y += 64
        d.line([(20, y), (PL_W - 20, y)], fill=ink, width=2)
        text.append(f"{k}: {v}")
    # a small contents grid
    y += 24
    cols = [50, 560, 700, PL_W - 50]
    heads = ("Contents", "Qty", "Value")
    for r, row in enumerate([heads, *PL_ITEMS, (PL_TOTAL[0], "", PL_TOTAL[1])]):
        for c in range(3):
            d.rectangle([cols[c], y, cols[c + 1], y + 52], outline=ink, width=2)
            bold = r == 0 or r == len(PL_ITEMS) + 1
            d.text(
                (cols[c] + 12, y + 26),
                row[c],
                font=font("SansB" if bold else "Sans", 27),
                fill=ink,
                anchor="lm",
            )
        text.append(" | ".join(v for v in row if v))
        y += 52
    # a barcode drawn from the tracking number's digits
    y += 30
    digits = [int(ch) for ch in PL_TRACK if ch.isdigit()]
    x, k = 90, 0
    while x < PL_W - 110:
        wbar = 3 + (digits[k % len(digits)] + k) % 4 * 2
        if k % 2 == 0:
            d.rectangle([x, y, x + wbar, y + 120], fill=ink)
        x += wbar + 3
        k += 1
    d.text((PL_W // 2, y + 150), PL_TRACK, font=font("MonoB", 38), fill=ink, anchor="mm")
    text.append(PL_TRACK)
    y += 200
    for n in PL_NOTES:
        d.text((PL_W // 2, y), n, font=font("SansB", 30), fill=ink, anchor="mm")
        text.append(n)
        y += 44
    assert y < PL_H - 30, y
    return img, text


def make_label_photo(out: Path, truth: Path) -> None:
    """Phone photo of the label stuck on a corrugated cardboard box: perspective, a strip of
    parcel tape, flash hot spot, cool light, mild blur."""
    lb, text = render_label()
    rng = np.random.default_rng(11303)
    pw, ph = 1200, 1600
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    # brown cardboard: fibre noise and the shadow of the flutes under the liner
    fib = np.asarray(
        Image.fromarray(np.clip(rng.normal(128, 55, (ph, pw)), 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(1.3)
        ),
        np.float32,
    )
    flute = 0.035 * np.sin(2 * np.pi * (xs * 0.98 + ys * 0.2) / 15.0)
    shade = 0.92 + 0.0011 * (fib - 128) + flute
    board = np.stack([shade * 181, shade * 137, shade * 92], axis=-1)
    nh, nw = lb.height, lb.width
    dst = [(215, 120), (1030, 88), (1078, 1500), (160, 1532)]
    src = [(0, 0), (nw, 0), (nw, nh), (0, nh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    sample, inside = bilinear(np.asarray(lb, np.float32), u, v, 0.0)
    # a soft wrinkle across the label where it was pressed over the tape
    wr = 1.0 - 0.06 * np.exp(-(((v - nh * 0.33) / 14.0) ** 2))
    sample = sample * wr[..., None]
    mask = inside.astype(np.float32)
    photo = np.where(mask[..., None] > 0, sample, board)
    # clear parcel tape across the top: slightly glossy, slightly yellow
    tape = ((ys > 60 + 0.03 * xs) & (ys < 190 + 0.03 * xs)).astype(np.float32)
    photo = photo * (1 - 0.10 * tape[..., None]) + tape[..., None] * np.array(
        [22.0, 20.0, 8.0], np.float32
    )
    # flash: a hot spot above the centre, falling off to the corners
    r2 = ((xs - 640) / pw) ** 2 + ((ys - 560) / ph) ** 2
    flash = 0.78 + 0.34 * np.exp(-r2 / 0.05)
    photo = photo * flash[..., None] * np.array([0.97, 0.99, 1.03], np.float32)  # cool light
    photo += rng.normal(0, 3.8, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    img.save(out, "JPEG", quality=84, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "swiftlark_parcel_label_photo.txt", "\n".join(text) + "\n")


# =========================================================================== show call (audio)

CALL_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB
    "Araminta": ("en-gb-x-gbcwmd+f5", "132", "56", -2.0),
    "Ezekiel": ("en-us-nyc+m1", "130", "40", -1.5),
    "Torquil": ("en-gb-x-gbclan+m2", "128", "36", -2.0),
}
CALL = [
    (
        "Araminta",
        "Good evening both. This is the Cranmoor Show planning call for Wednesday the "
        "twenty-second of April. The show is on Saturday the eighth of August at Sallowmere Park.",
    ),
    ("Araminta", "Ezekiel, how are the entries looking?"),
    (
        "Ezekiel",
        "We have three hundred and twelve livestock entries so far, mostly sheep, and "
        "ninety-four entries in the produce tent.",
    ),
    (
        "Ezekiel",
        "The sheep judging starts at nine o'clock, and the grand parade of champions is at half "
        "past three in the main ring.",
    ),
    ("Araminta", "Lovely. Torquil, what are we charging at the gate?"),
    (
        "Torquil",
        "An adult ticket is twelve pounds fifty on the day, or ten pounds if you buy it online "
        "before the first of August. Children under sixteen come in free.",
    ),
    (
        "Torquil",
        "Parking is four pounds a car, and a trade stand pitch is ninety-five pounds. Our main "
        "sponsor is Gadsby and Marchant, the farm merchants, with two thousand five hundred pounds.",
    ),
    ("Araminta", "And what time do the gates open?"),
    (
        "Ezekiel",
        "Exhibitors can come in from a quarter to seven. The public gates open at half past "
        "eight, and the dog show starts at eleven.",
    ),
    (
        "Torquil",
        "The Cranmoor Young Farmers will run the hog roast again, and they will give the show "
        "a fifth of their takings.",
    ),
    (
        "Araminta",
        "The vintage tractor run leaves the village green at ten fifteen, and we are expecting "
        "forty-two tractors.",
    ),
    (
        "Ezekiel",
        "I have booked the Wythenbank Brass Band for the afternoon, from one o'clock, for three "
        "hundred and eighty pounds.",
    ),
    (
        "Araminta",
        "Thank you both. Our next call is on Wednesday the twentieth of May, at seven thirty in "
        "the evening.",
    ),
]
CALL_GAPS = [0.8, 0.7, 0.6, 0.9, 0.7, 0.6, 0.8, 0.7, 0.9, 0.6, 0.8, 1.0]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Three show organisers on a call, slow and clear, room tone; MP3."""
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
        pre=("gain", "-6", "highpass", "120", "lowpass", "7200"),
        post=("reverb", "12", "50", "35", "100", "0", "0"),
    )
    rng = np.random.default_rng(11409)
    brown = brown_bed(rng, len(s))
    room = brown * 0.006 + rng.normal(0, 0.0018, len(s))
    mix = s * 0.86 + room
    encode_speech(mix, work / "call.wav", out, rate, "mp3")
    write_truth(truth, "cranmoor_show_planning_call_2026-04-22.tsv", "\n".join(lines) + "\n")


# =========================================================================== jam workshop (video)

LEC_FPS = 15  # slides are 1280 x 720 (heldout_slides.W x H)
LEC_VOICE = ("en-gb-x-rp+f3", "134", "52")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.9, 0.6, 1.5
LEC_ACCENT = "#7a1f2b"
LEC_LEAF = "#5b8c3a"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Strawberry jam: your first batch",
        "lines": ["Bilberry Barn Cookery School", "Saturday workshop, 6 June 2026"],
        "narr": [
            "Welcome to Bilberry Barn. I am Wilhelmina Osei-Hartley, and today we will make a "
            "small batch of strawberry jam.",
            "I have been teaching preserving here for eleven years.",
        ],
    },
    {
        "kind": "bullets",
        "title": "You will need",
        "lines": [
            "1 kg strawberries, hulled and halved",
            "800 g jam sugar (with added pectin)",
            "Juice of 1 lemon",
            "5 clean 340 g jars with lids",
        ],
        "narr": [
            "Sterilise the jars in the oven at one hundred and forty degrees for fifteen minutes.",
            "The jam thermometer we use costs nine pounds fifty in our shop.",
        ],
    },
    {
        "kind": "table",
        "title": "Stages and times",
        "lines": [
            "Stage|Heat|Time",
            "Macerate fruit in sugar|none|2 hours",
            "Dissolve the sugar|low|10 min",
            "Rolling boil|high|8-10 min",
            "Rest before potting|off|15 min",
        ],
        "narr": [
            "Put three saucers in the freezer before you start, for the wrinkle test.",
            "Once the jam is at a rolling boil, do not stir it, or it may catch on the bottom.",
        ],
    },
    {
        "kind": "chart",
        "title": "Temperature during the boil",
        "lines": ["Read the thermometer every two minutes"],
        "narr": [
            "The chart shows the jam heating up once it reaches a rolling boil.",
            "It reaches the setting point of one hundred and five degrees after about ten minutes.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Potting and storing",
        "lines": [
            "Fill jars to 5 mm from the top",
            "Unopened: keeps up to 12 months",
            "Once opened: keep in the fridge, use within 4 weeks",
        ],
        "narr": [
            "A small knob of butter stirred in at the end will clear the scum.",
            "My favourite twist is a splash of balsamic vinegar with the lemon juice.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next workshops",
        "lines": [
            "Seville orange marmalade: Saturday 16 January 2027",
            "Workshop fee £55, lunch included",
            "Bilberry Barn, Stanway Hatch",
        ],
        "narr": [
            "Please take a pack of jar labels home with your jam today.",
            "Thank you for coming, and happy jam making.",
        ],
    },
]
LEC_TEMPS = [(0, 86.0), (2, 97.0), (4, 101.0), (6, 103.0), (8, 104.0), (10, 105.0)]


def lec_chart_png() -> Image.Image:
    """The slide's small line chart (values at the points)."""
    fig = plt.figure(figsize=(7.6, 3.9), dpi=100)
    ax = fig.add_axes([0.11, 0.16, 0.85, 0.70])
    xs = [m for m, _ in LEC_TEMPS]
    vals = [t for _, t in LEC_TEMPS]
    ax.plot(xs, vals, "-o", color=LEC_ACCENT, lw=2.4, ms=7)
    for x, v in zip(xs, vals, strict=True):
        ax.annotate(
            f"{v:g} °C",
            (x, v),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            fontsize=12,
        )
    ax.set_xticks(xs, [str(x) for x in xs], fontsize=11)
    ax.set_xlabel("minutes at a rolling boil", fontsize=10)
    ax.set_ylim(80, 110)
    ax.set_ylabel("temperature (°C)", fontsize=10)
    ax.grid(axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.02, 0.93, "Jam temperature during the boil", fontsize=12, fontweight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lec_title_art(d: ImageDraw.ImageDraw) -> None:
    """The picture on the course's title slide."""
    d.rectangle([1020, 90, 1180, 226], fill="#b52b3a", outline="#f3d9c4", width=6)  # a jar
    d.rectangle([1005, 58, 1195, 94], fill="#d9c7a3")
    d.ellipse([1070, 128, 1130, 188], fill="#e8485a")


LEC_LOOK = CourseLook(
    background="#fff8f0",
    accent=LEC_ACCENT,
    rule=LEC_LEAF,
    ink="#2a1a14",
    subtitle="#f6e3d6",
    title_size=56,
    marker="dot",
    table_cols=(60, 640, 900, 1220),
    table_top=160,
    row_h=88,
    head_fill="#f6dcd2",
    outline="#8a6a60",
    number=("#e9c4b8", "#8a6a60"),
    decorate=lec_title_art,
)


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One workshop slide (cream, red title bar, green rule), with its text."""
    chart_texts = ["Jam temperature during the boil", *[f"{m} min: {t:g} °C" for m, t in LEC_TEMPS]]
    return course_slide(i, LEC_SLIDES, LEC_LOOK, lec_chart_png, chart_texts)


def make_course(out: Path, work: Path, truth: Path) -> None:
    """Recorded workshop: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "bilberry_barn_strawberry_jam_workshop.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=("-g", "4"),
        effects=("gain", "-n", "-2", "reverb", "10", "50", "25", "100", "0", "0"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=11511,
        hiss=0.0015,  # the kitchen microphone's hiss
    )


# =========================================================================== CSV export

CSV_INSTRUCTORS = ["Perran", "Maelle", "Chidinma", "Radek"]
CSV_AREAS = ["EF1", "EF2", "EF4", "EF6", "EF9"]
CSV_PRICE = {  # lesson type -> (minutes, manual £, automatic £)
    "Standard lesson": (60, 38.0, 42.0),
    "Double lesson": (120, 74.0, 82.0),
    "Refresher": (90, 55.0, 61.0),
}
CSV_FIXED = {  # lesson -> area, car, type, instructor, minutes, price, paid by, status, result
    5208: ("EF4", "Automatic", "Driving test", "Chidinma", 120, 95.0, "Card", "Completed", "Pass"),
    5213: ("EF1", "Manual", "Standard lesson", "Radek", None, 0.0, "", "Cancelled", ""),
    5219: (
        "EF6",
        "Manual",
        "Motorway lesson",
        "Perran",
        150,
        96.0,
        "Bank transfer",
        "Completed",
        "",
    ),
    5224: ("EF2", "Manual", "Driving test", "Maelle", 120, 90.0, "Card", "Completed", "Fail"),
    5230: (
        "EF9",
        "Automatic",
        "Intensive day",
        "Maelle",
        300,
        195.0,
        "Bank transfer",
        "Completed",
        "",
    ),
    5216: ("EF4", "Automatic", "Standard lesson", "Perran", None, 0.0, "", "Pupil no-show", ""),
}


def make_driving_csv(out: Path) -> None:
    """A driving school's November lesson export: 30 rows on the month's 21 weekdays, CRLF,
    blank minutes where no lesson took place."""
    rng = np.random.default_rng(11613)
    rows = []
    slots = ["08:30", "10:00", "11:30", "13:30", "15:00", "16:30", "18:00"]
    weekdays = [d for d in range(1, 31) if dt.date(2026, 11, d).weekday() < 5]
    assert len(weekdays) == 21
    for k, n in enumerate(range(5201, 5231)):
        date = f"2026-11-{weekdays[k * 21 // 30]:02d}"  # one or two lessons each weekday
        slot = slots[int(rng.integers(0, len(slots)))]
        pupil = f"P{int(rng.integers(100, 999)):03d}"
        if n in CSV_FIXED:
            area, car, kind, who, mins, price, paid, status, result = CSV_FIXED[n]
        else:
            area = CSV_AREAS[int(rng.integers(0, len(CSV_AREAS)))]
            car = ["Manual", "Manual", "Automatic"][int(rng.integers(0, 3))]
            kind = ["Standard lesson", "Standard lesson", "Double lesson", "Refresher"][
                int(rng.integers(0, 4))
            ]
            who = CSV_INSTRUCTORS[int(rng.integers(0, len(CSV_INSTRUCTORS)))]
            mins, man, auto = CSV_PRICE[kind]
            price = man if car == "Manual" else auto
            paid = ["Card", "Card", "Bank transfer", "Lesson block"][int(rng.integers(0, 4))]
            status, result = "Completed", ""
        rows.append(
            [
                f"ESM-{n}",
                date,
                slot,
                pupil,
                area,
                who,
                car,
                kind,
                "" if mins is None else str(mins),
                f"{price:.2f}",
                paid,
                status,
                result,
            ]
        )
    assert rows[0][1] == "2026-11-02" and rows[-1][1] == "2026-11-30", (rows[0][1], rows[-1][1])
    assert sum(r[11] == "Cancelled" for r in rows) == 1
    assert sum(r[11] == "Pupil no-show" for r in rows) == 1
    assert sum(r[7] == "Driving test" for r in rows) == 2
    assert sum(r[7] == "Motorway lesson" for r in rows) == 1
    assert max(float(r[9]) for r in rows) == 195.0
    assert max(int(r[8]) for r in rows if r[8]) == 300
    head = [
        "lesson_id",
        "date",
        "start_time",
        "pupil_ref",
        "pickup_area",
        "instructor",
        "car",
        "lesson_type",
        "minutes",
        "price_gbp",
        "paid_by",
        "status",
        "test_result",
    ]
    text = "\r\n".join(",".join(r) for r in [head, *rows])
    out.write_bytes((text + "\r\n").encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Kerensa Polglaze <bookings@tidewrack-campervans.example>
To: Dagny Rosenthal-Ekwueme <dagny.re@postbox.example>
Subject: Your campervan hire is confirmed: "Thrift" from 17 to 24 July 2027 (TWC-3358)
Date: Thu, 26 Nov 2026 10:14:37 +0000
Message-ID: <20261126101437.3358@tidewrack-campervans.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Dagny,

Thank you for your deposit. Your week with one of our campervans is booked,
and here are the details we agreed:

  Campervan:   "Thrift", a 4-berth high-top campervan (automatic)
  Collect:     Saturday 17 July 2027 from 3 pm
  Return:      Saturday 24 July 2027 by 10 am
  Depot:       Tidewrack Campervans, Gullyhead Yard, Porthgarrow
  Hire:        £1,365 for 7 nights, including breakdown cover
  Mileage:     1,200 miles included, then 25p a mile
  Reference:   TWC-3358

Your deposit of £400 has been received. The balance of £965 is due eight
weeks before you collect, by Saturday 22 May 2027. We also take a £750
security deposit on a card when you collect, which we release within five
working days of the van coming back undamaged.

One well-behaved dog is welcome for £45 a week; please bring its own bedding.
The awning, two camping chairs and a table are included, and a bike rack for
up to four bikes can be added for £35.

Our handover takes about 45 minutes, so please allow for it. Drivers must be
25 to 75 and have held a full licence for at least three years.

Happy travels,

Kerensa Polglaze
Tidewrack Campervans
07700 900562
"""


def make_email(out: Path) -> None:
    """A plain-text campervan hire confirmation as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": (
        "pdf/corrowick_bay_aquarium_annual_review_2025.pdf",
        "make_aquarium_report",
        False,
    ),
    "donut": (
        "chart/tarnhollow_country_park_travel_survey_2026.png",
        "make_travel_donut",
        False,
    ),
    "letter": (
        "scan/brackenfold_electrical_eicr_letter_and_invoice.pdf",
        "make_eicr_letter",
        True,
    ),
    "label": ("scan/swiftlark_parcel_label_photo.jpg", "make_label_photo", False),
    "call": ("audio/cranmoor_show_planning_call_2026-04-22.mp3", "make_call", True),
    "course": ("video/bilberry_barn_strawberry_jam_workshop.mp4", "make_course", True),
    "csv": ("data/ellingford_school_of_motoring_lessons_2026-11.csv", "make_driving_csv", None),
    "eml": ("mail/tidewrack_campervan_hire_confirmation.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN11_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
