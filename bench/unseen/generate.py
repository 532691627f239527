"""Generate the made-up files of the unseen evaluation set (called by obtain.sh).

usage: generate.py TARGET_DIR WORK_DIR

Writes, under TARGET_DIR:
  pdf/saltmarsh_ferries_review_2022.pdf  prose + tables in the text layer, raster charts
  chart/palisade_cinemas_scatter.png     a labelled scatter plot (labels only as pixels)
  scan/brightwater_consignment_note.pdf  image-only, skewed, blurred, noisy, 150 dpi
  audio/between_the_shelves_ep12.mp3     two-voice podcast interview (espeak-ng)
  audio/corrin_cross_announcement.wav    a station announcement over background noise
  video/fernhill_cc_season_review.mp4    5 slides with narration
  _truth/*.txt                           the generated text and timelines (for check_qa.py)

All facts are made up. Needs matplotlib, numpy and Pillow, plus espeak-ng, sox, ffmpeg and
img2pdf on the PATH. Output is repeatable on one machine (fixed seeds, no timestamps).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from PIL import Image, ImageFilter

plt.rcParams.update(
    {
        "pdf.fonttype": 42,
        "font.family": "DejaVu Sans",
        "svg.hashsalt": "unseen",
        "path.simplify": False,
    }
)
PNG_META = {"Software": None}
PDF_META = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None}


def run(cmd: list[str]) -> None:
    """Run a command, failing loudly."""
    subprocess.run(cmd, check=True)


def write_truth(work_truth: Path, name: str, text: str) -> None:
    """Keep the generated text so the checker can verify answers against it."""
    work_truth.mkdir(parents=True, exist_ok=True)
    (work_truth / name).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- ferry report

FERRY_P1 = [
    ("h", "Saltmarsh Sound Ferry Company"),
    ("h2", "Operations Review 2022"),
    (
        "p",
        "The Saltmarsh Sound Ferry Company runs four routes across the sound from its home "
        "base at Gannet Quay. In 2022 our vessels carried 1,284,600 passengers, 9.4 percent "
        "more than in 2021, and completed 16,785 scheduled sailings.",
    ),
    (
        "p",
        "The year's main event was the arrival of MV Curlew. Built by the Hollis Yard in "
        "Aberdour, she entered service on 14 June 2022 on the Merrow Isle crossing and "
        "replaced MV Petrel, which was sold to an operator in the Faroe Islands.",
    ),
    (
        "p",
        "All four vessels now run on hydrotreated vegetable oil blended with marine diesel. "
        "Fuel burned per crossing hour fell by 12 percent compared with 2021, and the "
        "harbour authority awarded the company its Clean Waters pennant in October.",
    ),
    (
        "p",
        "Weather was kinder than in 2021, but gales in February forced the cancellation of "
        "37 sailings, most of them on the exposed Eastfield Pier route. Passengers holding "
        "tickets for a cancelled sailing were rebooked free of charge or refunded in full.",
    ),
    (
        "p",
        "Fares were frozen for the second year running. Island residents with a Sound Card "
        "pay half the adult fare, and children under five travel free. From March 2023 the "
        "Sound Card will also cover bicycles.",
    ),
    (
        "p",
        "Operations director Tobias Renwick-Ansah thanked the 148 crew and shore staff, and "
        "noted that the company recorded no lost-time injuries for the third year in a row.",
    ),
]

ROUTES = [
    ("Gannet Quay - Merrow Isle", "25", "6,210", "512,400", "96.1"),
    ("Gannet Quay - Larch Point", "40", "3,480", "298,750", "93.4"),
    ("Merrow Isle - Skerrin", "15", "4,905", "201,300", "97.8"),
    ("Gannet Quay - Eastfield Pier", "55", "2,190", "272,150", "89.7"),
]
FLEET = [
    ("MV Curlew", "2022", "320", "46", "Merrow Isle"),
    ("MV Dunlin", "2009", "250", "32", "Larch Point"),
    ("MV Sanderling", "1998", "180", "20", "Skerrin"),
    ("MV Whimbrel", "2004", "300", "40", "Eastfield Pier"),
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PASSENGERS_K = [61.2, 48.7, 70.4, 96.3, 112.8, 131.5, 168.9, 174.2, 128.6, 104.1, 97.3, 90.6]
COMPLAINTS = [
    ("Late departures", 142),
    ("Booking website", 97),
    ("Onboard catering", 64),
    ("Car deck loading", 51),
    ("Cleanliness", 23),
]
DELAY_MIN = [4.1, 7.8, 3.6, 2.9, 2.2, 3.4, 5.9, 6.3, 3.1, 2.7, 4.4, 5.2]
CHANNELS = [("Online", 58), ("Terminal kiosk", 21), ("Onboard", 13), ("Telephone", 8)]


def chart_array(fig: plt.Figure) -> np.ndarray:
    """Rasterise a chart figure to an RGB array (so its labels exist only as pixels)."""
    fig.tight_layout()
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    plt.close(fig)
    return rgba[:, :, :3].copy()


def ferry_charts() -> list[np.ndarray]:
    """The four report charts as RGB arrays."""
    arrays = []
    fig, ax = plt.subplots(figsize=(8, 4.2), dpi=150)
    bars = ax.bar(MONTHS, PASSENGERS_K, color="#2e7d6b")
    ax.bar_label(bars, labels=[f"{v:.1f}" for v in PASSENGERS_K], fontsize=8, padding=2)
    ax.set_title("Passengers carried per month, 2022 (thousands)", fontsize=12, weight="bold")
    ax.set_ylim(0, 200)
    ax.spines[["top", "right"]].set_visible(False)
    arrays.append(chart_array(fig))

    fig, ax = plt.subplots(figsize=(8, 3.8), dpi=150)
    names = [c[0] for c in COMPLAINTS][::-1]
    vals = [c[1] for c in COMPLAINTS][::-1]
    hb = ax.barh(names, vals, color="#c77d2e")
    ax.bar_label(hb, padding=3, fontsize=9)
    ax.set_title("Customer complaints by category, 2022", fontsize=12, weight="bold")
    ax.set_xlim(0, 170)
    ax.spines[["top", "right"]].set_visible(False)
    arrays.append(chart_array(fig))

    fig, ax = plt.subplots(figsize=(8, 3.8), dpi=150)
    ax.plot(MONTHS, DELAY_MIN, marker="o", color="#3b5ba5", linewidth=2)
    ax.set_title("Average departure delay per month, 2022", fontsize=12, weight="bold")
    ax.set_ylabel("minutes")
    ax.set_ylim(0, 10)
    ax.grid(axis="y", color="#dddddd")
    ax.annotate(
        "Storm Ingrid, 9-11 Feb",
        xy=(1, 7.8),
        xytext=(3.2, 8.9),
        arrowprops={"arrowstyle": "->", "color": "#444444"},
        fontsize=9,
    )
    ax.spines[["top", "right"]].set_visible(False)
    arrays.append(chart_array(fig))

    fig, ax = plt.subplots(figsize=(6, 4.2), dpi=150)
    colors = ["#3b5ba5", "#6fa8dc", "#f1c232", "#cc4125"]
    ax.pie(
        [c[1] for c in CHANNELS],
        labels=[f"{name} {share}%" for name, share in CHANNELS],
        colors=colors,
        startangle=90,
        counterclock=False,
        wedgeprops={"edgecolor": "white"},
        textprops={"fontsize": 10},
    )
    ax.set_title("Ticket sales by channel, 2022", fontsize=12, weight="bold")
    arrays.append(chart_array(fig))
    return arrays


class PageWriter:
    """Top-down text placement on a US-letter matplotlib figure (text stays a text layer)."""

    def __init__(self, pdf: PdfPages, page_no: int, pages: int) -> None:
        self.pdf = pdf
        self.fig = plt.figure(figsize=(8.5, 11))
        self.y = 0.93
        self.lines: list[str] = []
        footer = (
            f"Saltmarsh Sound Ferry Company - Operations Review 2022 - page {page_no} of {pages}"
        )
        self.fig.text(0.08, 0.035, footer, fontsize=7.5, color="#555555")

    def heading(self, text: str, size: float = 18) -> None:
        self.fig.text(0.08, self.y, text, fontsize=size, weight="bold")
        self.lines.append(text)
        self.y -= size / 11 * 0.022 + 0.012

    def para(self, text: str, width: int = 92) -> None:
        import textwrap

        for line in textwrap.wrap(text, width):
            self.fig.text(0.08, self.y, line, fontsize=10)
            self.y -= 0.0185
        self.lines.append(text)
        self.y -= 0.012

    def table(
        self, caption: str, header: list[str], rows: list[tuple[str, ...]], xs: list[float]
    ) -> None:
        self.fig.text(0.08, self.y, caption, fontsize=10.5, weight="bold")
        self.lines.append(caption)
        self.y -= 0.03
        for r, row in enumerate([tuple(header), *rows]):
            for x, cell in zip(xs, row, strict=True):
                self.fig.text(x, self.y, cell, fontsize=9.5, weight="bold" if r == 0 else "normal")
            self.lines.append(" | ".join(row))
            if r == 0:
                self.fig.add_artist(
                    plt.Line2D([0.08, 0.92], [self.y - 0.007] * 2, color="#333333", linewidth=0.6)
                )
            self.y -= 0.024
        self.y -= 0.02

    def image(self, rgb: np.ndarray, height: float, caption: str) -> None:
        h, w = rgb.shape[:2]
        width = height * (w / h) * (11 / 8.5)
        width = min(width, 0.84)
        left = 0.5 - width / 2
        ax = self.fig.add_axes((left, self.y - height, width, height))
        ax.imshow(rgb, interpolation="nearest", aspect="auto")
        ax.axis("off")
        self.y -= height + 0.025
        self.fig.text(0.08, self.y, caption, fontsize=9, style="italic")
        self.lines.append(caption)
        self.y -= 0.035

    def close(self) -> str:
        self.pdf.savefig(self.fig)
        plt.close(self.fig)
        return "\n".join(self.lines)


def make_ferry_report(out: Path, truth: Path) -> None:
    """The 4-page report: prose (p1), tables (p2), raster charts (p3-4)."""
    charts = ferry_charts()
    pages_text = []
    with PdfPages(out, metadata=PDF_META) as pdf:
        pw = PageWriter(pdf, 1, 4)
        for kind, text in FERRY_P1:
            if kind == "h":
                pw.heading(text, 20)
            elif kind == "h2":
                pw.heading(text, 14)
            else:
                pw.para(text)
        pages_text.append(pw.close())

        pw = PageWriter(pdf, 2, 4)
        pw.heading("Routes and fleet", 14)
        pw.para(
            "Table 1 lists each route with its scheduled crossing time, the sailings "
            "operated and the share of departures within five minutes of the timetable."
        )
        pw.table(
            "Table 1. Route performance, 2022",
            ["Route", "Crossing (min)", "Sailings", "Passengers", "On time (%)"],
            ROUTES,
            [0.08, 0.43, 0.58, 0.70, 0.83],
        )
        pw.para("Table 2 shows the vessels in service at the end of the year.")
        pw.table(
            "Table 2. Fleet at 31 December 2022",
            ["Vessel", "Built", "Passenger capacity", "Cars", "Usual route"],
            FLEET,
            [0.08, 0.30, 0.42, 0.62, 0.72],
        )
        pages_text.append(pw.close())

        pw = PageWriter(pdf, 3, 4)
        pw.heading("Traffic and customers", 14)
        pw.image(charts[0], 0.36, "Figure 1. Monthly traffic.")
        pw.image(charts[1], 0.33, "Figure 2. Complaints received.")
        pages_text.append(pw.close())

        pw = PageWriter(pdf, 4, 4)
        pw.heading("Punctuality and sales", 14)
        pw.image(charts[2], 0.33, "Figure 3. Punctuality.")
        pw.image(charts[3], 0.38, "Figure 4. Sales channels.")
        pages_text.append(pw.close())

    chart_text = [
        "Passengers carried per month, 2022 (thousands) "
        + " ".join(f"{m} {v:.1f}" for m, v in zip(MONTHS, PASSENGERS_K, strict=True)),
        "Customer complaints by category, 2022 " + " ".join(f"{n} {v}" for n, v in COMPLAINTS),
        "Average departure delay per month, 2022 minutes Storm Ingrid, 9-11 Feb "
        + " ".join(f"{m} {v}" for m, v in zip(MONTHS, DELAY_MIN, strict=True)),
        "Ticket sales by channel, 2022 " + " ".join(f"{n} {s}%" for n, s in CHANNELS),
    ]
    for i, text in enumerate(pages_text, 1):
        extra = ""
        if i == 3:
            extra = "\n[pixels]\n" + "\n".join(chart_text[:2])
        if i == 4:
            extra = "\n[pixels]\n" + "\n".join(chart_text[2:])
        write_truth(truth, f"saltmarsh_ferries_review_2022.p{i}.txt", text + extra + "\n")


# --------------------------------------------------------------------------- scatter PNG

CINEMAS = [
    ("Harrowgate", 410, 1940),
    ("Quayside", 620, 2310),
    ("Old Mill", 180, 860),
    ("Beacon Hill", 350, 1420),
    ("Northgate", 520, 1180),
    ("Riverside", 760, 3050),
    ("Linden Park", 240, 1390),
    ("Market Cross", 300, 990),
]


def make_scatter(out: Path, truth: Path) -> None:
    """Seats vs weekly admissions per cinema, each point labelled with name and admissions."""
    fig, ax = plt.subplots(figsize=(9, 6), dpi=110)
    xs = [c[1] for c in CINEMAS]
    ys = [c[2] for c in CINEMAS]
    ax.scatter(xs, ys, s=60, color="#8e3b8e", zorder=3)
    for name, x, y in CINEMAS:
        left = name == "Linden Park"  # keep its label clear of Beacon Hill's
        ax.annotate(
            f"{name} ({y:,})",
            (x, y),
            xytext=(-8, 6) if left else (6, 6),
            textcoords="offset points",
            ha="right" if left else "left",
            fontsize=9,
        )
    ax.set_xlabel("Seats (all screens)")
    ax.set_ylabel("Average weekly admissions")
    ax.set_xlim(100, 900)
    ax.set_ylim(500, 3400)
    ax.grid(color="#e5e5e5", zorder=0)
    ax.set_title("Palisade Cinemas: seats vs weekly admissions, 2023", fontsize=13, weight="bold")
    fig.tight_layout()
    fig.savefig(out, metadata=PNG_META)
    plt.close(fig)
    lines = [f"{n} seats {x} admissions {y:,} ({y})" for n, x, y in CINEMAS]
    write_truth(
        truth,
        "palisade_cinemas_scatter.txt",
        "Palisade Cinemas: seats vs weekly admissions, 2023\nSeats (all screens)\n"
        "Average weekly admissions\n" + "\n".join(lines) + "\n",
    )


# --------------------------------------------------------------------------- scanned note

NOTE_LINES = [
    ("title", "BRIGHTWATER FREIGHT FORWARDERS"),
    ("sub", "Consignment Note  No. BF-20731"),
    ("text", "Date of collection: 9 March 2023"),
    ("text", "Shipper: Orla Fennimore Ceramics, Unit 4, Kiln Lane, Stourwick"),
    ("text", "Consignee: The Gilded Teapot, 18 Harbour Row, Penmarrow"),
    ("text", "Carrier: Vantage Haulage Ltd    Vehicle: KX19 TRB"),
    ("gap", ""),
    ("head", "Description of goods              Packages     Weight (kg)"),
    ("row", "Stoneware mugs, boxed                    12            86.4"),
    ("row", "Serving platters                          5            41.0"),
    ("row", "Glazed floor tiles, palletised            2           388.5"),
    ("row", "TOTAL                                    19           515.9"),
    ("gap", ""),
    ("text", "Special instructions: FRAGILE - do not stack pallets more than two high."),
    ("text", "Delivery window: 08:00 to 12:00, goods entrance on Net Loft Lane."),
    ("text", "Charges: carriage paid by shipper."),
    ("gap", ""),
    ("text", "Received in good order by: M. Penhallow      Signature: ______________"),
]


def make_note_scan(out: Path, work: Path, truth: Path) -> None:
    """A one-page consignment note, 'scanned': 150 dpi grey JPEG, skewed, blurred, noisy."""
    fig = plt.figure(figsize=(8.27, 11.69), dpi=150)
    y = 0.93
    for kind, text in NOTE_LINES:
        if kind == "title":
            fig.text(0.1, y, text, fontsize=17, weight="bold", family="DejaVu Serif")
            y -= 0.035
        elif kind == "sub":
            fig.text(0.1, y, text, fontsize=13, family="DejaVu Serif")
            y -= 0.045
        elif kind == "gap":
            y -= 0.02
        else:
            weight = "bold" if kind == "head" else "normal"
            fig.text(0.1, y, text, fontsize=10.5, family="DejaVu Sans Mono", weight=weight)
            y -= 0.028
    fig.add_artist(plt.Rectangle((0.07, y - 0.01), 0.86, 0.975 - y, fill=False, linewidth=1.2))
    png = work / "note.png"
    fig.savefig(png, metadata=PNG_META)
    plt.close(fig)
    img = Image.open(png).convert("L")
    img = img.rotate(-2.3, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=235)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    rng = np.random.default_rng(20731)
    arr = np.asarray(img, dtype=np.float32)
    arr = arr * 0.88 + 20 + rng.normal(0, 8, arr.shape)  # grey paper, sensor noise
    speckle = rng.random(arr.shape) < 0.0015
    arr[speckle] = 40
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    jpg = work / "note.jpg"
    img.save(jpg, quality=55, dpi=(150, 150))
    run(["img2pdf", "--nodate", "--engine", "internal", "-o", str(out), str(jpg)])
    write_truth(
        truth, "brightwater_consignment_note.p1.txt", "\n".join(t for _, t in NOTE_LINES) + "\n"
    )


# --------------------------------------------------------------------------- audio

PODCAST = [
    (
        "host",
        "Welcome to Between the Shelves, episode twelve. I'm Dana Whitlock, and today "
        "I'm talking with Rupert Ashdown, who owns the Quill and Lantern bookshop in Fenwick.",
    ),
    (
        "guest",
        "Thanks for having me, Dana. We opened in nineteen ninety-eight, in what used "
        "to be a bakery on Mill Street. You can still see the old bread ovens in the back room.",
    ),
    ("host", "How many books do you keep on the shelves these days?"),
    ("guest", "About fourteen thousand titles. Roughly a third of them are second hand."),
    ("host", "What sold best for you last year?"),
    (
        "guest",
        "A local history of the Fenwick canal. We sold six hundred and forty copies, "
        "which is remarkable for a small shop.",
    ),
    ("host", "And I hear you have a reading group."),
    (
        "guest",
        "Yes, it meets on the first Tuesday of every month. In April we are reading "
        "Middlemarch, which should keep everyone busy.",
    ),
    ("host", "Customers on social media keep asking about the cat."),
    ("guest", "That's Marmalade. She sleeps in the poetry section and ignores everybody."),
    ("host", "You also deliver books, don't you?"),
    (
        "guest",
        "Since twenty twenty we deliver within three miles by cargo bike, free of "
        "charge for orders over twenty pounds.",
    ),
    (
        "host",
        "Rupert Ashdown, thank you. Next week my guest is the illustrator Priya "
        "Castellane. Until then, happy reading.",
    ),
]
VOICES = {"host": ("en-us+f3", "155", "52"), "guest": ("en-gb+m3", "142", "38")}

ANNOUNCEMENT = [
    "Attention please, this is an announcement for passengers at Corrin Cross.",
    "The eleven forty-five service to Ashby Vale is delayed by approximately twenty "
    "minutes, because of a signal fault near Tarrow Junction.",
    "This train will now depart from platform seven, not platform three.",
    "Passengers for Dunmore should change at Helm Road.",
    "Please note that the buffet car is closed on this service today. "
    "We apologise for the delay to your journey.",
]


def seconds(path: Path) -> float:
    """Duration of an audio file in seconds (soxi)."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def make_podcast(out: Path, work: Path, truth: Path) -> None:
    """Two espeak-ng voices taking turns, 0.6 s between turns, 22.05 kHz mono mp3."""
    parts: list[str] = []
    t = 1.0
    lines = []
    silence = work / "pod_gap.wav"
    lead = work / "pod_lead.wav"
    run(["sox", "-R", "-n", "-r", "22050", "-c", "1", "-b", "16", str(silence), "trim", "0", "0.6"])
    run(["sox", "-R", "-n", "-r", "22050", "-c", "1", "-b", "16", str(lead), "trim", "0", "1.0"])
    parts.append(str(lead))
    for i, (who, text) in enumerate(PODCAST):
        voice, speed, pitch = VOICES[who]
        raw = work / f"pod_{i:02d}_raw.wav"
        wav = work / f"pod_{i:02d}.wav"
        run(["espeak-ng", "-v", voice, "-s", speed, "-p", pitch, "-w", str(raw), text])
        run(["sox", "-R", str(raw), "-r", "22050", "-c", "1", "-b", "16", str(wav)])
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\t{who}\t{text}")
        parts.extend([str(wav), str(silence)])
        t += d + 0.6
    joined = work / "podcast.wav"
    run(["sox", "-R", *parts, str(joined)])
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(joined),
            "-c:a",
            "libmp3lame",
            "-b:a",
            "48k",
            "-ac",
            "1",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            str(out),
        ]
    )
    write_truth(truth, "between_the_shelves_ep12.tsv", "\n".join(lines) + "\n")


