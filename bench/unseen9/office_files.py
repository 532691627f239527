"""Generate the Office files of the ninth unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  skerrow_astronomy_society_members_guide.docx  an amateur astronomy society's members' guide:
                                    headings, a document-control table and a telescope-loan
                                    table (Word built-in "Light Grid Accent 1" style), made with
                                    python-docx
  tarnbeck_ice_rink_2025_26_season_review.pptx  a 7-slide season review deck: title slide,
                                    bullets, a native table, a native clustered column chart with
                                    data labels, speaker notes, made with python-pptx
  glenmarr_christmas_tree_farm_2026.xlsx  a two-sheet workbook (stock by variety, weekend sales)
                                    with a title row, number formats and totals stored as values,
                                    made with openpyxl

Needs python-docx, python-pptx and openpyxl (the project's .venv has them through
unstructured). All names and facts are made up. Output is repeatable: fixed document
properties, and every zip is rewritten with fixed member dates in a fixed order (the shared
bench/heldout_office.py). The code follows bench/unseen8/office_files.py.
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

FIXED = dt.datetime(2026, 11, 24, 10, 5, 0)
ZIP_DATE = (2026, 11, 24, 10, 5, 0)
CORE_STAMP = "2026-11-24T10:05:00Z"

# =========================================================================== DOCX

DOC_TITLE = "Members' Guide"
DOC_CONTROL = [
    ("Document", "Skerrow Astronomy Society members' guide"),
    ("Version", "4.1, September 2026"),
    ("Owner", "Leontyne Abercrombie, Membership Secretary"),
    ("Next review", "September 2027"),
]
DOC_SECTIONS = [
    (
        "1. Welcome",
        [
            "Skerrow Astronomy Society has 186 members and runs its own observatory on Crake "
            "Moor, eleven miles from the nearest town, where the sky is dark enough to see the "
            "Milky Way on most clear nights.",
            "Membership costs £36 a year for adults and £12 for members under 18; a family "
            "membership is £54.",
        ],
    ),
    (
        "2. Meetings",
        [
            "Talks are held on the second Wednesday of each month, from September to May, at "
            "7.30 pm in the Skerrow Institute. Visitors may attend two talks before joining.",
            "Observing evenings at the observatory take place every Friday from October to "
            "March when the sky is clear; the decision is posted on the society's group chat by "
            "4 pm.",
        ],
    ),
    (
        "3. The observatory",
        [
            "The observatory's main instrument is a 14-inch Schmidt-Cassegrain telescope in the "
            "roll-off-roof building. Only members who have completed the two-session observatory "
            "induction may open the roof or use it.",
            "The access code for the observatory gate changes on 1 January each year and is sent "
            "to members by e-mail. Please use red torches only on site, and park facing away "
            "from the domes so that headlights do not spoil anyone's eyes.",
        ],
    ),
    (
        "4. Borrowing a telescope",
        [
            "Members may borrow one of the society's telescopes once they have belonged for "
            "three months. Bookings are made with the equipment officer, Rashid Pemberton-Oyelaran.",
            "A refundable deposit is taken for each loan, and a late return costs £5 per day.",
        ],
    ),
    (
        "5. Safety",
        [
            "Never point a telescope or binoculars at the Sun without a certified solar filter "
            "fitted over the front of the instrument. The society's solar telescope may only be "
            "used with a committee member present.",
            "The moor is exposed: bring warm clothes even in summer, and tell someone at home "
            "when you expect to be back.",
        ],
    ),
]
DOC_LOANS = [
    ("Telescope", "Aperture", "Loan period", "Deposit"),
    ("Skywatcher Dobsonian", "200 mm", "4 weeks", "£60"),
    ("Celestron refractor", "102 mm", "4 weeks", "£40"),
    ("Meade Maksutov", "127 mm", "3 weeks", "£50"),
    ("Coronado solar telescope", "40 mm", "1 week", "£100"),
    ("Binoculars 15x70", "70 mm", "6 weeks", "£20"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Cambria",
        org="Skerrow Astronomy Society",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("4.", "Table 1. Telescopes for loan", DOC_LOANS),
        style="Light Grid Accent 1",
        bold_keys=False,
        footer="Skerrow Astronomy Society, Crake Moor Observatory  |  Members' Guide v4.1",
        author="Leontyne Abercrombie",
        revision=4,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_SESSIONS = [  # session type, sessions, skaters, average per session
    ("Public skating", "412", "38,940", "95"),
    ("Skating lessons", "296", "6,512", "22"),
    ("Ice hockey (club hire)", "188", "4,136", "22"),
    ("Figure skating club", "164", "2,788", "17"),
    ("Disco on ice", "48", "7,680", "160"),
    ("Parent and toddler", "96", "1,344", "14"),
]
DECK_SKATERS = {  # skaters per quarter
    "2024-25": [12480, 17310, 16920, 9640],
    "2025-26": [13150, 19870, 18240, 10140],
}
DECK_QUARTERS = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]


def make_pptx(out: Path) -> None:
    skaters = sum(int(r[2].replace(",", "")) for r in DECK_SESSIONS)
    assert skaters == sum(DECK_SKATERS["2025-26"]) == 61400, skaters
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Tarnbeck Ice Rink: season review"
    s.placeholders[
        1
    ].text = (
        "April 2025 to March 2026\nGwendolen Achterley, Rink Manager\nStaff meeting, 21 April 2026"
    )
    add_bullets(
        prs,
        "Headlines",
        [
            "61,400 skaters, up 9% on last season",
            "New ice resurfacer delivered in August",
            "Skate hire: 44,200 pairs",
            "Rink open 340 days",
        ],
        "The rink was closed for 25 days in May and June to replace the refrigeration "
        "compressor, paid for by the Tarnbeck Leisure Trust.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Sessions by type, 2025-26"
    fix_title(s)
    rows = [("Session type", "Sessions", "Skaters", "Average per session"), *DECK_SESSIONS]
    gt = s.shapes.add_table(len(rows), 4, Inches(0.4), Inches(1.6), Inches(9.2), Inches(4.4)).table
    for c, w in enumerate([3.4, 1.7, 1.8, 2.3]):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(14)
    set_notes(
        s,
        "Disco on ice is on Friday and Saturday evenings; it sells out most weeks, so we added "
        "a second Saturday session in January.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Skaters per quarter"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = DECK_QUARTERS
    for name, vals in DECK_SKATERS.items():
        cd.add_series(name, vals)
    gf = s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(1.5), Inches(9.0), Inches(5.7), cd
    )
    ch = gf.chart
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.gap_width = 70
    plot.has_data_labels = True
    plot.data_labels.font.size = PPt(12)
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for ser, col in zip(plot.series, ["A8C5DA", "1D4E89"], strict=True):
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = PptxRGB.from_string(col)
    set_notes(s, "Summer is our busiest quarter: the rink is the only cool place in town in July.")
    add_bullets(
        prs,
        "Staff and volunteers",
        [
            "11 coaches, all with a level 2 coaching licence",
            "Eight new ice marshals trained",
            "First aid on every public session",
            "Average queue for skate hire: 6 minutes",
        ],
        "Special thanks to our head coach, Benedikt Sorensen-Vale, who ran 120 extra lessons.",
    )
    add_bullets(
        prs,
        "Prices from September 2026",
        [
            "Public session: £8.50 (was £8.00)",
            "Skate hire: £3.00, unchanged",
            "Ten-session card: £72",
            "Group lessons: £64 for eight weeks",
        ],
    )
    add_bullets(
        prs,
        "Next season",
        [
            "Learn-to-skate week: 27 to 31 July 2026",
            "Ice show: Saturday 12 December 2026",
            "New changing rooms from October 2026",
        ],
        "The changing rooms will cost £185,000; the council is paying two thirds of it.",
    )
    save_document(
        prs,
        out,
        title="Tarnbeck Ice Rink season review",
        author="Gwendolen Achterley",
        revision=3,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

STOCK = [  # variety, field, planted, ready 2026, sold, height range
    ("Nordmann Fir", "Long Acre", 2018, 1450, 1312, "5-7 ft"),
    ("Norway Spruce", "Top Field", 2019, 820, 641, "4-6 ft"),
    ("Fraser Fir", "Beck Side", 2019, 360, 348, "5-6 ft"),
    ("Blue Spruce", "Beck Side", 2018, 140, 97, "3-5 ft"),
    ("Noble Fir", "Long Acre", 2017, 210, 185, "6-8 ft"),
]
SALES = [  # date, weekend, trees sold, wreaths, takings £, staff
    (dt.datetime(2026, 11, 28), "1st weekend", 412, 86, 24180.00, 9),
    (dt.datetime(2026, 12, 5), "2nd weekend", 735, 131, 42760.50, 12),
    (dt.datetime(2026, 12, 12), "3rd weekend", 682, 118, 39210.00, 12),
    (dt.datetime(2026, 12, 19), "4th weekend", 528, 97, 30455.00, 11),
    (dt.datetime(2026, 12, 22), "Weekdays 21-23 Dec", 226, 44, 12860.00, 6),
]


def make_xlsx(out: Path) -> None:
    assert sum(s[4] for s in STOCK) == sum(s[2] for s in SALES) == 2583
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="8E8E8E")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="E2EFDA")
    ws = wb.active
    ws.title = "Stock 2026"
    ws["A1"] = "Glenmarr Christmas Tree Farm: trees by variety, 2026 season (at 24 December)"
    ws["A1"].font = Font(bold=True, size=13)
    head = ["Variety", "Field", "Year planted", "Ready to cut", "Sold", "Left", "Height range"]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, 8), headfill, box)
    for variety, field, planted, ready, sold, hr in STOCK:
        ws.append([variety, field, planted, ready, sold, ready - sold, hr])
    ready_t, sold_t = sum(s[3] for s in STOCK), sum(s[4] for s in STOCK)
    ws.append(["Total", "", None, ready_t, sold_t, ready_t - sold_t, ""])
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, 8):
            ws.cell(row=r, column=c).border = box
    for c in range(1, 8):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFG", (18, 12, 10, 10, 8, 8, 12), strict=True):
        ws.column_dimensions[col].width = w
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Weekend sales")
    ws2["A1"] = "Sales by weekend, 2026 season"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Date", "Period", "Trees sold", "Wreaths sold", "Takings (£)", "Staff on duty"])
    style_header(ws2, 3, range(1, 7), headfill, box)
    for row in SALES:
        ws2.append(list(row))
    ws2.append(
        [
            "Total",
            "",
            sum(s[2] for s in SALES),
            sum(s[3] for s in SALES),
            round(sum(s[4] for s in SALES), 2),
            None,
        ]
    )
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 7):
            ws2.cell(row=r, column=c).border = box
        ws2.cell(row=r, column=1).number_format = "DD/MM/YYYY"
        ws2.cell(row=r, column=5).number_format = "#,##0.00"
    for c in range(1, 7):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEF", (12, 20, 10, 10, 12, 10), strict=True):
        ws2.column_dimensions[col].width = w
    ws2.row_dimensions[3].height = 32
    save_workbook(
        wb, out, author="Alasdair Fyfe-Kinloch", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP
    )


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "skerrow_astronomy_society_members_guide.docx"),
        (make_pptx, "tarnbeck_ice_rink_2025_26_season_review.pptx"),
        (make_xlsx, "glenmarr_christmas_tree_farm_2026.xlsx"),
    ]
    return office_main(argv, __doc__, jobs)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
