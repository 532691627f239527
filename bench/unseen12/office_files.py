"""Generate the Office files of the twelfth unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  ottercombe_bellringers_guild_handbook.docx  a bell-ringing guild's ringers' handbook:
                                    headings, a document-control table and a five-column
                                    towers table (Word built-in "Medium Shading 1 Accent 6"
                                    style), made with python-docx
  wrenmarsh_community_orchard_2026_harvest.pptx  a 7-slide harvest review deck: title slide,
                                    bullets, a native table, a native clustered bar chart with
                                    data labels (apples picked by variety, 2025 and 2026),
                                    speaker notes, made with python-pptx
  pendlecote_repair_cafe_2026.xlsx  a two-sheet workbook (monthly sessions, fixers) with a
                                    title row, number and date formats and totals stored as
                                    values, made with openpyxl

Needs python-docx, python-pptx and openpyxl (the project's .venv has them through
unstructured). All names and facts are made up. Output is repeatable: fixed document
properties, and every zip is rewritten with fixed member dates in a fixed order (the shared
bench/heldout_office.py). The code follows bench/unseen11/office_files.py.
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

FIXED = dt.datetime(2026, 12, 4, 14, 20, 0)
ZIP_DATE = (2026, 12, 4, 14, 20, 0)
CORE_STAMP = "2026-12-04T14:20:00Z"

# =========================================================================== DOCX

DOC_TITLE = "Ringers' Handbook"
DOC_CONTROL = [
    ("Document", "Ottercombe Guild of Bellringers: ringers' handbook"),
    ("Version", "2.4, October 2026"),
    ("Owner", "Jacoba Thorogood-Mbeki, Guild Secretary"),
    ("Next review", "October 2027"),
]
DOC_SECTIONS = [
    (
        "1. About the guild",
        [
            "The Ottercombe Guild of Bellringers has 142 members who ring at the six towers of "
            "the Otter valley. New ringers are taught on Monday evenings at St Petroc's, "
            "Ottercombe, where the bells can be silenced with a simulator so that neighbours "
            "are not disturbed.",
            "Membership costs £15 a year for adults and £5 for ringers under 18, due on "
            "1 January. Members are insured by the guild while ringing at any of its towers.",
        ],
    ),
    (
        "2. Learning to ring",
        [
            "A new ringer has six one-to-one lessons on handling a bell before joining a "
            "practice. Learners must be at least 11 years old and tall enough to reach the "
            "sally with both hands.",
            "Our ringing master, Barnabas Quennell-Oduya, keeps a record of each learner's "
            "progress and signs them off for call changes and then for plain hunt.",
        ],
    ),
    (
        "3. Safety in the tower",
        [
            "Never leave a bell up and unattended, and always stand a bell before leaving the "
            "ringing chamber. Only the tower captain may go into the bell chamber, and only "
            "when every bell is down.",
            "Ladders to the clock room must be climbed with two hands free; bags and coats stay "
            "at the foot of the stairs.",
        ],
    ),
    (
        "4. Our towers",
        [
            "Each tower has a captain who arranges its practice night and its Sunday service "
            "ringing. Visiting ringers are welcome at any practice; please e-mail the captain "
            "first.",
        ],
    ),
    (
        "5. Quarter peals and outings",
        [
            "The guild rings about 20 quarter peals a year; a quarter peal takes about 45 "
            "minutes. The annual striking competition is held on the second Saturday in June, "
            "and the winning band holds the Holloway Shield for a year.",
            "The summer outing visits towers outside the valley by coach; the tower fund pays "
            "half of each ringer's coach fare.",
        ],
    ),
]
DOC_TOWERS = [
    ("Tower", "Bells", "Tenor", "Practice night", "Tower captain"),
    ("St Petroc, Ottercombe", "8", "14 cwt", "Monday", "Lavinia Ashworth-Kamara"),
    ("St Mary, Culverleigh", "6", "9 cwt", "Wednesday", "Aurelio Brimblecombe"),
    ("All Saints, Hembury Cross", "6", "11 cwt", "Tuesday", "Oona Fairweather-Singh"),
    ("St Sidwell, Yarnstone", "5", "7 cwt", "Thursday", "Wystan Penhaligon"),
    ("Holy Trinity, Otterbridge", "10", "21 cwt", "Friday", "Seraphina Wolstenholme"),
    ("St Gregory, Lupton Moor", "4", "5 cwt", "Tuesday", "Jory Keverne"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Georgia",
        org="Ottercombe Guild of Bellringers",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("4.", "Table 1. The guild's towers, 2026", DOC_TOWERS),
        style="Medium Shading 1 Accent 6",
        bold_keys=True,
        footer="Ottercombe Guild of Bellringers  |  Ringers' Handbook v2.4",
        author="Jacoba Thorogood-Mbeki",
        revision=6,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_VOLS = [  # task, volunteers, hours
    ("Picking", "64", "410"),
    ("Pruning (winter)", "22", "138"),
    ("Juice pressing", "31", "196"),
    ("Mowing and paths", "9", "74"),
    ("Wassail and events", "18", "52"),
]
DECK_VARIETIES = ["Blenheim Orange", "Ribston Pippin", "Ashmead's Kernel", "Katy", "Tom Putt"]
DECK_KG = {  # kg picked by variety
    "2025": [640, 285, 190, 410, 230],
    "2026": [715, 240, 265, 455, 310],
}
DECK_COLORS = ["9DB4C0", "C0392B"]


def make_pptx(out: Path) -> None:
    assert sum(DECK_KG["2026"]) == 1985 and sum(DECK_KG["2025"]) == 1755
    assert sum(int(r[2]) for r in DECK_VOLS) == 870
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Wrenmarsh Community Orchard: 2026 harvest review"
    s.placeholders[
        1
    ].text = "August to October 2026\nLeofric Annan-Whitby, Orchard Coordinator\nMembers' evening, 12 November 2026"
    add_bullets(
        prs,
        "Headlines",
        [
            "1,985 kg of apples picked, up 13% on 2025",
            "1,260 litres of juice pressed",
            "Apple Day on 11 October: 730 visitors",
            "Nine new trees planted in the heritage row",
        ],
        "The new mobile press cost £7,400; £5,000 of it came from the Hazelrigg Village Trust.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Volunteer hours by task, 2026"
    fix_title(s)
    rows = [("Task", "Volunteers", "Hours"), *DECK_VOLS]
    gt = s.shapes.add_table(len(rows), 3, Inches(0.6), Inches(1.6), Inches(8.8), Inches(4.0)).table
    for c, w in enumerate([4.4, 2.2, 2.2]):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(16)
    set_notes(
        s,
        "Our longest picking day was 27 September, when 23 volunteers picked 310 kg before "
        "the rain.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Apples picked by variety"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = DECK_VARIETIES
    for name, vals in DECK_KG.items():
        cd.add_series(name, vals)
    gf = s.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.5), Inches(9.0), Inches(5.7), cd
    )
    ch = gf.chart
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.gap_width = 70
    plot.has_data_labels = True
    plot.data_labels.font.size = PPt(11)
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    for ser, col in zip(plot.series, DECK_COLORS, strict=True):
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = PptxRGB.from_string(col)
        ser.data_labels.show_value = True
        ser.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        ser.data_labels.font.size = PPt(11)
        ser.data_labels.number_format = "#,##0"
        ser.data_labels.number_format_is_linked = False
    set_notes(
        s,
        "A late frost in April cost us most of the Ribston blossom; every other variety did "
        "better than last year.",
    )
    add_bullets(
        prs,
        "Juice and sales",
        [
            "Juice sold at £4.50 a bottle",
            "2,210 bottles sold, most at Apple Day",
            "Cider apples went to Stoke Wenlow Cider",
            "Windfalls given to the city farm's pigs",
        ],
        "Juice sales raised £9,945, which pays the orchard's insurance and the mower's "
        "service, with £3,100 left for new trees.",
    )
    add_bullets(
        prs,
        "Trees planted this year",
        [
            "Heritage row: 9 trees, including 3 Tom Putt",
            "Two perry pear trees by the pond",
            "Rabbit guards on every new tree",
        ],
    )
    add_bullets(
        prs,
        "Next year",
        [
            "Winter pruning days: Saturdays 16 January to 27 February 2027",
            "Wassail: Saturday 16 January 2027, 4 pm",
            "Apple Day 2027: Saturday 9 October",
        ],
        "We plan to build a fruit store in 2027; it will cost about £12,000.",
    )
    save_document(
        prs,
        out,
        title="Wrenmarsh Community Orchard harvest review",
        author="Leofric Annan-Whitby",
        revision=2,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

SESSIONS = [  # date, venue, items brought, fixed, partly fixed, CO2 saved kg, donations £
    (dt.datetime(2026, 1, 17), "Pendlecote Methodist Hall", 38, 24, 6, 312, 146.50),
    (dt.datetime(2026, 2, 21), "Pendlecote Methodist Hall", 44, 29, 5, 371, 172.00),
    (dt.datetime(2026, 3, 21), "Pendlecote Library", 31, 18, 7, 228, 118.20),
    (dt.datetime(2026, 4, 18), "Pendlecote Methodist Hall", 52, 37, 4, 455, 205.80),
    (dt.datetime(2026, 5, 16), "Ropemakers' Green (outdoors)", 27, 19, 3, 196, 96.00),
    (dt.datetime(2026, 6, 20), "Pendlecote Methodist Hall", 46, 30, 8, 389, 181.40),
]
FIXERS = [  # name, skill, sessions, items fixed, tool kit
    ("Gulliver Pembrey", "Electrical", 6, 41, "PAT tester"),
    ("Hyacinth Obi-Saunders", "Sewing and textiles", 5, 33, "Sewing machine"),
    ("Lorcan Dibble", "Bicycles", 4, 19, "Bike stand"),
    ("Isadora Castellanos", "Computers and phones", 6, 28, "Soldering station"),
    ("Ewart Mabbutt", "Furniture and wood", 3, 14, "Clamps and glue"),
]


def make_xlsx(out: Path) -> None:
    assert sum(s[2] for s in SESSIONS) == 238 and sum(s[3] for s in SESSIONS) == 157
    assert sum(s[5] for s in SESSIONS) == 1951
    assert abs(sum(s[6] for s in SESSIONS) - 919.90) < 0.001
    assert sum(f[3] for f in FIXERS) == 135
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="8E8E8E")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="FCE4D6")
    ws = wb.active
    ws.title = "Sessions Jan-Jun"
    ws["A1"] = "Pendlecote Repair Cafe: sessions, January to June 2026"
    ws["A1"].font = Font(bold=True, size=13)
    head = [
        "Date",
        "Venue",
        "Items brought",
        "Fixed",
        "Partly fixed",
        "CO2 saved (kg)",
        "Donations (£)",
    ]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, len(head) + 1), headfill, box)
    for row in SESSIONS:
        ws.append(list(row))
    ws.append(
        [
            "Total",
            "",
            sum(s[2] for s in SESSIONS),
            sum(s[3] for s in SESSIONS),
            sum(s[4] for s in SESSIONS),
            sum(s[5] for s in SESSIONS),
            round(sum(s[6] for s in SESSIONS), 2),
        ]
    )
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, len(head) + 1):
            ws.cell(row=r, column=c).border = box
        ws.cell(row=r, column=1).number_format = "DD/MM/YYYY"
        ws.cell(row=r, column=6).number_format = "#,##0"
        ws.cell(row=r, column=7).number_format = "#,##0.00"
    for c in range(1, len(head) + 1):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFG", (12, 28, 9, 8, 9, 10, 11), strict=True):
        ws.column_dimensions[col].width = w
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Fixers")
    ws2["A1"] = "Volunteer fixers, January to June 2026"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Fixer", "Skill", "Sessions", "Items fixed", "Brings"])
    style_header(ws2, 3, range(1, 6), headfill, box)
    for row in FIXERS:
        ws2.append(list(row))
    ws2.append(["Total", "", "", sum(f[3] for f in FIXERS), ""])
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 6):
            ws2.cell(row=r, column=c).border = box
    for c in range(1, 6):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    ws2.append([])
    ws2.append(["Items fixed counts items fully fixed; 22 more were fixed by visitors themselves."])
    for col, w in zip("ABCDE", (24, 22, 9, 10, 18), strict=True):
        ws2.column_dimensions[col].width = w
    ws2.row_dimensions[3].height = 32
    save_workbook(
        wb, out, author="Isadora Castellanos", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP
    )


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "ottercombe_bellringers_guild_handbook.docx"),
        (make_pptx, "wrenmarsh_community_orchard_2026_harvest.pptx"),
        (make_xlsx, "pendlecote_repair_cafe_2026.xlsx"),
    ]
    return office_main(argv, __doc__, jobs)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
