"""Generate the made-up files of the tenth unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR (the Office files come from office_files.py, the GNU Prolog manual
from obtain.sh):
  pdf/grindlesham_canal_trust_annual_report_2025.pdf  4-page A4 annual report of a canal
                                    restoration trust laid out with reportlab: navy header band,
                                    serif prose, ruled tables (p. 2, p. 4) and two vector charts
                                    drawn with reportlab.graphics (p. 3: horizontal bars,
                                    stacked bars)
  chart/brenlow_high_street_footfall_2026-10.png  line chart, two series with point labels
  scan/hollybrake_tree_surgery_letter_and_invoice.pdf  worn 300 dpi greyscale scan of a typed
                                    2-page letter (letter; work sheet and invoice with ruled
                                    tables), hole-punched and folded; image only
  scan/primrose_valet_dry_cleaning_ticket.jpg  phone photo of a printed order ticket on a
                                    counter
  audio/ravensholt_book_festival_call_2026-07-14.mp3  three-person planning call (espeak-ng
                                    RP English/f4, Scottish English/m6, Caribbean English/m5)
  video/kirkmuir_dairy_first_hard_cheese.mp4  narrated slide course: 6 slides (espeak-ng
                                    en-us/f4)
  data/quillfield_heating_service_jobs_2026-10.csv  heating engineers' job export
  mail/haverstock_reelers_ceilidh_booking.eml  ceilidh band booking confirmation e-mail
  _truth/*.txt, *.tsv               generated text and timelines (for check_qa.py)

UNSEEN10_ONLY=report,footfall,letter,ticket,call,course,csv,eml (comma-separated) makes only
those files (for development; obtain.sh always makes all). All names, places and facts are made
up. Needs matplotlib, numpy, Pillow and reportlab, plus espeak-ng, sox, ffmpeg (libmp3lame,
libx264) and img2pdf on the PATH, and the DejaVu and Liberation fonts. Output is repeatable on
one machine (fixed seeds, reportlab's invariant mode, no timestamps, single-threaded bit-exact
encoders). The rendering code follows bench/unseen9/generate.py.
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
from reportlab.graphics.charts.barcharts import (  # noqa: E402
    HorizontalBarChart,
    VerticalBarChart,
)
from reportlab.graphics.charts.legends import Legend  # noqa: E402
from reportlab.graphics.shapes import Drawing, String  # noqa: E402
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
    {"font.family": "DejaVu Sans", "svg.hashsalt": "unseen10", "path.simplify": False}
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

# =========================================================================== canal trust report

GC = "Grindlesham Canal Trust"
GC_P1 = [
    "In 2025 the towpath counters along our eleven restored miles recorded 185,860 visits, 12.3% "
    "more than in 2024, and our volunteers gave 18,460 hours of work, up from 16,540.",
    "Hennacott Lock (lock 7) reopened to boats on 21 June 2025 after a three-year restoration "
    "costing £412,000, of which £290,000 came from the Marlbury Waterways Heritage Fund. It is "
    "the first lock on the canal to work since 1938.",
    "Our trip boat, the Lady Perpetua, carried 9,815 passengers between April and October, the "
    "most in her twenty seasons with us.",
    "Our volunteer of the year is Thaddeus Tapsfield, who led 64 work parties at Hennacott and "
    "rebuilt the lock's bottom gates by hand.",
]
GC_P2 = (
    "Towpath visits rose at every counter except Tiverslade Aqueduct, where the towpath was "
    "closed for six weeks in February and March while the aqueduct's parapet was rebuilt. "
    "Hennacott Locks saw the biggest rise, as boats came through again."
)
GC_COUNTERS = [  # counter site, 2024, 2025
    ("Grindlesham Wharf", 84200, 91650),
    ("Hennacott Locks", 22410, 35870),
    ("Dunnock Bridge", 18930, 19240),
    ("Tiverslade Aqueduct", 27560, 25980),
    ("Ancombe Basin", 12340, 13120),
]
GC_INCOME = [  # source, 2024 £000, 2025 £000
    ("Grants", 312, 486),
    ("Donations and legacies", 148, 171),
    ("Trip boat fares", 61, 74),
    ("Membership", 39, 42),
    ("Shop and café", 53, 49),
    ("Boat licences and moorings", 27, 31),
]
GC_P2B = (
    "Grants rose most because the second half of the Heritage Fund grant for Hennacott Lock was "
    "paid in 2025. Shop and café income fell because the café at Grindlesham Wharf closed for a "
    "refit in January and February."
)
GC_P3 = (
    "Figure 1 shows where our volunteers' time went in 2025. Figure 2 shows the trip boat's "
    "passengers in each month of the season by type of ticket."
)
GC_HOURS = [  # activity, volunteer hours 2025 (largest first)
    ("Towpath and hedge work", 4920),
    ("Lock restoration", 4310),
    ("Trip boat crew", 3180),
    ("Dredging and bank repairs", 2240),
    ("Visitor centre and shop", 1760),
    ("Events and fundraising", 1150),
    ("Office and archives", 900),
]
GC_MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
GC_PASSENGERS = {  # trip boat passengers per month, 2025
    "Adults": [520, 690, 760, 880, 940, 610, 580],
    "Children": [310, 350, 290, 640, 780, 230, 345],
    "Charter groups": [140, 260, 410, 300, 250, 380, 150],
}
GC_PASS_COLORS = ["#1f3a5f", "#f2a541", "#7fb7be"]
GC_LOCKS = [  # lock, name, built, status, restoration cost
    ("5", "Ancombe Bottom Lock", "1794", "Working", "£238,000 (2009)"),
    ("6", "Ancombe Top Lock", "1794", "Working", "£251,000 (2013)"),
    ("7", "Hennacott Lock", "1796", "Reopened June 2025", "£412,000"),
    ("8", "Pryor's Lock", "1797", "Restoration under way", "£385,000 (estimate)"),
    ("9", "Dunnock Lock", "1797", "Derelict", "not yet costed"),
]
GC_P4 = [
    "Work on Pryor's Lock (lock 8) began in September 2025; the volunteers have already "
    "rebuilt its east wall, and we expect it to reopen in spring 2027.",
    "Every volunteer who works on a lock wears a life jacket, and all work party leaders hold a "
    "first aid certificate that is renewed every three years.",
]
GC_OUTLOOK = [
    "From 1 April 2026 a trip boat ticket will cost £9 for adults (now £8); children's tickets "
    "stay at £4.",
    "Our summer Boat Rally at Grindlesham Wharf will be on 29 and 30 August 2026. We aim to "
    "reopen Dunnock Lock by 2030, which would let boats reach Ancombe Basin from the river.",
]


def gc_hbar_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Volunteer hours by activity as horizontal bars with value labels; vector."""
    title = "Figure 1. Volunteer hours by activity, 2025"
    d = Drawing(170 * mm, 80 * mm)
    d.add(String(0, 76 * mm, title, fontName=famb, fontSize=10))
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 48 * mm, 8 * mm, 110 * mm, 62 * mm
    c.data = [[v for _, v in GC_HOURS]]
    c.categoryAxis.categoryNames = [n for n, _ in GC_HOURS]
    c.categoryAxis.reverseDirection = 1  # largest at the top
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.categoryAxis.labels.boxAnchor = "e"
    c.categoryAxis.labels.dx = -3
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 6000, 1000
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e4e4e4")
    c.bars[0].fillColor = colors.HexColor("#1f3a5f")
    c.bars.strokeColor = None
    c.barWidth = 7
    c.barLabelFormat = "{:,}".format
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 7.5
    c.barLabels.boxAnchor = "w"
    c.barLabels.dx = 3
    d.add(c)
    text = [title]
    text += [f"{n}: {v:,}" for n, v in GC_HOURS]
    return d, text


