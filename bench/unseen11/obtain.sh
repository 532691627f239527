#!/usr/bin/env bash
# Eleventh unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose
# files, documents, domains and voices are used by none of the dev corpus and
# bench/unseen..unseen10.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen11)
#
# One file comes from a Debian package (apt-get download + dpkg-deb -x, then gunzip); the rest
# are generated
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
  [sdcc-doc]=4.2.0+dfsg-1
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/f5' '!v/m1' '!v/m2' '!v/f3')
ESPEAK_VOICES=(en-gb-x-gbcwmd en-us-nyc en-gb-x-gbclan en-gb-x-rp)
FFMPEG_ENCODERS=(libmp3lame libx264)
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/corrowick_bay_aquarium_annual_review_2025.pdf
  chart/tarnhollow_country_park_travel_survey_2026.png
  scan/brackenfold_electrical_eicr_letter_and_invoice.pdf
  scan/swiftlark_parcel_label_photo.jpg
  audio/cranmoor_show_planning_call_2026-04-22.mp3
  video/bilberry_barn_strawberry_jam_workshop.mp4
  data/ellingford_school_of_motoring_lessons_2026-11.csv
  mail/tidewrack_campervan_hire_confirmation.eml
  office/brindlecombe_chess_club_members_handbook.docx
  office/ashenbrook_lido_2026_season_review.pptx
  office/quenmoor_market_garden_2026.xlsx
)
heldout_generate UNSEEN11_ONLY

# ---- Debian package: the SDCC Compiler User Guide ------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/sdcc-doc/sdccman.pdf.gz"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
gzip -dc "$src" > "$WORK/sdccman.pdf" || die "could not unpack ${src#$WORK/}"
install -m 0644 "$WORK/sdccman.pdf" "$T/pdf/sdcc-compiler-user-guide.pdf"
PRODUCED=(pdf/sdcc-compiler-user-guide.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions libmp3lame0

heldout_finish corrowick_bay_aquarium_annual_review_2025.p3.txt \
  tarnhollow_country_park_travel_survey_2026.txt \
  brackenfold_electrical_eicr_letter_and_invoice.p1.txt \
  brackenfold_electrical_eicr_letter_and_invoice.p2.txt swiftlark_parcel_label_photo.txt \
  cranmoor_show_planning_call_2026-04-22.tsv bilberry_barn_strawberry_jam_workshop.tsv
