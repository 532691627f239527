"""Generate the made-up files of the sixth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the gnuplot manual from
obtain.sh):
  pdf/quillan_street_cycles_h1_2025_26_report.pdf  4-page A4 half-year report of a bicycle
                                    retailer laid out with reportlab: header band, ordinary
                                    ruled tables (p. 2, p. 4) and two vector charts drawn with
                                    reportlab.graphics (p. 3, labels in the text layer)
  chart/hazelmere_pta_spending_2024_25.png  pie chart with percentage labels and a legend
  scan/carrow_finch_deposit_return.pdf  clean 300 dpi greyscale office scan of a typed
                                    2-page letting agent's letter (letter, deduction schedule
                                    with a ruled table), slight skew; image only
  scan/bramblegate_garden_centre_receipt.jpg  phone photo of a till receipt on a desk
  audio/redbrook_canoe_club_coaching_2025-11-12.m4a  three-person committee discussion at a
                                    normal pace (espeak-ng en-gb/f4, en-us/m4, Lancaster/f2),
                                    room tone; AAC in .m4a
  video/larchfield_sourdough_starter_lesson.mp4  narrated slide lesson: 7 slides (espeak-ng
                                    Scottish English/f3); slides and narration overlap
  data/kestle_print_studio_orders_2025-10.csv  print shop's order export
  mail/oakline_kitchen_installation.eml  kitchen fitter's installation-plan e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN6_ONLY=report,pie,letter,receipt,meeting,lecture,csv,eml (comma-separated) makes only
those files (for development; obtain.sh always makes all). All names, places and facts are
made up. Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg and
img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is repeatable on one machine
(fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact encoders).
"""

from __future__ import annotations

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
from reportlab.graphics.charts.barcharts import (  # noqa: E402
    HorizontalBarChart,
    VerticalBarChart,
)
from reportlab.graphics.charts.legends import Legend  # noqa: E402
from reportlab.graphics.shapes import Drawing, String  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_LEFT  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen6", "path.simplify": False}
)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/: the shared kit
from heldout_kit import (  # noqa: E402
    PNG_META,
    font,
    run_jobs,
    write_truth,
)
from heldout_media import brown_bed, encode_speech, lesson_video, speak_turns  # noqa: E402
from heldout_paper import closing_notes, form_heading, form_items, scanned_pdf, signed_letter  # noqa: E402
from heldout_receipt import receipt_on_desk, thermal_receipt  # noqa: E402
from heldout_report import band_frame, build_report, register_fonts, report_styles, ruled_table  # noqa: E402
from heldout_slides import lecture_slide, threshold_bar_chart  # noqa: E402

# =========================================================================== trading report

OV = "Quillan Street Cycles Ltd"
OV_P1 = [
    "Revenue for the six months to 30 September 2025 was £2,156,000, up 9.1% on the same six "
    "months of 2024 (£1,976,000). Gross margin improved from 33.8% to 35.1% because servicing "
    "and repairs, which earn a higher margin than bike sales, grew much faster than the rest of "
    "the business.",
    "Our fourth store and workshop, at Tanner's Quay, opened on 2 June 2025. It has five "
    "workstands, more than any of our other sites, and a covered bay where customers can test "
    "ride e-bikes before they buy.",
    "In July we won a two-year contract to service the 340 bikes of the city's bike-share "
    "scheme, which is run by Ferrow Mobility. It is the largest contract in our history, and "
    "the first bikes came into the Tanner's Quay workshop on 4 August.",
    "Sales through the cycle-to-work scheme held up well: we redeemed 612 vouchers in the half "
    "year, compared with 540 a year earlier.",
    "The Old Market store was closed for repairs after a burst water main from 8 to 19 July; "
    "the other stores traded throughout the half.",
]
OV_P2 = (
    "New bikes sold in store remain our largest channel. Servicing grew fastest, helped from "
    "August by the Ferrow Mobility contract. Online bike sales fell because a national retailer "
    "cut its e-bike prices sharply in the spring and we chose not to follow."
)
OV_CHANNELS = [  # channel, H1 2024 £000, H1 2025 £000
    ("New bikes sold in store", 812, 858),
    ("Online bike sales", 298, 271),
    ("Servicing and repairs", 364, 452),
    ("Parts and accessories", 331, 357),
    ("E-bike conversions", 96, 131),
    ("Bike hire", 75, 87),
]
OV_SHOPS = [  # store, opened, workstands, revenue £000, average sale £, staff FTE
    ("Old Market", 2011, 4, 688, "142.50", "9.0"),
    ("Redland Road", 2015, 3, 541, "168.20", "7.5"),
    ("Clifton Arcade", 2019, 2, 402, "121.80", "5.0"),
    ("Tanner's Quay (opened June 2025)", 2025, 5, 212, "96.40", "6.0"),
]
OV_P3 = (
    "We completed 7,418 services and repairs in the half year, 27% more than in the same months "
    "of 2024. August was our busiest month ever in the workshops. Figure 2 shows the bikes we "
    "sold by type; e-bikes were again the largest group, at 30% of units."
)
OV_MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
OV_ROAST = {
    "2024": [905, 968, 1012, 1046, 981, 929],
    "2025": [1104, 1187, 1296, 1288, 1352, 1191],
}
OV_ORIGINS = [
    ("E-bikes", 412),
    ("Hybrid", 356),
    ("Road", 188),
    ("Gravel", 164),
    ("Children's", 141),
    ("Mountain", 97),
    ("Cargo", 38),
]
OV_HEADCOUNT = [  # team, 30 September 2024, 30 September 2025
    ("Workshops", 18, 24),
    ("Sales floor", 15, 16),
    ("Online and stock", 4, 4),
    ("Hire desk", 3, 4),
    ("Office", 3, 3),
]
OV_P4 = [
    "Headcount rose by eight to 51 people. Six of the new roles are mechanics, most of them at "
    "Tanner's Quay. Two of our apprentices, Lewis Ambrose and Hana Petrov, passed their Level 3 "
    "cycle mechanic qualification in September.",
]
OV_OUTLOOK = [
    "Parts prices have risen by about 7% this year. From 1 January 2026 our standard service "
    "will cost £85 instead of £79; the price of the safety check stays at £25.",
    "We plan to open a fifth store, in Keynsham, in spring 2026, and to add a second cargo-bike "
    "hire point at Temple Meads station.",
    "The board has declared an interim dividend of 2.2p per share, which will be paid on 12 "
    "December 2025 to shareholders on the register on 21 November.",
]


