"""Generate the made-up files of the twelfth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the CFITSIO guide from
obtain.sh):
  pdf/skelmorrow_community_energy_annual_report_2025.pdf  4-page A4 annual report of a
                                    community energy co-operative laid out with reportlab:
                                    green header band, serif prose, ruled tables with two year
                                    columns (p. 2) and a sites table (p. 4), two vector charts
                                    drawn with reportlab.graphics (p. 3: a two-year line chart
                                    in two colours; a horizontal bar chart)
  chart/dunmorrow_household_waste_by_material_2026.png  stacked bar chart with a legend
  scan/thistlebeck_tree_care_letter_and_quotation.pdf  worn 300 dpi greyscale scan of a
                                    typed 2-page letter (letter; schedule of works with a ruled
                                    tree grid and a charges grid), paper-clipped, tea stain,
                                    torn corner; image only
  scan/lanternwick_inn_sunday_menu_photo.jpg  phone photo of a printed menu card on a
                                    checked tablecloth
  audio/glenwhinny_choir_tour_call_2026-03-11.mp3  three-person planning call (espeak-ng
                                    Caribbean English/f2, Scottish English/m4, West Midlands
                                    English/m1)
  video/spokeshave_puncture_repair_course.mp4  narrated slide course: 6 slides (espeak-ng
                                    Lancastrian English/f4)
  data/waggletail_grooming_appointments_2026-10.csv  dog grooming salon appointment export
  mail/quillhaven_marina_berth_renewal.eml  marina berth renewal e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN12_ONLY=report,stacked,letter,menu,call,course,csv,eml (comma-separated) makes only
those files (for development; obtain.sh always makes all). All names, places and facts are
made up. Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg
(libmp3lame, libx264) and img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is
repeatable on one machine (fixed seeds, reportlab's invariant mode, no timestamps,
single-threaded bit-exact encoders). The rendering code follows bench/unseen11/generate.py.
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
from reportlab.graphics.charts.barcharts import HorizontalBarChart  # noqa: E402
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
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen12", "path.simplify": False}
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

# =========================================================================== energy co-op report

CE = "Skelmorrow Community Energy Co-operative"
CE_P1 = [
    "In 2025 our five sites generated 3,396 megawatt hours (MWh) of electricity, 11.5% more "
    "than in 2024 and enough for about 1,150 homes. Our members now number 1,184, and we paid "
    "them interest of 3.5% on their shares.",
    "The car park canopy at Saltings Lane ran for its first full year, and the new battery at "
    "Whinfell Farm, which stores 500 kilowatt hours, was switched on on 17 June 2025. The "
    "battery cost £286,000, of which £150,000 came from the Marrowfield Rural Energy Fund.",
    "Our community fund gave £27,300 to local groups in 2025, chosen by a panel of members at "
    "the open meeting in Skelmorrow Village Hall on 9 October.",
    "Our volunteer of the year is Perdita Nakashima-Rudd, who led 31 school visits to the "
    "Cowgill Weir turbine and set up the energy club at Skelmorrow School.",
]
CE_SITES = [  # site, 2024 MWh, 2025 MWh
    ("Whinfell Farm solar array", 1860, 1902),
    ("Cowgill Weir hydro", 530, 608),
    ("Brackley Mill roof", 412, 436),
    ("Saltings Lane car park canopy", 96, 311),
    ("Skelmorrow School roof", 148, 139),
]
CE_P2 = (
    "Saltings Lane generated most extra electricity, as 2024 was only its first half year. "
    "Skelmorrow School's roof generated a little less, because its inverter was off for three "
    "weeks in May while it was replaced under warranty."
)
CE_INCOME = [  # source, 2024 £000, 2025 £000
    ("Electricity sold to site hosts", 214, 238),
    ("Electricity exported to the grid", 151, 187),
    ("Grants", 38, 12),
    ("Battery services", 0, 21),
    ("Other income", 9, 11),
]
CE_P2B = (
    "Income from the grid rose with the extra generation and a better export price from "
    "April. Grants fell because the last payment for the Saltings Lane canopy was made in 2024."
)
CE_P3 = (
    "Figure 1 compares the electricity generated in each month of 2025 with 2024. Figure 2 "
    "shows how the community fund's grants in 2025 were shared between causes."
)
CE_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CE_MONTHLY = {  # MWh per month
    "2024": [118, 156, 242, 301, 356, 372, 365, 330, 268, 222, 164, 152],
    "2025": [131, 170, 265, 350, 410, 430, 405, 378, 296, 231, 158, 172],
}
CE_COLORS = {"2024": "#2a9d8f", "2025": "#e76f51"}
CE_GRANTS = [  # cause, £ (drawn bottom to top as listed)
    ("School energy club", 2600),
    ("Food bank freezers", 3350),
    ("Community bus to market", 4150),
    ("Village hall insulation", 7800),
    ("Warm homes advice", 9400),
]
CE_SITE_TABLE = [  # site, commissioned, capacity, technology, host
    ("Whinfell Farm solar array", "2016", "1,950 kW", "ground-mounted solar", "Whinfell Farm"),
    ("Cowgill Weir hydro", "2019", "110 kW", "Archimedes screw", "Cowgill Angling Club"),
    ("Brackley Mill roof", "2014", "480 kW", "rooftop solar", "Brackley Mill Joinery"),
    ("Saltings Lane canopy", "June 2024", "350 kW", "solar car park canopy", "the parish council"),
    ("Skelmorrow School roof", "2015", "160 kW", "rooftop solar", "Skelmorrow School"),
]
CE_P4 = [
    "Each site is inspected every quarter by our operations manager, and the Archimedes screw "
    "at Cowgill Weir is greased every month and lifted out for a full service every five "
    "years.",
    "The fish pass beside the weir was counted by the angling club in October: 212 salmon and "
    "sea trout went up it, against 164 in 2024.",
]
CE_OUTLOOK = [
    "From 1 April 2026 our sites' hosts will pay 14.2p a unit (now 13.6p). A second share "
    "offer, for £600,000, opens on 2 March 2026 to pay for solar panels on Ellerby Health "
    "Centre.",
    "Wendell Ardagh-Quaye, our chair since 2020, steps down at the annual general meeting "
    "on 23 May 2026; the board will propose Oriel Fenwick-Adeyemi as the next chair.",
]


def ce_line_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Electricity per month, two years in two colours, value labels on both; vector."""
    title = "Figure 1. Electricity generated per month (MWh), 2024 and 2025"
    d = Drawing(170 * mm, 96 * mm)
    d.add(String(0, 92 * mm, title, fontName=famb, fontSize=10))
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 152 * mm, 70 * mm
    c.data = [CE_MONTHLY["2024"], CE_MONTHLY["2025"]]
    c.categoryAxis.categoryNames = CE_MONTHS
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 500, 100
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e6e6e6")
    for k, year in enumerate(("2024", "2025")):
        col = colors.HexColor(CE_COLORS[year])
        c.lines[k].strokeColor = col
        c.lines[k].strokeWidth = 1.6
        c.lineLabels[k].fillColor = col
    c.lines[0].symbol = makeMarker("FilledSquare", size=4, fillColor=c.lines[0].strokeColor)
    c.lines[1].symbol = makeMarker("FilledCircle", size=4, fillColor=c.lines[1].strokeColor)
    c.lineLabelFormat = "%d"
    c.lineLabelNudge = 5
    c.lineLabels.fontName = fam
    c.lineLabels.fontSize = 6.4
    c.lineLabels.boxFillColor = colors.white
    c.lineLabels.leftPadding = c.lineLabels.rightPadding = 0.6
    c.lineLabels.topPadding = c.lineLabels.bottomPadding = 0.2
    c.lineLabels[0].dy = -15  # 2024's labels below its points
    d.add(c)
    lg = Legend()
    lg.x, lg.y = 22 * mm, 86 * mm
    lg.fontName, lg.fontSize = fam, 8.5
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 60
    lg.colorNamePairs = [(colors.HexColor(CE_COLORS[y]), y) for y in ("2024", "2025")]
    d.add(lg)
    text = [title, "legend: 2024, 2025"]
    for i, m in enumerate(CE_MONTHS):
        a, b = CE_MONTHLY["2024"][i], CE_MONTHLY["2025"][i]
        text.append(f"{m}: 2024 {a}, 2025 {b}")
    return d, text