def gc_stacked_chart(fam: str, famb: str) -> tuple[Drawing, list[str]]:
    """Trip boat passengers per month, stacked by ticket type, with segment and total labels."""
    title = "Figure 2. Trip boat passengers per month, 2025"
    d = Drawing(170 * mm, 92 * mm)
    d.add(String(0, 88 * mm, title, fontName=famb, fontSize=10))
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 16 * mm, 10 * mm, 118 * mm, 68 * mm
    names = list(GC_PASSENGERS)
    c.data = [GC_PASSENGERS[n] for n in names]
    c.categoryAxis.categoryNames = GC_MONTHS
    c.categoryAxis.style = "stacked"
    c.categoryAxis.labels.fontName = fam
    c.categoryAxis.labels.fontSize = 8.5
    c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 2200, 200
    c.valueAxis.labels.fontName = fam
    c.valueAxis.labels.fontSize = 8
    c.valueAxis.labelTextFormat = "{:,}".format
    c.valueAxis.visibleGrid = 1
    c.valueAxis.gridStrokeColor = colors.HexColor("#e4e4e4")
    for i, col in enumerate(GC_PASS_COLORS):
        c.bars[i].fillColor = colors.HexColor(col)
    c.bars.strokeColor = colors.white
    c.bars.strokeWidth = 0.5
    c.groupSpacing = 14
    c.barLabelFormat = "{:,}".format
    c.barLabels.fontName = fam
    c.barLabels.fontSize = 6.3
    c.barLabels.boxAnchor = "n"
    c.barLabels.dy = -2
    c.barLabels.fillColor = colors.white
    c.barLabels[2].fillColor = colors.HexColor("#1c1c1c")
    d.add(c)
    totals = [sum(GC_PASSENGERS[n][m] for n in names) for m in range(len(GC_MONTHS))]
    step = c.width / len(GC_MONTHS)
    for m, tot in enumerate(totals):
        x = c.x + (m + 0.5) * step
        y = c.y + c.height * tot / c.valueAxis.valueMax + 2.5
        d.add(String(x, y, f"{tot:,}", fontName=famb, fontSize=7, textAnchor="middle"))
    lg = Legend()
    lg.x, lg.y = 138 * mm, 70 * mm
    lg.fontName, lg.fontSize = fam, 8
    lg.alignment = "right"
    lg.columnMaximum = 3
    lg.colorNamePairs = [
        (colors.HexColor(col), n) for col, n in zip(GC_PASS_COLORS, names, strict=True)
    ]
    d.add(lg)
    text = [title, "legend: " + ", ".join(names), "(total above each bar)"]
    for m, month in enumerate(GC_MONTHS):
        parts = ", ".join(f"{n} {GC_PASSENGERS[n][m]:,}" for n in names)
        text.append(f"{month}: {parts}; total {totals[m]:,}")
    return d, text


