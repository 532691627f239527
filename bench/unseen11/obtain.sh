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

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 TARGET_DIR" >&2; exit 2
fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
T="$1"
mkdir -p "$T"
T="$(cd "$T" && pwd)"
START=$(date +%s)
die() { echo "ERROR: $*" >&2; exit 1; }

# Versions the QA file was verified against (Debian 12 bookworm).
declare -A VERIFIED=(
  [sdcc-doc]=4.2.0+dfsg-1
)

# ---- tools ---------------------------------------------------------------------------
need_pkgs=()
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
command -v img2pdf   >/dev/null 2>&1 || need_pkgs+=(img2pdf)
command -v espeak-ng >/dev/null 2>&1 || need_pkgs+=(espeak-ng)
command -v sox       >/dev/null 2>&1 || need_pkgs+=(sox)
command -v ffmpeg    >/dev/null 2>&1 || need_pkgs+=(ffmpeg)
command -v python3   >/dev/null 2>&1 || need_pkgs+=(python3)
for f in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf DejaVuSansMono-Bold.ttf; do
  [ -s "/usr/share/fonts/truetype/dejavu/$f" ] || { need_pkgs+=(fonts-dejavu-core); break; }
done
for f in LiberationSerif-Regular.ttf LiberationSerif-Bold.ttf LiberationSans-Regular.ttf \
         LiberationSans-Bold.ttf LiberationSans-Italic.ttf LiberationMono-Regular.ttf \
         LiberationMono-Bold.ttf; do
  [ -s "/usr/share/fonts/truetype/liberation/$f" ] || { need_pkgs+=(fonts-liberation); break; }
done

# A Python with matplotlib, numpy, Pillow and reportlab (with its chart module, which needs
# Debian's python3-renderpm): $MMRAG_PYTHON, else Debian's python3 (preferred: its pinned
# bookworm versions keep rebuilds byte-identical), the project's .venv, python3; else Debian's
# packages are installed.
MODS="import matplotlib, numpy, PIL, reportlab, reportlab.graphics.charts.barcharts"
PY=""
for cand in "${MMRAG_PYTHON:-}" /usr/bin/python3 "$HERE/../../.venv/bin/python" python3; do
  [ -n "$cand" ] || continue
  if "$cand" -c "$MODS" >/dev/null 2>&1; then PY="$cand"; break; fi
done
[ -n "$PY" ] || need_pkgs+=(python3-matplotlib python3-numpy python3-pil python3-reportlab
                            python3-renderpm)

# A Python with python-docx, python-pptx and openpyxl for the Office files: $MMRAG_OFFICE_PYTHON,
# else the project's .venv (unstructured brings all three), else python3. Debian 12 has no
# python3-pptx, so nothing is installed for these.
OMODS="import docx, pptx, openpyxl"
OPY=""
for cand in "${MMRAG_OFFICE_PYTHON:-}" "$HERE/../../.venv/bin/python" /usr/bin/python3 python3; do
  [ -n "$cand" ] || continue
  if "$cand" -c "$OMODS" >/dev/null 2>&1; then OPY="$cand"; break; fi
done
[ -n "$OPY" ] || die "no Python with python-docx, python-pptx and openpyxl (set MMRAG_OFFICE_PYTHON or create the project's .venv)"

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo ">> installing tools: ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
[ -n "$PY" ] || PY=/usr/bin/python3
"$PY" -c "$MODS" || die "no Python with matplotlib, numpy, Pillow and reportlab (+ python3-renderpm)"
for v in '!v/f5' '!v/m1' '!v/m2' '!v/f3'; do
  [[ "$(espeak-ng --voices=variant)" == *"$v "* ]] || die "espeak-ng has no '${v#!v/}' variant (espeak-ng-data)"
done
for v in en-gb-x-gbcwmd en-us-nyc en-gb-x-gbclan en-gb-x-rp; do
  espeak-ng --voices=en | awk '{print $2}' | grep -qx "$v" || die "espeak-ng has no $v voice"
done

ENCODERS="$(ffmpeg -hide_banner -encoders 2>/dev/null || true)"
for enc in libmp3lame libx264; do
  [[ "$ENCODERS" == *" $enc "* ]] || die "ffmpeg has no $enc encoder"
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs" "$WORK/debroot" "$WORK/gen"

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
rm -rf "$T/_truth"
UNSEEN11_ONLY="" "$PY" "$HERE/generate.py" "$T" "$WORK/gen" > "$WORK/gen.log" 2>&1 &
GPID=$!
"$OPY" "$HERE/office_files.py" "$T" > "$WORK/office.log" 2>&1 &
OPID=$!

