#!/usr/bin/env bash
# Fourth unseen (held-out) evaluation set for mmrag: files, domains, layouts and voices used by
# none of the dev corpus, bench/unseen, bench/unseen2 and bench/unseen3. Usage: obtain.sh TARGET_DIR
# (the project's default: ~/.cache/mmrag/unseen4)
#
# One file comes from a Debian package (apt-get download + dpkg-deb -x); the rest are generated
# locally by generate.py (beside this script) with matplotlib/numpy/Pillow/reportlab,
# espeak-ng, flite, sox, ffmpeg and img2pdf. Root/sudo is needed only to apt-get install
# missing tools.
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
  [glpk-doc]=5.0-1
)

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
for f in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf DejaVuSansMono-Bold.ttf; do
  [ -s "/usr/share/fonts/truetype/dejavu/$f" ] || { need_pkgs+=(fonts-dejavu-core); break; }
done
for f in DejaVuSansCondensed.ttf DejaVuSansCondensed-Bold.ttf; do
  [ -s "/usr/share/fonts/truetype/dejavu/$f" ] || { need_pkgs+=(fonts-dejavu-extra); break; }
done
for f in LiberationSerif-Regular.ttf LiberationSerif-Bold.ttf LiberationSerif-Italic.ttf \
         LiberationSans-Regular.ttf LiberationSans-Bold.ttf LiberationMono-Regular.ttf \
         LiberationMono-Bold.ttf; do
  [ -s "/usr/share/fonts/truetype/liberation/$f" ] || { need_pkgs+=(fonts-liberation); break; }
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

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo ">> installing tools: ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
[ -n "$PY" ] || PY=/usr/bin/python3
"$PY" -c "$MODS" || die "no Python with matplotlib, numpy, Pillow and reportlab"
[[ "$(espeak-ng --voices=variant)" == *'!v/Annie'* ]] || die "espeak-ng has no 'Annie' variant (espeak-ng-data)"
[[ " $(flite -lv 2>&1) " == *" kal "* ]] || die "flite has no 'kal' voice"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs" "$WORK/debroot" "$WORK/gen"

# ---- generated files (background while the download runs) ------------------------------
GENERATED=(
  pdf/harwick_bay_energy_report_2024.pdf
  chart/kelsall_bikeshare_trips_2022_2024.jpg
  scan/fernbrook_trip_letter_photo.jpg
  scan/quarry_lane_pool_timetable.pdf
  scan/brannock_timber_quote_fax.pdf
  audio/wrackholm_point_guided_walk.ogg
  audio/larkspur_catering_call.wav
  video/hollowmere_recycling_reel.mp4
  video/ledgerly_release_notes_screencast.mkv
)
rm -rf "$T/_truth"
UNSEEN4_ONLY="" "$PY" "$HERE/generate.py" "$T" "$WORK/gen" > "$WORK/gen.log" 2>&1 &
GPID=$!

# ---- Debian package: the GNU MathProg language reference (GLPK) -------------------------
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
MAP=(
  "$R/usr/share/doc/glpk-doc/gmpl.pdf|pdf/glpk-gmpl-language-reference.pdf"
)
PRODUCED=()
for m in "${MAP[@]}"; do
  src="${m%%|*}"; dst="${m#*|}"
  [ -s "$src" ] || die "expected source file missing: ${src#$WORK/}"
  install -D -m 0644 "$src" "$T/$dst"
  PRODUCED+=("$dst")
done

wait "$GPID" || { cat "$WORK/gen.log" >&2; die "generate.py failed"; }
PRODUCED+=("${GENERATED[@]}")

# ---- licences, versions, checksums ----------------------------------------------------
mkdir -p "$T/licenses"
for p in "${!VERIFIED[@]}"; do
  c="$R/usr/share/doc/$p/copyright"; [ -s "$c" ] && install -m 0644 "$c" "$T/licenses/$p.copyright"
done
# glpk-doc's copyright file points to the GFDL 1.3 text in Debian's base-files
if [ -s /usr/share/common-licenses/GFDL-1.3 ]; then
  install -m 0644 /usr/share/common-licenses/GFDL-1.3 "$T/licenses/GFDL-1.3.txt"
fi
{
  "$PY" -c 'import matplotlib, numpy, PIL, reportlab
print("matplotlib", matplotlib.__version__); print("numpy", numpy.__version__)
print("Pillow", PIL.__version__); print("reportlab", reportlab.Version)'
  echo "espeak-ng $(espeak-ng --version | awk '{print $4}')"
  echo "flite $(flite --version 2>&1 | awk '/version:/{print $2}')"
  echo "sox $(sox --version | awk '{print $3}')"
  echo "ffmpeg $(ffmpeg -version | awk 'NR==1{print $3}')"
  echo "img2pdf $(img2pdf --version | awk '{print $2}')"
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f '${Package}(deb) ${Version}\n' fonts-dejavu-core fonts-dejavu-extra \
      fonts-liberation espeak-ng-data 'libx264-*' libopus0 2>/dev/null || true
  fi
} >> "$WORK/VERSIONS"
sort -o "$WORK/VERSIONS" "$WORK/VERSIONS"
install -m 0644 "$WORK/VERSIONS" "$T/VERSIONS"

for f in "${PRODUCED[@]}"; do [ -s "$T/$f" ] || die "expected output missing: $f"; done
for f in pdf/harwick_bay_energy_report_2024.p4.txt kelsall_bikeshare_trips_2022_2024.txt \
         fernbrook_trip_letter_photo.txt quarry_lane_pool_timetable.p1.txt \
         quarry_lane_pool_timetable.p2.txt brannock_timber_quote_fax.p1.txt \
         wrackholm_point_guided_walk.tsv larkspur_catering_call.tsv hollowmere_recycling_reel.tsv \
         ledgerly_release_notes_screencast.tsv; do
  [ -s "$T/_truth/${f#pdf/}" ] || die "expected truth file missing: _truth/${f#pdf/}"
done
( cd "$T" && sha256sum "${PRODUCED[@]}" > SHA256SUMS )

echo ">> produced in $T:"
( cd "$T" && for f in "${PRODUCED[@]}"; do printf '%10s  %s\n' "$(stat -c %s "$f")" "$f"; done )
echo "total: $(cd "$T" && du -ch "${PRODUCED[@]}" | tail -1 | cut -f1)  files: ${#PRODUCED[@]}  time: $(( $(date +%s) - START ))s"