def make_announcement(out: Path, work: Path, truth: Path) -> None:
    """One faster voice with 0.9 s pauses, mixed with quiet brown noise and a chime."""
    parts: list[str] = []
    lines = []
    gap = work / "ann_gap.wav"
    run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(gap), "trim", "0", "0.9"])
    chime = work / "ann_chime.wav"
    run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            str(chime),
            "synth",
            "0.35",
            "sine",
            "880",
            "synth",
            "0.35",
            "sine",
            "mix",
            "660",
            "fade",
            "0",
            "0.35",
            "0.2",
            "vol",
            "0.4",
            "pad",
            "0",
            "0.5",
        ]
    )
    parts.append(str(chime))
    t = seconds(chime)
    for i, text in enumerate(ANNOUNCEMENT):
        raw = work / f"ann_{i}_raw.wav"
        wav = work / f"ann_{i}.wav"
        run(["espeak-ng", "-v", "en-gb-scotland+m2", "-s", "170", "-p", "45", "-w", str(raw), text])
        run(["sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)])
        d = seconds(wav)
        lines.append(f"{t:.2f}\t{t + d:.2f}\tannouncer\t{text}")
        parts.extend([str(wav), str(gap)])
        t += d + 0.9
    speech = work / "ann_speech.wav"
    run(["sox", "-R", *parts, str(speech)])
    total = seconds(speech)
    noise = work / "ann_noise.wav"
    run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            str(noise),
            "synth",
            f"{total:.3f}",
            "brownnoise",
            "vol",
            "0.06",
        ]
    )
    run(["sox", "-R", "-m", str(speech), str(noise), "-b", "16", str(out)])
    write_truth(truth, "corrin_cross_announcement.tsv", "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- video

SLIDE_S = 12.0
RIDES = [
    ("Spring Classic", "104 km", "86"),
    ("Coast Loop", "67 km", "142"),
    ("Hill Climb", "23 km", "39"),
]
VOLUNTEER = [
    ("Marshalling", 310),
    ("Coaching", 245),
    ("Bike maintenance", 120),
    ("Event catering", 85),
]
NARRATION = [
    "Welcome to the Fernhill Cycling Club season review. This year the club grew to two "
    "hundred and twelve members.",
    "Our busiest ride was the Coast Loop. Heavy rain cut the Spring Classic short at the "
    "sixty kilometre mark.",
    "Volunteers gave more than seven hundred hours in total. Thank you all.",
    "The annual general meeting will be held on the eighth of February at the Old Forge "
    "community hall.",
    "Thanks for watching, and see you on the road.",
]


def slide_fig() -> plt.Figure:
    fig = plt.figure(figsize=(12.8, 7.2), dpi=100)
    fig.patch.set_facecolor("#10233a")
    return fig


def make_slides(work: Path) -> list[tuple[Path, str]]:
    """Five 1280x720 slides; returns (png, on-screen text) pairs."""
    fg, accent = "#f4f1e8", "#f2b33d"
    slides = []

    fig = slide_fig()
    fig.text(0.07, 0.62, "Fernhill Cycling Club", fontsize=44, color=fg, weight="bold")
    fig.text(0.07, 0.51, "2023 Season Review", fontsize=34, color=accent)
    fig.text(0.07, 0.36, "Presented by club captain Ines Varga", fontsize=22, color=fg)
    slides.append(
        (fig, "Fernhill Cycling Club\n2023 Season Review\nPresented by club captain Ines Varga")
    )

    fig = slide_fig()
    fig.text(0.07, 0.84, "Club rides in 2023", fontsize=36, color=accent, weight="bold")
    cols = [0.09, 0.45, 0.68]
    for j, head in enumerate(["Ride", "Distance", "Riders"]):
        fig.text(cols[j], 0.68, head, fontsize=26, color=accent)
    fig.add_artist(plt.Line2D([0.08, 0.85], [0.655, 0.655], color=fg, linewidth=1.5))
    for i, row in enumerate(RIDES):
        for j, cell in enumerate(row):
            fig.text(cols[j], 0.55 - 0.12 * i, cell, fontsize=26, color=fg)
    slides.append(
        (fig, "Club rides in 2023\nRide Distance Riders\n" + "\n".join(" ".join(r) for r in RIDES))
    )

    fig = slide_fig()
    fig.text(0.07, 0.86, "Volunteer hours by activity", fontsize=34, color=accent, weight="bold")
    ax = fig.add_axes((0.3, 0.12, 0.6, 0.65))
    ax.set_facecolor("#10233a")
    names = [v[0] for v in VOLUNTEER][::-1]
    vals = [v[1] for v in VOLUNTEER][::-1]
    bars = ax.barh(names, vals, color=accent)
    ax.bar_label(bars, padding=6, color=fg, fontsize=20)
    ax.set_xlim(0, 380)
    ax.tick_params(colors=fg, labelsize=20)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(fg)
    slides.append(
        (fig, "Volunteer hours by activity\n" + "\n".join(f"{n} {v}" for n, v in VOLUNTEER))
    )

    fig = slide_fig()
    fig.text(0.07, 0.84, "Plans for 2024", fontsize=36, color=accent, weight="bold")
    plans = [
        "New junior section from April",
        "Club kit supplier: Halcyon Apparel",
        "Annual fee rises to £45",
    ]
    for i, line in enumerate(plans):
        fig.text(0.09, 0.64 - 0.13 * i, "•  " + line, fontsize=28, color=fg)
    slides.append((fig, "Plans for 2024\n" + "\n".join(plans)))

    fig = slide_fig()
    fig.text(0.07, 0.6, "Thank you", fontsize=48, color=accent, weight="bold")
    fig.text(0.07, 0.45, "Ride secretary: rides@fernhill-cc.example", fontsize=24, color=fg)
    fig.text(0.07, 0.36, "Photos by Tomasz Wren", fontsize=24, color=fg)
    slides.append(
        (fig, "Thank you\nRide secretary: rides@fernhill-cc.example\nPhotos by Tomasz Wren")
    )

    out = []
    for i, (fig, text) in enumerate(slides, 1):
        png = work / f"slide{i}.png"
        fig.savefig(png, metadata=PNG_META, facecolor=fig.get_facecolor())
        plt.close(fig)
        out.append((png, text))
    return out


def make_video(out: Path, work: Path, truth: Path) -> None:
    """5 slides x 12 s; narration starts 0.5 s into each slide (en-gb+f2 voice)."""
    slides = make_slides(work)
    concat = work / "concat.txt"
    lines = []
    with concat.open("w") as fh:
        for i, ((png, text), narr) in enumerate(zip(slides, NARRATION, strict=True)):
            wav = work / f"narr{i}.wav"
            run(["espeak-ng", "-v", "en-gb+f2", "-s", "150", "-w", str(wav), narr])
            d = seconds(wav)
            if d > SLIDE_S - 1.0:
                raise SystemExit(f"narration {i + 1} too long: {d:.1f} s")
            seg = work / f"seg{i}.mp4"
            run(
                [
                    "ffmpeg",
                    "-nostdin",
                    "-v",
                    "error",
                    "-y",
                    "-loop",
                    "1",
                    "-framerate",
                    "10",
                    "-i",
                    str(png),
                    "-i",
                    str(wav),
                    "-filter_complex",
                    f"[1:a]aresample=44100,adelay=500,apad=whole_dur={SLIDE_S}[a]",
                    "-map",
                    "0:v",
                    "-map",
                    "[a]",
                    "-t",
                    str(SLIDE_S),
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-tune",
                    "stillimage",
                    "-pix_fmt",
                    "yuv420p",
                    "-g",
                    "20",
                    "-threads",
                    "1",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "64k",
                    "-ac",
                    "1",
                    "-fflags",
                    "+bitexact",
                    "-flags:v",
                    "+bitexact",
                    "-flags:a",
                    "+bitexact",
                    str(seg),
                ]
            )
            fh.write(f"file '{seg}'\n")
            t0 = i * SLIDE_S
            flat = text.replace("\n", " / ")
            lines.append(f"{t0:.2f}\t{t0 + SLIDE_S:.2f}\tslide\t{flat}")
            lines.append(f"{t0 + 0.5:.2f}\t{t0 + 0.5 + d:.2f}\tnarration\t{narr}")
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(concat),
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            "-fflags",
            "+bitexact",
            str(out),
        ]
    )
    write_truth(truth, "fernhill_cc_season_review.tsv", "\n".join(lines) + "\n")


def main() -> int:
    """Generate every made-up file into TARGET_DIR."""
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    target, work = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    truth = target / "_truth"
    for sub in ("pdf", "chart", "scan", "audio", "video"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    make_ferry_report(target / "pdf/saltmarsh_ferries_review_2022.pdf", truth)
    make_scatter(target / "chart/palisade_cinemas_scatter.png", truth)
    make_note_scan(target / "scan/brightwater_consignment_note.pdf", work, truth)
    make_podcast(target / "audio/between_the_shelves_ep12.mp3", work, truth)
    make_announcement(target / "audio/corrin_cross_announcement.wav", work, truth)
    make_video(target / "video/fernhill_cc_season_review.mp4", work, truth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