# ---- Debian package: the SDCC Compiler User Guide ------------------------------------
echo ">> apt-get download"
( cd "$WORK/debs" && apt-get download "${!VERIFIED[@]}" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true )
if ! ls "$WORK"/debs/*.deb >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  ( cd "$WORK/debs" && apt-get download "${!VERIFIED[@]}" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true )
fi
: > "$WORK/VERSIONS"
for p in "${!VERIFIED[@]}"; do
  deb=$(ls "$WORK/debs/${p}_"*.deb 2>/dev/null | head -1 || true)
  [ -n "$deb" ] || die "download of $p failed"
  v=$(dpkg-deb -f "$deb" Version)
  echo "$p $v" >> "$WORK/VERSIONS"
  [ "$v" = "${VERIFIED[$p]}" ] || echo "WARNING: $p is $v, QA was verified against ${VERIFIED[$p]}" >&2
  dpkg-deb -x "$deb" "$WORK/debroot"
done

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
src="$R/usr/share/doc/sdcc-doc/sdccman.pdf.gz"
[ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
mkdir -p "$T/pdf"
gzip -dc "$src" > "$WORK/sdccman.pdf" || die "could not unpack ${src#$WORK/}"
install -m 0644 "$WORK/sdccman.pdf" "$T/pdf/sdcc-compiler-user-guide.pdf"
PRODUCED=(pdf/sdcc-compiler-user-guide.pdf)

wait "$GPID" || { cat "$WORK/gen.log" >&2; die "generate.py failed"; }
wait "$OPID" || { cat "$WORK/office.log" >&2; die "office_files.py failed"; }
PRODUCED+=("${GENERATED[@]}")

# ---- licences, versions, checksums ----------------------------------------------------
mkdir -p "$T/licenses"
for p in "${!VERIFIED[@]}"; do
  c="$R/usr/share/doc/$p/copyright"; [ -s "$c" ] && install -m 0644 "$c" "$T/licenses/$p.copyright"
done
{
  "$PY" -c 'import matplotlib, numpy, PIL, reportlab
print("matplotlib", matplotlib.__version__); print("numpy", numpy.__version__)
print("Pillow", PIL.__version__); print("reportlab", reportlab.Version)'
  "$OPY" -c 'import docx, pptx, openpyxl
print("python-docx", getattr(docx, "__version__", "?")); print("python-pptx", pptx.__version__)
print("openpyxl", openpyxl.__version__)'
  "$OPY" -c 'import xlsxwriter; print("XlsxWriter", xlsxwriter.__version__)' 2>/dev/null || true
  echo "espeak-ng $(espeak-ng --version | awk '{print $4}')"
  echo "sox $(sox --version | awk '{print $3}')"
  echo "ffmpeg $(ffmpeg -version | awk 'NR==1{print $3}')"
  echo "img2pdf $(img2pdf --version | awk '{print $2}')"
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f '${Package}(deb) ${Version}\n' fonts-dejavu-core fonts-liberation \
      espeak-ng-data 'libx264-*' libmp3lame0 2>/dev/null || true
  fi
} >> "$WORK/VERSIONS"
sort -o "$WORK/VERSIONS" "$WORK/VERSIONS"
install -m 0644 "$WORK/VERSIONS" "$T/VERSIONS"

for f in "${PRODUCED[@]}"; do [ -s "$T/$f" ] || die "expected output missing: $f"; done
for f in corrowick_bay_aquarium_annual_review_2025.p3.txt \
         tarnhollow_country_park_travel_survey_2026.txt \
         brackenfold_electrical_eicr_letter_and_invoice.p1.txt \
         brackenfold_electrical_eicr_letter_and_invoice.p2.txt \
         swiftlark_parcel_label_photo.txt \
         cranmoor_show_planning_call_2026-04-22.tsv \
         bilberry_barn_strawberry_jam_workshop.tsv; do
  [ -s "$T/_truth/$f" ] || die "expected truth file missing: _truth/$f"
done
( cd "$T" && sha256sum "${PRODUCED[@]}" > SHA256SUMS )

echo ">> produced in $T:"
( cd "$T" && for f in "${PRODUCED[@]}"; do printf '%10s  %s\n' "$(stat -c %s "$f")" "$f"; done )
echo "total: $(cd "$T" && du -ch "${PRODUCED[@]}" | tail -1 | cut -f1)  files: ${#PRODUCED[@]}  time: $(( $(date +%s) - START ))s"
