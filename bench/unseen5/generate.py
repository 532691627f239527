"""Generate the made-up files of the fifth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the Debian Policy Manual
from obtain.sh):
  pdf/ostler_vane_coffee_h1_2025_report.pdf  4-page A4 half-year trading report laid out with
                                    reportlab: header band, ordinary ruled tables (p. 2, p. 4)
                                    and two vector charts drawn with reportlab.graphics (p. 3,
                                    labels in the text layer)
  chart/marwood_housing_coop_spending_2024.png  pie chart with percentage labels and a legend
  scan/thistledown_mutual_claim_letter.pdf  clean 300 dpi greyscale office scan of a typed
                                    2-page insurance letter (letter, settlement form with a
                                    ruled table), slight skew; image only
  scan/halyard_outdoor_receipt.jpg  phone photo of a till receipt on a desk (mild angle)
  audio/brimley_makerspace_committee_2025-09-04.m4a  three-person committee meeting at a
                                    normal pace (espeak-ng RP/f5, US/m7, Scottish/f1),
                                    room tone; AAC in .m4a
  video/ashgrove_beekeeping_first_inspection.mp4  recorded lecture: 7 slides with narration
                                    (espeak-ng English/linda); slides and narration overlap
  data/fellside_yarn_orders_2025-06.csv  web-shop order export
  mail/orangery_booking_confirmation.eml  venue booking confirmation e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN5_ONLY=report,pie,letter,receipt,meeting,lecture,csv,eml (comma-separated) makes only
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
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen5", "path.simplify": False}
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

OV = "Ostler & Vane Coffee Roasters Ltd"
OV_P1 = [
    "Revenue for the six months to 30 June 2025 was £3,418,000, up 12.4% on the first half of "
    "2024 (£3,041,000). Gross margin fell from 41.2% to 38.6% because green coffee became much "
    "more expensive: the average price we paid per kilogram of green coffee was £7.85, against "
    "£5.62 a year earlier. We raised wholesale prices by 6% in February and have absorbed the "
    "rest of the increase so far.",
    "The new 120 kg batch roaster at our Kelmscott Yard roastery was commissioned on 17 March "
    "2025. It replaces the 30 kg machine that we installed when the business started in 2013 "
    "and has more than doubled our roasting capacity. The old roaster has been donated to the "
    "barista training school at Wexcombe College.",
    "In April we signed a three-year supply agreement with Larch & Loaf, a chain of 23 bakery "
    "cafés in the South West. It is the largest wholesale contract in our history, and "
    "deliveries began on 6 May.",
    "Online subscriptions continued to grow strongly. On 30 June we had 4,870 active "
    "subscribers, compared with 3,920 at the start of the year, and fewer than 4% of "
    "subscribers cancel in any month.",
    "The Harbour Street shop was closed for refurbishment from 13 to 27 January; the other "
    "four shops traded throughout the half.",
]
OV_P2 = (
    "Wholesale remains our largest channel. Growth came mainly from new café customers and, "
    "from May, the Larch & Loaf contract. Online one-off orders fell as more customers moved "
    "to subscriptions, which give them a 10% discount."
)
OV_CHANNELS = [  # channel, H1 2024 £000, H1 2025 £000
    ("Wholesale (cafés and restaurants)", 1214, 1402),
    ("Own shops", 936, 958),
    ("Online subscriptions", 512, 668),
    ("Online one-off orders", 187, 164),
    ("Supermarket own label", 142, 171),
    ("Training and events", 50, 55),
]
OV_SHOPS = [  # shop, opened, seats, revenue £000, average spend £, staff FTE
    ("Harbour Street", 2014, 34, 247, "6.85", "7.5"),
    ("Kelmscott Yard (roastery café)", 2016, 48, 262, "7.40", "8.0"),
    ("St Aldhelm's Square", 2018, 22, 168, "5.95", "5.0"),
    ("Wexcombe Station kiosk", 2021, 12, 139, "4.20", "4.5"),
    ("Canal Wharf", 2023, 40, 142, "7.10", "6.0"),
]
OV_P3 = (
    "We roasted 216.8 tonnes of coffee in the half year, 24% more than in the first half of "
    "2024. The new roaster allowed us to move the Saturday shift to weekdays from April. "
    "Figure 2 shows where our green coffee came from; 71% of it was bought through direct or "
    "long-term relationships with farms and co-operatives."
)
OV_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
OV_ROAST = {
    "2024": [27.8, 26.9, 29.5, 30.4, 30.9, 29.4],
    "2025": [32.6, 31.4, 35.7, 37.9, 38.7, 40.5],
}
OV_ORIGINS = [
    ("Brazil", 38.5),
    ("Colombia", 22.0),
    ("Ethiopia", 14.6),
    ("Guatemala", 9.8),
    ("Peru", 8.2),
    ("Rwanda", 5.1),
    ("Other", 4.3),
]
OV_HEADCOUNT = [  # team, 30 June 2024, 30 June 2025
    ("Roastery and packing", 14, 19),
    ("Shops", 41, 43),
    ("Wholesale and training", 6, 8),
    ("Online and customer service", 5, 7),
    ("Office and finance", 7, 7),
]
OV_P4 = [
    "Headcount rose by eleven to 84 people. Most of the new roles are in the roastery, where "
    "we now run two shifts on weekdays. All staff are paid at least the Real Living Wage, and "
    "this year every member of staff received a £300 cost-of-living payment in May.",
]
OV_OUTLOOK = [
    "We expect green coffee prices to stay high until at least the 2026 Brazilian harvest. From "
    "1 September 2025 the price of a 250 g retail bag will rise by 40p in our shops and online.",
    "We plan to open a sixth shop, at Millbrook Retail Park, in spring 2026, and to apply for B "
    "Corp certification before the end of this year.",
    "The board has declared an interim dividend of 3.5p per share, which will be paid on 26 "
    "September 2025 to shareholders on the register on 5 September.",
]


def ov_roast_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Grouped vertical bars (2024 vs 2025, monthly tonnes) with value labels; vector."""
    d = Drawing(170 * mm, 78 * mm)
    d.add(
        String(
            0, 74 * mm, "Figure 1. Coffee roasted per month (tonnes)", fontName=famb, fontSize=10
        )
    )
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 14 * mm, 12 * mm, 150 * mm, 54 * mm
    c.data = [OV_ROAST["2024"], OV_ROAST["2025"]]
    c.categoryAxis.categoryNames = OV_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 45, 5
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    c.bars[0].fillColor = colors.HexColor("#b8a48c")
    c.bars[1].fillColor = colors.HexColor("#5b3a29")
    c.bars.strokeColor = None
    c.barSpacing, c.groupSpacing = 1, 8
    c.barLabelFormat = "%.1f"
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
    lg.colorNamePairs = [(c.bars[0].fillColor, "H1 2024"), (c.bars[1].fillColor, "H1 2025")]
    d.add(lg)
    text = ["Figure 1. Coffee roasted per month (tonnes)", "legend: H1 2024, H1 2025"]
    for i, m in enumerate(OV_MONTHS):
        text.append(f"{m}: 2024 {OV_ROAST['2024'][i]:.1f}, 2025 {OV_ROAST['2025'][i]:.1f}")
    return d, text