def ov_roast_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Grouped vertical bars (2024 vs 2025, monthly services) with value labels; vector."""
    d = Drawing(170 * mm, 78 * mm)
    d.add(
        String(
            0,
            74 * mm,
            "Figure 1. Services and repairs completed per month",
            fontName=famb,
            fontSize=10,
        )
    )
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 14 * mm, 12 * mm, 150 * mm, 54 * mm
    c.data = [OV_ROAST["2024"], OV_ROAST["2025"]]
    c.categoryAxis.categoryNames = OV_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 1500, 250
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    c.bars[0].fillColor = colors.HexColor("#b8a48c")
    c.bars[1].fillColor = colors.HexColor("#5b3a29")
    c.bars.strokeColor = None
    c.barSpacing, c.groupSpacing = 1, 8
    c.barLabelFormat = "%d"
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 6.5
    c.barLabels.nudge = 5
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 20 * mm, 70 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 60
    lg.colorNamePairs = [
        (c.bars[0].fillColor, "Apr-Sep 2024"),
        (c.bars[1].fillColor, "Apr-Sep 2025"),
    ]
    d.add(lg)
    text = [
        "Figure 1. Services and repairs completed per month",
        "legend: Apr-Sep 2024, Apr-Sep 2025",
    ]
    for i, m in enumerate(OV_MONTHS):
        text.append(f"{m}: 2024 {OV_ROAST['2024'][i]}, 2025 {OV_ROAST['2025'][i]}")
    return d, text


def ov_origin_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Horizontal bars (bikes sold by type, units) with value labels; vector."""
    d = Drawing(170 * mm, 70 * mm)
    d.add(
        String(
            0,
            66 * mm,
            "Figure 2. Bikes sold by type, April to September 2025 (units)",
            fontName=famb,
            fontSize=10,
        )
    )
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 24 * mm, 6 * mm, 130 * mm, 56 * mm
    names = [n for n, _ in OV_ORIGINS][::-1]
    c.data = [[v for _, v in OV_ORIGINS][::-1]]
    c.categoryAxis.categoryNames = names
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 450, 50
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.bars[0].fillColor = colors.HexColor("#6f8f3c")
    c.bars.strokeColor = None
    c.barLabelFormat = "%d"
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 7.5
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    text = ["Figure 2. Bikes sold by type, April to September 2025 (units)"]
    text += [f"{n}: {v}" for n, v in OV_ORIGINS]
    return d, text


