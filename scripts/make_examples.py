"""Regenerate the bundled sample documents (run from the repo root with the venv's python).

heronsgate_water_2024.pdf: page 1 prose + a table in the text layer; page 2 a bar chart embedded
as a raster image (its labels exist only as pixels) with a caption in the text layer.
heronsgate_briefing.wav: a short spoken briefing (espeak-ng, when installed).
The facts are made up.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "examples"

PROSE = (
    "Heronsgate Water served 48,250 customers in 2024, up from 46,900 the year before. "
    "The new ultraviolet disinfection unit at the Millbrook plant entered service in June 2024. "
    "Average daily demand was 31.4 megalitres; the summer peak reached 42.7 megalitres on 18 July. "
    "Leakage fell to 14.2 percent of water put into supply after 61 kilometres of mains were renewed."
)
TABLE = [
    ["Reservoir", "Capacity (ML)", "Lowest level", "Month of low"],
    ["Ashcombe", "5,200", "58%", "August"],
    ["Brackenfold", "3,150", "49%", "September"],
    ["Colley Moor", "1,870", "62%", "August"],
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COMPLAINTS = [41, 37, 33, 29, 26, 35, 58, 64, 47, 31, 28, 30]


def chart_png() -> bytes:
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=150)
    ax.bar(MONTHS, COMPLAINTS, color="#3b7dd8")
    for x, y in zip(MONTHS, COMPLAINTS, strict=True):
        ax.text(x, y + 1, str(y), ha="center", fontsize=8)
    ax.set_title("Taste and odour complaints per month, 2024")
    ax.set_ylabel("complaints")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def make_pdf(path: Path) -> None:
    with PdfPages(path) as pdf:
        fig = plt.figure(figsize=(8.27, 11.69))
        fig.text(0.08, 0.94, "Heronsgate Water - Annual Summary 2024", fontsize=18, weight="bold")
        fig.text(0.08, 0.90, "1. Overview", fontsize=13, weight="bold")
        words, lines, line = PROSE.split(), [], ""
        for word in words:
            if len(line) + len(word) > 85:
                lines.append(line)
                line = ""
            line += word + " "
        lines.append(line)
        for i, text in enumerate(lines):
            fig.text(0.08, 0.87 - i * 0.022, text, fontsize=10)
        fig.text(0.08, 0.70, "2. Reservoir levels", fontsize=13, weight="bold")
        ax = fig.add_axes((0.08, 0.52, 0.84, 0.15))
        ax.axis("off")
        table = ax.table(cellText=TABLE[1:], colLabels=TABLE[0], loc="center", cellLoc="left")
        table.set_fontsize(10)
        fig.text(
            0.08, 0.49, "Table 1: Reservoir capacity and lowest level reached in 2024.", fontsize=9
        )
        pdf.savefig(fig)
        plt.close(fig)

        import numpy as np
        from PIL import Image

        image = np.asarray(Image.open(io.BytesIO(chart_png())).convert("RGB"))
        fig = plt.figure(figsize=(8.27, 11.69))
        fig.text(0.08, 0.94, "3. Customer contacts", fontsize=13, weight="bold")
        ax = fig.add_axes((0.08, 0.55, 0.84, 0.36))
        ax.imshow(image)
        ax.axis("off")
        fig.text(0.08, 0.52, "Figure 1: Complaints about taste and odour by month.", fontsize=9)
        pdf.savefig(fig)
        plt.close(fig)


def make_wav(path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        print("espeak-ng not installed: skipping", path.name)
        return
    speech = (
        "Good morning. This is the Heronsgate operations briefing. "
        "The Brackenfold reservoir is at fifty one percent. "
        "Crews will flush the mains on Station Road next Tuesday. "
        "The standby generator at Millbrook passed its load test."
    )
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path.with_suffix(".tmp.wav")), speech],
        check=True,
    )
    subprocess.run(
        ["sox", str(path.with_suffix(".tmp.wav")), "-r", "16000", "-c", "1", str(path)],
        check=True,
    )
    path.with_suffix(".tmp.wav").unlink()


if __name__ == "__main__":
    make_pdf(OUT / "heronsgate_water_2024.pdf")
    make_wav(OUT / "heronsgate_briefing.wav")