def ov_origin_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Horizontal bars (green coffee by origin, tonnes) with value labels; vector."""
    d = Drawing(170 * mm, 70 * mm)
    d.add(
        String(
            0,
            66 * mm,
            "Figure 2. Green coffee bought by origin, H1 2025 (tonnes)",
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
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 45, 5
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.bars[0].fillColor = colors.HexColor("#6f8f3c")
    c.bars.strokeColor = None
    c.barLabelFormat = "%.1f"
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 7.5
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    text = ["Figure 2. Green coffee bought by origin, H1 2025 (tonnes)"]
    text += [f"{n}: {v:.1f}" for n, v in OV_ORIGINS]
    return d, text


def make_coffee_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    assert sum(a for _, a, _ in OV_CHANNELS) == 3041 and sum(b for *_, b in OV_CHANNELS) == 3418
    assert sum(s[3] for s in OV_SHOPS) == dict((c, b) for c, _, b in OV_CHANNELS)["Own shops"]
    assert abs(sum(OV_ROAST["2025"]) - 216.8) < 0.01
    assert abs(sum(OV_ROAST["2025"]) / sum(OV_ROAST["2024"]) - 1.24) < 0.005
    assert sum(h[1] for h in OV_HEADCOUNT) == 73 and sum(h[2] for h in OV_HEADCOUNT) == 84
    register_fonts(("Arial", "ArialB", "ArialI"))
    brown, ink = colors.HexColor("#4a2c1d"), colors.HexColor("#1f1f1f")
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
        left="OSTLER & VANE",
        right="Half-year trading report  |  January to June 2025",
        footer=OV + "  \u00b7  Company no. 08617342",
        page_label="Page {page} of 4",
    )
    ruled = partial(ruled_table, accent=brown, head_bg="#efe6dc", rule="#8c7b6b", grid=True)

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Half-Year Trading Report", h1),
        Paragraph("Six months to 30 June 2025 (unaudited)", sub),
        Paragraph("Chief executive's summary", h2),
    ]
    story += [Paragraph(p, body) for p in OV_P1]
    story += [
        Spacer(1, 4),
        Paragraph("Imogen Vane", sign),
        Paragraph("Chief Executive, 8 August 2025", body),
        PageBreak(),
    ]

    story += [Paragraph("Trading by channel", h2), Paragraph(OV_P2, body)]
    story += [Paragraph("Table 1. Revenue by channel (£000)", cap)]
    rows = [["Channel", "H1 2024", "H1 2025", "Change"]]
    for name, a, b in OV_CHANNELS:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", "3,041", "3,418", f"{(3418 / 3041 - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 28, 28, 24], True), Spacer(1, 10)]
    story += [
        Paragraph("Our shops", h2),
        Paragraph(
            "Table 2 shows each shop's trading in the first half of 2025. Average "
            "spend is revenue divided by the number of till transactions; staff "
            "numbers are full-time equivalents on 30 June.",
            body,
        ),
    ]
    story += [Paragraph("Table 2. Shop performance, H1 2025", cap)]
    rows = [["Shop", "Opened", "Seats", "Revenue (£000)", "Average spend (£)", "Staff (FTE)"]]
    rows += [[s, str(o), str(se), str(r), a, f] for s, o, se, r, a, f in OV_SHOPS]
    story += [ruled(rows, [56, 18, 16, 28, 31, 23], False), PageBreak()]

    story += [Paragraph("Roasting and sourcing", h2), Paragraph(OV_P3, body), Spacer(1, 6)]
    d1, t1 = ov_roast_chart("Arial", "ArialB")
    d2, t2 = ov_origin_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 10),
        d2,
        Paragraph(
            "Figures are tonnes of green coffee contracted and delivered between January and June.",
            note,
        ),
        PageBreak(),
    ]

    story += [Paragraph("People", h2)]
    story += [Paragraph(p, body) for p in OV_P4]
    story += [Paragraph("Table 3. Headcount by team", cap)]
    rows = [["Team", "30 June 2024", "30 June 2025"]]
    rows += [[t, str(a), str(b)] for t, a, b in OV_HEADCOUNT]
    rows.append(["Total", "73", "84"])
    story += [ruled(rows, [70, 32, 32], True), Spacer(1, 10)]
    story += [KeepTogether([Paragraph("Outlook", h2)] + [Paragraph(p, body) for p in OV_OUTLOOK])]
    build_report(
        out,
        story,
        frame,
        title="Half-Year Trading Report 2025",
        author="Ostler & Vane Coffee Roasters Ltd",
        top_margin=22,
    )
    write_truth(
        truth, "ostler_vane_coffee_h1_2025_report.p3.txt", "[vector]\n" + "\n".join(t1 + t2) + "\n"
    )


# =========================================================================== pie chart (PNG)

PIE_TITLE = "Marwood Housing Co-operative: where the money went in 2024"
PIE_SUB = "Total spending £486,200"
PIE = [
    ("Repairs and maintenance", 31),
    ("Loan repayments", 24),
    ("Staff", 18),
    ("Insurance", 9),
    ("Communal utilities", 8),
    ("Admin and IT", 6),
    ("Community fund", 4),
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
    fig.text(0.03, 0.94, PIE_TITLE, fontsize=15, fontweight="bold", color="#1f2937")
    fig.text(0.03, 0.885, PIE_SUB, fontsize=12, color="#4b5563")
    fig.text(0.97, 0.02, "Source: audited accounts 2024", fontsize=9, color="#6b7280", ha="right")
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines = [PIE_TITLE, PIE_SUB] + [f"{n}: {v}%" for n, v in PIE]
    lines.append("Source: audited accounts 2024")
    write_truth(truth, "marwood_housing_coop_spending_2024.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned letter

DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
LETTER_HEAD = [
    ("ArialB", 62, "Thistledown Mutual"),
    (
        "Arial",
        34,
        "Home Insurance Claims  \u00b7  4 Ropery Court  \u00b7  Dunholm  \u00b7  DH9 4QX",
    ),
    ("Arial", 34, "Telephone 0300 555 0148  \u00b7  claims@thistledown-mutual.example"),
]
LETTER_ADDR = [
    "Mr and Mrs A. Kettering",
    "17 Larkhill Close",
    "Brampford",
    "BF6 2RL",
]
LETTER_REFS = [
    ("Date:", "2 October 2025"),
    ("Policy number:", "HC-5531907"),
    ("Claim reference:", "TDM/25/078431"),
]
LETTER_SUBJECT = "Escape of water at 17 Larkhill Close on 11 September 2025"
LETTER_BODY = [
    "Dear Mr and Mrs Kettering,",
    "Thank you for sending us the photographs and the report from Brampford Plumbing & Heating. "
    "Our loss adjuster, Mr Declan Hursey, visited your home on 24 September 2025 and confirmed "
    "that the damage was caused by a split flexible hose under the kitchen sink.",
    "I am pleased to tell you that we have accepted your claim in full under the buildings and "
    "contents sections of your policy. The amounts we have agreed are set out item by item on "
    "the settlement summary overleaf. Your policy excess of £350 has been deducted once.",
    "We will pay £2,746.50 by bank transfer into your account ending 4417 within five working "
    "days of the date of this letter.",
    "The replacement kitchen flooring will be laid by our approved contractor, Fenmore Flooring, "
    "and we will pay them directly. They will telephone you within the next ten days to arrange "
    "a convenient date. Please keep the drying equipment switched on until they have measured "
    "the floor.",
    "If you are unhappy with any part of this settlement, please call me on 0300 555 0148, "
    "extension 2265, quoting your claim reference. You can also ask the Financial Ombudsman "
    "Service to review our decision within six months of this letter.",
    "Yours sincerely,",
]
LETTER_SIGN = ["Joanna Pruett", "Claims Handler, Home Claims Team"]
FORM_TITLE = "Claim settlement summary"
FORM_FIELDS = [
    ("Policyholder", "Mr and Mrs A. Kettering"),
    ("Policy number", "HC-5531907"),
    ("Claim reference", "TDM/25/078431"),
    ("Date of loss", "11/09/2025"),
    ("Cause", "Escape of water (split sink hose)"),
    ("Loss adjuster", "D. Hursey (visit 24/09/2025)"),
]
FORM_ITEMS = [  # item, claimed, agreed, note
    ("1", "Plumber's call-out and repair", "185.00", "185.00", ""),
    ("2", "Drying equipment hire (10 days)", "420.00", "420.00", ""),
    ("3", "Kitchen base units (2)", "1,250.00", "1,100.00", "like-for-like price"),
    ("4", "Redecoration of kitchen walls", "760.00", "760.00", ""),
    ("5", "Damaged contents (food mixer, rug)", "395.00", "341.50", "wear and tear"),
    ("6", "Hotel, 2 nights", "290.00", "290.00", ""),
    ("7", "Kitchen flooring, 14 m\u00b2", "2,380.00", "2,380.00", "paid to contractor"),
]
FORM_TOTALS = [
    ("Total", "5,680.00", "5,476.50"),
    ("Less policy excess", "", "-350.00"),
    ("Less paid direct to Fenmore Flooring", "", "-2,380.00"),
    ("Payable to you", "", "2,746.50"),
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
    assert abs(claimed - 5680.0) < 0.001 and abs(agreed - 5476.5) < 0.001
    assert abs(agreed - 350 - 2380 - 2746.5) < 0.001
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
        foot="Thistledown Mutual Insurance Society Limited. Registered in England no. 00471128.",
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
        d, PAGE_W, x0, "Thistledown Mutual", "Form HC-S2", FORM_TITLE, FORM_FIELDS
    )
    y += 110
    cols = [x0, x0 + 110, x0 + 900, x0 + 1230, x0 + 1560, PAGE_W - x0]
    heads = ["No.", "Item", "Claimed (£)", "Agreed (£)", "Notes"]
    rows = [heads] + [list(i) for i in FORM_ITEMS]
    y = form_items(d, y, cols, rows, lines, right=(2, 3), note_size=32)
    row_h = 92  # as in the item table
    cell_f, head_f = font("Arial", 38), font("ArialB", 38)
    for label, a, b in FORM_TOTALS:
        d.rectangle([cols[1], y, cols[-1], y + row_h], outline=40, width=3)
        for c in (2, 3):
            d.line([(cols[c], y), (cols[c], y + row_h)], fill=40, width=3)
        bold = label in ("Total", "Payable to you")
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
            "Payment method: bank transfer to the account ending 4417.",
            "Checked by: J. Pruett        Authorised by: M. Oyelaran (Claims Team Leader)",
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


def make_claim_letter(out: Path, work: Path, truth: Path) -> None:
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
        truth_stem="thistledown_mutual_claim_letter",
        quality=80,
    )


# =========================================================================== receipt photo

RECEIPT_ITEMS = [  # description, qty, unit price
    ("Trekking poles (pair)", 1, 49.00),
    ("Merino walking socks", 2, 14.50),
    ("Gas canister 230g", 3, 6.00),
    ("Dry bag 20L", 1, 18.00),
    ("Head torch 350lm", 1, 32.00),
]


def render_receipt() -> tuple[Image.Image, list[str]]:
    """A thermal till receipt, 80 mm roll, monospaced, as a greyscale image."""
    sub = sum(q * p for _, q, p in RECEIPT_ITEMS)
    disc = round(sub * 0.10, 2)
    total = round(sub - disc, 2)
    vat = round(total / 6, 2)
    assert (sub, disc, total, vat) == (146.0, 14.6, 131.4, 21.9)
    return thermal_receipt(
        [
            "HALYARD OUTDOOR",
            "Camping - Climbing - Walking",
            "14 Fore Street, Tavistow TV3 8JP",
            "Tel 01632 961204",
            "VAT No. GB 318 4471 26",
        ],
        [("16/08/2025 14:52", "Till 2"), ("Served by: Shona", "Trans 00418")],
        RECEIPT_ITEMS,
        (sub, disc, total, vat),
        discount="Member discount 10%",
        card=("VISA CONTACTLESS", "Card ************8821", "Auth code 604217"),
        count="Items: 8",
        closing=["Refunds within 28 days with", "this receipt. Thank you!"],
    )


def make_receipt_photo(out: Path, truth: Path) -> None:
    """Phone snap of the receipt lying on a light oak desk: mild angle, soft light; JPEG."""
    rec, text = render_receipt()
    receipt_on_desk(rec, out, 5207)
    write_truth(truth, "halyard_outdoor_receipt.txt", "\n".join(text) + "\n")


# =========================================================================== committee meeting (audio)

MEETING_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB, reverb
    "Nadia": ("en-gb-x-rp+f5", "162", "50", -1.0),
    "Tom": ("en-us+m7", "168", "45", -2.5),
    "Gwen": ("en-gb-scotland+f1", "158", "50", -3.5),
}
MEETING = [
    (
        "Nadia",
        "Okay, it's seven o'clock, so let's make a start. This is the committee meeting "
        "for the fourth of September. Tom, Gwen, thanks for coming. First item, "
        "membership.",
    ),
    (
        "Tom",
        "We now have two hundred and twelve paying members, up from one hundred and "
        "eighty-six in June. Twenty-three of the new members joined after the open evening "
        "at the library.",
    ),
    ("Nadia", "That's great news. And how are we doing for money?"),
    (
        "Tom",
        "The bank balance at the end of August was eight thousand four hundred and sixty "
        "pounds. The big expense this month was the laser cutter repair, which came to "
        "three hundred and eighty pounds for a new tube and two mirrors.",
    ),
    (
        "Gwen",
        "The laser cutter has been working again since Tuesday. But I'd like everyone to "
        "do a refresher induction before they use it, because the old tube failed after "
        "someone ran it without the water chiller switched on.",
    ),
    ("Nadia", "Agreed. Can we make the refresher compulsory from the first of October?"),
    ("Gwen", "Yes, that works. I'll run the sessions on Wednesday evenings, six people at a time."),
    ("Nadia", "Right. Next item, the charges for 3D printing."),
    (
        "Tom",
        "Filament has gone up in price again, so I propose we charge five pence per gram "
        "instead of three pence, also from the first of October.",
    ),
    (
        "Gwen",
        "Five pence is fine for filament, but can we keep the resin printer at fifteen "
        "pence per millilitre? Hardly anyone uses it as it is.",
    ),
    (
        "Nadia",
        "Let's vote on that. Five pence per gram for filament, and resin stays the same. "
        "All in favour? That's three votes to none, so it's carried.",
    ),
    ("Nadia", "Item four is the open day."),
    (
        "Gwen",
        "The open day is on Saturday the twentieth of September, from ten until four. "
        "We'll have soldering for children in the back room, and the textile group is "
        "running a mending table.",
    ),
    (
        "Tom",
        "And the town council has given us a grant of six hundred pounds towards it, "
        "mainly for materials and posters.",
    ),
    ("Nadia", "Who's looking after first aid on the day?"),
    (
        "Gwen",
        "Kieran has just renewed his first aid certificate, so he'll be the first aider, "
        "and I'll be the fire marshal.",
    ),
    ("Nadia", "Perfect. Next, the key fobs. Two were reported lost this month."),
    (
        "Tom",
        "A replacement fob costs us seven pounds. I suggest members pay ten pounds for a "
        "new one, which also covers the time it takes to program it.",
    ),
    ("Nadia", "Fine by me. And the last item is the bandsaw."),
    (
        "Gwen",
        "The blade guard on the bandsaw is cracked. I've put a do not use sign on it until "
        "the new guard arrives, which should be next Friday.",
    ),
    (
        "Nadia",
        "Thanks, Gwen. Any other business? No? Then the next meeting is on Thursday the "
        "second of October, again at seven. Thanks, everyone.",
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
    1.0,
    0.7,
]


def make_meeting(out: Path, work: Path, truth: Path) -> None:
    """Three committee members round a table, normal pace, room tone; AAC in .m4a."""
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
    rng = np.random.default_rng(5309)
    brown = brown_bed(rng, len(s))
    hum = 0.3 * np.sin(2 * np.pi * 50 * np.arange(len(s)) / rate)
    room = brown * 0.010 + hum * 0.002 + rng.normal(0, 0.0015, len(s))
    mix = s * 0.85 + room
    encode_speech(mix, work / "meeting.wav", out, rate, "aac")
    write_truth(truth, "brimley_makerspace_committee_2025-09-04.tsv", "\n".join(lines) + "\n")


# =========================================================================== lecture (video)

LEC_FPS = 15  # slides are 1280 x 720 (heldout_slides.W x H)
LEC_VOICE = ("en-gb+linda", "150", "48")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.8, 0.55, 1.6
LEC_ACCENT = "#b7791f"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Your first hive inspection",
        "lines": [
            "Beginners' beekeeping course \u00b7 Session 3",
            "Dr Elin Mottram, Ashgrove Beekeepers' Association",
            "Spring 2026",
        ],
        "narr": [
            "Welcome back to the beginners' course. I'm Elin Mottram, and in this third "
            "session we'll walk through your first full inspection of a hive.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Before you open the hive",
        "lines": [
            "A warm, still day: at least 15 \u00b0C",
            "Between 11 am and 3 pm, when the foragers are out",
            "Light the smoker first: cool, white smoke",
            "Hive tool, frame rest, notebook and pencil",
        ],
        "narr": [
            "Choose a calm afternoon. If it's colder than fifteen degrees, the brood can get "
            "chilled while the frames are out, so wait for a better day.",
            "And light the smoker before you go anywhere near the bees.",
        ],
    },
    {
        "kind": "table",
        "title": "How often should you look?",
        "lines": [
            "Season|Interval|Main check",
            "April to July|every 7 days|queen cells",
            "August|every 10 to 14 days|stores and varroa",
            "September to March|do not open|heft to judge the weight",
        ],
        "narr": [
            "In the swarming season we look every seven days, because a colony usually swarms "
            "soon after its first queen cell is sealed.",
            "From September onwards, leave the colony closed and lift the back of the hive "
            "to feel how heavy it is.",
        ],
    },
    {
        "kind": "frame",
        "title": "Reading a brood frame",
        "lines": ["Worker bee: egg 3 days \u00b7 larva 6 days \u00b7 sealed brood 12 days"],
        "narr": [
            "Look for eggs first. A single upright egg at the bottom of a cell tells you the "
            "queen was laying in the last three days, even if you never see her.",
            "Honey sits in an arch at the top of the frame, with pollen between the honey and "
            "the brood.",
        ],
    },
    {
        "kind": "chart",
        "title": "Checking for varroa mites",
        "lines": [
            "Sugar roll or alcohol wash: about 300 bees (half a cup)",
            "Treat if more than 3 mites per 100 bees in August",
        ],
        "narr": [
            "Last summer our teaching apiary went over the threshold in August, so all six "
            "teaching hives were treated in the second week of that month.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Record every inspection",
        "lines": [
            "Queen or eggs seen?",
            "Queen cells: how many, sealed or open?",
            "Temper: calm, nervous or defensive",
            "Stores: frames of honey",
            "Space: add a super when 7 of 11 frames are full",
        ],
        "narr": [
            "Write your notes before you close the hive up, not when you get home. After "
            "three hives you will not remember which one was the grumpy one.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next session",
        "lines": [
            "Session 4: swarm control",
            "Saturday 9 May, 10:00",
            "Ashgrove teaching apiary, Holloway Lane",
            "Bring a full bee suit, gloves and wellies",
            "Questions: training@ashgrovebees.example",
        ],
        "narr": [
            "Next time we meet at the apiary itself, so please arrive ten minutes early to "
            "suit up.",
            "Park in the farm shop car park, not on the lane, because the tractors need to "
            "get past.",
        ],
    },
]
LEC_MITES = [("Apr", 0.4), ("May", 0.7), ("Jun", 1.3), ("Jul", 2.6), ("Aug", 3.9), ("Sep", 1.8)]


def lec_chart_png() -> Image.Image:
    """The slide's small bar chart (values on the bars, a dashed threshold line)."""
    return threshold_bar_chart(
        LEC_MITES,
        color="#d69e2e",
        label_dy=0.08,
        threshold=(3.0, -0.4, 3.08, "treatment threshold"),
        ymax=4.6,
        ylabel="mites per 100 bees",
        title="Average mite count, Ashgrove teaching apiary, 2025",
    )


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One lecture slide (white, amber title bar, slide number), with its text."""
    chart_texts = ["Average mite count, Ashgrove teaching apiary, 2025"]
    chart_texts += [f"{m} {v:.1f}" for m, v in LEC_MITES]
    chart_texts.append("treatment threshold")
    return lecture_slide(
        i,
        LEC_SLIDES,
        accent=LEC_ACCENT,
        chart=lec_chart_png,
        chart_texts=chart_texts,
        footer="Ashgrove Beekeepers' Association",
    )


def make_lecture(out: Path, work: Path, truth: Path) -> None:
    """Recorded lecture: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "ashgrove_beekeeping_first_inspection.tsv",
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
    ("Fellside Aran wool 100g - Heather", "FA-100-HEA", 7.50),
    ("Fellside Aran wool 100g - Slate", "FA-100-SLT", 7.50),
    ("Herdwick DK 50g - Natural", "HD-050-NAT", 5.25),
    ("Bamboo knitting needles 4.5mm", "NB-045", 6.80),
    ("Sock yarn 100g - Moss", "SY-100-MOS", 9.95),
    ("Beginner's scarf kit", "KIT-SCARF", 24.00),
    ("Circular needles 80cm 4mm", "NC-080-40", 11.40),
    ("Pattern book: Lakeland Jumpers", "BK-LAKE", 14.99),
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
    20417: (5, 2, "Scotland", "Delivered", "Royal Mail"),
    20422: (7, 1, "Wales", "Refunded", "Royal Mail"),
    20431: (0, 12, "North West", "Delivered", "DPD"),
    20426: (4, 3, "London", "Cancelled", ""),
    20438: (2, 10, "Yorkshire", "Cancelled", ""),
    20444: (6, 1, "South East", "Awaiting stock", ""),
}