def ce_grant_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Community fund grants by cause as a horizontal bar chart with value labels; vector."""
    title = "Figure 2. Community fund grants by cause, 2025 (£)"
    d = Drawing(170 * mm, 74 * mm)
    d.add(String(0, 70 * mm, title, fontName=famb, fontSize=10))
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 52 * mm, 6 * mm, 100 * mm, 56 * mm
    c.data = [[v for _, v in CE_GRANTS]]
    c.categoryAxis.categoryNames = [n for n, _ in CE_GRANTS]
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -3
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 12000, 2000
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e6e6e6")
    c.bars[0].fillColor = colors.HexColor("#3a7d44")
    c.bars.strokeColor = None
    c.barLabelFormat = "£{:,}".format
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 8
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    text = [title] + [f"{n}: £{v:,}" for n, v in reversed(CE_GRANTS)]
    return d, text


def make_energy_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    a_tot = sum(a for _, a, _ in CE_SITES)
    b_tot = sum(b for *_, b in CE_SITES)
    assert (a_tot, b_tot) == (3046, 3396), (a_tot, b_tot)
    assert round((b_tot / a_tot - 1) * 100, 1) == 11.5
    assert sum(CE_MONTHLY["2024"]) == a_tot and sum(CE_MONTHLY["2025"]) == b_tot
    lower = [m for m, a, b in zip(CE_MONTHS, *CE_MONTHLY.values(), strict=True) if b < a]
    assert lower == ["Nov"], lower
    assert sum(v for _, v in CE_GRANTS) == 27300
    i_a = sum(a for _, a, _ in CE_INCOME)
    i_b = sum(b for *_, b in CE_INCOME)
    assert (i_a, i_b) == (412, 469), (i_a, i_b)
    register_fonts(("Arial", "ArialB", "ArialI", "Times", "TimesB"))
    green, ink = colors.HexColor("#1f4d2b"), colors.HexColor("#1b1b1b")
    sun = colors.HexColor("#f4a261")
    body, h1, h2, sub, cap, note, sign = report_styles(green, ink, grey="#5a5a5a")
    frame = band_frame(
        accent=green,
        band=14,
        stripe=(sun, 15.0, 1.0),
        text_y=9.0,
        left="SKELMORROW COMMUNITY ENERGY",
        right="Annual report 2025",
        footer=CE + "  \u00b7  society no. 7741RS",
        page_label="page {page}",
    )
    ruled = partial(ruled_table, accent=green, head_bg="#e3efe0", rule="#a9c4a2")

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Annual Report 2025", h1),
        Paragraph("Skelmorrow Community Energy Co-operative, year to 31 December 2025", sub),
        Paragraph("From the chair", h2),
    ]
    story += [Paragraph(p, body) for p in CE_P1]
    story += [
        Paragraph(
            "Thank you to our 46 volunteers, our two staff and every member who came to a site "
            "open day or an open meeting this year.",
            body,
        ),
        Spacer(1, 4),
        Paragraph("Wendell Ardagh-Quaye", sign),
        Paragraph("Chair, 18 March 2026", body),
        PageBreak(),
    ]
    story += [Paragraph("Generation", h2), Paragraph(CE_P2, body)]
    story += [Paragraph("Table 1. Electricity generated by site (MWh)", cap)]
    rows = [["Site", "2024", "2025", "Change"]]
    for name, a, b in CE_SITES:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{a_tot:,}", f"{b_tot:,}", f"{(b_tot / a_tot - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), Spacer(1, 10)]
    story += [Paragraph("Income", h2), Paragraph(CE_P2B, body)]
    story += [Paragraph("Table 2. Income by source (£000)", cap)]
    rows = [["Source", "2024", "2025", "Change (£000)"]]
    for name, a, b in CE_INCOME:
        rows.append([name, f"{a:,}", f"{b:,}", f"{b - a:+d}"])
    rows.append(["Total", f"{i_a:,}", f"{i_b:,}", f"{i_b - i_a:+d}"])
    story += [ruled(rows, [70, 24, 24, 28], True), PageBreak()]
    story += [Paragraph("Generation by month and the community fund", h2), Paragraph(CE_P3, body)]
    d1, t1 = ce_line_chart("Arial", "ArialB")
    d2, t2 = ce_grant_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 8),
        d2,
        Paragraph(
            "Grants are paid from 4% of our electricity income; groups apply by 31 August each "
            "year.",
            note,
        ),
        PageBreak(),
    ]
    story += [Paragraph("Our sites", h2)]
    story += [Paragraph(p, body) for p in CE_P4]
    story += [Paragraph("Table 3. Our sites at 31 December 2025", cap)]
    rows = [["Site", "Commissioned", "Capacity", "Technology", "Host"]]
    rows += [list(r) for r in CE_SITE_TABLE]
    site_t = ruled(rows, [44, 24, 20, 38, 40], False)
    site_t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    story += [site_t, Spacer(1, 10)]
    story += [
        KeepTogether([Paragraph("Looking ahead", h2)] + [Paragraph(p, body) for p in CE_OUTLOOK])
    ]
    build_report(out, story, frame, title="Annual Report 2025", author=CE, top_margin=23)
    write_truth(
        truth,
        "skelmorrow_community_energy_annual_report_2025.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2) + "\n",
    )


# =========================================================================== stacked bar chart

SB_TITLE = "Household waste collected by material, Dunmorrow District, 2026"
SB_SUB = "Tonnes collected from kerbside bins each quarter"
SB_QUARTERS = ["Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec"]
SB_MATERIALS = {  # material -> tonnes per quarter (stacked bottom to top)
    "General waste": [4120, 3870, 3950, 4310],
    "Paper and card": [1460, 1320, 1290, 1580],
    "Glass": [610, 690, 740, 820],
    "Garden waste": [380, 2240, 2510, 960],
    "Food waste": [720, 700, 680, 760],
}
SB_COLORS = ["#6c757d", "#4ea8de", "#52b788", "#9c6644", "#f4a259"]


def make_stacked_chart(out: Path, truth: Path) -> None:
    """An ordinary matplotlib stacked bar chart: segment values inside, totals on top, a
    legend at the right. PNG."""
    totals = [sum(v[q] for v in SB_MATERIALS.values()) for q in range(4)]
    assert totals == [7290, 8820, 9170, 8430], totals
    fig = plt.figure(figsize=(10.8, 7.2), dpi=100)
    ax = fig.add_axes([0.08, 0.09, 0.62, 0.76])
    xs = np.arange(4)
    bottom = np.zeros(4)
    lines = [SB_TITLE, SB_SUB]
    for (name, vals), col in zip(SB_MATERIALS.items(), SB_COLORS, strict=True):
        ax.bar(xs, vals, 0.62, bottom=bottom, color=col, label=name, edgecolor="white")
        for x, v, b in zip(xs, vals, bottom, strict=True):
            ax.text(x, b + v / 2, f"{v:,}", ha="center", va="center", fontsize=10, color="white")
        bottom += np.array(vals)
        lines.append(
            f"{name}: " + ", ".join(f"{q} {v:,}" for q, v in zip(SB_QUARTERS, vals, strict=True))
        )
    for x, t in zip(xs, totals, strict=True):
        ax.text(x, t + 120, f"{t:,} t", ha="center", va="bottom", fontsize=11, fontweight="bold")
    lines.append(
        "Totals: " + ", ".join(f"{q} {t:,} t" for q, t in zip(SB_QUARTERS, totals, strict=True))
    )
    ax.set_xticks(xs, SB_QUARTERS, fontsize=11)
    ax.set_ylim(0, 10500)
    ax.set_ylabel("tonnes", fontsize=11)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        handles[::-1],
        labels[::-1],
        loc="center left",
        bbox_to_anchor=(0.73, 0.5),
        frameon=False,
        fontsize=11.5,
        title="Material",
        title_fontsize=12,
    )
    fig.text(0.03, 0.94, SB_TITLE, fontsize=16, fontweight="bold", color="#1f2937")
    fig.text(0.03, 0.895, SB_SUB, fontsize=11.5, color="#4b5563")
    src = "Source: Dunmorrow District Council waste team"
    fig.text(0.97, 0.02, src, fontsize=9, color="#6b7280", ha="right")
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines += ["legend: Material: " + ", ".join(SB_MATERIALS), src]
    write_truth(truth, "dunmorrow_household_waste_by_material_2026.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned tree letter

PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
TL_HEAD = [
    ("ArialB", 58, "Thistlebeck Tree Care"),
    ("Arial", 34, "Hawthorn Barn, Lowther Gill Road  \u00b7  Ambridge Moss  \u00b7  AM7 3LQ"),
    ("Arial", 34, "Tel 01632 960318  \u00b7  Arboricultural Association member no. 2274"),
]
TL_ADDR = [
    "Mr Ignatius Mbanefo-Baird",
    "Tollgate House",
    "11 Church Wynd",
    "Ambridge Moss",
    "AM7 5DF",
]
TL_REFS = ["Our ref: TTC/0926", "Date: 14 October 2026"]
TL_SUBJECT = "Survey of trees at Tollgate House and our quotation"
TL_BODY = [
    "Dear Mr Mbanefo-Baird,",
    "Thank you for showing me round on Friday 9 October. I looked at the four trees in your "
    "garden. The large ash by the lane (tree T1) has ash dieback, with more than half of its "
    "crown dead, and I recommend felling it before it drops branches on the road.",
    "Because Tollgate House is in the Ambridge Moss conservation area, we must give the "
    "council six weeks' notice before any work. We will send the notice for you; if the "
    "council raises no objection, we can do the work in the week of 30 November.",
    "The copper beech (T2) needs only its lowest limb over the greenhouse removed, and the "
    "two apple trees (T3 and T4) should be pruned in winter. The schedule of works and our "
    "prices are on the next page. The quotation is valid for 90 days.",
    "Yours sincerely,",
]
TL_SIGN = ["Rowena Sillitoe-Vance", "Arborist, Thistlebeck Tree Care"]
TQ_TITLE = "Schedule of works and quotation"
TQ_FIELDS = [
    ("Client", "Mr Ignatius Mbanefo-Baird"),
    ("Site", "Tollgate House, 11 Church Wynd"),
    ("Survey date", "9 October 2026"),
    ("Quotation no.", "Q-26-0417"),
]
TQ_TREES = [  # tree, species, height, work, condition
    ("Tree", "Species", "Height", "Work", "Condition"),
    ("T1", "Ash", "17 m", "Fell to ground", "Dieback"),
    ("T2", "Copper beech", "14 m", "Remove low limb", "Good"),
    ("T3", "Apple (Howgate Wonder)", "5 m", "Winter prune", "Fair"),
    ("T4", "Apple (Lord Lambourne)", "4 m", "Winter prune", "Good"),
]
TQ_CHARGES = [  # item, price
    ("Fell ash T1 and grind stump", "£960.00"),
    ("Remove beech limb T2", "£180.00"),
    ("Winter prune apples T3 and T4", "£140.00"),
    ("Remove all wood and chippings", "£120.00"),
]
TQ_TOTALS = [
    ("Subtotal", "£1,400.00"),
    ("VAT at 20%", "£280.00"),
    ("Total", "£1,680.00"),
]


def _tree_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y): a small tree."""
    d.rectangle([x0 + 58, y + 110, x0 + 82, y + 185], fill=60)
    d.ellipse([x0, y, x0 + 140, y + 130], fill=90)
    d.ellipse([x0 + 30, y + 20, x0 + 110, y + 100], fill=45)