def make_canal_report(out: Path, truth: Path) -> None:
    """4 A4 pages laid out with reportlab: prose, ruled tables, two vector charts."""
    a_tot = sum(a for _, a, _ in GC_COUNTERS)
    b_tot = sum(b for *_, b in GC_COUNTERS)
    assert (a_tot, b_tot) == (165440, 185860), (a_tot, b_tot)
    assert round((b_tot / a_tot - 1) * 100, 1) == 12.3
    assert sum(v for _, v in GC_HOURS) == 18460
    months = [sum(v[m] for v in GC_PASSENGERS.values()) for m in range(len(GC_MONTHS))]
    assert sum(months) == 9815 and max(months) == 1970 and min(months) == 970, months
    inc_a = sum(a for _, a, _ in GC_INCOME)
    inc_b = sum(b for *_, b in GC_INCOME)
    assert (inc_a, inc_b) == (640, 853), (inc_a, inc_b)
    register_fonts(("Arial", "ArialB", "ArialI", "Times", "TimesB"))
    navy, ink = colors.HexColor("#1f3a5f"), colors.HexColor("#1c1c1c")
    body, h1, h2, sub, cap, note, sign = report_styles(navy, ink, grey="#5b5b5b")
    frame = band_frame(
        accent=navy,
        band=15,
        stripe=(colors.HexColor("#f2a541"), 16.5, 1.5),
        text_y=9.5,
        left="GRINDLESHAM CANAL TRUST",
        right="Annual report  |  year to 31 December 2025",
        footer=GC + "  \u00b7  registered charity no. 1093517",
        page_label="Page {page} of 4",
    )
    ruled = partial(ruled_table, accent=navy, head_bg="#dde6f0", rule="#9fb1c6")

    story: list = [
        Spacer(1, 4 * mm),
        Paragraph("Annual Report 2025", h1),
        Paragraph("Restoring the Grindlesham Canal, year to 31 December 2025", sub),
        Paragraph("From the chair of trustees", h2),
    ]
    story += [Paragraph(p, body) for p in GC_P1]
    story += [
        Paragraph(
            "Oluwaseun Threadgold, our chief executive, leaves us in July 2026 after nine years; "
            "the trustees will appoint a successor in the spring.",
            body,
        ),
        Spacer(1, 4),
        Paragraph("Hester Vandeleur", sign),
        Paragraph("Chair of trustees, 2 April 2026", body),
        PageBreak(),
    ]
    story += [Paragraph("Visitors", h2), Paragraph(GC_P2, body)]
    story += [Paragraph("Table 1. Towpath counter visits by site", cap)]
    rows = [["Counter site", "2024", "2025", "Change"]]
    for name, a, b in GC_COUNTERS:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{a_tot:,}", f"{b_tot:,}", f"{(b_tot / a_tot - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), Spacer(1, 10)]
    story += [Paragraph("Income", h2), Paragraph(GC_P2B, body)]
    story += [Paragraph("Table 2. Income by source (£000)", cap)]
    rows = [["Source", "2024", "2025", "Change"]]
    for name, a, b in GC_INCOME:
        rows.append([name, f"{a:,}", f"{b:,}", f"{(b / a - 1) * 100:+.1f}%"])
    rows.append(["Total", f"{inc_a:,}", f"{inc_b:,}", f"{(inc_b / inc_a - 1) * 100:+.1f}%"])
    story += [ruled(rows, [70, 24, 24, 24], True), PageBreak()]
    story += [Paragraph("Volunteers and the trip boat", h2), Paragraph(GC_P3, body)]
    d1, t1 = gc_hbar_chart("Arial", "ArialB")
    d2, t2 = gc_stacked_chart("Arial", "ArialB")
    story += [
        d1,
        Spacer(1, 8),
        d2,
        Paragraph(
            "The trip boat runs from Easter to the end of October. Charter groups are schools, "
            "clubs and private parties that hire the whole boat.",
            note,
        ),
        PageBreak(),
    ]
    story += [Paragraph("Locks", h2)]
    story += [Paragraph(p, body) for p in GC_P4]
    story += [Paragraph("Table 3. Locks on the restored length at 31 December 2025", cap)]
    rows = [["Lock", "Name", "Built", "Status", "Restoration cost"]]
    rows += [list(r) for r in GC_LOCKS]
    lock_t = ruled(rows, [12, 44, 14, 44, 40], False)
    lock_t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "LEFT")]))
    story += [lock_t, Spacer(1, 10)]
    story += [
        KeepTogether([Paragraph("Looking ahead", h2)] + [Paragraph(p, body) for p in GC_OUTLOOK])
    ]
    build_report(out, story, frame, title="Annual Report 2025", author=GC, top_margin=24)
    write_truth(
        truth,
        "grindlesham_canal_trust_annual_report_2025.p3.txt",
        "[vector]\n" + "\n".join(t1 + t2) + "\n",
    )


# =========================================================================== footfall line chart

FF_TITLE = "Brenlow High Street: average footfall by hour, October 2026"
FF_SUB = "People counted per hour by the sensor outside the Guildhall; weekdays vs Saturdays"
FF_HOURS = [f"{h:02d}:00" for h in range(8, 21)]
FF_WEEKDAY = [142, 298, 421, 486, 534, 521, 497, 455, 388, 301, 214, 156, 97]
FF_SATURDAY = [88, 203, 389, 548, 603, 617, 594, 541, 462, 348, 226, 161, 118]


