#!/usr/bin/env bash
# Sixth unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose files,
# documents, domains and voices are used by none of the dev corpus and bench/unseen..unseen5.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen6)
#
# One file comes from a Debian package (apt-get download + dpkg-deb -x); the rest are generated
# locally: generate.py (matplotlib/numpy/Pillow/reportlab, espeak-ng, sox, ffmpeg, img2pdf) and
# office_files.py (python-docx, python-pptx, openpyxl). Root/sudo is needed only to apt-get
# install missing tools.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../heldout_obtain.sh
source "$HERE/../heldout_obtain.sh"  # the steps the held-out sets share
heldout_start "$@"

# Versions the QA file was verified against (Debian 12 bookworm).
declare -A VERIFIED=(
  [gnuplot-doc]=5.4.4+dfsg1-2
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/f4' '!v/m4' '!v/f2' '!v/f3')
ESPEAK_VOICES=(en-gb en-us en-gb-x-gbclan en-gb-scotland)
FFMPEG_ENCODERS=()
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/quillan_street_cycles_h1_2025_26_report.pdf
  chart/hazelmere_pta_spending_2024_25.png
  scan/carrow_finch_deposit_return.pdf
  scan/bramblegate_garden_centre_receipt.jpg
  audio/redbrook_canoe_club_coaching_2025-11-12.m4a
  video/larchfield_sourdough_starter_lesson.mp4
  data/kestle_print_studio_orders_2025-10.csv
  mail/oakline_kitchen_installation.eml
  office/dunmore_food_bank_donations_procedure.docx
  office/kirkby_libraries_q3_2025_review.pptx
  office/wren_valley_choir_tour_2026_budget.xlsx
)
heldout_generate UNSEEN6_ONLY

# ---- Debian package: the gnuplot 5.4 manual ----------------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/gnuplot/gnuplot.pdf"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
install -m 0644 "$src" "$T/pdf/gnuplot-5.4-manual.pdf"
PRODUCED=(pdf/gnuplot-5.4-manual.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions

heldout_finish quillan_street_cycles_h1_2025_26_report.p3.txt hazelmere_pta_spending_2024_25.txt \
  carrow_finch_deposit_return.p1.txt carrow_finch_deposit_return.p2.txt \
  bramblegate_garden_centre_receipt.txt redbrook_canoe_club_coaching_2025-11-12.tsv \
  larchfield_sourdough_starter_lesson.tsv