def render_tree_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    sub = sum(float(p[1:].replace(",", "")) for _, p in TQ_CHARGES)
    assert abs(sub - 1400.0) < 0.001 and abs(sub * 1.2 - 1680.0) < 0.001
    pages, texts = [], []
    img, lines = typed_letter(
        (PAGE_W, PAGE_H),
        TL_HEAD,
        TL_ADDR,
        TL_REFS,
        TL_SUBJECT,
        TL_BODY,
        TL_SIGN,
        signature=("R. Sillitoe-Vance", 60),
        page_label="Page 1 of 2",
        logo=_tree_logo,
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    y, lines = invoice_heading(d, PAGE_W, x0, "Thistlebeck Tree Care", TQ_TITLE, TQ_FIELDS)
    y += 90
    d.text((x0, y), "Trees surveyed", font=font("ArialB", 42), fill=20)
    lines.append("Trees surveyed")
    y += 80
    cols = [x0, x0 + 180, x0 + 700, x0 + 960, x0 + 1560, PAGE_W - x0]
    y = ruled_grid(d, y, cols, TQ_TREES, lines, row_h=88)
    y += 100
    y = charges_table(d, PAGE_W, x0, y, TQ_CHARGES, TQ_TOTALS, lines)
    y += 90
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "A 25% deposit is payable when you accept this quotation; the balance is due within "
            "14 days of the work being finished. We carry public liability insurance of "
            "£5 million.",
        ],
        "Page 2 of 2",
        lines,
    )
    pages.append(img)
    texts.append(lines)
    return pages, texts


