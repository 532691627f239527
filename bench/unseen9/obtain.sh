#!/usr/bin/env bash
# Ninth unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose
# files, documents, domains and voices are used by none of the dev corpus and
# bench/unseen..unseen8.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen9)
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
  [asymptote-doc]=2.85+ds-1
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/m4' '!v/f2' '!v/m7' '!v/m2')
ESPEAK_VOICES=(en-gb-x-gbcwmd en-us-nyc en-gb-x-gbclan en-gb)
FFMPEG_ENCODERS=(libmp3lame libx264)
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/larkmoor_community_transport_annual_report_2025_26.pdf
  chart/ferrymead_youth_orchestra_budget_2026.png
  scan/mossgiel_chimney_sweeps_letter_and_certificate.pdf
  scan/culverhay_fishmonger_receipt.jpg
  audio/wrenfield_regatta_planning_call_2026-05-19.mp3
  video/bramblecote_model_railway_first_layout.mp4
  data/strathcairn_dog_grooming_appointments_2026-11.csv
  mail/lockyer_gutters_replacement_quote.eml
  office/skerrow_astronomy_society_members_guide.docx
  office/tarnbeck_ice_rink_2025_26_season_review.pptx
  office/glenmarr_christmas_tree_farm_2026.xlsx
)
heldout_generate UNSEEN9_ONLY

# ---- Debian package: the Asymptote manual -----------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/asymptote/asymptote.pdf"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
install -m 0644 "$src" "$T/pdf/asymptote-manual.pdf"
PRODUCED=(pdf/asymptote-manual.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions libmp3lame0

heldout_finish larkmoor_community_transport_annual_report_2025_26.p3.txt \
  ferrymead_youth_orchestra_budget_2026.txt mossgiel_chimney_sweeps_letter_and_certificate.p1.txt \
  mossgiel_chimney_sweeps_letter_and_certificate.p2.txt culverhay_fishmonger_receipt.txt \
  wrenfield_regatta_planning_call_2026-05-19.tsv bramblecote_model_railway_first_layout.tsv
