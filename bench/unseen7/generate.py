"""Generate the made-up files of the seventh unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the expEYES manual from
obtain.sh):
  pdf/sallowfield_brewing_annual_review_2024_25.pdf  4-page A4 annual review of a small
                                    brewery laid out with reportlab: header band, ordinary
                                    ruled tables (p. 2, p. 4) and two vector charts drawn with
                                    reportlab.graphics (p. 3: a line chart and stacked bars,
                                    labels in the text layer)
  chart/kelderby_farmers_market_stalls_2025.png  stacked bar chart with segment and total
                                    labels and a legend
  scan/brackenridge_dental_treatment_estimate.pdf  clean 300 dpi greyscale office scan of a
                                    typed 2-page dental practice letter (letter, treatment
                                    estimate with a ruled table), slight skew; image only
  scan/harbour_view_court_lift_notice.jpg  phone photo of a printed notice pinned to a
                                    corkboard
  audio/seabright_half_marathon_planning_call_2026-02-18.m4a  three-person planning call at a
                                    normal pace (espeak-ng RP/m6, New York/f5, West
                                    Midlands/f2), room tone; AAC in .m4a
  video/halvergate_camera_club_night_photography.mp4  narrated slide workshop: 7 slides
                                    (espeak-ng British English/f5); slides and narration overlap
  data/brackwater_leisure_ev_charging_2025-11.csv  car park EV charger session export
  mail/tollbridge_removals_moving_day.eml  removal firm's moving-day confirmation e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN7_ONLY=report,stacked,letter,notice,call,workshop,csv,eml (comma-separated) makes only
those files (for development; obtain.sh always makes all). All names, places and facts are
made up. Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg and
img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is repeatable on one machine
(fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact encoders).
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
from reportlab.lib.enums import TA_LEFT  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

plt.rcParams.update(
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen7", "path.simplify": False}
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
from heldout_paper import closing_notes, form_heading, form_items, scanned_pdf, signed_letter  # noqa: E402
from heldout_report import band_frame, build_report, register_fonts, report_styles, ruled_table  # noqa: E402

# =========================================================================== brewery annual review

BR = "Sallowfield Brewing Company Ltd"
BR_P1 = [
    "Sales for the year to 31 March 2025 were £3,513,000, 7.4% more than in 2023-24 "
    "(£3,272,000). We brewed and sold 9,870 hectolitres of beer, the most in the company's "
    "fourteen years. Gross margin fell from 44.1% to 41.7% because malting barley cost about 18% "
    "more after the wet harvest of 2024, and we chose not to pass all of that on to our "
    "customers.",
    "Our own canning line began running on 14 October 2024. Until then all our cans were filled "
    "by a mobile canning contractor, which cost us about 31p a can; the line has already halved "
    "that cost and lets us can small batches of seasonal beers.",
    "In January 2025 we took on the lease of the Drover's Arms in Hallam Cross, which is now the "
    "third pub we run ourselves. It reopened on 7 February after a six-week refit.",
    "Ines Calloway, our head brewer since 2017, led the move to the new canning line and brewed "
    "fourteen one-off beers for the taproom during the year.",
]
BR_P2 = (
    "Our own pubs remain our largest channel and grew again, helped by the Drover's Arms from "
    "February. The taproom had its best year, with Friday and Saturday evenings often full. "
    "Supermarket sales were the only channel to fall: one regional chain cut its craft beer range "
    "in the autumn and dropped two of our bottled beers."
)
BR_CHANNELS = [  # channel, 2023-24 £000, 2024-25 £000
    ("Our own pubs", 1104, 1236),
    ("Free trade (other pubs and bars)", 968, 1012),
    ("Taproom and brewery shop", 412, 488),
    ("Supermarkets", 536, 498),
    ("Online shop", 174, 192),
    ("Events and festivals", 78, 87),
]
BR_BEERS = [  # beer, style, ABV, hectolitres sold 2024-25, award
    ("Ferngate Pale", "Pale ale", "3.9%", "3,120", "Gold, Northern Cask Awards 2024"),
    ("Sallowfield Best", "Best bitter", "4.2%", "2,310", ""),
    ("Lantern IPA", "India pale ale", "5.6%", "1,460", "Silver, Wolds Beer Festival 2024"),
    ("Mardle Mild", "Dark mild", "3.4%", "840", ""),
    ("Night Heron Stout", "Oatmeal stout", "4.8%", "690", ""),
    ("Orchard Wheat", "Wheat beer", "4.5%", "520", ""),
    ("Seasonal and one-off beers", "various", "", "930", ""),
]
BR_P3 = (
    "Figure 1 shows how much beer we brewed each month. December was our busiest month ever, "
    "with 31 Christmas orders from pubs in a single week. Figure 2 shows how the beer left the "
    "brewery in each quarter; cans grew sharply once our own canning line started in October."
)
BR_MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
BR_BREWED = {
    "2023-24": [700, 751, 812, 866, 968, 744, 758, 801, 962, 640, 655, 720],
    "2024-25": [742, 798, 861, 905, 884, 796, 812, 858, 1046, 688, 702, 778],
}
BR_QUARTERS = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]
BR_PACKS = {  # hectolitres per quarter, 2024-25
    "Cask": [1120, 1186, 1204, 936],
    "Keg": [702, 780, 742, 611],
    "Cans": [296, 354, 560, 498],
    "Bottles": [283, 265, 210, 123],
}
BR_PACK_COLORS = ["#7a4a1e", "#c8893b", "#4f7f8c", "#b9c7a5"]
BR_ENV = [  # measure, 2023-24, 2024-25
    ("Electricity used (kWh)", "182,400", "171,900"),
    ("Gas used (kWh)", "246,000", "229,500"),
    ("Solar electricity generated (kWh)", "none", "38,600"),
    ("Water used per litre of beer (litres)", "5.2", "4.6"),
    ("Spent grain sent to local farms (tonnes)", "212", "226"),
    ("Waste sent to landfill (tonnes)", "9.8", "6.1"),
]
BR_P4 = [
    "The 96 solar panels on the warehouse roof were switched on in May 2024 and met about a fifth "
    "of our electricity needs. A new heat exchanger now warms the next brew's water with the heat "
    "from cooling the last one, which is the main reason our gas use fell.",
    "All our spent grain goes to two dairy farms within eight miles of the brewery, and the "
    "empty malt sacks are collected by a local garden centre.",
]
BR_OUTLOOK = [
    "From 1 May 2025 the price of a pint in our three pubs will rise by 20p, the first rise since "
    "October 2023.",
    "We plan to open a second taproom, at Kilnsey Wharf, in the autumn of 2025, and to add a "
    "low-alcohol pale ale to the core range in the summer.",
]


def br_line_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Monthly hectolitres brewed, two years, as lines with markers and value labels; vector."""
    d = Drawing(170 * mm, 86 * mm)
    d.add(
        String(
            0,
            82 * mm,
            "Figure 1. Beer brewed per month (hectolitres)",
            fontName=famb,
            fontSize=10,
        )
    )
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 14 * mm, 10 * mm, 150 * mm, 62 * mm
    c.data = [BR_BREWED["2023-24"], BR_BREWED["2024-25"]]
    c.categoryAxis.categoryNames = BR_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 500, 1100, 100
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e2e2e2")
    c.lines[0].strokeColor = colors.HexColor("#b59a74")
    c.lines[0].strokeDashArray = [3, 2]
    c.lines[1].strokeColor = colors.HexColor("#6b3410")
    c.lines[0].strokeWidth = c.lines[1].strokeWidth = 1.4
    c.lines[0].symbol = makeMarker("Circle", size=4, fillColor=colors.white)
    c.lines[1].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor("#6b3410"))
    c.lineLabelFormat = "%d"
    c.lineLabelNudge = 5
    c.lineLabels.fontName = fam
    c.lineLabels.fontSize = 6.5
    c.lineLabels[0].dy = -15  # the earlier year's labels sit below its points ...
    c.lineLabels[(0, 4)].dy = 0  # ... except where that line is the higher one
    c.lineLabels[(1, 4)].dy = -15
    c.lineLabels[(0, 8)].dx = -12
    c.lineLabels[(1, 7)].dx = -9
    c.lineLabels[(1, 9)].dx = 10
    c.lineLabels[0].fillColor = colors.HexColor("#7d6a50")
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 20 * mm, 78 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 60
    lg.colorNamePairs = [
        (c.lines[0].strokeColor, "2023-24"),
        (c.lines[1].strokeColor, "2024-25"),
    ]
    d.add(lg)
    text = ["Figure 1. Beer brewed per month (hectolitres)", "legend: 2023-24, 2024-25"]
    for i, m in enumerate(BR_MONTHS):
        text.append(f"{m}: 2023-24 {BR_BREWED['2023-24'][i]}, 2024-25 {BR_BREWED['2024-25'][i]}")
    return d, text