def scan_clipped(img: Image.Image, angle: float, seed: int, page: int) -> Image.Image:
    """A worn office copy: skew, blur, cream paper with a grey edge shadow at the top, a paper
    clip (p. 1), a tea stain (p. 1) or a torn corner (p. 2), a fold crease, toner streaks,
    noise and dust."""
    rng = np.random.default_rng(seed)
    rot = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    rot = rot.filter(ImageFilter.GaussianBlur(1.05))
    a = np.asarray(rot, np.float32)
    a = 232.0 - (255.0 - a) * 0.84
    h, w = a.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    a -= 38.0 * np.exp(-ys / 45.0) + 9.0 * (xs / w)  # lid shadow at the top, uneven lamp
    if page == 1:  # a paper clip over the top edge, right of centre
        cx = w * 0.62
        outer = (np.abs(xs - cx) < 34) & (ys < 330) & (ys > 40)
        inner = (np.abs(xs - cx) < 22) & (ys < 318) & (ys > 52)
        a[outer & ~inner] = 95.0
        # a tea stain: an irregular pale brown blot low on the left
        bx, by = w * 0.24, h * 0.78
        rr = np.sqrt(((xs - bx) / 1.3) ** 2 + (ys - by) ** 2)
        ang = np.arctan2(ys - by, xs - bx)
        edge = 150.0 + 12.0 * np.sin(5 * ang) + 6.0 * np.sin(11 * ang + 1.0)
        a -= 16.0 * (rr < edge) + 26.0 * np.exp(-(((rr - edge) / 5.0) ** 2))
    else:  # the top right corner is torn off
        torn = (w - xs) + ys < 190.0 + 14.0 * np.sin(xs / 9.0)
        a[torn] = 40.0
    crease = int(h * 0.34)  # folded in three
    for cy in (crease, int(h * 0.67)):
        band = np.exp(-(((np.arange(h) - cy) / 4.0) ** 2)).astype(np.float32)[:, None]
        a -= 26.0 * band
    streak = (np.abs(xs - w * 0.81) < 3).astype(np.float32)  # a toner streak down the page
    a -= 22.0 * streak
    a += rng.normal(0, 5.0, a.shape).astype(np.float32)
    dust = rng.random(a.shape) < 0.0007
    a[dust] -= 100.0
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_tree_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 68), image-only PDF."""
    pages, texts = render_tree_pages()
    scans = [
        scan_clipped(img, angle, 12100 + i, i + 1)
        for i, (img, angle) in enumerate(zip(pages, (0.9, -0.6), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="tree",
        truth_stem="thistlebeck_tree_care_letter_and_quotation",
        quality=68,
    )


# =========================================================================== menu card photo

MN_W, MN_H = 1000, 1500
MN_HEAD = ["THE LANTERNWICK INN", "Sunday Lunch", "served 12 noon to 4 pm"]
MN_SECTIONS = [
    (
        "STARTERS",
        [
            ("Roasted tomato and red pepper soup", "£6.50"),
            ("Smoked mackerel pate, oatcakes", "£7.95"),
            ("Crispy whitebait, lemon mayonnaise", "£8.25"),
        ],
    ),
    (
        "ROASTS",
        [
            ("Topside of beef, Yorkshire pudding", "£18.95"),
            ("Roast pork belly, crackling, apple sauce", "£17.50"),
            ("Half roast chicken, bread sauce", "£16.75"),
            ("Chestnut and mushroom wellington (V)", "£15.95"),
        ],
    ),
    (
        "PUDDINGS",
        [
            ("Sticky toffee pudding, custard", "£7.25"),
            ("Blackberry and apple crumble", "£6.95"),
            ("Three local cheeses, chutney", "£9.50"),
        ],
    ),
]
MN_FOOT = [
    "Children's roast (under 12): £9.50",
    "Two courses £24  \u00b7  Three courses £29",
    "Please tell us about any allergies",
    "12.5% service added to tables of 8 or more",
]


def render_menu() -> tuple[Image.Image, list[str]]:
    """A printed menu card: cream card, a ruled border, centred headings, dotted price leaders."""
    img = Image.new("RGB", (MN_W, MN_H), (250, 246, 234))
    d = ImageDraw.Draw(img)
    ink, red = (35, 30, 28), (128, 32, 36)
    d.rectangle([28, 28, MN_W - 28, MN_H - 28], outline=red, width=5)
    d.rectangle([44, 44, MN_W - 44, MN_H - 44], outline=red, width=2)
    text: list[str] = []
    d.text((MN_W // 2, 110), MN_HEAD[0], font=font("TimesB", 60), fill=red, anchor="mm")
    d.text((MN_W // 2, 185), MN_HEAD[1], font=font("TimesB", 52), fill=ink, anchor="mm")
    d.text((MN_W // 2, 240), MN_HEAD[2], font=font("Times", 32), fill=ink, anchor="mm")
    text += MN_HEAD
    y = 300
    item_f = font("Times", 33)
    for head, items in MN_SECTIONS:
        d.text((MN_W // 2, y), head, font=font("TimesB", 38), fill=red, anchor="mm")
        d.line([(MN_W // 2 - 120, y + 28), (MN_W // 2 + 120, y + 28)], fill=red, width=2)
        text.append(head)
        y += 66
        for name, price in items:
            d.text((90, y), name, font=item_f, fill=ink, anchor="lm")
            d.text((MN_W - 90, y), price, font=item_f, fill=ink, anchor="rm")
            x = 90 + item_f.getlength(name) + 14
            end = MN_W - 90 - item_f.getlength(price) - 14
            while x < end:
                d.ellipse([x, y + 8, x + 3, y + 11], fill=(120, 110, 100))
                x += 12
            text.append(f"{name} {price}")
            y += 54
        y += 36
    y += 6
    for k, ln in enumerate(MN_FOOT):
        d.text(
            (MN_W // 2, y),
            ln,
            font=font("TimesB" if k == 1 else "Times", 31),
            fill=ink,
            anchor="mm",
        )
        text.append(ln)
        y += 46
    assert y < MN_H - 50, y
    return img, text


def make_menu_photo(out: Path, truth: Path) -> None:
    """Phone photo of the menu card on a red-and-white checked tablecloth: perspective, a
    glass's shadow, warm window light from the left, mild blur."""
    card, text = render_menu()
    rng = np.random.default_rng(12303)
    pw, ph = 1200, 1600
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    # a gingham cloth: red and white checks, weave noise
    cu = np.floor((xs * 0.97 + ys * 0.12) / 58.0) % 2
    cv = np.floor((ys * 0.99 - xs * 0.10) / 58.0) % 2
    red = (cu + cv) / 2.0  # 0 white, 0.5 light red, 1 red
    weave = rng.normal(0, 1, (ph, pw)).astype(np.float32)
    cloth = (
        np.stack([226 - 20 * red, 222 - 150 * red, 214 - 140 * red], axis=-1)
        + 5.0 * weave[..., None]
    )
    nh, nw = card.height, card.width
    dst = [(190, 150), (1010, 120), (1085, 1480), (130, 1525)]
    src = [(0, 0), (nw, 0), (nw, nh), (0, nh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    sample, inside = bilinear(np.asarray(card, np.float32), u, v, 0.0)
    mask = inside.astype(np.float32)
    shadow = np.roll(np.roll(mask, 16, axis=0), 12, axis=1)
    shadow = (
        np.asarray(
            Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(10)),
            np.float32,
        )
        / 255.0
    )
    photo = cloth * (1 - 0.3 * shadow[..., None])
    photo = np.where(mask[..., None] > 0, sample, photo)
    # a wine glass's round shadow falling on the lower right of the card
    gr = np.sqrt((xs - 1010) ** 2 + ((ys - 1290) * 1.4) ** 2)
    photo = photo * (1 - 0.18 * np.clip((170 - gr) / 40.0, 0, 1))[..., None]
    # warm window light from the left
    fall = 1.06 - 0.22 * (xs / pw) - 0.05 * (ys / ph)
    photo = photo * fall[..., None] * np.array([1.03, 0.99, 0.93], np.float32)
    photo += rng.normal(0, 3.2, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.9))
    img.save(out, "JPEG", quality=85, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "lanternwick_inn_sunday_menu_photo.txt", "\n".join(text) + "\n")