def make_footfall_chart(out: Path, truth: Path) -> None:
    """An ordinary two-series line chart with markers and a label on every point; PNG."""
    assert max(FF_WEEKDAY) == 534 and FF_WEEKDAY.index(534) == 4
    assert max(FF_SATURDAY) == 617 and FF_SATURDAY.index(617) == 5
    fig = plt.figure(figsize=(11.2, 6.4), dpi=100)
    ax = fig.add_axes([0.07, 0.10, 0.90, 0.70])
    xs = np.arange(len(FF_HOURS))
    ax.plot(xs, FF_WEEKDAY, "-o", color="#3b6ea5", lw=2.2, ms=6, label="Weekday average")
    ax.plot(xs, FF_SATURDAY, "-s", color="#d1495b", lw=2.2, ms=6, label="Saturday average")
    for x, w, s in zip(xs, FF_WEEKDAY, FF_SATURDAY, strict=True):
        up = 8, -17  # the higher point's label above it, the lower one's below
        ax.annotate(
            f"{s}",
            (x, s),
            textcoords="offset points",
            xytext=(0, up[0] if s >= w else up[1]),
            ha="center",
            fontsize=9.5,
            color="#9b2c3c",
        )
        ax.annotate(
            f"{w}",
            (x, w),
            textcoords="offset points",
            xytext=(0, up[0] if w > s else up[1]),
            ha="center",
            fontsize=9.5,
            color="#2d4f75",
        )
    ax.set_xticks(xs, FF_HOURS, fontsize=10)
    ax.set_xlabel("hour starting", fontsize=10.5)
    ax.set_ylim(0, 700)
    ax.set_ylabel("people per hour", fontsize=10.5)
    ax.grid(axis="y", color="#e5e5e5")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper right", frameon=False, fontsize=11)
    fig.text(0.02, 0.93, FF_TITLE, fontsize=15, fontweight="bold", color="#1f2937")
    fig.text(0.02, 0.885, FF_SUB, fontsize=11.5, color="#4b5563")
    src = "Source: Brenlow Town Council town centre team"
    fig.text(0.98, 0.015, src, fontsize=9, color="#6b7280", ha="right")
    fig.savefig(out, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    lines = [FF_TITLE, FF_SUB, "legend: Weekday average, Saturday average"]
    for h, w, s in zip(FF_HOURS, FF_WEEKDAY, FF_SATURDAY, strict=True):
        lines.append(f"{h}: weekday {w}, Saturday {s}")
    lines.append(src)
    write_truth(truth, "brenlow_high_street_footfall_2026-10.txt", "\n".join(lines) + "\n")


# =========================================================================== scanned tree letter

PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
TS_HEAD = [
    ("ArialB", 60, "Hollybrake Tree Surgery"),
    ("Arial", 34, "The Sawpit, Ferny Lane  \u00b7  Stoke Tallis  \u00b7  ST9 4QB"),
    ("Arial", 34, "Tel 01632 960281  \u00b7  Arboricultural Association approved contractor"),
]
TS_ADDR = ["Mr Anselm Prideaux", "The Old Forge", "14 Church Lane", "Stoke Tallis", "ST9 2LJ"]
TS_REFS = ["Our ref: HTS/2931", "Date: 9 October 2026"]
TS_SUBJECT = "Tree work at The Old Forge on 6 October"
TS_BODY = [
    "Dear Mr Prideaux,",
    "Thank you for having our team on Tuesday 6 October. As agreed, we reduced the crown of "
    "the copper beech by two metres all round and felled the dead ash beside the garage. The "
    "work on the beech was approved by Tallisford District Council under tree preservation "
    "order consent TPO/26/0184, granted on 18 September.",
    "The ash had ash dieback, so it could not be saved. We ground its stump to 300 mm below "
    "the ground, and the logs are stacked by your shed; they should be left to season for "
    "eighteen months before you burn them.",
    "We also looked at the horse chestnut by the road. It has bleeding canker on the south "
    "side of the trunk. It is safe for now, but we advise that it is inspected again in twelve "
    "months, and that nothing is parked under it in high winds.",
    "As you asked, the wood chip has been left in a heap behind the greenhouse for your "
    "paths. Your work sheet and invoice are on the next page.",
    "Yours sincerely,",
]
TS_SIGN = ["Keziah Tregarthen", "Consulting arborist"]
INV_TITLE = "Work sheet and invoice"
INV_FIELDS = [
    ("Customer", "Mr Anselm Prideaux"),
    ("Address", "The Old Forge, 14 Church Lane, Stoke Tallis"),
    ("Date of work", "6 October 2026"),
    ("Invoice no.", "HTS-26-0931"),
]
INV_TREES = [  # tree, species, height, work done, notes
    ("Tree", "Species", "Height", "Work done", "Notes"),
    ("T1", "Copper beech", "18 m", "Crown reduction 2 m", "TPO consent"),
    ("T2", "Ash", "14 m", "Felled, stump ground", "Ash dieback"),
    ("T3", "Horse chestnut", "16 m", "Inspected only", "Bleeding canker"),
]
INV_CHARGES = [  # item, price
    ("Crown reduction, copper beech (T1)", "£680.00"),
    ("Felling, ash (T2)", "£540.00"),
    ("Stump grinding (T2)", "£120.00"),
    ("Removal of brash and logs", "£95.00"),
    ("Inspection report (T3)", "£45.00"),
]
INV_TOTALS = [
    ("Subtotal", "£1,480.00"),
    ("VAT at 20%", "£296.00"),
    ("Total", "£1,776.00"),
    ("Deposit paid on 21 September", "£300.00"),
    ("Balance due by 31 October 2026", "£1,476.00"),
]


def _tree_logo(d: ImageDraw.ImageDraw, x0: int, y: int) -> None:
    """The letterhead's mark, its top left at (x0, y)."""
    d.polygon([(x0 + 70, y), (x0 + 10, y + 110), (x0 + 130, y + 110)], fill=60)  # a small tree
    d.polygon([(x0 + 70, y + 40), (x0 + 0, y + 150), (x0 + 140, y + 150)], fill=60)
    d.rectangle([x0 + 62, y + 150, x0 + 78, y + 185], fill=60)


def render_tree_pages() -> tuple[list[Image.Image], list[list[str]]]:
    """The two typed pages as clean 300 dpi greyscale images, with their text."""
    sub = sum(float(p[1:].replace(",", "")) for _, p in INV_CHARGES)
    assert abs(sub - 1480.0) < 0.001 and abs(sub * 1.2 - 1776.0) < 0.001
    assert abs(1776.0 - 300.0 - 1476.0) < 0.001
    pages, texts = [], []
    # ---- page 1: the letter
    img, lines = typed_letter(
        (PAGE_W, PAGE_H),
        TS_HEAD,
        TS_ADDR,
        TS_REFS,
        TS_SUBJECT,
        TS_BODY,
        TS_SIGN,
        signature=("K. Tregarthen", 64),
        page_label="Page 1 of 2",
        logo=_tree_logo,
    )
    pages.append(img)
    texts.append(lines)
    x0 = 250  # the left margin, as on page 1
    # ---- page 2: work sheet and invoice
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    d = ImageDraw.Draw(img)
    y, lines = invoice_heading(d, PAGE_W, x0, "Hollybrake Tree Surgery", INV_TITLE, INV_FIELDS)
    y += 90
    cols = [x0, x0 + 200, x0 + 640, x0 + 880, x0 + 1460, PAGE_W - x0]
    y = ruled_grid(d, y, cols, INV_TREES, lines)
    y += 110
    y = charges_table(d, PAGE_W, x0, y, INV_CHARGES, INV_TOTALS, lines)
    y += 100
    closing_notes(
        d,
        (PAGE_W, PAGE_H),
        x0,
        y,
        [
            "Next inspection of T3 (horse chestnut) recommended by October 2027.",
            "Please pay by bank transfer to Hollybrake Tree Surgery, sort code 30-92-17, account "
            "48215063, quoting HTS-26-0931. VAT registration no. 418 2267 39.",
        ],
        "Page 2 of 2",
        lines,
    )
    pages.append(img)
    texts.append(lines)
    return pages, texts


def scan_folded(img: Image.Image, angle: float, seed: int) -> Image.Image:
    """An office copier: skew, blur, grey paper, two punch holes, a fold crease, noise, toner."""
    rng = np.random.default_rng(seed)
    rot = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    rot = rot.filter(ImageFilter.GaussianBlur(0.9))
    a = np.asarray(rot, np.float32)
    a = 238.0 - (255.0 - a) * 0.88  # off-white paper, ink slightly faded
    h, w = a.shape
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    xx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    a -= 9.0 * xx + 6.0 * (yy - 0.5) ** 2  # the lid did not close: darker to the right
    ys, xs = np.mgrid[0:h, 0:w]
    for cy in (h * 0.37, h * 0.63):  # punch holes show the dark lid
        hole = (xs - 95.0) ** 2 + (ys - cy) ** 2 < 48.0**2
        a[hole] = 58.0
    crease = int(h * 0.335)  # a letter folded in three
    band = np.exp(-(((np.arange(h) - crease) / 6.0) ** 2)).astype(np.float32)[:, None]
    a -= 38.0 * band
    a += rng.normal(0, 4.5, a.shape).astype(np.float32)
    specks = rng.random(a.shape) < 0.0005
    a[specks] -= 120.0
    streak = int(w * 0.71)  # a faint toner streak from the drum
    a[:, streak : streak + 4] -= 22.0
    return Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "L")