def make_cycles_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    assert sum(a for _, a, _ in OV_CHANNELS) == 1976 and sum(b for *_, b in OV_CHANNELS) == 2156
    assert sum(OV_ROAST["2025"]) == 7418
    assert abs(sum(OV_ROAST["2025"]) / sum(OV_ROAST["2024"]) - 1.27) < 0.005
    assert round(412 / sum(v for _, v in OV_ORIGINS) * 100) == 30
    assert sum(h[1] for h in OV_HEADCOUNT) == 43 and sum(h[2] for h in OV_HEADCOUNT) == 51
    register_fonts(("Arial", "ArialB", "ArialI"))
    brown, ink = colors.HexColor("#1d4a3a"), colors.HexColor("#1f1f1f")
    body, h1, h2, sub, cap, note, sign = report_styles(
        brown,
        ink,
        grey="#555555",
        body_font="Arial",
        body_size=10,
        body_leading=14.2,
        body_align=TA_LEFT,
        sign_font="ArialB",
    )
    frame = band_frame(
        accent=brown,
        band=14,
        stripe=None,
        text_y=9,
        left="QUILLAN STREET CYCLES",
        right="Half-year report  |  April to September 2025",
        footer=OV + "  \u00b7  Company no. 07294418",
        page_label="Page {page} of 4",
    )
    ruled = partial(ruled_table, accent=brown, head_bg="#dcefe6", rule="#6b8c7b", grid=True)

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Half-Year Report to Shareholders", h1),
        Paragraph("Six months to 30 September 2025 (unaudited)", sub),
        Paragraph("Managing director's summary", h2),
    ]
    story += [Paragraph(p, body) for p in OV_P1]
    story += [
        Spacer(1, 4),
        Paragraph("Marcus Quillan", sign),
        Paragraph("Managing Director, 24 October 2025", body),
        PageBreak(),
    ]

    story += [Paragraph("Trading by channel", h2), Paragraph(OV_P2, body)]
    story += [Paragraph("Table 1. Revenue by channel (£000)", cap)]
    rows = [["Channel", "Apr-Sep 2024", "Apr-Sep 2025", "Change"]]
    for name, a, b in OV_CHANNELS:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", "1,976", "2,156", f"{(2156 / 1976 - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 28, 28, 24], True), Spacer(1, 10)]
    story += [
        Paragraph("Our stores", h2),
        Paragraph(
            "Table 2 shows each store's trading from April to September 2025. Average "
            "sale is revenue divided by the number of till transactions; staff "
            "numbers are full-time equivalents on 30 September.",
            body,
        ),
    ]
    story += [Paragraph("Table 2. Store performance, April to September 2025", cap)]
    rows = [["Store", "Opened", "Workstands", "Revenue (£000)", "Average sale (£)", "Staff (FTE)"]]
    rows += [[s, str(o), str(se), str(r), a, f] for s, o, se, r, a, f in OV_SHOPS]
    story += [ruled(rows, [56, 18, 16, 28, 31, 23], False), PageBreak()]

    story += [Paragraph("Workshops and bike sales", h2), Paragraph(OV_P3, body), Spacer(1, 6)]
    d1, t1 = ov_roast_chart("Arial", "ArialB")
    d2, t2 = ov_origin_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 10),
        d2,
        Paragraph(
            "Units are complete bikes sold in store and online; conversions are not included.",
            note,
        ),
        PageBreak(),
    ]

    story += [Paragraph("People", h2)]
    story += [Paragraph(p, body) for p in OV_P4]
    story += [Paragraph("Table 3. Headcount by team", cap)]
    rows = [["Team", "30 Sept 2024", "30 Sept 2025"]]
    rows += [[t, str(a), str(b)] for t, a, b in OV_HEADCOUNT]
    rows.append(["Total", "43", "51"])
    story += [ruled(rows, [70, 32, 32], True), Spacer(1, 10)]
    story += [KeepTogether([Paragraph("Outlook", h2)] + [Paragraph(p, body) for p in OV_OUTLOOK])]
    build_report(
        out,
        story,
        frame,
        title="Half-Year Report 2025",
        author="Quillan Street Cycles Ltd",
        top_margin=22,
    )
    write_truth(
        truth,
        "quillan_street_cycles_h1_2025_26_report.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2) + "\n",
    )


# =========================================================================== pie chart (PNG)