def br_stacked_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Hectolitres by pack type per quarter as stacked bars, segment and total labels; vector."""
    d = Drawing(170 * mm, 84 * mm)
    d.add(
        String(
            0,
            80 * mm,
            "Figure 2. Beer sold by pack type, 2024-25 (hectolitres)",
            fontName=famb,
            fontSize=10,
        )
    )
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 14 * mm, 10 * mm, 112 * mm, 62 * mm
    names = list(BR_PACKS)
    c.data = [BR_PACKS[n] for n in names]
    c.categoryAxis.categoryNames = BR_QUARTERS
    c.categoryAxis.style = "stacked"
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    vmax = 3000
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, vmax, 500
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e2e2e2")
    for i, col in enumerate(BR_PACK_COLORS):
        c.bars[i].fillColor = colors.HexColor(col)
    c.bars.strokeColor = colors.white
    c.bars.strokeWidth = 0.5
    c.groupSpacing = 14
    c.barLabelFormat = "%d"
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 6.5
    c.barLabels.boxAnchor = "n"
    c.barLabels.dy = -2
    c.barLabels.fillColor = colors.white
    c.barLabels[3].fillColor = colors.HexColor("#1f1f1f")
    d.add(c)
    totals = [sum(BR_PACKS[n][q] for n in names) for q in range(len(BR_QUARTERS))]
    step = c.width / len(BR_QUARTERS)
    for q, t in enumerate(totals):
        d.add(
            String(
                c.x + (q + 0.5) * step,
                c.y + t / vmax * c.height + 3,
                f"{t:,}",
                fontName=famb,
                fontSize=8,
                textAnchor="middle",
            )
        )
    lg = Legend()
    lg.x, lg.y = 132 * mm, 58 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 4
    lg.colorNamePairs = [
        (colors.HexColor(col), n) for col, n in zip(BR_PACK_COLORS, names, strict=True)
    ][::-1]
    d.add(lg)
    text = [
        "Figure 2. Beer sold by pack type, 2024-25 (hectolitres)",
        "legend: " + ", ".join(names),
    ]
    for q, quarter in enumerate(BR_QUARTERS):
        parts = ", ".join(f"{n} {BR_PACKS[n][q]}" for n in names)
        text.append(f"{quarter}: {parts}; total {totals[q]:,}")
    return d, text


def make_brewery_review(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    assert sum(a for _, a, _ in BR_CHANNELS) == 3272 and sum(b for *_, b in BR_CHANNELS) == 3513
    assert round((3513 / 3272 - 1) * 100, 1) == 7.4
    assert sum(BR_BREWED["2024-25"]) == 9870
    assert sum(int(b[3].replace(",", "")) for b in BR_BEERS) == 9870
    assert sum(sum(v) for v in BR_PACKS.values()) == 9870
    for q in range(4):
        month_sum = sum(BR_BREWED["2024-25"][3 * q : 3 * q + 3])
        assert sum(v[q] for v in BR_PACKS.values()) == month_sum
    assert max(BR_BREWED["2023-24"]) == BR_BREWED["2023-24"][4]  # August
    register_fonts(("Arial", "ArialB", "ArialI"))
    brown, ink = colors.HexColor("#5a2d0c"), colors.HexColor("#1f1f1f")
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
        left="SALLOWFIELD BREWING COMPANY",
        right="Annual review  |  year to 31 March 2025",
        footer=BR + "  \u00b7  Company no. 07718253",
        page_label="Page {page} of 4",
    )
    ruled = partial(ruled_table, accent=brown, head_bg="#f1e3d3", rule="#8c6b4f", grid=True)

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Annual Review 2024-25", h1),
        Paragraph("Year to 31 March 2025", sub),
        Paragraph("Chair's statement", h2),
    ]
    story += [Paragraph(p, body) for p in BR_P1]
    story += [
        Spacer(1, 4),
        Paragraph("Helen Ashdown", sign),
        Paragraph("Chair, 12 June 2025", body),
        PageBreak(),
    ]

    story += [Paragraph("Sales", h2), Paragraph(BR_P2, body)]
    story += [Paragraph("Table 1. Sales by channel (£000)", cap)]
    rows = [["Channel", "2023-24", "2024-25", "Change"]]
    for name, a, b in BR_CHANNELS:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", "3,272", "3,513", f"{(3513 / 3272 - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 28, 28, 24], True), Spacer(1, 10)]
    story += [
        Paragraph("Our beers", h2),
        Paragraph(
            "Table 2 lists the core range with the volume of each beer sold in 2024-25. ABV is "
            "alcohol by volume; a hectolitre is 100 litres, or about 176 pints.",
            body,
        ),
    ]
    story += [Paragraph("Table 2. Core range, year to 31 March 2025", cap)]
    rows = [["Beer", "Style", "ABV", "Hectolitres sold", "Awards"]]
    rows += [list(b) for b in BR_BEERS]
    rows.append(["Total", "", "", "9,870", ""])
    t2 = ruled(rows, [42, 26, 12, 30, 62], True)
    t2.setStyle(
        TableStyle([("ALIGN", (1, 0), (1, -1), "LEFT"), ("ALIGN", (4, 0), (4, -1), "LEFT")])
    )
    story += [t2, PageBreak()]

    story += [Paragraph("Brewing and packaging", h2), Paragraph(BR_P3, body), Spacer(1, 6)]
    d1, t1 = br_line_chart("Arial", "ArialB")
    d2, t2text = br_stacked_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 8),
        d2,
        Paragraph(
            "Quarters are those of our financial year, which starts on 1 April.",
            note,
        ),
        PageBreak(),
    ]

    story += [Paragraph("Energy, water and waste", h2)]
    story += [Paragraph(p, body) for p in BR_P4]
    story += [Paragraph("Table 3. Energy, water and waste", cap)]
    rows = [["Measure", "2023-24", "2024-25"]]
    rows += [list(r) for r in BR_ENV]
    story += [ruled(rows, [80, 30, 30], False), Spacer(1, 10)]
    story += [KeepTogether([Paragraph("Outlook", h2)] + [Paragraph(p, body) for p in BR_OUTLOOK])]
    build_report(out, story, frame, title="Annual Review 2024-25", author=BR, top_margin=22)
    write_truth(
        truth,
        "sallowfield_brewing_annual_review_2024_25.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2text) + "\n",
    )


# =========================================================================== stacked bar chart (PNG)

ST_TITLE = "Kelderby Farmers' Market: stalls booked per market month, 2025"
ST_SUB = "Markets on the first and third Saturday, March to October. Season total: 399 stalls"
ST_MONTHS = ["Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
ST_SERIES = {
    "Fruit and veg": [9, 11, 14, 16, 18, 17, 19, 15],
    "Meat and fish": [5, 6, 6, 7, 7, 6, 7, 6],
    "Bakery": [6, 7, 8, 8, 9, 9, 8, 7],
    "Crafts": [8, 9, 10, 12, 13, 15, 11, 14],
    "Street food": [4, 6, 8, 11, 14, 16, 10, 7],
}
ST_COLORS = ["#4e9a06", "#a40000", "#c4a000", "#75507b", "#ce5c00"]


def make_stacked_chart(out: Path, truth: Path) -> None:
    """An ordinary stacked bar chart: segment labels, totals above, legend on the right; PNG."""
    names = list(ST_SERIES)
    totals = [sum(ST_SERIES[n][i] for n in names) for i in range(len(ST_MONTHS))]
    assert totals == [32, 39, 46, 54, 61, 63, 55, 49] and sum(totals) == 399
    fig = plt.figure(figsize=(10.4, 6.0), dpi=100)
    ax = fig.add_axes([0.07, 0.09, 0.66, 0.74])
    xs = np.arange(len(ST_MONTHS))
    bottom = np.zeros(len(ST_MONTHS))
    for name, col in zip(names, ST_COLORS, strict=True):
        vals = np.array(ST_SERIES[name], float)
        ax.bar(xs, vals, 0.66, bottom=bottom, color=col, label=name, edgecolor="white", lw=0.8)
        for x, v, b in zip(xs, vals, bottom, strict=True):
            ax.text(x, b + v / 2, f"{v:.0f}", ha="center", va="center", fontsize=9.5, color="white")
        bottom += vals
    for x, t in zip(xs, totals, strict=True):
        ax.text(x, t + 0.8, str(t), ha="center", va="bottom", fontsize=11, fontweight="bold")
    ax.set_xticks(xs, ST_MONTHS, fontsize=11)
    ax.set_ylim(0, 72)
    ax.set_ylabel("stalls booked", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", lw=0.8)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        handles[::-1],
        labels[::-1],
        loc="center left",
        bbox_to_anchor=(0.75, 0.5),
        frameon=False,
        fontsize=11.5,
        title="Stall type",
        title_fontsize=12,
    )
    fig.text(0.02, 0.94, ST_TITLE, fontsize=14, fontweight="bold", color="#1f2937")
    fig.text(0.02, 0.895, ST_SUB, fontsize=11, color="#4b5563")
    fig.text(
        0.98,
        0.015,
        "Source: market manager's booking sheet, November 2025",
        fontsize=9,
        color="#6b7280",
        ha="right",
    )
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines = [ST_TITLE, ST_SUB, "legend: " + ", ".join(names)]
    for i, m in enumerate(ST_MONTHS):
        parts = ", ".join(f"{n} {ST_SERIES[n][i]}" for n in names)
        lines.append(f"{m}: {parts}; total {totals[i]}")
    lines.append("Source: market manager's booking sheet, November 2025")
    write_truth(truth, "kelderby_farmers_market_stalls_2025.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned letter

DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
LETTER_HEAD = [
    ("ArialB", 62, "Brackenridge Dental Care"),
    (
        "Arial",
        34,
        "22 Esplanade Road  \u00b7  Porthallow Sands  \u00b7  PS4 6RJ",
    ),
    ("Arial", 34, "Telephone 01632 960318  \u00b7  reception@brackenridgedental.example"),
]
LETTER_ADDR = [
    "Mrs Alina Kowalczyk",
    "7 Samphire Close",
    "Porthallow Sands",
    "PS4 3TY",
]
LETTER_REFS = [
    ("Date:", "9 February 2026"),
    ("Patient no.:", "BDC-04417"),
    ("Estimate:", "TP-1182"),
]
LETTER_SUBJECT = "Your treatment plan and estimate"
LETTER_BODY = [
    "Dear Mrs Kowalczyk,",
    "Thank you for coming to see Dr Rafael Quintero for your examination on 3 February 2026. "
    "This letter sets out the treatment we discussed and what it will cost; the estimate "
    "overleaf lists each item.",
    "The most urgent item is the cracked filling in your lower left first molar (tooth LL6). "
    "Dr Quintero recommends a porcelain crown for this tooth, because what is left of it is too "
    "weak to hold another large filling.",
    "The whole plan costs £1,186.00. We ask for a deposit of £200.00 when you book the crown, "
    "and the balance can be spread over six monthly payments at no extra cost.",
    "Your first appointment, to prepare the tooth for the crown, is on Tuesday 24 February 2026 "
    "at 8.40 am and will take about an hour. The crown is made by our laboratory and will be "
    "fitted two weeks later.",
    "If you need to change an appointment, please give us at least 48 hours' notice; otherwise "
    "we may charge a missed-appointment fee of £35.",
    "Yours sincerely,",
]
LETTER_SIGN = ["Megan Trelawney", "Practice Manager"]
FORM_TITLE = "Treatment estimate"
FORM_FIELDS = [
    ("Patient", "Mrs A. Kowalczyk"),
    ("Patient number", "BDC-04417"),
    ("Dentist", "Dr R. Quintero"),
    ("Examination date", "03/02/2026"),
    ("Estimate valid until", "03/05/2026"),
    ("Payment", "0% plan over 6 months"),
]
FORM_ITEMS = [  # no., treatment, tooth, fee, visits
    ("1", "Examination and X-rays", "-", "68.00", "done 03/02"),
    ("2", "Porcelain crown", "LL6", "720.00", "2 visits"),
    ("3", "White filling, two surfaces", "UR5", "145.00", "1 visit"),
    ("4", "White filling, one surface", "LR4", "98.00", "1 visit"),
    ("5", "Hygienist clean", "-", "75.00", "1 visit"),
    ("6", "Night guard", "upper", "80.00", "2 visits"),
]
FORM_TOTALS = [
    ("Total", "1,186.00"),
    ("Deposit on booking", "200.00"),
    ("Balance", "986.00"),
    ("6 monthly payments of", "164.33"),
]


def _amount(s: str) -> float:
    return float(s.replace(",", ""))


def _letter_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y)."""
    d.ellipse([x0, y + 10, x0 + 130, y + 140], outline=70, width=10)
    d.line([(x0 + 65, y + 35), (x0 + 65, y + 115)], fill=70, width=10)
    d.line([(x0 + 25, y + 75), (x0 + 105, y + 75)], fill=70, width=10)


