"""Generate the Office files of the eleventh unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  brindlecombe_chess_club_members_handbook.docx  a chess club's members' handbook: headings, a
                                    document-control table and a six-column team table (Word
                                    built-in "Light List Accent 2" style), made with python-docx
  ashenbrook_lido_2026_season_review.pptx  a 7-slide season review deck: title slide, bullets,
                                    a native table, a native stacked column chart with data
                                    labels (swims per month by ticket group), speaker notes,
                                    made with python-pptx
  quenmoor_market_garden_2026.xlsx  a two-sheet workbook (crops, veg box rounds) with a title
                                    row, number and date formats and totals stored as values,
                                    made with openpyxl

Needs python-docx, python-pptx and openpyxl (the project's .venv has them through
unstructured). All names and facts are made up. Output is repeatable: fixed document
properties, and every zip is rewritten with fixed member dates in a fixed order (the shared
bench/heldout_office.py). The code follows bench/unseen10/office_files.py.
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

FIXED = dt.datetime(2026, 12, 2, 9, 45, 0)
ZIP_DATE = (2026, 12, 2, 9, 45, 0)
CORE_STAMP = "2026-12-02T09:45:00Z"

# =========================================================================== DOCX

DOC_TITLE = "Members' Handbook"
DOC_CONTROL = [
    ("Document", "Brindlecombe Chess Club: members' handbook"),
    ("Version", "3.1, September 2026"),
    ("Owner", "Aurelian Szabo-Whitfield, Club Secretary"),
    ("Next review", "September 2027"),
]
DOC_SECTIONS = [
    (
        "1. Welcome",
        [
            "Brindlecombe Chess Club has 86 members and meets every Tuesday and Thursday from "
            "7 pm to 10.30 pm in the upstairs room of the Brindlecombe Reading Rooms, 22 Weavers Row. "
            "Visitors may come to three club nights before joining.",
            "The annual subscription is £48 for adults, £30 for students and £20 for juniors "
            "under 18. Subscriptions are due on 1 September and include the county association "
            "fee.",
        ],
    ),
    (
        "2. Junior chess",
        [
            "The junior club meets on Saturday mornings from 9.30 to 11.30 during school terms, "
            "for players aged 7 to 16. A parent or carer must stay with children under 10.",
            "Our junior organiser, Florian Mottershead, holds a current safeguarding check, as do "
            "all adults who help at the junior club.",
        ],
    ),
    (
        "3. Playing league games",
        [
            "League games are played at 75 minutes each for the whole game, plus an increment of "
            "15 seconds a move from move one. Players must keep score until the end of the game.",
            "Mobile phones must be switched off and left in a bag during a game; a phone that "
            "rings or is found on a player loses the game. Home teams provide the boards, sets "
            "and clocks.",
        ],
    ),
    (
        "4. Teams",
        [
            "The club enters five teams. Captains pick their teams a week before each match and "
            "post them on the noticeboard; please tell your captain at once if you cannot play.",
        ],
    ),
    (
        "5. Club championship and ratings",
        [
            "The club championship is a seven-round tournament played from January to April, "
            "one round every two weeks. The entry fee is £8, and the winner's name is engraved "
            "on the Pellinore Cup.",
            "All league and championship games are sent for rating each month by our rating "
            "officer, Hesper Calloway-Nunn. The club's lightning tournament is held on the last "
            "Thursday before Christmas.",
        ],
    ),
]
DOC_TEAMS = [
    ("Team", "League", "Division", "Boards", "Captain", "Home night"),
    (
        "Brindlecombe A",
        "Three Valleys League",
        "Division 1",
        "6",
        "Leopold Dunstable-Marr",
        "Tuesday",
    ),
    (
        "Brindlecombe B",
        "Three Valleys League",
        "Division 2",
        "5",
        "Winifred Oyelowo-Blair",
        "Thursday",
    ),
    ("Brindlecombe C", "Three Valleys League", "Division 4", "4", "Crispin Yarrowby", "Thursday"),
    (
        "Brindlecombe Rapid",
        "Marlstone Rapidplay League",
        "Open",
        "4",
        "Ottoline Vanstone",
        "Tuesday",
    ),
    (
        "Brindlecombe Juniors",
        "County Junior League",
        "Under 14",
        "4",
        "Radomir Zelenko",
        "Saturday",
    ),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Cambria",
        org="Brindlecombe Chess Club",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("4.", "Table 1. Club teams, 2026-27 season", DOC_TEAMS),
        style="Light List Accent 2",
        bold_keys=False,
        footer="Brindlecombe Chess Club  |  Members' Handbook v3.1",
        author="Aurelian Szabo-Whitfield",
        revision=4,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_TICKETS = [  # ticket type, swims, price
    ("Adult swim", "29,840", "£6.20"),
    ("Junior (5-16)", "17,310", "£3.40"),
    ("Senior (65+)", "8,920", "£4.60"),
    ("Season ticket swims", "9,640", "£145 a season"),
    ("Under 5", "2,740", "Free"),
]
DECK_MONTHS = ["May", "Jun", "Jul", "Aug", "Sep"]
DECK_SWIMS = {  # swims per month by ticket group (stacked)
    "Adult and senior": [4210, 7380, 10940, 11620, 4610],
    "Junior and under 5": [1530, 3260, 6480, 7150, 1630],
    "Season ticket": [1420, 2150, 2430, 2260, 1380],
}
DECK_COLORS = ["1F6F8B", "F4A259", "8CB369"]


def make_pptx(out: Path) -> None:
    swims = sum(int(r[1].replace(",", "")) for r in DECK_TICKETS)
    assert swims == sum(sum(v) for v in DECK_SWIMS.values()) == 68450, swims
    assert sum(DECK_SWIMS["Adult and senior"]) == 29840 + 8920
    assert sum(DECK_SWIMS["Junior and under 5"]) == 17310 + 2740
    assert sum(DECK_SWIMS["Season ticket"]) == 9640
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Ashenbrook Lido: 2026 summer season review"
    s.placeholders[
        1
    ].text = (
        "May to September 2026\nGwendolyn Asante-Lyle, Lido Manager\nBoard meeting, 21 October 2026"
    )
    add_bullets(
        prs,
        "Headlines",
        [
            "68,450 swims, up 11% on 2025",
            "Solar water heating switched on 9 May",
            "Open 133 days",
            "Average water temperature 22.4 °C",
        ],
        "The solar heating cost £186,000; the largest grant, £120,000, came from the Quintrell "
        "Foundation.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Swims by ticket type, 2026"
    fix_title(s)
    rows = [("Ticket type", "Swims", "Price"), *DECK_TICKETS]
    gt = s.shapes.add_table(len(rows), 3, Inches(0.6), Inches(1.6), Inches(8.8), Inches(4.0)).table
    for c, w in enumerate([4.0, 2.2, 2.6]):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(16)
    set_notes(
        s,
        "We sold 312 season tickets; the early-morning sessions from 6.30 am were full on most "
        "weekdays.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Swims per month"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = DECK_MONTHS
    for name, vals in DECK_SWIMS.items():
        cd.add_series(name, vals)
    gf = s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_STACKED, Inches(0.5), Inches(1.5), Inches(9.0), Inches(5.7), cd
    )
    ch = gf.chart
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.gap_width = 60
    plot.overlap = 100
    plot.has_data_labels = True
    plot.data_labels.font.size = PPt(10)
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    for ser, col in zip(plot.series, DECK_COLORS, strict=True):
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = PptxRGB.from_string(col)
        ser.data_labels.show_value = True  # a series' own labels override the plot's
        ser.data_labels.position = XL_LABEL_POSITION.CENTER
        ser.data_labels.font.size = PPt(10)
        ser.data_labels.number_format = "#,##0"
        ser.data_labels.number_format_is_linked = False
    set_notes(
        s,
        "The school holidays were the busiest weeks; a cold, wet start cut the first weeks' "
        "numbers.",
    )
    add_bullets(
        prs,
        "Staff and safety",
        [
            "38 lifeguards, 22 of them students",
            "14 rescues from the water",
            "212 first-aid cases, most of them grazes",
            "Water tested every 2 hours",
        ],
        "Our longest-serving lifeguard, Horatio Akinyemi-Brook, has now worked 27 summers at "
        "the lido.",
    )
    add_bullets(
        prs,
        "Prices for 2027",
        [
            "Adult swim: £6.60 (was £6.20)",
            "Junior (5-16): £3.60",
            "Season ticket: £155",
            "Family swim (2 adults, 2 juniors): £17",
        ],
    )
    add_bullets(
        prs,
        "Next year",
        [
            "Winter swims on Saturday mornings, 7 November 2026 to 27 March 2027",
            "Lido reopens Saturday 1 May 2027",
            "New sauna cabin from June 2027",
        ],
        "The sauna cabin will cost £94,000; we have raised £61,500 so far.",
    )
    save_document(
        prs,
        out,
        title="Ashenbrook Lido season review",
        author="Gwendolyn Asante-Lyle",
        revision=3,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

CROPS = [  # crop, variety, beds, sown, first picked, yield kg, price £/kg
    ("Tomatoes", "Sungold", 6, dt.datetime(2026, 3, 2), dt.datetime(2026, 7, 6), 1840, 6.40),
    (
        "Courgettes",
        "Tromboncino",
        4,
        dt.datetime(2026, 4, 20),
        dt.datetime(2026, 6, 22),
        2310,
        3.10,
    ),
    ("Carrots", "Nantes 2", 8, dt.datetime(2026, 3, 30), dt.datetime(2026, 6, 29), 2960, 2.20),
    (
        "Runner beans",
        "Scarlet Emperor",
        5,
        dt.datetime(2026, 5, 11),
        dt.datetime(2026, 7, 20),
        1275,
        5.80,
    ),
    ("Salad leaves", "Mixed", 10, dt.datetime(2026, 2, 16), dt.datetime(2026, 4, 13), 1490, 14.00),
    ("Squash", "Crown Prince", 7, dt.datetime(2026, 5, 4), dt.datetime(2026, 9, 14), 3120, 2.60),
]
ROUNDS = [  # round, day, villages, small boxes, large boxes, driver
    ("Round 1", "Tuesday", "Hethercote and Pilling Cross", 42, 27, "Jethro Kettleby"),
    ("Round 2", "Wednesday", "Upper and Lower Sowden", 35, 31, "Noor Halliwell-Dane"),
    ("Round 3", "Friday", "Quenmoor town", 58, 44, "Jethro Kettleby"),
    ("Farm gate", "Saturday", "Collected at the farm shop", 23, 12, "-"),
]


def make_xlsx(out: Path) -> None:
    assert sum(c[5] for c in CROPS) == 12995
    values = [round(c[5] * c[6], 2) for c in CROPS]
    assert abs(sum(values) - 61816.0) < 0.001, sum(values)
    assert sum(r[3] for r in ROUNDS) == 158 and sum(r[4] for r in ROUNDS) == 114
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="8E8E8E")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="DDEBD3")
    ws = wb.active
    ws.title = "Crops 2026"
    ws["A1"] = "Quenmoor Market Garden: main crops, 2026"
    ws["A1"].font = Font(bold=True, size=13)
    head = [
        "Crop",
        "Variety",
        "Beds",
        "Sown",
        "First picked",
        "Yield (kg)",
        "Price (£ per kg)",
        "Value (£)",
    ]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, len(head) + 1), headfill, box)
    for (crop, variety, beds, sown, picked, kg, price), value in zip(CROPS, values, strict=True):
        ws.append([crop, variety, beds, sown, picked, kg, price, value])
    ws.append(
        ["Total", "", sum(c[2] for c in CROPS), None, None, 12995, None, round(sum(values), 2)]
    )
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, len(head) + 1):
            ws.cell(row=r, column=c).border = box
        ws.cell(row=r, column=4).number_format = "DD/MM/YYYY"
        ws.cell(row=r, column=5).number_format = "DD/MM/YYYY"
        ws.cell(row=r, column=6).number_format = "#,##0"
        ws.cell(row=r, column=7).number_format = "0.00"
        ws.cell(row=r, column=8).number_format = "#,##0.00"
    for c in range(1, len(head) + 1):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFGH", (14, 16, 7, 11, 11, 10, 10, 11), strict=True):
        ws.column_dimensions[col].width = w
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Box rounds")
    ws2["A1"] = "Veg box delivery rounds, autumn 2026 (boxes per week)"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Round", "Day", "Villages", "Small boxes", "Large boxes", "Driver"])
    style_header(ws2, 3, range(1, 7), headfill, box)
    for row in ROUNDS:
        ws2.append(list(row))
    ws2.append(["Total", "", "", sum(r[3] for r in ROUNDS), sum(r[4] for r in ROUNDS), ""])
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 7):
            ws2.cell(row=r, column=c).border = box
    for c in range(1, 7):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    ws2.append([])
    ws2.append(["Small box £14.50, large box £22.00; delivery free within 8 miles of the farm."])
    for col, w in zip("ABCDEF", (11, 11, 30, 9, 9, 22), strict=True):
        ws2.column_dimensions[col].width = w
    ws2.row_dimensions[3].height = 32
    save_workbook(
        wb, out, author="Jethro Kettleby", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP
    )


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "brindlecombe_chess_club_members_handbook.docx"),
        (make_pptx, "ashenbrook_lido_2026_season_review.pptx"),
        (make_xlsx, "quenmoor_market_garden_2026.xlsx"),
    ]
    return office_main(argv, __doc__, jobs)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
