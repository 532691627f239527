#!/usr/bin/env bash
# Twelfth unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose
# files, documents, domains and voices are used by none of the dev corpus and
# bench/unseen..unseen11.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen12)
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
  [libcfitsio-doc]=4.2.0-3
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/f2' '!v/m4' '!v/m1' '!v/f4')
ESPEAK_VOICES=(en-029 en-gb-scotland en-gb-x-gbcwmd en-gb-x-gbclan)
FFMPEG_ENCODERS=(libmp3lame libx264)
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/skelmorrow_community_energy_annual_report_2025.pdf
  chart/dunmorrow_household_waste_by_material_2026.png
  scan/thistlebeck_tree_care_letter_and_quotation.pdf
  scan/lanternwick_inn_sunday_menu_photo.jpg
  audio/glenwhinny_choir_tour_call_2026-03-11.mp3
  video/spokeshave_puncture_repair_course.mp4
  data/waggletail_grooming_appointments_2026-10.csv
  mail/quillhaven_marina_berth_renewal.eml
  office/ottercombe_bellringers_guild_handbook.docx
  office/wrenmarsh_community_orchard_2026_harvest.pptx
  office/pendlecote_repair_cafe_2026.xlsx
)
heldout_generate UNSEEN12_ONLY

# ---- Debian package: the CFITSIO Quick Start Guide -----------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/libcfitsio-dev/quick.pdf.gz"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
gzip -dc "$src" > "$WORK/quick.pdf" || die "could not unpack ${src#$WORK/}"
install -m 0644 "$WORK/quick.pdf" "$T/pdf/cfitsio-quick-start-guide.pdf"
PRODUCED=(pdf/cfitsio-quick-start-guide.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
heldout_versions libmp3lame0

heldout_finish skelmorrow_community_energy_annual_report_2025.p3.txt \
  dunmorrow_household_waste_by_material_2026.txt \
  thistlebeck_tree_care_letter_and_quotation.p1.txt \
  thistlebeck_tree_care_letter_and_quotation.p2.txt lanternwick_inn_sunday_menu_photo.txt \
  glenwhinny_choir_tour_call_2026-03-11.tsv spokeshave_puncture_repair_course.tsv