def make_orders_csv(out: Path) -> None:
    """A web shop's June order export: 30 rows, ISO dates, plain comma-separated values."""
    rng = np.random.default_rng(5512)
    rows = []
    for n in range(20415, 20445):
        day = 2 + (n - 20415) * 28 // 30
        if n in CSV_FIXED:
            pi, qty, region, status, courier = CSV_FIXED[n]
        else:
            pi = int(rng.integers(0, len(CSV_PRODUCTS)))
            qty = int(rng.integers(1, 5))
            region = CSV_REGIONS[int(rng.integers(0, len(CSV_REGIONS)))]
            status = "Delivered" if n < 20440 else "Dispatched"
            courier = ["Royal Mail", "DPD", "Evri"][int(rng.integers(0, 3))]
        name, sku, price = CSV_PRODUCTS[pi]
        rows.append(
            [
                f"FY-{n}",
                f"2025-06-{day:02d}",
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
    assert sum(r[8] == "Cancelled" for r in rows) == 2
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
From: Ffion Daley <events@pellworthhouse.example>
To: Sunita Rahman <sunita.rahman@mailbox.example>
Subject: Booking confirmed: Graham Whitlock's retirement party, Friday 17 October
Date: Tue, 12 Aug 2025 10:14:37 +0100
Message-ID: <20250812101437.4821@pellworthhouse.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Sunita,

Thank you for your deposit, which reached us this morning. I'm delighted to
confirm your booking of the Orangery at Pellworth House for Graham Whitlock's
retirement party. The details are below; please check them and let me know if
anything is wrong.

  Date:           Friday 17 October 2025
  Time:           7.00 pm to midnight (the bar's last orders at 11.30 pm)
  Room:           The Orangery (up to 60 guests standing, 48 seated)
  Catering:       Hot buffet, menu B, at £28.50 per head
  Deposit paid:   £250 (non-refundable)
  Balance due:    by Friday 3 October 2025

We need your final guest numbers and any dietary requirements 14 days before
the party. Your own DJ is very welcome, but the music must finish by 11.45 pm
because of our licence, and the Orangery's glass roof means we cannot allow
candles, confetti or sky lanterns.

There are 40 free parking spaces beside the walled garden, and the gates are
locked at 12.30 am. If any of your guests would like to stay over, we are
holding six double rooms at £115 per night until 19 September.

Kind regards,

Ffion Daley
Events Coordinator
Pellworth House, Upper Cheriton
01632 960318
"""


def make_email(out: Path) -> None:
    """A plain-text booking confirmation as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": ("pdf/ostler_vane_coffee_h1_2025_report.pdf", "make_coffee_report", False),
    "pie": ("chart/marwood_housing_coop_spending_2024.png", "make_pie_chart", False),
    "letter": ("scan/thistledown_mutual_claim_letter.pdf", "make_claim_letter", True),
    "receipt": ("scan/halyard_outdoor_receipt.jpg", "make_receipt_photo", False),
    "meeting": ("audio/brimley_makerspace_committee_2025-09-04.m4a", "make_meeting", True),
    "lecture": ("video/ashgrove_beekeeping_first_inspection.mp4", "make_lecture", True),
    "csv": ("data/fellside_yarn_orders_2025-06.csv", "make_orders_csv", None),
    "eml": ("mail/orangery_booking_confirmation.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN5_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