def render_letter_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    total = sum(_amount(i[3]) for i in FORM_ITEMS)
    assert abs(total - 1186.0) < 0.001 and abs((total - 200) / 6 - 164.33) < 0.005
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
        foot="Brackenridge Dental Care Ltd. Registered in England, company no. 08813620.",
        logo=_letter_logo,
        layout=(230, 170, 620, False),
        ref_x=(1500, 1830),
        signature=([(10, -40), (120, -90), (200, -30), (330, -85)], 60),
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250  # the left margin, as on page 1
    # ---- page 2: the estimate
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    y, lines = form_heading(
        d, PAGE_W, x0, "Brackenridge Dental Care", "Form TP-2", FORM_TITLE, FORM_FIELDS
    )
    y += 110
    cols = [x0, x0 + 110, x0 + 900, x0 + 1160, x0 + 1520, PAGE_W - x0]
    heads = ["No.", "Treatment", "Tooth", "Fee (£)", "Visits"]
    rows = [heads] + [list(i) for i in FORM_ITEMS]
    y = form_items(d, y, cols, rows, lines, right=(3,), note_size=34)
    row_h = 92  # as in the item table
    cell_f, head_f = font("Arial", 38), font("ArialB", 38)
    for label, amount in FORM_TOTALS:
        d.rectangle([cols[1], y, cols[4], y + row_h], outline=40, width=3)
        d.line([(cols[3], y), (cols[3], y + row_h)], fill=40, width=3)
        bold = label in ("Total", "Balance")
        f = head_f if bold else cell_f
        d.text((cols[1] + 18, y + row_h // 2), label, font=f, fill=10, anchor="lm")
        d.text((cols[4] - 24, y + row_h // 2), amount, font=f, fill=10, anchor="rm")
        lines.append(f"{label} {amount}")
        y += row_h
    y += 120
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "Fees are for private treatment. The crown fee includes the laboratory charge and a "
            "temporary crown.",
            "Prepared by: M. Trelawney        Checked by: Dr R. Quintero (09/02/2026)",
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
    a += rng.normal(0, 2.4, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_dental_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 80), image-only PDF."""
    pages, texts = render_letter_pages()
    scans = [
        scan_clean(img, angle, 7100 + i)
        for i, (img, angle) in enumerate(zip(pages, (-0.55, 0.4), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="estimate",
        truth_stem="brackenridge_dental_treatment_estimate",
        quality=80,
    )


# =========================================================================== notice photo

NOTICE_W, NOTICE_H = 1240, 1754  # A4 at 150 dpi
NOTICE_HEAD = ["HARBOUR VIEW COURT", "Notice to residents"]
NOTICE_TITLE = "Lift replacement: Block B"
NOTICE_BODY = [
    "The lift in Block B is being replaced with a new, larger lift. The work starts on Monday "
    "2 March 2026 and is expected to take six weeks.",
    "The Block B lift will be out of service for the whole of this time. Please use the stairs, "
    "or the lift in Block A, which you can reach over the first-floor bridge.",
    "Working hours are 8.00 am to 5.00 pm, Monday to Friday. The noisiest work, taking out the "
    "old lift, will be in the first two weeks.",
    "If you find stairs difficult, our porters can carry shopping and parcels to your door. "
    "Please book at least 24 hours ahead with the concierge on 01632 960581.",
]
NOTICE_FACTS = [
    ("Contractor:", "Pennant Lift Services Ltd"),
    ("Site manager:", "Grace Adeyemi"),
    ("Reference:", "HVC/B/0226"),
]
NOTICE_FOOT = "Issued by Corvell Property Management on 16 February 2026"


def render_notice() -> tuple[Image.Image, list[str]]:
    """The printed A4 notice (colour header band, Liberation Sans), with its text."""
    img = Image.new("RGB", (NOTICE_W, NOTICE_H), (250, 250, 247))
    d = ImageDraw.Draw(img)
    text: list[str] = []
    d.rectangle([0, 0, NOTICE_W, 230], fill=(20, 62, 110))
    d.text((80, 70), NOTICE_HEAD[0], font=font("ArialB", 64), fill="white")
    d.text((80, 150), NOTICE_HEAD[1], font=font("Arial", 40), fill=(210, 225, 240))
    text += NOTICE_HEAD
    y = 300
    d.text((80, y), NOTICE_TITLE, font=font("ArialB", 58), fill=(170, 30, 30))
    text.append(NOTICE_TITLE)
    y += 110
    body = font("Arial", 36)
    for para in NOTICE_BODY:
        for ln in wrap(para, body, NOTICE_W - 160):
            d.text((80, y), ln, font=body, fill=(25, 25, 25))
            y += 50
            text.append(ln)
        y += 30
    y += 20
    d.rectangle([80, y, NOTICE_W - 80, y + 3 * 58 + 40], outline=(20, 62, 110), width=4)
    yy = y + 24
    for k, v in NOTICE_FACTS:
        d.text((110, yy), k, font=font("ArialB", 36), fill=(25, 25, 25))
        d.text((420, yy), v, font=font("Arial", 36), fill=(25, 25, 25))
        yy += 58
        text.append(f"{k} {v}")
    d.text(
        (NOTICE_W // 2, NOTICE_H - 110),
        NOTICE_FOOT,
        font=font("ArialI", 30),
        fill=(90, 90, 90),
        anchor="mm",
    )
    text.append(NOTICE_FOOT)
    return img, text


def make_notice_photo(out: Path, truth: Path) -> None:
    """Phone snap of the notice pinned to a corkboard: slight angle, pins, soft light; JPEG."""
    notice, text = render_notice()
    rng = np.random.default_rng(7303)
    pw, ph = 1200, 1600
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    # cork: warm brown with fine and coarse speckle
    fine = np.asarray(
        Image.fromarray(np.clip(rng.normal(128, 60, (ph, pw)), 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(1.2)
        ),
        np.float32,
    )
    coarse = np.asarray(
        Image.fromarray(
            np.clip(rng.normal(128, 60, (ph // 8, pw // 8)), 0, 255).astype(np.uint8)
        ).resize((pw, ph), Image.BICUBIC),
        np.float32,
    )
    shade = 0.80 + 0.0022 * (fine - 128) + 0.0012 * (coarse - 128)
    cork = np.stack([shade * 196, shade * 146, shade * 98], axis=-1)
    dots = rng.random((ph, pw)) < 0.004
    cork[dots] *= 0.55
    # a yellow sheet behind the notice, mostly hidden, with a few grey pen strokes
    sheet = Image.new("RGB", (pw, ph), (0, 0, 0))
    sd = ImageDraw.Draw(sheet)
    sd.polygon([(820, 1180), (1200, 1150), (1200, 1600), (860, 1600)], fill=(238, 214, 92))
    for k in range(5):
        sd.line([(900, 1260 + 60 * k), (1160, 1245 + 60 * k)], fill=(150, 140, 110), width=6)
    smask = np.asarray(sheet.convert("L"), np.float32) > 0
    photo = np.where(smask[..., None], np.asarray(sheet, np.float32), cork)
    # the notice's corners in the photo (a slight angle and a little perspective)
    nh, nw = notice.height, notice.width
    dst = [(128, 96), (1092, 122), (1074, 1488), (104, 1470)]
    src = [(0, 0), (nw, 0), (nw, nh), (0, nh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    sample, inside = bilinear(np.asarray(notice, np.float32), u, v, 0.0)
    mask = inside.astype(np.float32)
    shadow = np.roll(np.roll(mask, 12, axis=0), 9, axis=1)
    shadow = (
        np.asarray(
            Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(8)),
            np.float32,
        )
        / 255.0
    )
    photo = photo * (1 - 0.38 * shadow[..., None])
    photo = np.where(mask[..., None] > 0, sample, photo)
    # drawing pins at the top corners
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    for px, py in ((170, 138), (1050, 162)):
        d.ellipse([px - 19 + 5, py - 19 + 6, px + 19 + 5, py + 19 + 6], fill=(70, 50, 35))
        d.ellipse([px - 19, py - 19, px + 19, py + 19], fill=(196, 28, 36))
        d.ellipse([px - 9, py - 12, px + 1, py - 2], fill=(238, 120, 120))
    photo = np.asarray(img, np.float32)
    # light from the upper left, a little warm; sensor noise
    fall = 1.0 - 0.20 * ((xs / pw) * 0.5 + (ys / ph) * 0.5)
    photo = photo * fall[..., None] * np.array([1.0, 0.985, 0.95], np.float32)
    photo += rng.normal(0, 2.2, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img.save(out, "JPEG", quality=84, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "harbour_view_court_lift_notice.txt", "\n".join(text) + "\n")


# =========================================================================== planning call (audio)

CALL_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB
    "Gideon": ("en-gb-x-rp+m6", "158", "40", -1.5),
    "Farah": ("en-us-nyc+f5", "164", "54", -2.0),
    "Niamh": ("en-gb-x-gbcwmd+f2", "154", "58", -2.5),
}
CALL = [
    (
        "Gideon",
        "Morning both, thanks for dialling in. This is the Seabright Half Marathon planning call "
        "for the eighteenth of February, so we are nine weeks out from race day on Sunday the "
        "nineteenth of April.",
    ),
    ("Gideon", "Niamh, let's start with you. Where are we on entries?"),
    (
        "Niamh",
        "Entries are at one thousand four hundred and twenty, against a cap of eighteen hundred. "
        "The children's fun run has sold out already, so we have closed it.",
    ),
    ("Gideon", "Great. And volunteers?"),
    (
        "Niamh",
        "We need one hundred and sixty on the day. One hundred and eighteen have signed up, so "
        "we are forty-two short, mostly marshals for the seafront section.",
    ),
    ("Gideon", "Okay. Farah, what have we got on the medical side?"),
    (
        "Farah",
        "I have booked two ambulances and fourteen first aiders from Coastline First Aid. The "
        "main medical tent will be at the finish on Marine Parade, with a smaller first aid post "
        "at the nine mile mark.",
    ),
    (
        "Farah",
        "And Doctor Anwen Price has agreed to be the race doctor at the finish again this year.",
    ),
    ("Gideon", "What happens if it's a hot day?"),
    (
        "Farah",
        "If the forecast is over twenty-two degrees, we add a misting shower at mile eleven and "
        "double the water at every station. I have put aside six hundred pounds for extra water.",
    ),
    (
        "Farah",
        "We will also have four defibrillators on the course, carried by the cycle first aiders, "
        "so nobody is ever more than a mile from one.",
    ),
    ("Gideon", "How many water stations are there this year?"),
    (
        "Niamh",
        "Four, at miles three, six, nine and eleven. The Rotary club is running the one at mile "
        "six again, and the sea cadets have the one at mile nine.",
    ),
    (
        "Gideon",
        "Good. I spoke to the council yesterday about road closures. The seafront road will be "
        "closed from eight o'clock until half past one, and the race starts at nine thirty sharp.",
    ),
    (
        "Gideon",
        "The buses will be diverted along Cliff Terrace for the morning.",
    ),
    (
        "Farah",
        "Can we do something about the bag drop? Last year the queue at the end was terrible.",
    ),
    (
        "Niamh",
        "Yes, the bag drop moves to the sports hall at Harbour School this year. It has about "
        "three times the space of the marquee.",
    ),
    (
        "Niamh",
        "And runners should park at the Westbay park and ride. Shuttle buses will run every ten "
        "minutes from seven o'clock.",
    ),
    (
        "Gideon",
        "The medals are ordered, by the way. Two thousand of them from Keystone Awards, at two "
        "pounds eighty-five each, and they arrive at the end of March.",
    ),
    (
        "Niamh",
        "Timing is with Chiplap again, and they say the results will be online within an hour of "
        "the last finisher.",
    ),
    (
        "Gideon",
        "Lovely. This year the race is raising money for the Seabright lifeboat station, and "
        "we're aiming for twenty-five thousand pounds.",
    ),
    (
        "Gideon",
        "Right, I think that's everything. The next call is on Wednesday the eleventh of March, "
        "same time. Thanks, both.",
    ),
]
CALL_GAPS = [
    0.7,
    0.6,
    0.9,
    0.6,
    0.8,
    0.7,
    0.5,
    1.0,
    0.7,
    0.6,
    0.9,
    0.6,
    0.8,
    0.5,
    1.1,
    0.7,
    0.6,
    0.9,
    0.8,
    0.7,
    1.0,
]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Three race organisers on a conference call, normal pace, room tone; AAC in .m4a."""
    rate = 44100
    s, lines = speak_turns(
        CALL,
        CALL_VOICES,
        CALL_GAPS,
        work,
        rate,
        prefix="call",
        lead=1.0,
        espeak_opts=(),
        pre=("gain", "-6", "highpass", "120", "lowpass", "7000"),
        post=("reverb", "12", "50", "30", "100", "0", "0"),
    )
    rng = np.random.default_rng(7409)
    brown = brown_bed(rng, len(s))
    room = brown * 0.008 + rng.normal(0, 0.0018, len(s))
    mix = s * 0.85 + room
    encode_speech(mix, work / "call.wav", out, rate, "aac")
    write_truth(
        truth, "seabright_half_marathon_planning_call_2026-02-18.tsv", "\n".join(lines) + "\n"
    )


# =========================================================================== workshop (video)

LEC_W, LEC_H, LEC_FPS = 1280, 720, 15
LEC_VOICE = ("en-gb+f5", "150", "48")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.8, 0.55, 1.6
LEC_ACCENT = "#1e3a5f"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Night photography: first steps",
        "lines": [
            "Workshop 3 \u00b7 Spring programme 2026",
            "Elodie Marsh, Halvergate Camera Club",
            "St Bride's Hall, club room",
        ],
        "narr": [
            "Good evening, I'm Elodie Marsh, and this is workshop three, on taking your first "
            "photographs at night.",
        ],
    },
    {
        "kind": "bullets",
        "title": "What to bring",
        "lines": [
            "A sturdy tripod",
            "A remote release, or use the 2-second timer",
            "A head torch with a red light",
            "Spare batteries in an inside pocket",
        ],
        "narr": [
            "Use the red light on your head torch, because it keeps your night vision, so you can "
            "still see the stars after checking the camera.",
            "Keep the spare batteries warm, because the cold drains them much faster.",
        ],
    },
    {
        "kind": "table",
        "title": "Settings to start with",
        "lines": [
            "Scene|Shutter|Aperture|ISO",
            "Milky Way|20 s|f/2.8|3200",
            "Star trails (stacked)|30 s \u00d7 120|f/4|800",
            "City lights|8 s|f/8|100",
            "Car light trails|15 s|f/11|100",
        ],
        "narr": [
            "These are only starting points. For the Milky Way, keep the shutter open for twenty "
            "seconds or less, or the stars will turn into short streaks.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Focusing in the dark",
        "lines": [
            "Switch the lens to manual focus",
            "Zoom live view in on the brightest star",
            "Turn the ring until the star is smallest",
            "Tape the focus ring so it cannot move",
        ],
        "narr": [
            "Don't trust the infinity mark on the lens. On most lenses it goes a little past "
            "sharp focus.",
        ],
    },
    {
        "kind": "chart",
        "title": "How dark are our sites?",
        "lines": [
            "Sky meter readings, January 2026 (higher is darker)",
        ],
        "narr": [
            "Coldwell Moor is the darkest of our sites, which is why the field trip goes there. "
            "Any reading above twenty means you should see the Milky Way clearly.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Staying safe",
        "lines": [
            "Never go out alone: go in pairs or more",
            "Tell someone where you are going",
            "Check the tide times at the harbour wall",
            "Park facing the way out",
        ],
        "narr": [
            "There is no phone signal near the Coldwell Moor car park, so agree a time to check "
            "in with someone at home.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next session",
        "lines": [
            "Field trip to Coldwell Moor",
            "Saturday 21 March, meet at 19:45",
            "Ridgeway car park, off the B3174",
            "Bring warm clothes and a flask",
            "Book: nights@halvergatecameraclub.example",
        ],
        "narr": [
            "If the sky is cloudy, we will move the trip to the following Saturday, and I will "
            "email everyone by four o'clock on the day.",
            "Thank you all, and clear skies.",
        ],
    },
]
LEC_SITES = [
    ("Town park", 18.6),
    ("Harbour wall", 19.4),
    ("Fenby Reservoir", 20.3),
    ("Coldwell Moor", 21.4),
]


def lec_chart_png() -> Image.Image:
    """The slide's small bar chart (values on the bars, a dashed line at 20)."""
    fig = plt.figure(figsize=(7.4, 3.9), dpi=100)
    ax = fig.add_axes([0.11, 0.14, 0.85, 0.72])
    xs = np.arange(len(LEC_SITES))
    vals = [v for _, v in LEC_SITES]
    bars = ax.bar(xs, vals, color="#3b5b92", width=0.6)
    for b, v in zip(bars, vals, strict=True):
        ax.text(
            b.get_x() + b.get_width() / 2,
            v + 0.1,
            f"{v:.1f}",
            ha="center",
            va="bottom",
            fontsize=11,
        )
    ax.axhline(20.0, color="#c53030", linestyle="--", linewidth=1.4)
    ax.text(-0.45, 20.15, "Milky Way clearly visible", color="#c53030", fontsize=10)
    ax.set_xticks(xs, [m for m, _ in LEC_SITES], fontsize=11)
    ax.set_ylim(17, 22.5)
    ax.set_ylabel("mag per square arcsecond", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(
        0.02,
        0.93,
        "Sky darkness at the club's four sites",
        fontsize=12,
        fontweight="bold",
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One workshop slide (white, navy title bar, slide number), with its text."""
    s = LEC_SLIDES[i]
    img = Image.new("RGB", (LEC_W, LEC_H), "white")
    d = ImageDraw.Draw(img)
    texts: list[str] = []
    if s["kind"] == "title":
        d.rectangle([0, 0, LEC_W, LEC_H], fill="#0f1c2e")
        for k in range(60):  # a few stars
            x = (k * 211) % LEC_W
            y = (k * 97) % 220 + 20
            r = 1 + k % 3
            d.ellipse([x - r, y - r, x + r, y + r], fill="#e2e8f0")
        d.rectangle([0, 430, LEC_W, 438], fill="#f6ad55")
        d.text((90, 260), s["title"], font=font("SansB", 60), fill="white")
        texts.append(s["title"])
        y = 470
        for k, ln in enumerate(s["lines"]):
            d.text((90, y), ln, font=font("SansB" if k == 0 else "Sans", 30), fill="#cbd5e0")
            y += 52
            texts.append(ln)
    else:
        d.rectangle([0, 0, LEC_W, 110], fill=LEC_ACCENT)
        d.text((60, 55), s["title"], font=font("SansB", 44), fill="white", anchor="lm")
        texts.append(s["title"])
        if s["kind"] == "bullets":
            y = 160
            step = 78 if len(s["lines"]) <= 4 else 70
            for ln in s["lines"]:
                d.ellipse([70, y + 14, 86, y + 30], fill="#f6ad55")
                d.text((110, y), ln, font=font("Sans", 36), fill="#1a202c")
                y += step
                texts.append(ln)
        elif s["kind"] == "table":
            rows = [r.split("|") for r in s["lines"]]
            cols = [70, 500, 790, 1000, 1210]
            y = 160
            for r, row in enumerate(rows):
                h = 88
                if r == 0:
                    d.rectangle([cols[0], y, cols[-1], y + h], fill="#e2e8f0")
                for c in range(4):
                    d.rectangle([cols[c], y, cols[c + 1], y + h], outline="#a0aec0", width=2)
                    d.text(
                        (cols[c] + 18, y + h // 2),
                        row[c],
                        font=font("SansB" if r == 0 else "Sans", 30),
                        fill="#1a202c",
                        anchor="lm",
                    )
                y += h
                texts.append(" | ".join(row))
        elif s["kind"] == "chart":
            y = 140
            for ln in s["lines"]:
                d.text((60, y), "\u2022 " + ln, font=font("Sans", 30), fill="#1a202c")
                y += 52
                texts.append(ln)
            ch = lec_chart_png()
            img.paste(ch, ((LEC_W - ch.width) // 2, 250))
            texts.append("Sky darkness at the club's four sites")
            texts += [f"{m} {v:.1f}" for m, v in LEC_SITES]
            texts.append("Milky Way clearly visible")
    fg = "#a0aec0" if s["kind"] == "title" else "#718096"
    d.text(
        (LEC_W - 40, LEC_H - 30),
        f"{i + 1} / {len(LEC_SLIDES)}",
        font=font("Sans", 20),
        fill=fg,
        anchor="rm",
    )
    d.text(
        (40, LEC_H - 30),
        "Halvergate Camera Club",
        font=font("Sans", 20),
        fill=fg,
        anchor="lm",
    )
    return img, " / ".join(texts)


def make_workshop(out: Path, work: Path, truth: Path) -> None:
    """Recorded workshop: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "halvergate_camera_club_night_photography.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=(),
        effects=("gain", "-n", "-2"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=7511,
        hiss=0.0012,  # the club room microphone's hiss
    )


# =========================================================================== CSV export

CSV_CHARGERS = {  # charger -> connector, price per kWh, typical kW
    "CP1": ("Type 2", 0.45, 7.2),
    "CP2": ("Type 2", 0.45, 7.2),
    "CP3": ("Type 2", 0.45, 11.0),
    "CP4": ("CCS", 0.69, 42.0),
}
CSV_PAYMENTS = ["Contactless", "App", "RFID card"]
CSV_FIXED = {  # session number -> charger, energy kWh, payment, status
    5108: ("CP4", 48.6, "App", "Completed"),
    5113: ("CP2", 0.0, "Contactless", "Failed"),
    5117: ("CP3", 3.2, "RFID card", "Stopped by user"),
    5121: ("CP4", 0.0, "App", "Failed"),
    5126: ("CP1", 0.0, "Contactless", "Failed"),
}


def make_charging_csv(out: Path) -> None:
    """A leisure centre's EV charger session export: 30 rows, ISO-like times, CRLF."""
    rng = np.random.default_rng(7613)
    rows = []
    names = list(CSV_CHARGERS)
    for n in range(5101, 5131):
        day = 1 + (n - 5101) * 29 // 30
        hour = int(rng.integers(7, 20))
        minute = int(rng.integers(0, 60))
        if n in CSV_FIXED:
            charger, kwh, payment, status = CSV_FIXED[n]
        else:
            charger = names[int(rng.integers(0, 4))]
            rapid = charger == "CP4"
            kwh = round(float(rng.uniform(14, 36) if rapid else rng.uniform(5, 24)), 1)
            payment = CSV_PAYMENTS[int(rng.integers(0, 3))]
            status = "Completed"
        connector, price, kw = CSV_CHARGERS[charger]
        minutes = 1 if kwh == 0 else max(4, int(round(kwh / kw * 60 * 1.08)))  # noqa: RUF046
        start = hour * 60 + minute
        end = start + minutes
        rows.append(
            [
                f"BWL-{n}",
                f"2025-11-{day:02d} {start // 60:02d}:{start % 60:02d}",
                f"2025-11-{day:02d} {end // 60:02d}:{end % 60:02d}",
                charger,
                connector,
                f"{kwh:.1f}",
                str(minutes),
                f"{price:.2f}",
                f"{kwh * price:.2f}",
                payment,
                status,
            ]
        )
    assert sum(r[10] == "Failed" for r in rows) == 3
    energies = [float(r[5]) for r in rows]
    assert max(energies) == 48.6 and energies.count(48.6) == 1
    assert sorted(energies)[-2] < 40, sorted(energies)[-2]
    assert all(int(r[2][11:13]) < 24 for r in rows)
    head = [
        "session_id",
        "start_time",
        "end_time",
        "charger",
        "connector",
        "energy_kwh",
        "duration_min",
        "price_per_kwh_gbp",
        "cost_gbp",
        "payment",
        "status",
    ]
    text = "\r\n".join(",".join(r) for r in [head, *rows]) + "\r\n"
    out.write_bytes(text.encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Carmen Delacroix <carmen@tollbridge-removals.example>
To: Rhys Penhallow <rhys.penhallow@mailbox.example>
Subject: Your move on 13 March: confirmation and checklist
Date: Wed, 25 Feb 2026 10:18:44 +0000
Message-ID: <20260225101844.4120@tollbridge-removals.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Rhys,

Thank you for confirming your booking. Here are the details for your move
from 41 Linnet Road, Ashwick to 3 Old Forge Cottages, Kelmscombe.

  Packing:      Thursday 12 March 2026, from 9.00 am (two packers)
  Moving day:   Friday 13 March 2026; the crew arrives at 7.30 am
  Crew:         three movers, led by Tomek Zielinski; 7.5-tonne lorry
  Quote ref:    TR-58214
  Price:        £1,485 including VAT and packing materials
  Cover:        goods in transit insured up to £60,000

Old Forge Cottages is on a narrow lane that our lorry cannot get down, so we
will bring a smaller 3.5-tonne van for the last stretch and shuttle your
things from the lorry. There is no extra charge for this.

Please defrost and dry your freezer the day before the move, and keep keys,
medicines and important documents with you rather than in the lorry.

The £300 deposit has been paid. The balance of £1,185 is due three working
days before the move, by bank transfer or card over the phone.

Kind regards,

Carmen Delacroix
Move Coordinator
Tollbridge Removals, Unit 6 Canal Yard, Ashwick
01632 960150
"""


def make_email(out: Path) -> None:
    """A plain-text move confirmation as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": (
        "pdf/sallowfield_brewing_annual_review_2024_25.pdf",
        "make_brewery_review",
        False,
    ),
    "stacked": ("chart/kelderby_farmers_market_stalls_2025.png", "make_stacked_chart", False),
    "letter": ("scan/brackenridge_dental_treatment_estimate.pdf", "make_dental_letter", True),
    "notice": ("scan/harbour_view_court_lift_notice.jpg", "make_notice_photo", False),
    "call": (
        "audio/seabright_half_marathon_planning_call_2026-02-18.m4a",
        "make_call",
        True,
    ),
    "workshop": (
        "video/halvergate_camera_club_night_photography.mp4",
        "make_workshop",
        True,
    ),
    "csv": ("data/brackwater_leisure_ev_charging_2025-11.csv", "make_charging_csv", None),
    "eml": ("mail/tollbridge_removals_moving_day.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN7_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
