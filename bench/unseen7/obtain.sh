#!/usr/bin/env bash
# Seventh unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose
# files, documents, domains and voices are used by none of the dev corpus and
# bench/unseen..unseen6.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen7)
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
  [expeyes-doc-en]=4.3-3
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/m6' '!v/f5' '!v/f2')
ESPEAK_VOICES=(en-gb en-us-nyc en-gb-x-rp en-gb-x-gbcwmd)
FFMPEG_ENCODERS=()
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/sallowfield_brewing_annual_review_2024_25.pdf
  chart/kelderby_farmers_market_stalls_2025.png
  scan/brackenridge_dental_treatment_estimate.pdf
  scan/harbour_view_court_lift_notice.jpg
  audio/seabright_half_marathon_planning_call_2026-02-18.m4a
  video/halvergate_camera_club_night_photography.mp4
  data/brackwater_leisure_ev_charging_2025-11.csv
  mail/tollbridge_removals_moving_day.eml
  office/fernlea_community_radio_presenter_guide.docx
  office/castlebeck_animal_rescue_2025_review.pptx
  office/trevaskis_barn_cottages_2025_lettings.xlsx
)
heldout_generate UNSEEN7_ONLY

# ---- Debian package: the expEYES user manual ----------------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/expeyes/doc/en-eyes.pdf"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
install -m 0644 "$src" "$T/pdf/expeyes-user-manual.pdf"
PRODUCED=(pdf/expeyes-user-manual.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions

heldout_finish sallowfield_brewing_annual_review_2024_25.p3.txt \
  kelderby_farmers_market_stalls_2025.txt brackenridge_dental_treatment_estimate.p1.txt \
  brackenridge_dental_treatment_estimate.p2.txt harbour_view_court_lift_notice.txt \
  seabright_half_marathon_planning_call_2026-02-18.tsv \
  halvergate_camera_club_night_photography.tsv