def make_tree_letter(out: Path, work: Path, truth: Path) -> None:
    """Two typed pages scanned at 300 dpi greyscale (JPEG quality 72), image-only PDF."""
    pages, texts = render_tree_pages()
    scans = [
        scan_folded(img, angle, 10100 + i)
        for i, (img, angle) in enumerate(zip(pages, (0.9, -0.6), strict=True))
    ]
    scanned_pdf(
        out,
        work,
        truth,
        scans,
        texts,
        jpg_stem="tree",
        truth_stem="hollybrake_tree_surgery_letter_and_invoice",
        quality=72,
    )


# =========================================================================== dry cleaning ticket

DC_W, DC_H = 1000, 1420
DC_HEAD = [
    "PRIMROSE VALET",
    "Dry Cleaning & Laundry",
    "9 Cornmarket, Orlingham  \u00b7  01632 960655",
]
DC_FIELDS = [
    ("Ticket no.", "58213"),
    ("Customer", "Ms Delphine Ashworth-Kane"),
    ("Taken in", "Tue 17 Nov 2026"),
    ("Ready", "Fri 20 Nov 2026 after 2 pm"),
]
DC_ITEMS = [  # qty, item, service, price
    ("2", "Suit (2-piece)", "Dry clean", "£31.00"),
    ("1", "Wool coat", "Dry clean", "£18.00"),
    ("3", "Shirts", "Wash & press", "£8.40"),
    ("1", "Silk dress", "Dry clean", "£14.50"),
    ("1", "Duvet (king size)", "Laundry", "£22.00"),
]
DC_TOTALS = [("Total", "£93.90"), ("Paid today", "£40.00"), ("To pay on collection", "£53.90")]
DC_NOTES = [
    "Coat: stain on lining - treated at owner's risk",
    "Served by: Yusra",
    "Items left over 90 days may be sold",
]


