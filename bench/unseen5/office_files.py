"""Generate the Office files of the fifth unseen evaluation set (called by obtain.sh).

usage: office_files.py TARGET_DIR

Writes, under TARGET_DIR/office/:
  harlow_lindqvist_hybrid_working_policy.docx  a staff policy: headings, numbered sections,
                                    a document-control table and an expenses table (Word
                                    built-in "Table Grid" style), made with python-docx
  gresley_college_service_desk_q2_2025.pptx    an 8-slide service review deck: title slide,
                                    bullets, a native table, a native clustered column chart
                                    with data labels, speaker notes, made with python-pptx
  aldbury_soil_symposium_2025_budget.xlsx      a two-sheet workbook (budget lines, ticket
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

FIXED = dt.datetime(2025, 8, 20, 9, 30, 0)
ZIP_DATE = (2025, 8, 20, 9, 30, 0)
CORE_STAMP = "2025-08-20T09:30:00Z"


# =========================================================================== DOCX

DOC_TITLE = "Hybrid Working and Expenses Policy"
DOC_CONTROL = [
    ("Document owner", "Beatrice Monroe, Practice Manager"),
    ("Version", "3.1"),
    ("Approved by", "Partners' meeting, 14 February 2025"),
    ("Next review", "February 2026"),
]
DOC_SECTIONS = [
    (
        "1. Purpose",
        [
            "This policy explains how hybrid working operates at Harlow Lindqvist Architects and "
            "what the practice pays for when you travel or work from home. It replaces version 2.4 "
            "of the Flexible Working Guidelines.",
        ],
    ),
    (
        "2. Who this policy applies to",
        [
            "The policy applies to all employees who have completed their six-month probation "
            "period. It does not apply to contractors or to students on placement, whose "
            "arrangements are set out in their agreements.",
        ],
    ),
    (
        "3. Working pattern",
        [
            "Staff work in the studio at least three days a week. Every Tuesday is a whole-studio "
            "day, when design reviews and the monthly practice meeting take place, and everyone is "
            "expected to be in.",
            "Core hours are 10:00 to 16:00. Outside core hours you may arrange your day with your "
            "project architect, provided the studio is staffed from 09:00 to 17:30.",
            "You may work from abroad for up to 20 working days in a calendar year. Each period "
            "abroad must be approved in advance by a partner, because of tax and insurance rules.",
        ],
    ),
    (
        "4. Equipment and IT",
        [
            "Each hybrid worker is given a laptop, a second monitor and a headset. Equipment "
            "remains the property of the practice and must be returned when you leave. For IT "
            "problems, call the helpdesk on extension 214.",
            "Drawings and client documents must be saved to the practice's document server, never "
            "to a personal device or a personal cloud account.",
        ],
    ),
    (
        "5. Expenses",
        [
            "The practice reimburses the reasonable costs of travelling for work and of working "
            "from home, at the rates in the table below. Travel between home and the studio is "
            "not a business journey.",
        ],
    ),
    (
        "6. Making a claim",
        [
            "Claims are made through the Expensio app and must be submitted within 60 days of the "
            "expense. Claims older than 60 days will not be paid. Any single claim over £500 "
            "needs a partner's approval, whatever the expense type.",
            "Claims approved by the 20th of the month are paid with that month's salary.",
        ],
    ),
    (
        "7. Review",
        [
            "The practice manager will review this policy every year and after any change to HMRC "
            "rates. Please send comments to Beatrice Monroe.",
        ],
    ),
]
DOC_EXPENSES = [
    ("Expense", "Rate or limit", "Receipt needed", "Approved by"),
    ("Car mileage", "42p per mile", "No", "Line manager"),
    ("Bicycle mileage", "20p per mile", "No", "Line manager"),
    ("Rail travel", "Standard class", "Yes", "Line manager"),
    ("Hotel in London", "Up to £180 per night", "Yes", "Partner"),
    ("Hotel elsewhere", "Up to £120 per night", "Yes", "Line manager"),
    ("Evening meal when away", "Up to £30", "Yes", "Line manager"),
    ("Home broadband contribution", "£15 per month", "No", "Paid through payroll"),
    ("Home-office set-up", "One-off £350", "Yes", "Practice manager"),
]


def make_docx(out: Path) -> None:
    write_handbook(
        out,
        font_name="Calibri",
        org="Harlow Lindqvist Architects",
        title=DOC_TITLE,
        control=DOC_CONTROL,
        sections=DOC_SECTIONS,
        table=("5.", "Table 1. Expense rates and approvals", DOC_EXPENSES),
        style="Table Grid",
        bold_keys=True,
        footer="Harlow Lindqvist Architects LLP  |  Hybrid Working and Expenses Policy v3.1",
        author="Beatrice Monroe",
        revision=7,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== PPTX

DECK_CATEGORIES = [  # category, logged, resolved, average hours to resolve, SLA met
    ("Password and account", "2,874", "2,869", "0.6 h", "98%"),
    ("Wi-Fi and network", "1,536", "1,498", "5.2 h", "91%"),
    ("Printing", "1,205", "1,190", "3.8 h", "94%"),
    ("Virtual learning environment", "1,118", "1,087", "7.9 h", "88%"),
    ("Software installation", "1,027", "1,012", "11.4 h", "90%"),
    ("Hardware faults", "964", "921", "26.5 h", "79%"),
    ("Other", "688", "670", "9.0 h", "93%"),
]
DECK_CHANNELS = {  # April, May, June
    "Phone": (1010, 840, 690),
    "Email": (820, 760, 655),
    "Self-service portal": (1205, 1390, 1320),
    "Walk-in desk": (298, 244, 180),
}


def make_pptx(out: Path) -> None:
    assert sum(int(c[1].replace(",", "")) for c in DECK_CATEGORIES) == 9412
    assert sum(sum(v) for v in DECK_CHANNELS.values()) == 9412
    prs = pptx.Presentation()
    title_l, only_title = prs.slide_layouts[0], prs.slide_layouts[5]

    s = prs.slides.add_slide(title_l)
    s.shapes.title.text = "IT Service Desk: Q2 2025 service review"
    subtitle = (
        "April to June 2025\nFarah Nkemelu, Service Desk Manager\nGresley College, 15 July 2025"
    )
    s.placeholders[1].text = subtitle
    s = add_bullets(
        prs,
        "Headlines",
        [
            "9,412 tickets logged, 6% more than in Q1",
            "71% resolved at first contact",
            "Self-service password reset launched on 2 May",
            "Two major incidents (see slide 5)",
        ],
        "The rise in tickets is mostly the start of the summer exam period and the new VLE "
        "course pages.",
        fix=False,
    )
    fix_title(s)
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Tickets by category"
    fix_title(s)
    rows = [
        ("Category", "Logged", "Resolved", "Average time to resolve", "SLA met"),
        *DECK_CATEGORIES,
    ]
    gt = s.shapes.add_table(len(rows), 5, Inches(0.5), Inches(1.6), Inches(9.0), Inches(4.8)).table
    widths = [3.1, 1.3, 1.3, 2.1, 1.2]
    for c, w in enumerate(widths):
        gt.columns[c].width = Inches(w)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = gt.cell(r, c)
            cell.text = val
            cell.text_frame.paragraphs[0].font.size = PPt(14)
    set_notes(
        s,
        "Hardware faults missed the SLA most often because replacement parts took up to "
        "a week to arrive.",
    )
    s = prs.slides.add_slide(only_title)
    s.shapes.title.text = "Tickets by channel"
    fix_title(s)
    cd = CategoryChartData()
    cd.categories = ["April", "May", "June"]
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
    palette = ["1F4E79", "2E75B6", "70AD47", "FFC000"]
    for ser, col in zip(plot.series, palette, strict=True):
        ser.format.fill.solid()
        ser.format.fill.fore_color.rgb = PptxRGB.from_string(col)
    set_notes(s, "Phone tickets fell after the password reset service went live, as intended.")
    s = add_bullets(
        prs,
        "Major incidents",
        [
            "9 April: campus Wi-Fi outage for 3 h 40 min, caused by a failed firmware update "
            "on a core switch",
            "19 June: VLE login failures for 55 minutes after a security certificate expired",
            "Both reviewed at the Change Advisory Board on 24 June",
        ],
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Customer satisfaction",
        [
            "Average score 4.4 out of 5",
            "612 survey responses (6.5% of closed tickets)",
            "Most praised: the walk-in desk and password reset",
        ],
        "The lowest scores were for hardware repairs, where students had to wait for parts. "
        "We are piloting a loan laptop scheme from September.",
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Priorities for Q3",
        [
            "Replace 240 classroom PCs during August",
            "Move student printing to pay-as-you-print from 1 September",
            "Open the walk-in desk until 19:00 on Mondays and Tuesdays",
            "Cut average hardware fix time below 15 hours",
        ],
        fix=False,
    )
    fix_title(s)
    s = add_bullets(
        prs,
        "Contact the Service Desk",
        [
            "Portal: help.gresley.example",
            "Phone: extension 4400 (08:00 to 18:00)",
            "Walk-in desk: Library ground floor",
        ],
        fix=False,
    )
    fix_title(s)
    save_document(
        prs,
        out,
        title="IT Service Desk Q2 2025 review",
        author="Farah Nkemelu",
        revision=12,
        when=FIXED,
        zip_date=ZIP_DATE,
        stamp=CORE_STAMP,
    )


# =========================================================================== XLSX

BUDGET = [  # line, category, supplier, budget, actual, note
    (
        "Venue hire",
        "Venue",
        "Aldbury Conference Centre",
        14500,
        14500,
        "2 days, main hall + 3 breakout rooms",
    ),
    (
        "Catering",
        "Catering",
        "Thyme & Tide Catering",
        18200,
        19640,
        "215 delegates x 2 days; extra vegan option",
    ),
    ("Conference dinner", "Catering", "Aldbury Manor", 9800, 9150, "160 places booked"),
    ("AV and streaming", "Technical", "Clearframe AV", 4600, 5320, "hybrid streaming added"),
    ("Keynote speakers' travel", "Speakers", "various", 3900, 3215, "3 keynotes"),
    ("Printing and badges", "Materials", "Inkwell Print", 1250, 1180, ""),
    ("Student bursaries", "Bursaries", "", 6000, 6000, "20 bursaries of £300"),
    ("Event insurance", "Admin", "Hartfield Mutual", 850, 850, ""),
    ("Contingency", "Admin", "", 2500, 0, "not used"),
]
TICKETS = [  # ticket type, price, sold
    ("Early bird (both days)", 295, 88),
    ("Standard (both days)", 345, 61),
    ("Student (both days)", 150, 42),
    ("One-day ticket", 190, 24),
]


def make_xlsx(out: Path) -> None:
    assert sum(b[3] for b in BUDGET) == 61600 and sum(b[4] for b in BUDGET) == 59855
    assert sum(t[2] for t in TICKETS) == 215 and sum(t[1] * t[2] for t in TICKETS) == 57865
    wb = openpyxl.Workbook()
    thin = Side(style="thin", color="999999")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    headfill = PatternFill("solid", fgColor="DDEBF7")
    money = "#,##0;[Red]-#,##0"
    ws = wb.active
    ws.title = "Budget"
    ws["A1"] = "Aldbury Soil Science Symposium 2025: budget v4 (updated 18 August 2025)"
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
    ws2 = wb.create_sheet("Registrations")
    ws2["A1"] = "Ticket sales at 18 August 2025 (registration closed)"
    ws2["A1"].font = Font(bold=True, size=13)
    ws2.append([])
    ws2.append(["Ticket type", "Price (£)", "Sold", "Income (£)"])
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
    for col, w in zip("ABCD", (26, 11, 9, 12), strict=True):
        ws2.column_dimensions[col].width = w
    save_workbook(
        wb, out, author="Tomasz Wielgosz", when=FIXED, zip_date=ZIP_DATE, stamp=CORE_STAMP
    )


def main(argv: list[str]) -> int:
    """Write the three Office files (see the module docstring)."""
    jobs = [
        (make_docx, "harlow_lindqvist_hybrid_working_policy.docx"),
        (make_pptx, "gresley_college_service_desk_q2_2025.pptx"),
        (make_xlsx, "aldbury_soil_symposium_2025_budget.xlsx"),
    ]
    return office_main(argv, __doc__, jobs, versions=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
