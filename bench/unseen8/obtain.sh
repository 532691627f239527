#!/usr/bin/env bash
# Eighth unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose
# files, documents, domains and voices are used by none of the dev corpus and
# bench/unseen..unseen7.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen8)
#
# One file comes from a Debian package (apt-get download + dpkg-deb -x); the rest are generated
# locally: generate.py (matplotlib/numpy/Pillow/reportlab, espeak-ng, sox, ffmpeg with
# libmp3lame and libx264, img2pdf) and
# office_files.py (python-docx, python-pptx, openpyxl). Root/sudo is needed only to apt-get
# install missing tools.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../heldout_obtain.sh
source "$HERE/../heldout_obtain.sh"  # the steps the held-out sets share
heldout_start "$@"

# Versions the QA file was verified against (Debian 12 bookworm).
declare -A VERIFIED=(
  [auto-multiple-choice-doc-pdf]=1.6.0-1
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/m1' '!v/f1' '!v/m5' '!v/m3')
ESPEAK_VOICES=(en-gb-scotland en-gb-x-rp en-us)
FFMPEG_ENCODERS=(libmp3lame libx264)
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/ashlingham_tennis_centre_annual_report_2025_26.pdf
  chart/felldyke_climbing_wall_sessions_2024_2025.png
  scan/wyndham_eyecare_prescription_and_invoice.pdf
  scan/ardmore_house_hotel_guest_card.jpg
  audio/corrieside_scouts_summer_camp_call_2026-06-10.mp3
  video/hesketh_dale_dry_stone_walling_beginners_day.mp4
  data/lockhouse_escape_rooms_bookings_2026-10.csv
  mail/tarrant_piano_restoration_quote.eml
  office/crannock_pottery_studio_members_handbook.docx
  office/elmstead_repair_cafe_2025_26_review.pptx
  office/glenfarrow_hill_farm_lambing_2026.xlsx
)
heldout_generate UNSEEN8_ONLY

# ---- Debian package: the Auto Multiple Choice manual -----------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/auto-multiple-choice/auto-multiple-choice.en.pdf"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
install -m 0644 "$src" "$T/pdf/auto-multiple-choice-manual.pdf"
PRODUCED=(pdf/auto-multiple-choice-manual.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions libmp3lame0

heldout_finish ashlingham_tennis_centre_annual_report_2025_26.p3.txt \
  felldyke_climbing_wall_sessions_2024_2025.txt wyndham_eyecare_prescription_and_invoice.p1.txt \
  wyndham_eyecare_prescription_and_invoice.p2.txt ardmore_house_hotel_guest_card.txt \
  corrieside_scouts_summer_camp_call_2026-06-10.tsv \
  hesketh_dale_dry_stone_walling_beginners_day.tsv