# =========================================================================== choir tour call (audio)

CALL_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB
    "Clemency": ("en-029+f2", "130", "58", -2.0),
    "Murdo": ("en-gb-scotland+m4", "128", "38", -1.5),
    "Lemuel": ("en-gb-x-gbcwmd+m1", "130", "44", -2.0),
}
CALL = [
    (
        "Clemency",
        "Good evening both. This is the Glenwhinny Choir tour call for Wednesday the eleventh "
        "of March. The tour starts on Friday the twelfth of June, and we are singing in four "
        "towns.",
    ),
    ("Clemency", "Murdo, where are we staying?"),
    (
        "Murdo",
        "I have booked the Harbourside Lodge in Portcallan for three nights, at sixty-eight "
        "pounds a room per night, with breakfast. Thirty-six singers are coming, so we need "
        "twenty rooms.",
    ),
    (
        "Murdo",
        "The coach leaves the church car park at a quarter past seven on the Friday morning. "
        "It is from Drumtochty Coaches, and the driver is called Tavish.",
    ),
    ("Clemency", "Lemuel, how are the tickets selling?"),
    (
        "Lemuel",
        "The opening concert is at Saint Kenelm's Church on the Friday evening, at half past "
        "seven. We have sold two hundred and forty tickets out of three hundred.",
    ),
    (
        "Lemuel",
        "Tickets are fifteen pounds, or twelve pounds for students. The coach hire comes to two "
        "thousand one hundred and fifty pounds for the whole tour.",
    ),
    (
        "Clemency",
        "Our soloist for the tour is Gwenllian Pascoe-Lindqvist, and she will sing at all four "
        "concerts.",
    ),
    (
        "Murdo",
        "The last concert is in Lochanbrae Town Hall on Monday the fifteenth of June, at seven "
        "o'clock.",
    ),
    (
        "Lemuel",
        "The Portcallan Rotary Club is sponsoring the tour with eight hundred pounds, and half "
        "of the takings from the last concert will go to the lifeboat station.",
    ),
    (
        "Clemency",
        "Thank you both. Rehearsals are every Thursday at eight until we leave. Our next call "
        "is on Tuesday the seventh of April, at seven in the evening.",
    ),
]
CALL_GAPS = [0.7, 0.8, 0.9, 0.6, 0.8, 0.7, 1.0, 0.7, 0.9, 0.8]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Three choir organisers on a call, slow and clear, phone band, room tone; MP3."""
    rate = 44100
    s, lines = speak_turns(
        CALL,
        CALL_VOICES,
        CALL_GAPS,
        work,
        rate,
        prefix="call",
        lead=1.2,
        espeak_opts=("-g", "4"),
        pre=("gain", "-6", "highpass", "150", "lowpass", "6800"),
        post=("reverb", "10", "50", "30", "100", "0", "0"),
    )
    rng = np.random.default_rng(12409)
    brown = brown_bed(rng, len(s))
    room = brown * 0.005 + rng.normal(0, 0.0020, len(s))
    mix = s * 0.86 + room
    encode_speech(mix, work / "call.wav", out, rate, "mp3")
    write_truth(truth, "glenwhinny_choir_tour_call_2026-03-11.tsv", "\n".join(lines) + "\n")


# =========================================================================== puncture course (video)

LEC_FPS = 15  # slides are 1280 x 720 (heldout_slides.W x H)
LEC_VOICE = ("en-gb-x-gbclan+f4", "132", "54")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.9, 0.6, 1.5
LEC_ACCENT = "#1d3557"
LEC_RULE = "#f1c40f"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Fixing a puncture",
        "lines": ["Spokeshave Cycle Workshop", "Evening class, 4 February 2026"],
        "narr": [
            "Hello and welcome to Spokeshave. I am Mirabel Achebe-Voss, and tonight you "
            "will learn to fix a puncture at the roadside.",
            "I have been mending bikes in this workshop for fourteen years.",
        ],
    },
    {
        "kind": "bullets",
        "title": "What to carry",
        "lines": [
            "Two tyre levers",
            "Patch kit with 6 patches",
            "Mini pump or CO2 inflator",
            "A spare inner tube",
        ],
        "narr": [
            "Never use a screwdriver as a tyre lever, because it can cut the inner tube.",
            "The patch kits in our shop cost four pounds twenty.",
        ],
    },
    {
        "kind": "table",
        "title": "Tyre pressures",
        "lines": [
            "Bike|Tyre width|Pressure",
            "Road bike|25 mm|80-100 psi",
            "Hybrid|35 mm|50-70 psi",
            "Mountain bike|2.3 in|25-35 psi",
            "Child's bike|1.75 in|30-40 psi",
        ],
        "narr": [
            "Find the hole by pumping the tube up and listening, or by dipping it in a bowl of "
            "water.",
            "Rough up the rubber with the sandpaper, and let the glue dry for five minutes "
            "before you press the patch on.",
        ],
    },
    {
        "kind": "chart",
        "title": "How fast tyres lose air",
        "lines": ["A road tyre pumped to 90 psi and left, not ridden"],
        "narr": [
            "The chart shows why you should pump road tyres up at least once a week.",
            "A butyl tube loses about three psi a day; a latex tube loses air twice as fast.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Putting it back together",
        "lines": [
            "Check inside the tyre for the thorn",
            "Line the tyre logo up with the valve",
            "Inflate slowly; check the bead is seated",
            "Ride 5 minutes, then check the pressure",
        ],
        "narr": [
            "A pinch of talcum powder inside the tyre stops the new tube sticking to it.",
            "Tubeless tyres can be plugged without taking the wheel off, which we cover in "
            "another class.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next classes",
        "lines": [
            "Brakes and gears: Wednesday 4 March 2026",
            "Class fee £18, tools provided",
            "Spokeshave, 7 Chandlers' Yard, Cardenby",
        ],
        "narr": [
            "Please bring your own bike to the next class, with both wheels on.",
            "Thank you for coming, and safe riding.",
        ],
    },
]
LEC_PSI = [(0, 90), (1, 86), (2, 83), (3, 79), (5, 74), (7, 68)]


def lec_chart_png() -> Image.Image:
    """The slide's small line chart (values at the points)."""
    fig = plt.figure(figsize=(7.6, 3.9), dpi=100)
    ax = fig.add_axes([0.11, 0.16, 0.85, 0.70])
    xs = [m for m, _ in LEC_PSI]
    vals = [t for _, t in LEC_PSI]
    ax.plot(xs, vals, "-s", color=LEC_ACCENT, lw=2.4, ms=7)
    for x, v in zip(xs, vals, strict=True):
        ax.annotate(
            f"{v} psi",
            (x, v),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            fontsize=12,
        )
    ax.set_xticks(xs, [str(x) for x in xs], fontsize=11)
    ax.set_xlabel("days since pumped", fontsize=10)
    ax.set_ylim(60, 100)
    ax.set_ylabel("pressure (psi)", fontsize=10)
    ax.grid(axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.02, 0.93, "Road tyre pressure, days after pumping", fontsize=12, fontweight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lec_title_art(d: ImageDraw.ImageDraw) -> None:
    """The picture on the course's title slide: a bicycle wheel."""
    d.ellipse([1010, 70, 1200, 260], outline="#f1c40f", width=14)
    d.ellipse([1090, 150, 1120, 180], fill="#f1c40f")
    for k in range(8):
        a = k * np.pi / 4
        d.line(
            [(1105, 165), (1105 + 88 * np.cos(a), 165 + 88 * np.sin(a))], fill="#dfe6ee", width=3
        )


LEC_LOOK = CourseLook(
    background="#f4f7fb",
    accent=LEC_ACCENT,
    rule=LEC_RULE,
    ink="#14213d",
    subtitle="#dfe6ee",
    title_size=60,
    marker="square",
    table_cols=(60, 520, 860, 1220),
    table_top=160,
    row_h=86,
    head_fill="#fdebd0",
    outline="#7f8c9d",
    number=("#c9d3df", "#7f8c9d"),
    decorate=lec_title_art,
)


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One course slide (pale blue-grey, navy title bar, yellow rule), with its text."""
    chart_texts = [
        "Road tyre pressure, days after pumping",
        *[f"day {x}: {v} psi" for x, v in LEC_PSI],
    ]
    return course_slide(i, LEC_SLIDES, LEC_LOOK, lec_chart_png, chart_texts)


def make_course(out: Path, work: Path, truth: Path) -> None:
    """Recorded class: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "spokeshave_puncture_repair_course.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=("-g", "4"),
        effects=("gain", "-n", "-2", "reverb", "14", "50", "30", "100", "0", "0"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=12511,
        hiss=0.0018,  # the workshop microphone's hiss
    )


# =========================================================================== CSV export

CSV_GROOMERS = ["Clodagh", "Oswin", "Ngozi"]
CSV_DOGS = [
    ("Biscuit", "Cockapoo", "Medium"),
    ("Bodhi", "Border Terrier", "Small"),
    ("Moss", "Springer Spaniel", "Medium"),
    ("Waffle", "Miniature Schnauzer", "Small"),
    ("Ludo", "Labrador", "Large"),
    ("Tansy", "Shih Tzu", "Small"),
    ("Fennel", "Cavapoo", "Small"),
    ("Winnie", "Golden Retriever", "Large"),
    ("Pepper", "West Highland Terrier", "Small"),
    ("Truffle", "Cocker Spaniel", "Medium"),
]
CSV_PRICE = {  # service -> (minutes, small £, medium £, large £)
    "Full groom": (120, 42.0, 50.0, 62.0),
    "Bath and brush": (60, 26.0, 30.0, 38.0),
    "Nail clip": (15, 9.0, 9.0, 9.0),
}
CSV_FIXED = {  # id -> dog, breed, size, service, groomer, minutes, price, status
    7712: (
        "Dougal",
        "Old English Sheepdog",
        "Giant",
        "Full groom",
        "Oswin",
        210,
        95.0,
        "Completed",
    ),
    7705: (
        "Marzipan",
        "Poodle (Standard)",
        "Large",
        "Full groom",
        "Ngozi",
        150,
        68.0,
        "Completed",
    ),
    7719: ("Sprout", "Dachshund", "Small", "Puppy intro", "Clodagh", 30, 15.0, "Completed"),
    7724: ("Nutmeg", "Bichon Frise", "Small", "Full groom", "Clodagh", None, 0.0, "No-show"),
    7716: (
        "Moose",
        "Bernese Mountain Dog",
        "Giant",
        "Bath and brush",
        "Ngozi",
        None,
        0.0,
        "Cancelled",
    ),
    7730: ("Kipper", "Lurcher", "Large", "Hand strip", "Oswin", 90, 55.0, "Completed"),
}


def make_grooming_csv(out: Path) -> None:
    """A dog grooming salon's October appointment export: 30 rows on its Tuesday-to-Saturday
    opening days, CRLF, blank minutes where no groom took place."""
    rng = np.random.default_rng(12613)
    rows = []
    slots = ["09:00", "09:30", "10:30", "11:30", "13:00", "14:00", "15:30"]
    days = [d for d in range(1, 32) if dt.date(2026, 10, d).weekday() in (1, 2, 3, 4, 5)]
    assert len(days) == 23, len(days)
    for k, n in enumerate(range(7701, 7731)):
        date = f"2026-10-{days[k * 23 // 30]:02d}"
        slot = slots[int(rng.integers(0, len(slots)))]
        if n in CSV_FIXED:
            dog, breed, size, service, who, mins, price, status = CSV_FIXED[n]
        else:
            dog, breed, size = CSV_DOGS[int(rng.integers(0, len(CSV_DOGS)))]
            service = ["Full groom", "Full groom", "Bath and brush", "Nail clip"][
                int(rng.integers(0, 4))
            ]
            who = CSV_GROOMERS[int(rng.integers(0, len(CSV_GROOMERS)))]
            mins, *prices = CSV_PRICE[service]
            price = prices[["Small", "Medium", "Large"].index(size)]
            status = "Completed"
        rows.append(
            [
                f"WG-{n}",
                date,
                slot,
                dog,
                breed,
                size,
                service,
                who,
                "" if mins is None else str(mins),
                f"{price:.2f}",
                status,
            ]
        )
    assert rows[0][1] == "2026-10-01" and rows[-1][1] == "2026-10-31", (rows[0][1], rows[-1][1])
    assert sum(r[10] == "No-show" for r in rows) == 1
    assert sum(r[10] == "Cancelled" for r in rows) == 1
    assert sum(r[4] == "Old English Sheepdog" for r in rows) == 1
    assert sum(r[6] == "Hand strip" for r in rows) == 1
    assert max(float(r[9]) for r in rows) == 95.0
    assert max(int(r[8]) for r in rows if r[8]) == 210
    head = [
        "appointment_id",
        "date",
        "time",
        "dog_name",
        "breed",
        "size",
        "service",
        "groomer",
        "minutes",
        "price_gbp",
        "status",
    ]
    text = "\r\n".join(",".join(r) for r in [head, *rows])
    out.write_bytes((text + "\r\n").encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Demelza Ferreira-Hollick <berths@quillhaven-marina.example>
To: Cornelius Vandermeer <c.vandermeer@seapost.example>
Subject: Berth renewal confirmed: pontoon C, berth 27, 1 April 2027 to 31 March 2028 (QM-5126)
Date: Tue, 24 Nov 2026 15:42:09 +0000
Message-ID: <20261124154209.5126@quillhaven-marina.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Cornelius,

Thank you for renewing your annual berth with us. Here are the details of
your new contract:

  Boat:         "Sandpiper Rose", a 9.4 m sailing yacht (fin keel)
  Berth:        pontoon C, berth 27 (walk-ashore, with shore power)
  Contract:     1 April 2027 to 31 March 2028
  Annual fee:   £4,136 (9.4 m at £440 per metre)
  Electricity:  metered, 38p a unit
  Reference:    QM-5126

You chose to pay in ten monthly instalments of £413.60 by direct debit,
the first on 1 April 2027. If you would rather pay the whole fee at once by
1 March 2027, you will get a 5% discount.

Your fee includes one lift-out and relaunch with a pressure wash each year;
please book it at least three weeks ahead. Winter storage ashore is £19 per
metre per month. Your new key fob for the pontoon gate will be at the marina
office from 15 March 2027.

The marina office is open from 8 am to 6 pm every day, and the fuel berth
sells diesel only, not petrol.

Fair winds,

Demelza Ferreira-Hollick
Berthing Manager, Quillhaven Marina
01632 960871
"""


def make_email(out: Path) -> None:
    """A plain-text berth renewal confirmation as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": (
        "pdf/skelmorrow_community_energy_annual_report_2025.pdf",
        "make_energy_report",
        False,
    ),
    "stacked": (
        "chart/dunmorrow_household_waste_by_material_2026.png",
        "make_stacked_chart",
        False,
    ),
    "letter": (
        "scan/thistlebeck_tree_care_letter_and_quotation.pdf",
        "make_tree_letter",
        True,
    ),
    "menu": ("scan/lanternwick_inn_sunday_menu_photo.jpg", "make_menu_photo", False),
    "call": ("audio/glenwhinny_choir_tour_call_2026-03-11.mp3", "make_call", True),
    "course": ("video/spokeshave_puncture_repair_course.mp4", "make_course", True),
    "csv": ("data/waggletail_grooming_appointments_2026-10.csv", "make_grooming_csv", None),
    "eml": ("mail/quillhaven_marina_berth_renewal.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN12_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