def render_ticket() -> tuple[Image.Image, list[str]]:
    """A printed order ticket (card, pale header band, boxed fields, item grid), with its text."""
    assert abs(sum(float(p[1:]) for *_, p in DC_ITEMS) - 93.90) < 0.001
    img = Image.new("RGB", (DC_W, DC_H), (250, 249, 244))
    d = ImageDraw.Draw(img)
    text: list[str] = []
    d.rectangle([0, 0, DC_W, 210], fill=(214, 232, 226))
    d.text((DC_W // 2, 40), DC_HEAD[0], font=font("SansB", 62), fill=(33, 74, 64), anchor="ma")
    d.text((DC_W // 2, 118), DC_HEAD[1], font=font("Sans", 34), fill=(33, 74, 64), anchor="ma")
    d.text((DC_W // 2, 166), DC_HEAD[2], font=font("Sans", 26), fill=(60, 60, 60), anchor="ma")
    text += DC_HEAD
    y = 250
    for k, v in DC_FIELDS:
        d.rectangle([50, y, DC_W - 50, y + 70], outline=(90, 90, 90), width=2)
        d.text((68, y + 35), k, font=font("SansB", 28), fill=(30, 30, 30), anchor="lm")
        big = k == "Ticket no."
        d.text(
            (330, y + 35),
            v,
            font=font("MonoB" if big else "Mono", 36 if big else 30),
            fill=(20, 20, 20),
            anchor="lm",
        )
        text.append(f"{k}: {v}")
        y += 70
    y += 40
    cols = [50, 140, 470, 740, DC_W - 50]
    heads = ("Qty", "Item", "Service", "Price")
    d.rectangle([cols[0], y, cols[-1], y + 62], fill=(226, 226, 220))
    for c, h in enumerate(heads):
        d.rectangle([cols[c], y, cols[c + 1], y + 62], outline=(90, 90, 90), width=2)
        d.text((cols[c] + 14, y + 31), h, font=font("SansB", 27), fill=(30, 30, 30), anchor="lm")
    text.append(" | ".join(heads))
    y += 62
    for row in DC_ITEMS:
        for c, val in enumerate(row):
            d.rectangle([cols[c], y, cols[c + 1], y + 62], outline=(90, 90, 90), width=2)
            d.text(
                (cols[c] + 14, y + 31), val, font=font("Mono", 28), fill=(20, 20, 20), anchor="lm"
            )
        text.append(" | ".join(row))
        y += 62
    y += 24
    for k, v in DC_TOTALS:
        bold = k == "Total"
        d.text((cols[2], y), k, font=font("SansB" if bold else "Sans", 30), fill=(25, 25, 25))
        d.text(
            (DC_W - 64, y),
            v,
            font=font("MonoB" if bold else "Mono", 30),
            fill=(20, 20, 20),
            anchor="ra",
        )
        text.append(f"{k} {v}")
        y += 50
    y += 30
    for n in DC_NOTES:
        d.text((60, y), n, font=font("Sans", 26), fill=(55, 55, 55))
        text.append(n)
        y += 44
    d.text(
        (DC_W // 2, DC_H - 60),
        "CUSTOMER COPY - please bring this ticket to collect",
        font=font("SansB", 24),
        fill=(33, 74, 64),
        anchor="ma",
    )
    text.append("CUSTOMER COPY - please bring this ticket to collect")
    return img, text


def make_ticket_photo(out: Path, truth: Path) -> None:
    """Phone photo of the ticket on a speckled grey counter: perspective, shadow, lamp light."""
    tk, text = render_ticket()
    rng = np.random.default_rng(10303)
    pw, ph = 1200, 1600
    ys, xs = np.mgrid[0:ph, 0:pw].astype(np.float32)
    speck = np.asarray(
        Image.fromarray(np.clip(rng.normal(128, 60, (ph, pw)), 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(1.6)
        ),
        np.float32,
    )
    shade = 0.70 + 0.0012 * (speck - 128)
    counter = np.stack([shade * 168, shade * 170, shade * 174], axis=-1)
    nh, nw = tk.height, tk.width
    dst = [(170, 150), (1060, 95), (1110, 1430), (120, 1500)]
    src = [(0, 0), (nw, 0), (nw, nh), (0, nh)]
    c = perspective_coeffs(dst, src)
    den = c[6] * xs + c[7] * ys + 1.0
    u = (c[0] * xs + c[1] * ys + c[2]) / den
    v = (c[3] * xs + c[4] * ys + c[5]) / den
    sample, inside = bilinear(np.asarray(tk, np.float32), u, v, 0.0)
    # a gentle bow across the card: darker at the top and bottom edges
    bow = 1.0 - 0.07 * np.abs((np.clip(v, 0, nh) / nh) - 0.5) * 2
    sample = sample * bow[..., None]
    mask = inside.astype(np.float32)
    shadow = np.roll(np.roll(mask, 18, axis=0), 10, axis=1)
    shadow = (
        np.asarray(
            Image.fromarray((shadow * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(12)),
            np.float32,
        )
        / 255.0
    )
    photo = counter * (1 - 0.35 * shadow[..., None])
    photo = np.where(mask[..., None] > 0, sample, photo)
    lamp = 1.0 - 0.25 * (((pw - xs) / pw) * 0.6 + (ys / ph) * 0.4)  # ceiling lamp upper right
    photo = photo * lamp[..., None] * np.array([1.0, 0.98, 0.93], np.float32)  # warm light
    photo += rng.normal(0, 3.5, photo.shape).astype(np.float32)
    img = Image.fromarray(np.clip(np.round(photo), 0, 255).astype(np.uint8), "RGB")
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img.save(out, "JPEG", quality=82, optimize=False, progressive=False, subsampling=2)
    write_truth(truth, "primrose_valet_dry_cleaning_ticket.txt", "\n".join(text) + "\n")


# =========================================================================== festival call (audio)

CALL_VOICES = {  # espeak-ng voice+variant, words per minute, pitch, gain dB
    "Anneliese": ("en-gb-x-rp+f4", "134", "55", -2.0),
    "Fergus": ("en-gb-scotland+m6", "130", "42", -1.5),
    "Kwabena": ("en-029+m5", "128", "38", -2.0),
}
CALL = [
    (
        "Anneliese",
        "Good afternoon both. This is the Ravensholt Book Festival planning call for the "
        "fourteenth of July. The festival runs from Friday the ninth to Sunday the eleventh of "
        "October.",
    ),
    ("Anneliese", "Fergus, where are we with the programme?"),
    (
        "Fergus",
        "We have forty-six events confirmed, up from thirty-eight last year. Most of them are in "
        "the Corn Exchange, and the poetry events are in Saint Botolph's church.",
    ),
    (
        "Fergus",
        "Our headline speaker is the novelist Cordelia Nightingale, on the Saturday evening at "
        "half past seven.",
    ),
    ("Anneliese", "Lovely. Kwabena, tickets and money?"),
    (
        "Kwabena",
        "Tickets go on sale on Tuesday the first of September at ten in the morning. A standard "
        "ticket is twelve pounds, and it is five pounds for anyone under twenty-five.",
    ),
    (
        "Kwabena",
        "A weekend pass for all events is eighty-five pounds. Our main sponsor is Pollexfen and "
        "Crane solicitors, who are giving us four thousand pounds.",
    ),
    ("Anneliese", "How many seats do we have?"),
    (
        "Fergus",
        "The Corn Exchange seats four hundred and twenty, and the church seats one hundred and "
        "eighty.",
    ),
    (
        "Kwabena",
        "The book signing tent will be run by Dog-Eared Books on the market square, and they "
        "will give the festival ten percent of their sales.",
    ),
    (
        "Anneliese",
        "The schools day is on Thursday the eighth of October, and we are expecting six hundred "
        "pupils from nine schools.",
    ),
    (
        "Fergus",
        "We will have a sign language interpreter at six events, marked in the brochure, which "
        "goes to the printer on the seventh of August.",
    ),
    (
        "Anneliese",
        "Thank you both. Our next call is on Tuesday the eleventh of August, at four o'clock.",
    ),
]
CALL_GAPS = [0.7, 0.9, 0.6, 0.8, 0.7, 0.6, 0.9, 0.7, 0.8, 0.9, 0.7, 1.0]


def make_call(out: Path, work: Path, truth: Path) -> None:
    """Three festival organisers on a call, slow and clear, room tone; MP3."""
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
        pre=("gain", "-6", "highpass", "140", "lowpass", "6500"),
        post=("reverb", "15", "50", "40", "100", "0", "0"),
    )
    rng = np.random.default_rng(10409)
    brown = brown_bed(rng, len(s))
    hum = 0.0025 * np.sin(2 * np.pi * 50.0 * np.arange(len(s)) / rate)  # a little mains hum
    room = brown * 0.007 + rng.normal(0, 0.002, len(s)) + hum
    mix = s * 0.85 + room
    encode_speech(mix, work / "call.wav", out, rate, "mp3")
    write_truth(truth, "ravensholt_book_festival_call_2026-07-14.tsv", "\n".join(lines) + "\n")


# =========================================================================== cheese course (video)

LEC_FPS = 15  # slides are 1280 x 720 (heldout_slides.W x H)
LEC_VOICE = ("en-us+f4", "135", "50")
LEC_DELAY, LEC_GAP, LEC_TAIL = 0.9, 0.6, 1.5
LEC_ACCENT = "#4a3b2a"
LEC_GOLD = "#e0a526"
LEC_SLIDES = [
    {
        "kind": "title",
        "title": "Your first hard cheese",
        "lines": ["Kirkmuir Farm Dairy cheese school", "Evening class, Wednesday 14 October 2026"],
        "narr": [
            "Welcome to the Kirkmuir Farm Dairy cheese school. I am Solveig Tully-Brennan, the "
            "head cheesemaker, and tonight we will make a small cheddar-style cheese.",
            "I have been making cheese here for nineteen years.",
        ],
    },
    {
        "kind": "bullets",
        "title": "What you need",
        "lines": [
            "8 litres of whole milk (not UHT)",
            "Mesophilic starter culture",
            "Rennet: 2 ml in 50 ml cool water",
            "A cheese press and a 1 kg mould",
        ],
        "narr": [
            "Do not use ultra heat treated milk, because the curd will not set properly.",
            "Our starter kit costs thirty-two pounds and includes a dairy thermometer.",
        ],
    },
    {
        "kind": "table",
        "title": "Temperatures and times",
        "lines": [
            "Stage|Temperature|Time",
            "Ripening the milk|32 °C|45 min",
            "Setting with rennet|32 °C|40 min",
            "Cooking the curd|38 °C|30 min",
            "Pressing|room temperature|12 hours",
        ],
        "narr": [
            "Cut the curd into two centimetre cubes as soon as it gives a clean break.",
            "While cooking, raise the temperature by no more than two degrees every five minutes.",
        ],
    },
    {
        "kind": "chart",
        "title": "Weight loss while maturing",
        "lines": ["A 1 kg cheese loses moisture as it matures"],
        "narr": [
            "The chart shows how a one kilogram cheese loses weight on the shelf.",
            "After twelve weeks it weighs about eight hundred and fifty grams.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Maturing your cheese",
        "lines": [
            "Store at 10-12 °C and 85% humidity",
            "Turn it every day for the first week",
            "Wax it after 3 days of drying",
        ],
        "narr": [
            "An old wine fridge makes a very good cheese cave.",
            "Taste it after three months; our sharpest cheddar is aged for eighteen months.",
        ],
    },
    {
        "kind": "bullets",
        "title": "Next classes",
        "lines": [
            "Soft cheeses: Wednesday 4 November 2026",
            "Class fee £45, supper included",
            "Kirkmuir Farm, Lower Hensleigh",
        ],
        "narr": [
            "Please bring a cool bag to take your cheese home tonight.",
            "Thank you for coming, and happy cheesemaking.",
        ],
    },
]
LEC_WEIGHT = [(0, 1000), (2, 940), (4, 905), (8, 870), (12, 850)]


def lec_chart_png() -> Image.Image:
    """The slide's small line chart (values at the points)."""
    fig = plt.figure(figsize=(7.6, 3.9), dpi=100)
    ax = fig.add_axes([0.11, 0.16, 0.85, 0.70])
    xs = [w for w, _ in LEC_WEIGHT]
    vals = [g for _, g in LEC_WEIGHT]
    ax.plot(xs, vals, "-o", color="#8c5a2b", lw=2.4, ms=7)
    for x, v in zip(xs, vals, strict=True):
        ax.annotate(
            f"{v} g", (x, v), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=12
        )
    ax.set_xticks(xs, [str(x) for x in xs], fontsize=11)
    ax.set_xlabel("weeks after pressing", fontsize=10)
    ax.set_ylim(800, 1040)
    ax.set_ylabel("weight (g)", fontsize=10)
    ax.grid(axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.02, 0.93, "Weight of a 1 kg cheese while maturing", fontsize=12, fontweight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata=PNG_META, facecolor="white")
    plt.close(fig)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def lec_title_art(d: ImageDraw.ImageDraw) -> None:
    """The picture on the course's title slide."""
    d.ellipse([880, 200, 1120, 300], fill="#c98f1c")  # a cheese wheel: base, side, top
    d.rectangle([880, 150, 1120, 250], fill="#c98f1c")
    d.ellipse([880, 100, 1120, 200], fill="#f3c65a")


LEC_LOOK = CourseLook(
    background="#fffaf0",
    accent=LEC_ACCENT,
    rule=LEC_GOLD,
    ink="#2b2116",
    subtitle="#f1e6d0",
    title_size=60,
    marker="dot",
    table_cols=(60, 540, 900, 1220),
    table_top=160,
    row_h=88,
    head_fill="#f0e2c4",
    outline="#8a7a60",
    number=("#d9c9a8", "#8a7a60"),
    decorate=lec_title_art,
)


def lec_slide(i: int) -> tuple[Image.Image, str]:
    """One course slide (cream, brown title bar, gold rule), with its text."""
    chart_texts = [
        "Weight of a 1 kg cheese while maturing",
        *[f"week {w}: {g} g" for w, g in LEC_WEIGHT],
    ]
    return course_slide(i, LEC_SLIDES, LEC_LOOK, lec_chart_png, chart_texts)


def make_course(out: Path, work: Path, truth: Path) -> None:
    """Recorded course: slides cut at narration boundaries; H.264 + AAC MP4."""
    lesson_video(
        out,
        work,
        truth,
        "kirkmuir_dairy_first_hard_cheese.tsv",
        [s["narr"] for s in LEC_SLIDES],
        lec_slide,
        LEC_VOICE,
        espeak_opts=("-g", "4"),
        effects=("gain", "-n", "-2", "reverb", "10", "50", "25", "100", "0", "0"),
        timing=(LEC_DELAY, LEC_GAP, LEC_TAIL),
        fps=LEC_FPS,
        seed=10511,
        hiss=0.0015,  # the dairy's microphone hiss
    )


# =========================================================================== CSV export

CSV_ENGINEERS = ["Rhiannon", "Cosmo", "Aurelie", "Zofia"]
CSV_AREAS = ["QF1", "QF2", "QF3", "QF5", "QF7"]
CSV_MAKES = ["Potterton", "Vaillant", "Baxi", "Ideal", "Viessmann"]
CSV_LABOUR = {"Annual service": 85, "Breakdown": 110, "Power flush": 320, "Safety check": 65}
CSV_FIXED = {  # job -> area, make, job type, engineer, parts £, status, minutes
    7307: ("QF3", "Vaillant", "Boiler replacement", "Cosmo", 1890.0, "Completed", 460),
    7311: ("QF1", "Baxi", "Breakdown", "Zofia", 0.0, "Cancelled", None),
    7316: ("QF5", "Ideal", "Breakdown", "Rhiannon", 148.5, "Parts on order", 55),
    7322: ("QF2", "Potterton", "Annual service", "Aurelie", 0.0, "No access", None),
    7327: ("QF7", "Viessmann", "Power flush", "Cosmo", 42.0, "Completed", 240),
}


def make_heating_csv(out: Path) -> None:
    """A heating firm's October job export: 30 rows on the month's 22 weekdays, CRLF, blank
    minutes where no visit took place."""
    rng = np.random.default_rng(10613)
    rows = []
    slots = ["08:00", "08:30", "10:00", "11:30", "13:00", "14:30"]
    weekdays = [d for d in range(1, 32) if dt.date(2026, 10, d).weekday() < 5]
    assert len(weekdays) == 22
    for k, n in enumerate(range(7301, 7331)):
        date = f"2026-10-{weekdays[k * 22 // 30]:02d}"  # one or two jobs each weekday
        slot = slots[int(rng.integers(0, len(slots)))]
        if n in CSV_FIXED:
            area, make, job, eng, parts, status, mins = CSV_FIXED[n]
        else:
            area = CSV_AREAS[int(rng.integers(0, len(CSV_AREAS)))]
            make = CSV_MAKES[int(rng.integers(0, len(CSV_MAKES)))]
            job = ["Annual service", "Annual service", "Breakdown", "Safety check"][
                int(rng.integers(0, 4))
            ]
            eng = CSV_ENGINEERS[int(rng.integers(0, len(CSV_ENGINEERS)))]
            parts = 0.0 if job != "Breakdown" else float(rng.choice([18.5, 36.0, 64.0, 92.5]))
            status = "Completed"
            mins = {"Annual service": 50, "Breakdown": 70, "Safety check": 35}[job]
            mins += 5 * int(rng.integers(0, 5))
        if job == "Boiler replacement":
            labour = 1150.0
        elif status in ("Cancelled", "No access"):
            labour = 0.0
        else:
            labour = float(CSV_LABOUR[job])
        total = parts + labour
        rows.append(
            [
                f"QHS-{n}",
                date,
                slot,
                area,
                make,
                job,
                eng,
                f"{parts:.2f}",
                f"{labour:.2f}",
                f"{total:.2f}",
                status,
                "" if mins is None else str(mins),
            ]
        )
    assert rows[0][1] == "2026-10-01" and rows[-1][1] == "2026-10-30", (rows[0][1], rows[-1][1])
    assert sum(r[10] == "Cancelled" for r in rows) == 1
    assert sum(r[10] == "No access" for r in rows) == 1
    assert sum(r[5] == "Boiler replacement" for r in rows) == 1
    assert max(float(r[9]) for r in rows) == 3040.0
    assert sum(r[5] == "Power flush" for r in rows) == 1
    assert max(int(r[11]) for r in rows if r[11]) == 460
    head = [
        "job_id",
        "date",
        "start_time",
        "postcode_area",
        "boiler_make",
        "job_type",
        "engineer",
        "parts_gbp",
        "labour_gbp",
        "total_gbp",
        "status",
        "minutes_on_site",
    ]
    text = "\r\n".join(",".join(r) for r in [head, *rows])
    out.write_bytes((text + "\r\n").encode("utf-8"))


# =========================================================================== e-mail

EML = """\
From: Ruairidh Macaskill <bookings@haverstockreelers.example>
To: Eilidh Brannagan <eilidh.brannagan@mailbox.example>
Subject: Booking confirmed: ceilidh for your 60th on Saturday 13 March 2027 (ref HR-0417)
Date: Mon, 16 Nov 2026 19:42:05 +0000
Message-ID: <20261116194205.0417@haverstockreelers.example>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Dear Eilidh,

Thank you for your deposit - we are delighted to confirm that The Haverstock
Reelers will play for your mother's 60th birthday party. Here are the details
as we agreed on the phone:

  Event:       60th birthday ceilidh
  Date:        Saturday 13 March 2027
  Venue:       Kilbarrow Village Hall, Mill Road, Kilbarrow
  Band:        four-piece (fiddle, accordion, guitar, drums) with a caller
  Playing:     8 pm to 11.30 pm, two sets with a 30-minute break
  Arrive:      we will arrive at 6.45 pm to set up
  Fee:         £1,150, including our own PA and lights
  Reference:   HR-0417

Your deposit of £250 has been received. The balance of £900 is due two weeks
before the party, by Saturday 27 February 2027.

Our caller, Seonaid, will walk everyone through each dance first, so no one
needs to have danced before. The hall needs an area of at least 8 metres by
10 metres clear for dancing, and we need two standard sockets near the stage.

Travel is included, as Kilbarrow is within our 40-mile area. If the party
runs on, an extra half hour costs £120, payable on the night.

Best wishes,

Ruairidh Macaskill
The Haverstock Reelers
07700 900418
"""


def make_email(out: Path) -> None:
    """A plain-text ceilidh band booking confirmation as an RFC 822 message (.eml)."""
    out.write_bytes(EML.encode("utf-8"))


# =========================================================================== main

JOBS = {
    "report": ("pdf/grindlesham_canal_trust_annual_report_2025.pdf", "make_canal_report", False),
    "footfall": ("chart/brenlow_high_street_footfall_2026-10.png", "make_footfall_chart", False),
    "letter": (
        "scan/hollybrake_tree_surgery_letter_and_invoice.pdf",
        "make_tree_letter",
        True,
    ),
    "ticket": ("scan/primrose_valet_dry_cleaning_ticket.jpg", "make_ticket_photo", False),
    "call": ("audio/ravensholt_book_festival_call_2026-07-14.mp3", "make_call", True),
    "course": ("video/kirkmuir_dairy_first_hard_cheese.mp4", "make_course", True),
    "csv": ("data/quillfield_heating_service_jobs_2026-10.csv", "make_heating_csv", None),
    "eml": ("mail/haverstock_reelers_ceilidh_booking.eml", "make_email", None),
}


def main(argv: list[str]) -> int:
    """Make the files named on the command line (see the module docstring)."""
    return run_jobs(argv, __doc__, JOBS, "UNSEEN10_ONLY", globals())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
