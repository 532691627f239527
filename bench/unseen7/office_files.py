"""Generate the Office files of the seventh unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  fernlea_community_radio_presenter_guide.docx  a volunteer presenters' guide: headings,
                                    numbered sections, a document-control table and an
                                    "every hour" table (Word built-in "Table Grid" style),
                                    made with python-docx
  castlebeck_animal_rescue_2025_review.pptx  an 8-slide annual review deck: title slide,
                                    bullets, a native table, a native line chart with markers
                                    and data labels, speaker notes, made with python-pptx
  trevaskis_barn_cottages_2025_lettings.xlsx  a two-sheet workbook (lettings by cottage,
                                    running costs) with a title row, number formats and totals
                                    stored as values, made with openpyxl

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

FIXED = dt.datetime(2026, 1, 22, 9, 40, 0)
ZIP_DATE = (2026, 1, 22, 9, 40, 0)
CORE_STAMP = "2026-01-22T09:40:00Z"


# =========================================================================== DOCX

DOC_TITLE = "Presenter Guide: On Air and in the Studio"
DOC_CONTROL = [
    ("Document owner", "Declan Moriarty, Station Manager"),
    ("Version", "3.1"),
    ("Approved by", "Programme committee, 2 October 2025"),
    ("Next review", "October 2026"),
]
DOC_SECTIONS = [
    (
        "1. Purpose",
        [
            "This guide sets out what every volunteer presenter must do before, during and after "
            "a live show on Fernlea Community Radio. It replaces the Studio Rules sheet of 2023.",
        ],
    ),
    (
        "2. Before your show",
        [
            "Arrive at least 20 minutes before your show starts, sign the studio log and check "
            "that the previous presenter has left the desk in automation.",
            "Playlists for music shows must be uploaded to the scheduler by 18:00 on the day "
            "before the show. Guests must be booked with the station manager at least a week "
            "ahead.",
        ],
    ),
    (
        "3. On air",
        [
            "Say the station name and frequency at least twice an hour. Do not play songs with "
            "explicit lyrics before 21:00, even in a radio edit you have not checked.",
            "Phone-in callers must always go to air through the 7-second delay unit, so that the "
            "presenter can cut anything that breaks our rules before it is heard.",
        ],
    ),
    (
        "4. Competitions",
        [
            "Any prize worth more than £50 must be approved by the station manager before the "
            "competition is announced. Winners' addresses are written in the competitions book "
            "and are never read out on air.",
        ],
    ),
    (
        "5. What must go out every hour",
        [
            "The table below lists the items that the station's licence and sponsors require. "
            "Tick each one on the studio log as it goes out.",
        ],
    ),
    (
        "6. If something goes wrong",
        [
            "If there is silence on air for more than 10 seconds, the silence detector starts the "
            "emergency playlist automatically. Do not try to stop it; phone the duty engineer on "
            "07700 900735 and wait for instructions.",
            "If the fire alarm sounds, leave the desk running, go out by the rear fire door and "
            "meet at the bus shelter on Quarry Road.",
        ],
    ),
    (
        "7. Recordings and complaints",
        [
            "Every show is recorded by the logger, which keeps recordings for 42 days. If a "
            "listener complains, tell the station manager the same day so that the recording of "
            "that hour can be kept.",
        ],
    ),
]
DOC_HOURLY = [
    ("Item", "When", "Who"),
    ("Station ident", "Within 2 minutes of the top of the hour", "Presenter"),
    ("Local news bulletin", "On the hour, 07:00 to 18:00", "Newsroom (pre-recorded)"),
    ("Travel and weather", "07:30, 08:30, 16:30 and 17:30", "Presenter"),
    ("Sponsor messages", "No more than 6 minutes in any hour", "Scheduler"),
    ("What's On guide", "20 minutes past the hour, 10:00 to 16:00", "Presenter"),
    ("Public service announcement", "At least one an hour", "Presenter"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Calibri",
        org="Fernlea Community Radio 104.6 FM",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("5.", "Table 1. What must go out every hour", DOC_HOURLY),
        style="Table Grid",
        bold_keys=True,
        footer="Fernlea Community Radio (licence CR000271)  |  Presenter Guide v3.1",
        author="Declan Moriarty",
        revision=4,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_ANIMALS = [  # type, taken in, rehomed, average stay (days), returned
    ("Dogs", "188", "171", "44", "9"),
    ("Cats", "246", "232", "24", "6"),
    ("Rabbits", "82", "76", "35", "2"),
    ("Guinea pigs and small pets", "61", "58", "19", "1"),
    ("Birds", "23", "19", "28", "0"),
    ("Reptiles", "12", "15", "61", "0"),
]
DECK_QUARTERS = {  # animals rehomed, Q1..Q4
    "2024": (118, 142, 155, 121),
    "2025": (127, 149, 168, 127),
}


def make_pptx(out: Path) -> None:
    assert sum(int(a[1]) for a in DECK_ANIMALS) == 612
    assert sum(int(a[2]) for a in DECK_ANIMALS) == 571 == sum(DECK_QUARTERS["2025"])
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "Castlebeck Animal Rescue: 2025 in review"
    s.placeholders[1].text = (
        "January to December 2025\nYasmin Haddad, Centre Manager\n"
        "Trustees' meeting, 21 January 2026"
    )
    s = add_bullets(
        prs,
        "Headlines",
        [
            "612 animals taken in and 571 rehomed",
            "Average stay down from 38 to 31 days",
            "New cattery block opened on 5 May",
            "Foster network grew to 46 homes",
        ],
        "The cattery block was paid for by a legacy of £84,000 from the late Mrs Edna Pryce, who "
        "adopted three cats from us over the years.",
        fix=False,
    )
    fix_title(s)
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Animals by type, 2025"
    fix_title(s)
    rows = [
        ("Animal", "Taken in", "Rehomed", "Average stay (days)", "Returned"),
        *DECK_ANIMALS,
    ]
    gt = s.shapes.add_table(len(rows), 5, Inches(0.5), Inches(1.6), Inches(9.0), Inches(4.6)).table
    widths = [3.0, 1.4, 1.4, 1.8, 1.4]
    for c, w in enumerate(widths):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(14)
    set_notes(
        s,
        "Reptiles stay longest because few adopters have the right heating and lighting, and "
        "three of the fifteen rehomed were taken in during 2024.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Animals rehomed per quarter"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = ["Q1", "Q2", "Q3", "Q4"]
    for name, vals in DECK_QUARTERS.items():
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
    plot.data_labels.font.size = PPt(12)
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.ABOVE
    palette = ["A5A5A5", "C0504D"]
    for ser, col in zip(plot.series, palette, strict=True):
        ser.format.line.color.rgb = PptxRGB.from_string(col)
        ser.format.line.width = PPt(2.5)
        ser.smooth = False
    set_notes(s, "Summer is always our busiest time for adoptions, and this year was no different.")
    s = add_bullets(
        prs,
        "Fundraising",
        [
            "Total income of £1.02 million, up 6% on 2024",
            "£412,000 raised by our four charity shops",
            "Sponsored dog walk (14 September) raised £18,650 for the kennels",
            "Gift Aid claimed on 71% of donations",
        ],
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Volunteers and staff",
        [
            "214 active volunteers",
            "31 paid staff (27 full-time equivalent)",
            "Dog walking rota covers 7 days a week",
            "New volunteer induction every first Saturday",
        ],
        "We still need more foster homes for older dogs, and for cats with young kittens.",
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Plans for 2026",
        [
            "Open a low-cost neutering clinic in April",
            "Replace the collection van",
            "Start a pet food bank at the Norton Edge shop",
            "Rebuild the rabbit runs before the summer",
        ],
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Contact Castlebeck Animal Rescue",
        [
            "Web: castlebeckrescue.example",
            "Phone: 01632 960266 (10:00 to 16:00)",
            "Castlebeck Lane, Norton Edge",
        ],
        fix=False,
    )
    fix_title(s)
    save_document(
        prs,
        out,
        title="Castlebeck Animal Rescue 2025 review",
        author="Yasmin Haddad",
        revision=9,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

LETTINGS = [  # cottage, sleeps, nights available, nights let, nightly rate
    ("The Granary", 2, 340, 262, 118),
    ("The Dairy", 4, 340, 241, 164),
    ("Hayloft", 2, 340, 279, 109),
    ("Shippon", 6, 320, 198, 236),
    ("Wainhouse", 8, 300, 176, 298),
]
COSTS = [  # item, supplier, budget, actual, note
    ("Cleaning and laundry", "Kernow Linen Co", 18500, 19240, "extra changeovers in August"),
    ("Booking agency commission", "Cove & Country Stays", 24000, 22870, "agency bookings only"),
    ("Electricity", "Penwith Power", 9800, 11060, "new heat pumps from April"),
    ("Hot tub servicing", "AquaCare South West", 3200, 3450, "Shippon and Wainhouse"),
    ("Repairs and maintenance", "various", 7500, 6115, ""),
    ("Insurance", "Hamlyn Holiday Insure", 4100, 4100, ""),
    ("Website and photography", "Lensworth Media", 1500, 2350, "new photos in March"),
]


def make_xlsx(out: Path) -> None:
    incomes = [n * r for *_, n, r in LETTINGS]
    assert sum(incomes) == 200027 and sum(x[3] for x in LETTINGS) == 1156
    assert sum(c[2] for c in COSTS) == 68600 and sum(c[3] for c in COSTS) == 69185
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="999999")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="E2EFDA")
    money = "#,##0;[Red]-#,##0"
    ws = wb.active
    ws.title = "Lettings"
    ws["A1"] = "Trevaskis Barn Holiday Cottages: lettings 2025 (final, 10 January 2026)"
    ws["A1"].font = Font(bold=True, size=13)
    head = [
        "Cottage",
        "Sleeps",
        "Nights available",
        "Nights let",
        "Occupancy (%)",
        "Average nightly rate (£)",
        "Income (£)",
    ]
    ws.append([])
    ws.append(head)
    style_header(ws, 3, range(1, 8), headfill, box)
    for name, sleeps, avail, let, rate in LETTINGS:
        ws.append([name, sleeps, avail, let, round(let / avail * 100), rate, let * rate])
    ws.append(
        [
            "Total",
            sum(x[1] for x in LETTINGS),
            sum(x[2] for x in LETTINGS),
            sum(x[3] for x in LETTINGS),
            None,
            None,
            sum(incomes),
        ]
    )
    last = ws.max_row
    for r in range(4, last + 1):
        for c in range(1, 8):
            ws.cell(row=r, column=c).border = box
        for c in (6, 7):
            ws.cell(row=r, column=c).number_format = money
    for c in range(1, 8):
        ws.cell(row=last, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEFG", (18, 8, 10, 10, 11, 13, 12), strict=True):
        ws.column_dimensions[col].width = w
    ws.row_dimensions[3].height = 32
    ws.freeze_panes = "A4"
    ws2 = wb.create_sheet("Costs")
    ws2["A1"] = "Running costs 2025: budget and actual"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Item", "Supplier", "Budget (£)", "Actual (£)", "Variance (£)", "Notes"])
    style_header(ws2, 3, range(1, 7), headfill, box, wrap=False)
    for item, sup, b, a, note in COSTS:
        ws2.append([item, sup, b, a, b - a, note])
    ws2.append(
        [
            "Total",
            "",
            sum(c[2] for c in COSTS),
            sum(c[3] for c in COSTS),
            sum(c[2] - c[3] for c in COSTS),
            "",
        ]
    )
    for r in range(4, ws2.max_row + 1):
        for c in range(1, 7):
            ws2.cell(row=r, column=c).border = box
        for c in (3, 4, 5):
            ws2.cell(row=r, column=c).number_format = money
    for c in range(1, 7):
        ws2.cell(row=ws2.max_row, column=c).font = Font(bold=True)
    for col, w in zip("ABCDEF", (26, 22, 11, 11, 12, 30), strict=True):
        ws2.column_dimensions[col].width = w
    save_workbook(
        wb, out, author="Loveday Trevaskis", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP
    )


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "fernlea_community_radio_presenter_guide.docx"),
        (make_pptx, "castlebeck_animal_rescue_2025_review.pptx"),
        (make_xlsx, "trevaskis_barn_cottages_2025_lettings.xlsx"),
    ]
    return office_main(argv, __doc__, jobs, versions=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
