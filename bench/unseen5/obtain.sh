#!/usr/bin/env bash
# Fifth unseen (held-out) evaluation set for mmrag: an ordinary mixed "drop folder" whose files,
# documents, domains and voices are used by none of the dev corpus and bench/unseen..unseen4.
# Usage: obtain.sh TARGET_DIR   (the project's default: ~/.cache/mmrag/unseen5)
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
  [debian-policy]=4.6.2.0
)

# ---- tools ---------------------------------------------------------------------------
ESPEAK_VARIANTS=('!v/f5' '!v/m7' '!v/f1' '!v/linda')
ESPEAK_VOICES=(en-gb-x-rp en-gb-scotland)
FFMPEG_ENCODERS=()
heldout_tools

heldout_workdir

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/ostler_vane_coffee_h1_2025_report.pdf
  chart/marwood_housing_coop_spending_2024.png
  scan/thistledown_mutual_claim_letter.pdf
  scan/halyard_outdoor_receipt.jpg
  audio/brimley_makerspace_committee_2025-09-04.m4a
  video/ashgrove_beekeeping_first_inspection.mp4
  data/fellside_yarn_orders_2025-06.csv
  mail/orangery_booking_confirmation.eml
  office/harlow_lindqvist_hybrid_working_policy.docx
  office/gresley_college_service_desk_q2_2025.pptx
  office/aldbury_soil_symposium_2025_budget.xlsx
)
heldout_generate UNSEEN5_ONLY

# ---- Debian package: the Debian Policy Manual ------------------------------------------
heldout_download

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/debian-policy/policy.pdf.gz"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
gzip -dc "$src" > "$T/pdf/debian-policy-manual-4.6.2.0.pdf"
chmod 0644 "$T/pdf/debian-policy-manual-4.6.2.0.pdf"
PRODUCED=(pdf/debian-policy-manual-4.6.2.0.pdf)

heldout_wait

# ---- licences, versions, checksums ----------------------------------------------------
heldout_licenses
# debian-policy is GPL-2+; the licence text is in Debian's base-files
if [ -s /usr/share/common-licenses/GPL-2 ]; then
  install -m 0644 /usr/share/common-licenses/GPL-2 "$T/licenses/GPL-2.txt"
fi
heldout_versions

heldout_finish ostler_vane_coffee_h1_2025_report.p3.txt marwood_housing_coop_spending_2024.txt \
  thistledown_mutual_claim_letter.p1.txt thistledown_mutual_claim_letter.p2.txt \
  halyard_outdoor_receipt.txt brimley_makerspace_committee_2025-09-04.tsv \
  ashgrove_beekeeping_first_inspection.tsv
