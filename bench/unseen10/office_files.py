"""Generate the Office files of the tenth unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  caddon_vale_bell_ringers_handbook.docx  a guild of church bell ringers' handbook: headings, a
                                    document-control table and a five-column tower table (Word
                                    built-in "Medium Shading 1 Accent 1" style), made with
                                    python-docx
  pendleford_open_air_museum_2026_season_review.pptx  a 7-slide season review deck: title
                                    slide, bullets, a native table, a native line chart with
                                    markers and data labels (two seasons), speaker notes, made
                                    with python-pptx
  hollowcombe_vineyard_2026_harvest.xlsx  a two-sheet workbook (harvest by block, bottling plan)
                                    with a title row, number and date formats and totals stored
                                    as values, made with openpyxl

Needs python-docx, python-pptx and openpyxl (the project's .venv has them through
unstructured). All names and facts are made up. Output is repeatable: fixed document
properties, and every zip is rewritten with fixed member dates in a fixed order (the shared
bench/heldout_office.py). The code follows bench/unseen9/office_files.py.
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
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
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

FIXED = dt.datetime(2026, 11, 30, 16, 20, 0)
ZIP_DATE = (2026, 11, 30, 16, 20, 0)
CORE_STAMP = "2026-11-30T16:20:00Z"

# =========================================================================== DOCX

DOC_TITLE = "Ringers' Handbook"
DOC_CONTROL = [
    ("Document", "Caddon Vale Guild of Church Bell Ringers: ringers' handbook"),
    ("Version", "2.3, August 2026"),
    ("Owner", "Philomena Featherstonehaugh, Guild Secretary"),
    ("Next review", "August 2028"),
]
DOC_SECTIONS = [
    (
        "1. Welcome",
        [
            "The Caddon Vale Guild has 143 ringing members in five towers across the Caddon "
            "Vale deanery. We ring for Sunday services, weddings and national celebrations, and "
            "we welcome visiting ringers at every practice.",
            "The annual subscription is £15 for adults and £5 for ringers under 18; members "
            "aged 80 and over ring free.",
        ],
    ),
    (
        "2. Learning to ring",
        [
            "New ringers are taught in pairs at St Petroc's, Cleddowe, on Saturday mornings from "
            "10 am. The first course is ten one-hour lessons on handling a single bell, and "
            "there is no charge for it.",
            "Learners must be at least 11 years old and able to climb the 64 steps to the "
            "Cleddowe ringing chamber.",
        ],
    ),
    (
        "3. Safety in the tower",
        [
            "Never enter a bell chamber while the bells are up (mouth upwards): a bell that is "
            "up can swing full circle if it is touched. The tower captain must check that every "
            "bell is down before anyone goes up to the bells.",
            "Bells must be left down at the end of every practice and service. Only a tower "
            "captain or the guild's ringing master, Matthias Lindgren, may ring a bell up or "
            "down alone if its tenor weight is over 10 cwt.",
        ],
    ),
    (
        "4. Towers and practice nights",
        [
            "Practice nights run from 7.30 pm to 9 pm. If you would like to visit a tower, "
            "please let its tower captain know the day before.",
        ],
    ),
    (
        "5. Weddings, quarter peals and peals",
        [
            "The guild's fee for ringing at a wedding is £180, shared among the band of ringers. "
            "Couples should book at least three months ahead through the parish office.",
            "A quarter peal takes about 45 minutes and a full peal about three hours. The "
            "guild's striking competition is held on the first Saturday of June each year.",
        ],
    ),
]
DOC_TOWERS = [
    ("Tower", "Bells", "Tenor weight", "Practice night", "Tower captain"),
    ("St Petroc, Cleddowe", "8", "14 cwt", "Tuesday", "Barnaby Trevennick"),
    ("All Saints, Ebbesley", "6", "9 cwt", "Thursday", "Priscilla Ughtred"),
    ("St Cuthbert, Hobbesmoor", "10", "22 cwt", "Wednesday", "Jonas Pargeter"),
    ("Holy Trinity, Scarrowby", "5", "7 cwt", "Monday", "Ifan Caradog"),
    ("St Oswald, Felldrigg", "8", "12 cwt", "Friday", "Dorcas Millington"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Georgia",
        org="Caddon Vale Guild of Church Bell Ringers",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("4.", "Table 1. Towers of the guild", DOC_TOWERS),
        style="Medium Shading 1 Accent 1",
        bold_keys=False,
        footer="Caddon Vale Guild of Church Bell Ringers  |  Ringers' Handbook v2.3",
        author="Philomena Featherstonehaugh",
        revision=3,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_TICKETS = [  # ticket type, visitors, price
    ("Adult day ticket", "58,420", "£16.50"),
    ("Concession (65+, students)", "21,340", "£13.00"),
    ("Child (5-15)", "31,860", "£8.00"),
    ("Under 5", "9,150", "Free"),
    ("Annual pass visits", "17,230", "£42 a year"),
    ("School groups", "4,600", "£6.50 per pupil"),
]
DECK_MONTHS = ["Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct"]
DECK_VISITORS = {  # visitors per month
    "2025": [6240, 15980, 17350, 18420, 24860, 28910, 13470, 9270],
    "2026": [6810, 17240, 19960, 18150, 26330, 30480, 14120, 9510],
}


def make_pptx(out: Path) -> None:
    visitors = sum(int(r[1].replace(",", "")) for r in DECK_TICKETS)
    assert visitors == sum(DECK_VISITORS["2026"]) == 142600, visitors
    assert sum(DECK_VISITORS["2025"]) == 134500
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Pendleford Open-Air Museum: 2026 season review"
    s.placeholders[
        1
    ].text = (
        "March to October 2026\nEvangeline Deverell, Director\nTrustees' meeting, 18 November 2026"
    )
    add_bullets(
        prs,
        "Headlines",
        [
            "142,600 visitors, up 6% on 2025",
            "Restored tram depot opened on 23 May",
            "Open 214 days",
            "Visitor rating 4.7 out of 5",
        ],
        "The tram depot restoration cost £1.2 million; the largest single gift came from the "
        "Wainsford Family Trust.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Admissions by ticket type, 2026"
    fix_title(s)
    rows = [("Ticket type", "Visitors", "Price"), *DECK_TICKETS]
    gt = s.shapes.add_table(len(rows), 3, Inches(0.6), Inches(1.6), Inches(8.8), Inches(4.4)).table
    for c, w in enumerate([4.0, 2.2, 2.6]):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(15)
    set_notes(
        s,
        "School groups came from 58 schools; most booked the Victorian classroom, which now "
        "needs booking a term ahead.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Visitors per month"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = DECK_MONTHS
    for name, vals in DECK_VISITORS.items():
        cd.add_series(name, vals)
    gf = s.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Inches(0.5), Inches(1.5), Inches(9.0), Inches(5.7), cd
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
    styles = [("A6A6A6", XL_MARKER_STYLE.SQUARE, XL_LABEL_POSITION.BELOW)]
    styles.append(("7A2E39", XL_MARKER_STYLE.CIRCLE, XL_LABEL_POSITION.ABOVE))
    for ser, (col, marker, pos) in zip(plot.series, styles, strict=True):
        ser.format.line.color.rgb = PptxRGB.from_string(col)
        ser.format.line.width = PPt(2.25)
        ser.smooth = False
        ser.marker.style = marker
        ser.marker.size = 7
        ser.marker.format.fill.solid()
        ser.marker.format.fill.fore_color.rgb = PptxRGB.from_string(col)
        ser.data_labels.show_value = True  # a series' own labels override the plot's
        ser.data_labels.position = pos
        ser.data_labels.font.size = PPt(10)
        ser.data_labels.number_format = "#,##0"
        ser.data_labels.number_format_is_linked = False
    set_notes(
        s,
        "The summer holidays are still our busiest weeks; the new tram depot drew crowds in "
        "spring.",
    )
    add_bullets(
        prs,
        "Volunteers and staff",
        [
            "312 volunteers gave 41,800 hours",
            "46 paid staff, 31 of them seasonal",
            "New blacksmith apprentice from April",
            "Tram drivers: 24, all volunteers",
        ],
        "Our longest-serving volunteer, Cuthbert Ormiston-Bligh, retired after 38 years of "
        "driving the trams.",
    )
    add_bullets(
        prs,
        "Prices for 2027",
        [
            "Adult day ticket: £17.50 (was £16.50)",
            "Child (5-15): £8.50",
            "Family ticket (2 adults, 3 children): £45",
            "Annual pass: £46",
        ],
    )
    add_bullets(
        prs,
        "Next season",
        [
            "Victorian Christmas weekends: 5-6 and 12-13 December 2026",
            "Museum reopens Saturday 20 March 2027",
            "New coal mine gallery from July 2027",
        ],
        "The coal mine gallery will cost £640,000; we have raised £410,000 so far.",
    )
    save_document(
        prs,
        out,
        title="Pendleford Open-Air Museum season review",
        author="Evangeline Deverell",
        revision=2,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

HARVEST = [  # block, variety, vines, planted, picked, grapes kg, sugar °Oe
    ("A North slope", "Pinot Noir", 4200, 2014, dt.datetime(2026, 10, 8), 6930, 78),
    ("B North slope", "Chardonnay", 3600, 2014, dt.datetime(2026, 10, 1), 6480, 74),
    ("C Orchard field", "Bacchus", 2800, 2017, dt.datetime(2026, 9, 24), 5320, 69),
    ("D Orchard field", "Pinot Meunier", 1900, 2019, dt.datetime(2026, 10, 5), 2850, 72),
    ("E Top terrace", "Seyval Blanc", 1500, 2011, dt.datetime(2026, 9, 28), 3150, 66),
]
BOTTLING = [  # wine, from, bottles, price £, release
    (
        "Hollowcombe Classic Cuvée",
        "Pinot Noir, Chardonnay, Pinot Meunier",
        9600,
        34.00,
        "Spring 2029",
    ),
    ("Hollowcombe Bacchus", "Bacchus", 4100, 17.50, "May 2027"),
    ("Hollowcombe Rosé", "Pinot Noir", 2400, 18.00, "June 2027"),
    ("Hollowcombe Seyval Dry", "Seyval Blanc", 2300, 14.00, "April 2027"),
]


def make_xlsx(out: Path) -> None:
    assert sum(h[2] for h in HARVEST) == 14000 and sum(h[5] for h in HARVEST) == 24730
    assert sum(b[2] for b in BOTTLING) == 18400
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="8E8E8E")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="EADCF0")
    ws = wb.active
    ws.title = "Harvest 2026"
    ws["A1"] = "Hollowcombe Vineyard: grape harvest by block, 2026"
    ws["A1"].font = Font(bold=True, size=13)
    head = [
        "Block",
        "Variety",
        "Vines",
        "Year planted",
        "Picked on",
        "Grapes (kg)",
        "Sugar (°Oe)",
        "kg per vine",
    ]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, len(head) + 1), headfill, box)
    for block, variety, vines, planted, picked, kg, sugar in HARVEST:
        ws.append([block, variety, vines, planted, picked, kg, sugar, round(kg / vines, 2)])
    vines_t, kg_t = sum(h[2] for h in HARVEST), sum(h[5] for h in HARVEST)
    ws.append(["Total", "", vines_t, None, None, kg_t, None, round(kg_t / vines_t, 2)])
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, len(head) + 1):
            ws.cell(row=r, column=c).border = box
        ws.cell(row=r, column=5).number_format = "DD/MM/YYYY"
        ws.cell(row=r, column=3).number_format = "#,##0"
        ws.cell(row=r, column=6).number_format = "#,##0"
    for c in range(1, len(head) + 1):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFGH", (17, 15, 8, 9, 11, 10, 9, 9), strict=True):
        ws.column_dimensions[col].width = w
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Bottling plan")
    ws2["A1"] = "Wines from the 2026 harvest: bottling plan"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Wine", "Made from", "Bottles", "Price per bottle (£)", "Release"])
    style_header(ws2, 3, range(1, 6), headfill, box)
    for row in BOTTLING:
        ws2.append(list(row))
    ws2.append(["Total", "", sum(b[2] for b in BOTTLING), None, ""])
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 6):
            ws2.cell(row=r, column=c).border = box
        ws2.cell(row=r, column=3).number_format = "#,##0"
        ws2.cell(row=r, column=4).number_format = "#,##0.00"
    for c in range(1, 6):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    for col, w in zip("ABCDE", (26, 34, 9, 11, 12), strict=True):
        ws2.column_dimensions[col].width = w
    ws2.row_dimensions[3].height = 32
    save_workbook(
        wb,
        out,
        author="Benedict Arkwright-Sowerby",
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "caddon_vale_bell_ringers_handbook.docx"),
        (make_pptx, "pendleford_open_air_museum_2026_season_review.pptx"),
        (make_xlsx, "hollowcombe_vineyard_2026_harvest.xlsx"),
    ]
    return office_main(argv, __doc__, jobs)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
