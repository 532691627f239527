"""Generate the Office files of the sixth unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  dunmore_food_bank_donations_procedure.docx  a volunteer procedure: headings, numbered
                                    sections, a document-control table and a storage table
                                    (Word built-in "Table Grid" style), made with python-docx
  kirkby_libraries_q3_2025_review.pptx  an 8-slide quarterly review deck: title slide,
                                    bullets, a native table, a native clustered column chart
                                    with data labels, speaker notes, made with python-pptx
  wren_valley_choir_tour_2026_budget.xlsx  a two-sheet workbook (budget lines, ticket
                                    sales) with a title row, number formats and totals stored
                                    as values, made with openpyxl

Needs python-docx, python-pptx and openpyxl (the project's .venv has them through
unstructured). All names and facts are made up. Output is repeatable: fixed document
properties, and every zip is rewritten with fixed member dates in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
import pptx
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor as PptxRGB
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches
from pptx.util import Pt as PPt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/: the shared kit
from heldout_office import (
    add_bullets,
    fix_title,
    office_main,
    save_document,
    save_workbook,
    set_notes,
    style_header,
    write_handbook,
)

FIXED = dt.datetime(2025, 11, 18, 14, 15, 0)
ZIP_DATE = (2025, 8, 20, 9, 30, 0)
CORE_STAMP = "2025-11-18T14:15:00Z"


# =========================================================================== DOCX

DOC_TITLE = "Receiving and Storing Food Donations"
DOC_CONTROL = [
    ("Document owner", "Gillian Achebe, Warehouse Coordinator"),
    ("Version", "2.0"),
    ("Approved by", "Trustees' meeting, 9 September 2025"),
    ("Next review", "September 2026"),
]
DOC_SECTIONS = [
    (
        "1. Purpose",
        [
            "This procedure tells volunteers how to receive, check and store donated food at the "
            "Dunmore Community Food Bank warehouse so that everything we hand out is safe to eat. "
            "It replaces the Donations Checklist of March 2022.",
        ],
    ),
    (
        "2. Who this procedure applies to",
        [
            "It applies to every volunteer who works a warehouse shift. Volunteers must complete "
            "the Level 2 Food Hygiene course before their third shift; the food bank pays the "
            "course fee.",
        ],
    ),
    (
        "3. Receiving donations",
        [
            "Donations are accepted at the loading door from 09:30 to 12:30 on weekdays. "
            "Supermarket collections arrive on Tuesdays and Fridays and must be weighed and "
            "logged before anything is unpacked.",
            "Check every item for its date, damage and an intact seal. Tins that are dented on a "
            "seam, swollen or rusty are thrown away, whatever their date.",
        ],
    ),
    (
        "4. Dates",
        [
            "Food past its use-by date must never be given out and goes straight into the red "
            "waste bin. Food past its best-before date may be given out for up to three months "
            "after that date, except baby food, which must always be within date.",
        ],
    ),
    (
        "5. Storage",
        [
            "Store each kind of donation as shown in the table below. Record the fridge and "
            "freezer temperatures on the wall sheet at the start and end of every shift.",
        ],
    ),
    (
        "6. If something goes wrong",
        [
            "If the fridge reads above 8 \u00b0C twice in a row, move its contents to the "
            "spare fridge in the office and phone the duty manager on 07700 900412. Do not "
            "open the freezer during a power cut; it will keep food frozen for about a day if "
            "the door stays shut.",
            "Report any allergic reaction or food complaint to the duty manager on the same day.",
        ],
    ),
    (
        "7. Review",
        [
            "The warehouse coordinator reviews this procedure every year and after any visit by "
            "the council's environmental health officer. Send comments to Gillian Achebe.",
        ],
    ),
]
DOC_EXPENSES = [
    ("Donation", "Where to store it", "Temperature", "Check"),
    ("Tins and jars", "Aisle A shelving", "Room temperature", "Rotate weekly"),
    ("Dried pasta and rice", "Aisle B, sealed crates", "Room temperature", "Rotate weekly"),
    ("Milk and yoghurt", "Walk-in fridge", "0 to 5 \u00b0C", "Twice per shift"),
    ("Fresh fruit and vegetables", "Cool room", "Below 12 \u00b0C", "Daily"),
    ("Frozen meals and meat", "Chest freezer", "-18 \u00b0C or colder", "Twice per shift"),
    ("Bread", "Bread rack by the door", "Room temperature", "Give out within 2 days"),
    ("Baby milk and food", "Locked cabinet C", "Room temperature", "Shift lead only"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Calibri",
        org="Dunmore Community Food Bank",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("5.", "Table 1. Where to store each kind of donation", DOC_EXPENSES),
        style="Table Grid",
        bold_keys=True,
        footer="Dunmore Community Food Bank (charity no. 1174402)  |  Receiving and Storing Food Donations v2.0",
        author="Gillian Achebe",
        revision=7,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_CATEGORIES = [  # branch, visits, loans, new members, PC sessions
    ("Central Library", "41,230", "26,905", "612", "5,840"),
    ("Eastgate", "12,480", "14,206", "188", "1,322"),
    ("Millbrook", "9,715", "11,904", "143", "906"),
    ("Southfield", "7,260", "6,118", "97", "1,475"),
    ("Westcroft", "5,930", "7,402", "81", "412"),
    ("Mobile library", "2,115", "4,980", "29", "0"),
]
DECK_CHANNELS = {  # July, August, September
    "Printed books": (23650, 25410, 20155),
    "E-books": (5890, 6120, 5345),
    "Audiobooks": (3420, 3815, 2960),
    "DVDs and games": (780, 910, 570),
}


def make_pptx(out: Path) -> None:
    assert sum(int(c[2].replace(",", "")) for c in DECK_CATEGORIES) == 71515
    assert sum(sum(v) for v in DECK_CHANNELS.values()) == 99025
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Kirkby Libraries: Q3 2025 performance review"
    s.placeholders[1].text = (
        "July to September 2025\nOwen Lathbury, Head of Library Services\n"
        "Kirkby Borough Council, 14 October 2025"
    )
    s = add_bullets(
        prs,
        "Headlines",
        [
            "78,730 visits across six service points, 4% more than in Q2",
            "99,025 loans, of which 28% were digital",
            "Summer Reading Challenge: 1,864 children took part",
            "Eastgate reopened on 1 July after its roof repair",
        ],
        "The Summer Reading Challenge theme this year was space, and 1,211 of the children who "
        "took part finished all six books.",
        fix=False,
    )
    fix_title(s)
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Branch activity, July to September"
    fix_title(s)
    rows = [
        ("Branch", "Visits", "Physical loans", "New members", "PC sessions"),
        *DECK_CATEGORIES,
    ]
    gt = s.shapes.add_table(len(rows), 5, Inches(0.5), Inches(1.6), Inches(9.0), Inches(4.8)).table
    widths = [2.6, 1.5, 1.9, 1.6, 1.4]
    for c, w in enumerate(widths):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(14)
    set_notes(
        s,
        "Southfield's PC sessions stay high because the jobcentre sends people there for help "
        "with online applications.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Loans by format"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = ["July", "August", "September"]
    for name, vals in DECK_CHANNELS.items():
        cd.add_series(name, vals)
    gf = s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(1.5), Inches(9.0), Inches(5.7), cd
    )
    ch = gf.chart
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = PPt(10)
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    palette = ["7B2D26", "C0504D", "4BACC6", "9BBB59"]
    for ser, col in zip(plot.series, palette, strict=True):
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = PptxRGB.from_string(col)
    set_notes(s, "Loans always dip in September when the school holidays end.")
    s = add_bullets(
        prs,
        "Building and service issues",
        [
            "Eastgate closed 2 June to 30 June for a roof repair after storm damage",
            "Self-service kiosks down for two days in August after a software update",
            "Mobile library van off the road 8 to 12 September with a brake fault",
        ],
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Customer feedback",
        [
            "Average rating 4.6 out of 5",
            "438 survey responses",
            "Most requested: longer Saturday opening at Central",
        ],
        "The most common complaint was the lack of parking at Millbrook. We are asking the "
        "council for two short-stay bays outside the library.",
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Plans for Q4",
        [
            "Open Central until 17:00 on Saturdays from 1 November",
            "Launch a seed library at Westcroft",
            "Replace the mobile library's kiosk laptop",
            "Warm Spaces programme in all branches from 3 November",
        ],
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Contact Kirkby Libraries",
        [
            "Web: libraries.kirkby.example",
            "Phone: 01632 960700 (09:00 to 17:00)",
            "Central Library, Market Square",
        ],
        fix=False,
    )
    fix_title(s)
    save_document(
        prs,
        out,
        title="Kirkby Libraries Q3 2025 review",
        author="Owen Lathbury",
        revision=12,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

BUDGET = [  # line, category, supplier, budget, actual, note
    (
        "Coach hire",
        "Travel",
        "Severnside Coaches",
        6800,
        7350,
        "49-seat coach, 4 days; fuel surcharge",
    ),
    ("Hotel, 3 nights", "Accommodation", "Riverside Lodge, Ludlow", 12600, 12180, "44 singers"),
    ("Venue hire", "Venues", "three churches", 1500, 1650, "Hereford added heating charge"),
    ("Accompanist's fee", "Musicians", "Frances Leigh", 1200, 1200, "4 concerts"),
    ("Printed programmes", "Publicity", "Wyeprint", 650, 585, "1,200 copies"),
    ("Posters and adverts", "Publicity", "various", 900, 1015, "local radio advert added"),
    ("Music hire", "Musicians", "Banks Music Library", 320, 290, ""),
    ("Insurance", "Admin", "Choirsure", 410, 410, ""),
    ("Contingency", "Admin", "", 1000, 0, "not used"),
]
TICKETS = [  # concert, price, sold
    ("Ludlow, St Laurence's, 10 April", 18, 212),
    ("Hereford, All Saints, 11 April", 18, 176),
    ("Leominster Priory, 12 April", 15, 138),
    ("Tenbury Wells, St Mary's, 13 April", 12, 94),
]


def make_xlsx(out: Path) -> None:
    assert sum(b[3] for b in BUDGET) == 25380 and sum(b[4] for b in BUDGET) == 24680
    assert sum(t[2] for t in TICKETS) == 620 and sum(t[1] * t[2] for t in TICKETS) == 10182
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="999999")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="DDEBF7")
    money = "#,##0;[Red]-#,##0"
    ws = wb.active
    ws.title = "Budget"
    ws["A1"] = "Wren Valley Choir spring tour 2026: budget v3 (updated 20 April 2026)"
    ws["A1"].font = Font(bold=True, size=13)
    head = ["Line", "Category", "Supplier", "Budget (£)", "Actual (£)", "Variance (£)", "Notes"]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, 8), headfill, box, wrap=False)
    for line, cat, sup, b, a, note in BUDGET:
        ws.append([line, cat, sup, b, a, b - a, note])
    ws.append(
        [
            "Total",
            "",
            "",
            sum(r[3] for r in BUDGET),
            sum(r[4] for r in BUDGET),
            sum(r[3] - r[4] for r in BUDGET),
            "",
        ]
    )
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, 8):
            ws.cell(row=r, column=c).border = box
        for c in (4, 5, 6):
            ws.cell(row=r, column=c).number_format = money
    for c in range(1, 8):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFG", (26, 12, 26, 12, 12, 13, 40), strict=True):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Tickets")
    ws2["A1"] = "Concert ticket sales (final, 20 April 2026)"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Concert", "Price (£)", "Sold", "Income (£)"])
    style_header(ws2, 3, range(1, 5), headfill, box, wrap=False)
    for name, price, sold in TICKETS:
        ws2.append([name, price, sold, price * sold])
    ws2.append(["Total", None, sum(t[2] for t in TICKETS), sum(t[1] * t[2] for t in TICKETS)])
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 5):
            ws2.cell(row=r, column=c).border = box
        for c in (2, 4):
            ws2.cell(row=r, column=c).number_format = "#,##0"
        ws2.cell(row=r, column=1).alignment = Alignment(horizontal="left")
    for c in range(1, 5):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    for col, w in zip("ABCD", (34, 11, 9, 12), strict=True):
        ws2.column_dimensions[col].width = w
    save_workbook(wb, out, author="Nadine Forsyth", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP)


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "dunmore_food_bank_donations_procedure.docx"),
        (make_pptx, "kirkby_libraries_q3_2025_review.pptx"),
        (make_xlsx, "wren_valley_choir_tour_2026_budget.xlsx"),
    ]
    return office_main(argv, __doc__, jobs, versions=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