PIE_TITLE = "Hazelmere Primary School PTA: how the money raised in 2024-25 was spent"
PIE_SUB = "Total spent £38,450"
PIE = [
    ("Playground equipment", 29),
    ("School trips subsidy", 21),
    ("Library books", 16),
    ("Music tuition", 12),
    ("Year 6 leavers' events", 9),
    ("Sports kit", 8),
    ("Running costs", 5),
]
PIE_COLORS = ["#1b6ca8", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"]


def make_pie_chart(out: Path, truth: Path) -> None:
    """An ordinary pie chart: percentage labels on the slices, legend on the right; PNG."""
    assert sum(v for _, v in PIE) == 100
    fig = plt.figure(figsize=(9.6, 5.8), dpi=100)
    ax = fig.add_axes([0.02, 0.04, 0.56, 0.80])
    wedges, _texts, autotexts = ax.pie(
        [v for _, v in PIE],
        colors=PIE_COLORS,
        startangle=90,
        counterclock=False,
        autopct=lambda p: f"{p:.0f}%",
        pctdistance=0.74,
        wedgeprops={"edgecolor": "white", "linewidth": 1.5},
        textprops={"fontsize": 12, "color": "white", "fontweight": "bold"},
    )
    for t, (_, v) in zip(autotexts, PIE, strict=True):
        if v < 7:
            t.set_color("#222222")
    ax.set_aspect("equal")
    fig.legend(
        wedges,
        [n for n, _ in PIE],
        loc="center left",
        bbox_to_anchor=(0.60, 0.45),
        frameon=False,
        fontsize=12.5,
    )
    fig.text(0.03, 0.94, PIE_TITLE, fontsize=14, fontweight="bold", color="#1f2937")
    fig.text(0.03, 0.885, PIE_SUB, fontsize=12, color="#4b5563")
    fig.text(
        0.97,
        0.02,
        "Source: PTA treasurer's report, September 2025",
        fontsize=9,
        color="#6b7280",
        ha="right",
    )
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines = [PIE_TITLE, PIE_SUB] + [f"{n}: {v}%" for n, v in PIE]
    lines.append("Source: PTA treasurer's report, September 2025")
    write_truth(truth, "hazelmere_pta_spending_2024_25.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned letter

DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
LETTER_HEAD = [
    ("ArialB", 62, "Carrow & Finch Lettings"),
    (
        "Arial",
        34,
        "Residential Lettings  \u00b7  9 Sheaf Street  \u00b7  Wendlebury  \u00b7  WB3 7HT",
    ),
    ("Arial", 34, "Telephone 01632 960477  \u00b7  deposits@carrowfinch.example"),
]
LETTER_ADDR = [
    "Ms Priya Anand",
    "Flat 4, 22 Mortlake Terrace",
    "Wendlebury",
    "WB2 5NS",
]
LETTER_REFS = [
    ("Date:", "14 November 2025"),
    ("Tenancy ref:", "CF/T/20931"),
    ("Deposit ID:", "TDS 7724-1185"),
]
LETTER_SUBJECT = "Return of your tenancy deposit: Flat 4, 22 Mortlake Terrace"
LETTER_BODY = [
    "Dear Ms Anand,",
    "Thank you for returning the keys on 31 October 2025. Our inventory clerk, Ms Harriet Voss, "
    "carried out the check-out inspection on 3 November 2025 and compared the flat with the "
    "check-in inventory from November 2023.",
    "Your deposit was £1,450. Your landlord, Mr Owen Petrakis, has agreed the deductions set out "
    "item by item on the schedule overleaf. They come to £212.00, so £1,238.00 will be returned "
    "to you.",
    "The largest deduction is for cleaning the oven and extractor hood, which were left with "
    "heavy grease deposits; the check-out report includes photographs. No charge has been made "
    "for the picture hooks, because your tenancy agreement allowed them.",
    "We have asked the Tenancy Deposit Scheme to release the money, and you should receive it "
    "in your account ending 2093 within ten working days.",
    "If you do not agree with the deductions, you can raise a free dispute with the Tenancy "
    "Deposit Scheme within three months of the end of your tenancy.",
    "Yours sincerely,",
]
LETTER_SIGN = ["Daniel Okonjo", "Deposits Manager"]
FORM_TITLE = "Deposit deduction schedule"
FORM_FIELDS = [
    ("Tenant", "Ms P. Anand"),
    ("Property", "Flat 4, 22 Mortlake Terrace"),
    ("Tenancy reference", "CF/T/20931"),
    ("Tenancy dates", "03/11/2023 to 31/10/2025"),
    ("Deposit held", "1,450.00"),
    ("Check-out by", "H. Voss (03/11/2025)"),
]
FORM_ITEMS = [  # item, asked, agreed, note
    ("1", "Oven and hood clean", "120.00", "95.00", "tenant agreed"),
    ("2", "Carpet clean, bedroom", "85.00", "60.00", "fair wear"),
    ("3", "Broken kitchen blind", "48.00", "48.00", ""),
    ("4", "Missing window key (1)", "12.00", "9.00", "cost price"),
    ("5", "Wall repair, picture hooks", "90.00", "0.00", "allowed"),
    ("6", "Rubbish removal", "65.00", "0.00", "none found"),
]
FORM_TOTALS = [
    ("Total", "420.00", "212.00"),
    ("Deposit held", "", "1,450.00"),
    ("Less agreed deductions", "", "-212.00"),
    ("Returned to tenant", "", "1,238.00"),
]


def _amount(s: str) -> float:
    return float(s.replace(",", ""))


def _letter_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y)."""
    d.rectangle([x0, y, x0 + 22, y + 150], fill=70)


def render_letter_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    claimed = sum(_amount(i[2]) for i in FORM_ITEMS)
    agreed = sum(_amount(i[3]) for i in FORM_ITEMS)
    assert abs(claimed - 420.0) < 0.001 and abs(agreed - 212.0) < 0.001
    assert abs(1450 - agreed - 1238.0) < 0.001
    pages, texts = [], []
    # ---- page 1: the letter
    img, lines = signed_letter(
        (PAGE_W, PAGE_H),
        LETTER_HEAD,
        LETTER_ADDR,
        LETTER_REFS,
        LETTER_SUBJECT,
        LETTER_BODY,
        LETTER_SIGN,
        foot="Carrow & Finch Lettings Ltd. Member of The Property Ombudsman. Company no. 05518830.",
        logo=_letter_logo,
        layout=(230, 60, 620, False),
        ref_x=(1500, 1850),
        signature=([(10, -30), (150, -70), (260, -25), (420, -80)], 60),
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250  # the left margin, as on page 1
    # ---- page 2: the settlement form
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    y, lines = form_heading(
        d, PAGE_W, x0, "Carrow & Finch Lettings", "Form DR-3", FORM_TITLE, FORM_FIELDS
    )
    y += 110
    cols = [x0, x0 + 110, x0 + 900, x0 + 1230, x0 + 1560, PAGE_W - x0]
    heads = ["No.", "Item", "Asked (£)", "Agreed (£)", "Notes"]
    rows = [heads] + [list(i) for i in FORM_ITEMS]
    y = form_items(d, y, cols, rows, lines, right=(2, 3), note_size=32)
    row_h = 92  # as in the item table
    cell_f, head_f = font("Arial", 38), font("ArialB", 38)
    for label, a, b in FORM_TOTALS:
        d.rectangle([cols[1], y, cols[-1], y + row_h], outline=40, width=3)
        for c in (2, 3):
            d.line([(cols[c], y), (cols[c], y + row_h)], fill=40, width=3)
        bold = label in ("Total", "Returned to tenant")
        f = head_f if bold else cell_f
        d.text((cols[1] + 18, y + row_h // 2), label, font=f, fill=10, anchor="lm")
        if a:
            d.text((cols[3] - 24, y + row_h // 2), a, font=f, fill=10, anchor="rm")
        d.text((cols[4] - 24, y + row_h // 2), b, font=f, fill=10, anchor="rm")
        lines.append(" ".join(x for x in (label, a, b) if x))
        y += row_h
    y += 120
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "Payment method: released by the Tenancy Deposit Scheme to the account ending 2093.",
            "Checked by: D. Okonjo        Agreed by landlord: O. Petrakis (12/11/2025)",
        ],
        "Page 2 of 2",
        lines,
    )
    pages.append(img)
    texts.append(lines)
    return pages, texts


def scan_clean(img: Image.Image, angle: float, seed: int) -> Image.Image:
    """A tidy office flatbed scan: slight skew, slight blur, off-white paper, faint noise."""
    rng = np.random.default_rng(seed)
    rot = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    rot = rot.filter(ImageFilter.GaussianBlur(0.7))
    a = np.asarray(rot, np.float32)
    a = 246.0 - (255.0 - a) * 0.93  # paper a little grey, ink not quite black
    yy = np.linspace(0, 1, a.shape[0], dtype=np.float32)[:, None]
    a -= 4.0 * yy  # the lid lets in a little less light at the bottom
    a += rng.normal(0, 2.2, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_deposit_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 80), image-only PDF."""
    pages, texts = render_letter_pages()
    scans = [
        scan_clean(img, angle, 5100 + i)
        for i, (img, angle) in enumerate(zip(pages, (0.6, -0.45), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="claim",
        truth_stem="carrow_finch_deposit_return",
        quality=80,
    )


# =========================================================================== receipt photo

RECEIPT_ITEMS = [  # description, qty, unit price
    ("Peat-free compost 40L", 3, 7.50),
    ("Tulip bulbs 'Ballerina' x25", 2, 8.99),
    ("Hellebore 2L pot", 1, 12.50),
    ("Bird feeder, hanging", 1, 15.00),
    ("Secateurs, bypass", 1, 22.00),
]


def render_receipt() -> tuple[Image.Image, list[str]]:
    """A thermal till receipt, 80 mm roll, monospaced, as a greyscale image."""
    sub = sum(q * p for _, q, p in RECEIPT_ITEMS)
    disc = round(sub * 0.10, 2)
    total = round(sub - disc, 2)
    vat = round(total / 6, 2)
    assert (sub, disc, total, vat) == (89.98, 9.0, 80.98, 13.5), (sub, disc, total, vat)
    return thermal_receipt(
        [
            "BRAMBLEGATE GARDEN CENTRE",
            "Plants - Tools - Cafe",
            "Mill Lane, Ashcott Marsh AM4 2QE",
            "Tel 01632 960825",
            "VAT No. GB 402 7719 58",
        ],
        [("25/10/2025 11:07", "Till 4"), ("Served by: Gareth", "Trans 07731")],
        RECEIPT_ITEMS,
        (sub, disc, total, vat),
        discount="Friends card 10%",
        card=("MASTERCARD CONTACTLESS", "Card ************3306", "Auth code 118452"),
        count="Items: 8",
        closing=["Plants guaranteed for 12 months", "with this receipt. Thank you!"],
    )


def make_receipt_photo(out: Path, truth: Path) -> None:
    """Phone snap of the receipt lying on a light oak desk: mild angle, soft light; JPEG."""
    rec, text = render_receipt()
    receipt_on_desk(rec, out, 5207)
    write_truth(truth, "bramblegate_garden_centre_receipt.txt", "\n".join(text) + "\n")


# =========================================================================== committee meeting (audio)

MEETING_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB, reverb
    "Rosalind": ("en-gb+f4", "160", "52", -1.0),
    "Dev": ("en-us+m4", "166", "42", -2.5),
    "Carys": ("en-gb-x-gbclan+f2", "156", "55", -3.0),
}
MEETING = [
    (
        "Rosalind",
        "Right, shall we start? This is the coaching committee for the twelfth of November. "
        "Dev, Carys, thanks for staying after the session. First, the winter pool sessions.",
    ),
    (
        "Carys",
        "We've booked the Hartfield leisure centre pool for eight Sunday evenings, starting on "
        "the eleventh of January. Each session is from six until half past seven, and we can "
        "take fourteen boats at a time.",
    ),
    ("Rosalind", "And what is the pool charging us this year?"),
    (
        "Dev",
        "Ninety-five pounds a session, up from eighty. So I suggest we charge members twelve "
        "pounds a session, which still leaves us a little short if a night isn't full.",
    ),
    (
        "Carys",
        "Twelve is fine. Most people will come for the rolling practice anyway, and the "
        "juniors can share boats.",
    ),
    ("Rosalind", "Okay. Dev, where are we with the money overall?"),
    (
        "Dev",
        "The current account had four thousand one hundred and thirty pounds at the end of "
        "October. The big cost this month was the trailer, which needed new bearings and a "
        "tyre, and that came to two hundred and sixty-five pounds.",
    ),
    (
        "Rosalind",
        "Next item, the coaching awards. How many people passed the paddle start course?",
    ),
    (
        "Carys",
        "Nine out of eleven passed on the weekend course. The other two missed the capsize "
        "drill because the river was too high on the Sunday, so they'll finish it in the pool "
        "in January.",
    ),
    (
        "Rosalind",
        "Good. And we need another qualified coach for the spring trips. Is anyone ready?",
    ),
    (
        "Carys",
        "Tomasz is ready to do his coach assessment. It's in Bala on the seventh of March, and "
        "the fee is one hundred and forty pounds.",
    ),
    (
        "Dev",
        "The club has always paid half for coach assessments, so that's seventy pounds from "
        "us, and I'm happy to propose it.",
    ),
    (
        "Rosalind",
        "Let's vote. All in favour of paying half of Tomasz's fee? That's three in favour, "
        "none against, so it's agreed.",
    ),
    ("Rosalind", "Now, the boat shed. Carys, you said there was a problem with the lock?"),
    (
        "Carys",
        "Yes, the padlock on the boat shed was forced some time last week. Nothing was taken, "
        "but I've ordered a closed shackle lock and it should be fitted by Saturday.",
    ),
    (
        "Dev",
        "And we should change the key safe code as well. I'll send the new code to coaches "
        "only, not to the whole club list.",
    ),
    ("Rosalind", "Agreed. Last item is the Christmas paddle."),
    (
        "Carys",
        "It's on Boxing Day, meeting at the slipway at ten. We'll paddle down to the Ferry Inn "
        "and back, about six kilometres in all, and fancy dress is optional.",
    ),
    (
        "Rosalind",
        "Lovely. Any other business? No? Then the next committee meeting is on Wednesday the "
        "tenth of December, same time. Thanks, both.",
    ),
]
MEETING_GAPS = [
    0.8,
    0.6,
    0.9,
    0.7,
    0.6,
    0.8,
    1.0,
    0.7,
    0.6,
    0.9,
    1.2,
    0.7,
    0.6,
    0.8,
    0.7,
    1.1,
    0.6,
    0.8,
]


def make_meeting(out: Path, work: Path, truth: Path) -> None:
    """Three committee members after a club session, normal pace, room tone; AAC in .m4a."""
    rate = 44100
    s, lines = speak_turns(
        MEETING,
        MEETING_VOICES,
        MEETING_GAPS,
        work,
        rate,
        prefix="meet",
        lead=1.2,
        espeak_opts=(),
        pre=(),
        post=("reverb", "18", "50", "40", "100", "0", "0"),
    )
    rng = np.random.default_rng(6409)
    brown = brown_bed(rng, len(s))
    hum = 0.3 * np.sin(2 * np.pi * 50 * np.arange(len(s)) / rate)
    room = brown * 0.010 + hum * 0.002 + rng.normal(0, 0.0015, len(s))
    mix = s * 0.85 + room
    encode_speech(mix, work / "meeting.wav", out, rate, "aac")
    write_truth(truth, "redbrook_canoe_club_coaching_2025-11-12.tsv", "\n".join(lines) + "\n")


# =========================================================================== lecture (video)

LEC_FPS = 15  # slides are 1280 x 720 (heldout_slides.W x H)
LEC_VOICE = ("en-gb-scotland+f3", "150", "50")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.8, 0.55, 1.6
LEC_ACCENT = "#2b6cb0"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Looking after a sourdough starter",
        "lines": [
            "Home baking course \u00b7 Lesson 2",
            "Tamsin Crewe, Larchfield Bakery School",
            "Winter term 2026",
        ],
        "narr": [
            "Hello again, and welcome to lesson two. I'm Tamsin Crewe, and today we're going to "
            "keep a sourdough starter alive and happy.",
        ],
    },
    {
        "kind": "bullets",
        "title": "What you need",
        "lines": [
            "A clean glass jar with a loose lid",
            "Strong white flour and some wholemeal rye",
            "Water at about 26 \u00b0C",
            "Digital scales that weigh in single grams",
        ],
        "narr": [
            "Use a loose lid rather than a screw top, because the gas the starter makes has to "
            "escape somewhere.",
            "Don't use water straight from a water softener; the salt in it slows the yeast down.",
        ],
    },
    {
        "kind": "table",
        "title": "A feeding routine",
        "lines": [
            "Where you keep it|Feed|Ratio starter:flour:water",
            "Kitchen worktop|twice a day|1 : 5 : 5",
            "Fridge|once a week|1 : 2 : 2",
            "Before baking|8 to 12 hours ahead|1 : 4 : 4",
        ],
        "narr": [
            "On the worktop it needs feeding every twelve hours or so, because it runs out of "
            "food quickly in a warm kitchen.",
            "If you only bake at weekends, keep it in the fridge and feed it on a Sunday.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Is it ready to use?",
        "lines": [
            "It has at least doubled since the last feed",
            "The top is domed and full of bubbles",
            "It smells sour and fruity, not of nail varnish",
            "Float test: a teaspoonful floats in water",
        ],
        "narr": [
            "A smell of nail varnish means the starter is hungry, so feed it and wait for the "
            "next rise before you bake.",
        ],
    },
    {
        "kind": "chart",
        "title": "Warmth and speed",
        "lines": [
            "Same starter, fed 1 : 5 : 5, timed in our test kitchen",
        ],
        "narr": [
            "We timed one starter at six different temperatures. At twenty-six degrees it "
            "doubled in about four hours, so that's the temperature our bakery proves at.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Common problems",
        "lines": [
            "Grey liquid on top (hooch): pour it off and feed",
            "Pink or orange streaks: throw it away",
            "Fuzzy mould: throw it away",
            "Slow rise: add 10% rye flour to the feed",
        ],
        "narr": [
            "The grey liquid is harmless. It just tells you the starter was left too long "
            "without food.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next lesson",
        "lines": [
            "Lesson 3: your first country loaf",
            "Thursday 5 February, 18:30",
            "Larchfield Bakery School, 3 Cooper's Row",
            "Bring 100 g of your own active starter",
            "Questions: classes@larchfieldbakery.example",
        ],
        "narr": [
            "For lesson three, feed your starter the night before, on the Wednesday evening, so "
            "that it's at its peak when you arrive.",
            "And bring an apron, because rye flour gets everywhere.",
        ],
    },
]
LEC_MITES = [
    ("18 \u00b0C", 9.5),
    ("20 \u00b0C", 7.5),
    ("22 \u00b0C", 6.0),
    ("24 \u00b0C", 5.0),
    ("26 \u00b0C", 4.0),
    ("28 \u00b0C", 3.5),
]


def lec_chart_png() -> Image.Image:
    """The slide's small bar chart (values on the bars, a dashed threshold line)."""
    return threshold_bar_chart(
        LEC_MITES,
        color="#4299e1",
        label_dy=0.15,
        threshold=(8.5, 3.6, 8.7, "overnight limit"),
        ymax=11,
        ylabel="hours to double",
        title="Hours for the starter to double, by kitchen temperature",
    )


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One lecture slide (white, amber title bar, slide number), with its text."""
    chart_texts = ["Hours for the starter to double, by kitchen temperature"]
    chart_texts += [f"{m} {v:.1f}" for m, v in LEC_MITES]
    chart_texts.append("overnight limit")
    return lecture_slide(
        i,
        LEC_SLIDES,
        accent=LEC_ACCENT,
        chart=lec_chart_png,
        chart_texts=chart_texts,
        footer="Larchfield Bakery School",
    )


def make_lecture(out: Path, work: Path, truth: Path) -> None:
    """Recorded lecture: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "larchfield_sourdough_starter_lesson.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=(),
        effects=("gain", "-n", "-2"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=5411,
        hiss=0.0012,  # the lecture-room microphone's hiss
    )


# =========================================================================== CSV export

CSV_PRODUCTS = [  # product, sku, unit price
    ("Art print A4 - Harbour at Dusk", "AP-A4-HAR", 18.00),
    ("Art print A3 - Harbour at Dusk", "AP-A3-HAR", 32.00),
    ("Art print A3 - Moorland Hares", "AP-A3-HRS", 32.00),
    ("Greeting cards (pack of 6)", "GC-6-MIX", 13.50),
    ("Linocut original - Heron", "LC-HER", 85.00),
    ("Tea towel - Coastal map", "TT-MAP", 12.00),
    ("Oak frame A3", "FR-A3-OAK", 41.00),
    ("Calendar 2026", "CAL-26", 15.00),
]
CSV_REGIONS = [
    "North West",
    "Scotland",
    "London",
    "South West",
    "Yorkshire",
    "Wales",
    "West Midlands",
    "East of England",
    "Northern Ireland",
    "South East",
]
CSV_FIXED = {  # order number -> product index, quantity, region, status, courier
    3307: (4, 2, "Scotland", "Delivered", "DPD"),
    3312: (6, 1, "Wales", "Returned", "Royal Mail"),
    3321: (7, 14, "South West", "Delivered", "DPD"),
    3316: (1, 2, "London", "Cancelled", ""),
    3325: (3, 4, "Yorkshire", "Cancelled", ""),
    3329: (0, 1, "North West", "Cancelled", ""),
    3334: (5, 3, "East of England", "Awaiting stock", ""),
}


def make_orders_csv(out: Path) -> None:
    """A print studio's October order export: 32 rows, ISO dates, plain comma-separated values."""
    rng = np.random.default_rng(6613)
    rows = []
    for n in range(3305, 3337):
        day = 1 + (n - 3305) * 29 // 32
        if n in CSV_FIXED:
            pi, qty, region, status, courier = CSV_FIXED[n]
        else:
            pi = int(rng.integers(0, len(CSV_PRODUCTS) - 1))
            pi += pi >= 4  # the linocut original sells only in the fixed orders
            qty = int(rng.integers(1, 4))
            region = CSV_REGIONS[int(rng.integers(0, len(CSV_REGIONS)))]
            status = "Delivered" if n < 3331 else "Dispatched"
            courier = ["Royal Mail", "DPD", "Evri"][int(rng.integers(0, 3))]
        name, sku, price = CSV_PRODUCTS[pi]
        rows.append(
            [
                f"KPS-{n}",
                f"2025-10-{day:02d}",
                region,
                name,
                sku,
                str(qty),
                f"{price:.2f}",
                f"{qty * price:.2f}",
                status,
                courier,
            ]
        )
    assert sum(r[8] == "Cancelled" for r in rows) == 3
    totals = [float(r[7]) for r in rows]
    assert max(totals) == 210.0 and totals.count(210.0) == 1, max(totals)
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)
    head = [
        "order_id",
        "order_date",
        "customer_region",
        "product",
        "sku",
        "quantity",
        "unit_price_gbp",
        "order_total_gbp",
        "status",
        "courier",
    ]
    text = "\r\n".join(",".join(r) for r in [head, *rows]) + "\r\n"
    out.write_bytes(text.encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Joel Marchetti <joel@oakline-kitchens.example>
To: Eleanor Fairbairn <e.fairbairn@postbox.example>
Subject: Your kitchen installation: dates and what to expect
Date: Mon, 03 Nov 2025 16:42:09 +0000
Message-ID: <20251103164209.7736@oakline-kitchens.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Eleanor,

Good news: your cabinets arrived at our warehouse this morning, so I can now
confirm the installation dates for your new kitchen at 8 Wickham Rise. Please
check the plan below and let me know if anything clashes.

  Strip-out:        Monday 24 November 2025, from 8.00 am
  Fitting:          24 to 28 November (fitter: Sean Kilbride)
  Electrics:        Wednesday 26 November (Brightspark Electrical)
  Worktop template: Thursday 27 November; quartz worktops fitted 11 December
  Job number:       OK-4518
  Balance due:      £3,860 on the day the worktops are fitted

Your water will be off from about 9.00 am to 1.00 pm on the first day, and you
will have no working sink until the worktops go in, so we will leave a
temporary sink unit in the utility room. Please clear the cupboards and move
anything fragile out of the hall before we arrive.

Our van needs to park on your drive, because the skip will take the space in
front of the garage. The skip company will collect it on Friday 28 November.

Kind regards,

Joel Marchetti
Project Coordinator
Oakline Kitchens, Ferrybridge Road
01632 960944
"""


def make_email(out: Path) -> None:
    """A plain-text installation plan as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": ("pdf/quillan_street_cycles_h1_2025_26_report.pdf", "make_cycles_report", False),
    "pie": ("chart/hazelmere_pta_spending_2024_25.png", "make_pie_chart", False),
    "letter": ("scan/carrow_finch_deposit_return.pdf", "make_deposit_letter", True),
    "receipt": ("scan/bramblegate_garden_centre_receipt.jpg", "make_receipt_photo", False),
    "meeting": ("audio/redbrook_canoe_club_coaching_2025-11-12.m4a", "make_meeting", True),
    "lecture": ("video/larchfield_sourdough_starter_lesson.mp4", "make_lecture", True),
    "csv": ("data/kestle_print_studio_orders_2025-10.csv", "make_orders_csv", None),
    "eml": ("mail/oakline_kitchen_installation.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN6_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
