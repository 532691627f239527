#!/usr/bin/env bash
# Tenth unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose
# files, documents, domains and voices are used by none of the dev corpus and
# bench/unseen..unseen9.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen10)
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
  [gprolog-doc]=1.4.5.0-3
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/f4' '!v/m6' '!v/m5')
ESPEAK_VOICES=(en-gb-x-rp en-gb-scotland en-029 en-us)
FFMPEG_ENCODERS=(libmp3lame libx264)
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/grindlesham_canal_trust_annual_report_2025.pdf
  chart/brenlow_high_street_footfall_2026-10.png
  scan/hollybrake_tree_surgery_letter_and_invoice.pdf
  scan/primrose_valet_dry_cleaning_ticket.jpg
  audio/ravensholt_book_festival_call_2026-07-14.mp3
  video/kirkmuir_dairy_first_hard_cheese.mp4
  data/quillfield_heating_service_jobs_2026-10.csv
  mail/haverstock_reelers_ceilidh_booking.eml
  office/caddon_vale_bell_ringers_handbook.docx
  office/pendleford_open_air_museum_2026_season_review.pptx
  office/hollowcombe_vineyard_2026_harvest.xlsx
)
heldout_generate UNSEEN10_ONLY

# ---- Debian package: the GNU Prolog manual ----------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/gprolog-doc/gprolog.pdf"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
install -m 0644 "$src" "$T/pdf/gnu-prolog-manual.pdf"
PRODUCED=(pdf/gnu-prolog-manual.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions libmp3lame0

heldout_finish grindlesham_canal_trust_annual_report_2025.p3.txt \
  brenlow_high_street_footfall_2026-10.txt hollybrake_tree_surgery_letter_and_invoice.p1.txt \
  hollybrake_tree_surgery_letter_and_invoice.p2.txt primrose_valet_dry_cleaning_ticket.txt \
  ravensholt_book_festival_call_2026-07-14.tsv kirkmuir_dairy_first_hard_cheese.tsv
