"""Generate the Office files of the eighth unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  crannock_pottery_studio_members_handbook.docx  a shared pottery studio's members' handbook:
                                    headings, numbered sections, a document-control table and a
                                    kiln-firing table (Word built-in "Light Grid Accent 1"
                                    style), made with python-docx
  elmstead_repair_cafe_2025_26_review.pptx  an 8-slide year-in-review deck: title slide,
                                    bullets, a native table, a native horizontal clustered bar
                                    chart with data labels, speaker notes, made with python-pptx
  glenfarrow_hill_farm_lambing_2026.xlsx  a two-sheet workbook (lambing by ewe group, lamb sales)
                                    with a title row, number formats and totals stored as values,
                                    made with openpyxl

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
from openpyxl.styles import Border, Font, PatternFill, Side
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor as PptxRGB
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
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

FIXED = dt.datetime(2026, 10, 27, 16, 15, 0)
ZIP_DATE = (2026, 10, 27, 16, 15, 0)
CORE_STAMP = "2026-10-27T16:15:00Z"


# =========================================================================== DOCX

DOC_TITLE = "Members' Handbook"
DOC_CONTROL = [
    ("Owner", "Philippa Olawale, Studio Manager"),
    ("Version", "2.3"),
    ("Approved by", "Members' meeting, 14 September 2026"),
    ("Next review", "September 2027"),
]
DOC_SECTIONS = [
    (
        "1. About this handbook",
        [
            "This handbook explains how the shared studio at Crannock Pottery works for members. "
            "It replaces the Studio Etiquette leaflet of 2024. Tutors running evening classes "
            "have their own notes.",
        ],
    ),
    (
        "2. Opening hours and booking",
        [
            "The studio is open to members from 9.00 am to 9.30 pm, Tuesday to Sunday. It is "
            "closed on Mondays, when the technician cleans the glaze room and loads the kilns.",
            "Wheels are booked through the studio app, up to 14 days ahead, for sessions of up "
            "to 3 hours. If you have not arrived 20 minutes after the start of your session, the "
            "wheel is released to anyone waiting.",
        ],
    ),
    (
        "3. Clay and reclaim",
        [
            "Only clay bought from the studio may be fired in our kilns, because unknown clays "
            "can melt and damage the shelves. Studio stoneware clay costs £18 for a 12.5 kg bag.",
            "Never pour slurry or glaze down the sinks. Rinse tools in the two settling buckets "
            "by the back door; the reclaimed clay is dried and re-used for classes.",
        ],
    ),
    (
        "4. Glazes",
        [
            "Studio glazes are free to use. Glazes with a red lid are for earthenware only and "
            "must never go in a stoneware firing. Leave at least 5 mm of bare clay at the foot of "
            "every glazed pot, or it may stick to the kiln shelf.",
        ],
    ),
    (
        "5. Kiln firings",
        [
            "Only the studio technician, Idris Birkett, loads and unloads the kilns. Put finished "
            "work on the correct trolley with your name written in underglaze pencil on the base. "
            "Firings are charged by the shelf, as in the table below, and added to your monthly "
            "bill.",
        ],
    ),
    (
        "6. Cleaning up",
        [
            "Wipe your wheel, splash tray and table with a damp sponge before you leave. Do not "
            "sweep clay dust: it contains silica, which is harmful to breathe, so use the wet mop "
            "or the vacuum with the HEPA filter.",
        ],
    ),
    (
        "7. Work left in the studio",
        [
            "Work left on the members' shelves for more than 6 weeks after its firing will be "
            "moved to the seconds shelf, and after a further month it is recycled or given to "
            "the Crannock school fundraiser.",
        ],
    ),
]
DOC_KILNS = [
    ("Firing", "Top temperature", "When", "Cost per shelf"),
    ("Bisque", "1000 \u00b0C", "Every Monday and Thursday", "£6"),
    ("Stoneware glaze", "1260 \u00b0C", "Every Wednesday", "£9"),
    ("Earthenware glaze", "1080 \u00b0C", "Every other Friday", "£7"),
    ("Raku (outdoor kiln)", "about 950 \u00b0C", "First Saturday of the month", "£12"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Cambria",
        org="Crannock Pottery",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("5.", "Table 1. Kiln firings and charges", DOC_KILNS),
        style="Light Grid Accent 1",
        bold_keys=False,
        footer="Crannock Pottery CIC, The Old Creamery, Crannock  |  Members' Handbook v2.3",
        author="Philippa Olawale",
        revision=6,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_ITEMS = [  # category, brought in, fixed, advice only, not repairable
    ("Small electricals", "398", "231", "64", "103"),
    ("Clothing and textiles", "241", "204", "21", "16"),
    ("Computers and phones", "136", "58", "41", "37"),
    ("Bicycles", "118", "92", "14", "12"),
    ("Jewellery and watches", "84", "33", "15", "36"),
    ("Toys", "83", "63", "9", "11"),
    ("Furniture and wood", "74", "61", "6", "7"),
]
DECK_VISITORS = {  # visitors per quarter
    "2024-25": (268, 241, 295, 252),
    "2025-26": (311, 286, 338, 279),
}
DECK_QUARTERS = ["Oct-Dec", "Jan-Mar", "Apr-Jun", "Jul-Sep"]


def make_pptx(out: Path) -> None:
    assert sum(int(a[1]) for a in DECK_ITEMS) == 1134
    assert sum(int(a[2]) for a in DECK_ITEMS) == 742
    for _, b, f, a, n in DECK_ITEMS:
        assert int(f) + int(a) + int(n) == int(b)
    assert sum(DECK_VISITORS["2025-26"]) == 1214
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Elmstead Repair Café: our year"
    s.placeholders[1].text = (
        "October 2025 to September 2026\nHenrietta Fairbrother, Coordinator\n"
        "Volunteers' meeting, 15 October 2026"
    )
    add_bullets(
        prs,
        "Headlines",
        [
            "24 sessions, on the 2nd and 4th Saturday",
            "1,134 items brought in and 742 fixed",
            "Repair rate up from 61% to 65%",
            "About 5.8 tonnes kept out of landfill",
        ],
        "The new soldering station was given by Harbury Electrical Wholesale after our appeal "
        "in the parish magazine.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "What people brought, 2025-26"
    fix_title(s)
    rows = [("Category", "Brought in", "Fixed", "Advice only", "Not repairable"), *DECK_ITEMS]
    gt = s.shapes.add_table(len(rows), 5, Inches(0.4), Inches(1.6), Inches(9.2), Inches(4.4)).table
    for c, w in enumerate([3.0, 1.5, 1.2, 1.6, 1.9]):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(14)
    set_notes(
        s,
        "Phones are the hardest: spare parts for older models are difficult to find, and "
        "many cannot be opened without breaking the glass.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Visitors per quarter"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = DECK_QUARTERS
    for name, vals in DECK_VISITORS.items():
        cd.add_series(name, vals)
    gf = s.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.5), Inches(9.0), Inches(5.7), cd
    )
    ch = gf.chart
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.font.size = PPt(12)
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for ser, col in zip(plot.series, ["9DB4C0", "E07A5F"], strict=True):
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = PptxRGB.from_string(col)
    ch.category_axis.reverse_order = True
    set_notes(s, "Spring is always busy, with lawnmowers, bikes and garden tools coming in.")
    add_bullets(
        prs,
        "Volunteers",
        [
            "38 volunteer fixers and 14 hosts",
            "Six new fixers trained in PAT testing",
            "Tea, cake and a sewing corner at every session",
            "Average wait for a fixer: 25 minutes",
        ],
        "Special thanks to Bryn Halloway, who fixed 96 items on his own this year.",
    )
    add_bullets(
        prs,
        "Money",
        [
            "Donations from visitors: £4,870",
            "Hall hire: £1,440 (£60 a session)",
            "Insurance: £385",
            "New PAT tester and tools: £620",
        ],
    )
    add_bullets(
        prs,
        "Plans for 2026-27",
        [
            "Open a tool library in January",
            "Add a monthly session at Elmstead Library",
            "Train four more electrical fixers",
            "Target: a 70% repair rate",
        ],
    )
    add_bullets(
        prs,
        "Contact Elmstead Repair Café",
        [
            "Web: elmsteadrepaircafe.example",
            "Email: fixit@elmsteadrepaircafe.example",
            "St Aidan's Church Hall, Mill Lane, Elmstead",
        ],
    )
    save_document(
        prs,
        out,
        title="Elmstead Repair Café 2025-26 review",
        author="Henrietta Fairbrother",
        revision=11,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

LAMBING = [  # group, breed, field, put to tup, lambed, born, alive at marking
    ("Shearlings", "Lleyn", "Top Intake", 62, 58, 97, 90),
    ("Mule ewes", "North Country Mule", "Low Meadow", 140, 134, 262, 246),
    ("Texel crosses", "Texel x Mule", "Bridge Field", 88, 85, 158, 149),
    ("Hill ewes", "Swaledale", "Glenfarrow Fell", 210, 196, 238, 221),
    ("Older ewes", "North Country Mule", "Home Paddock", 46, 42, 71, 64),
]
SALES = [  # date, market, lambs, average liveweight kg, price p/kg, buyer
    (dt.date(2026, 7, 14), "Carrbridge Mart", 48, 41.5, 312, "Moorend Meats"),
    (dt.date(2026, 8, 4), "Carrbridge Mart", 62, 42.0, 298, "various"),
    (dt.date(2026, 8, 25), "Hawden Auction", 55, 40.5, 305, "J. Birtle & Sons"),
    (dt.date(2026, 9, 15), "Carrbridge Mart", 70, 43.5, 287, "various"),
    (dt.date(2026, 10, 6), "Hawden Auction", 38, 44.5, 279, "Moorend Meats"),
]


def make_xlsx(out: Path) -> None:
    assert sum(x[3] for x in LAMBING) == 546 and sum(x[4] for x in LAMBING) == 515
    assert sum(x[5] for x in LAMBING) == 826 and sum(x[6] for x in LAMBING) == 770
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="8E8E8E")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="FCE4D6")
    ws = wb.active
    ws.title = "Lambing 2026"
    ws["A1"] = "Glenfarrow Hill Farm: lambing 2026 (flock book summary, 30 May 2026)"
    ws["A1"].font = Font(bold=True, size=13)
    head = [
        "Group",
        "Breed",
        "Field",
        "Ewes put to the tup",
        "Ewes lambed",
        "Lambs born",
        "Lambs alive at marking",
        "Lambing % (alive per ewe lambed)",
    ]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, 9), headfill, box)
    for g, breed, field, tup, lambed, born, alive in LAMBING:
        ws.append([g, breed, field, tup, lambed, born, alive, round(alive / lambed * 100)])
    tot = [sum(x[i] for x in LAMBING) for i in range(3, 7)]
    ws.append(["Total", "", "", *tot, round(tot[3] / tot[1] * 100)])
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, 9):
            ws.cell(row=r, column=c).border = box
    for c in range(1, 9):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFGH", (14, 20, 15, 10, 10, 10, 12, 14), strict=True):
        ws.column_dimensions[col].width = w
    ws.row_dimensions[3].height = 46
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Lamb sales")
    ws2["A1"] = "Finished lamb sales, July to October 2026"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(
        [
            "Date",
            "Market",
            "Lambs sold",
            "Average weight (kg)",
            "Price (p/kg)",
            "Total (£)",
            "Buyer",
        ]
    )
    style_header(ws2, 3, range(1, 8), headfill, box)
    totals = []
    for day, market, n, kg, p, buyer in SALES:
        total = round(n * kg * p / 100, 2)
        totals.append(total)
        ws2.append([day, market, n, kg, p, total, buyer])
    ws2.append(["Total", "", sum(s[2] for s in SALES), None, None, round(sum(totals), 2), ""])
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 8):
            ws2.cell(row=r, column=c).border = box
        ws2.cell(row=r, column=1).number_format = "DD/MM/YYYY"
        ws2.cell(row=r, column=4).number_format = "0.0"
        ws2.cell(row=r, column=6).number_format = "#,##0.00"
    for c in range(1, 8):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFG", (12, 18, 10, 11, 10, 12, 20), strict=True):
        ws2.column_dimensions[col].width = w
    ws2.row_dimensions[3].height = 32
    save_workbook(wb, out, author="Morag Drummond", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP)


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "crannock_pottery_studio_members_handbook.docx"),
        (make_pptx, "elmstead_repair_cafe_2025_26_review.pptx"),
        (make_xlsx, "glenfarrow_hill_farm_lambing_2026.xlsx"),
    ]
    return office_main(argv, __doc__, jobs, versions=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
