# shellcheck shell=bash
# Steps every held-out set's obtain.sh shares (bench/unseen5 .. unseen11): sourced by each,
# which keeps its own data (Debian package, espeak-ng voices, file lists) and the steps that
# differ (which file it takes from the package, extra licences). Every function works on the
# sourcing script's globals, as the steps did when each script had them inline: T, HERE,
# VERIFIED, GENERATED, PRODUCED, R, PY, OPY, WORK, SUDO, GPID, OPID.

die() { echo "ERROR: $*" >&2; exit 1; }

# heldout_start "$@": check the usage (one TARGET_DIR), make T its absolute path, start the clock.
heldout_start() {
  if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 TARGET_DIR" >&2; exit 2
  fi
  T="$1"
  mkdir -p "$T"
  T="$(cd "$T" && pwd)"
  START=$(date +%s)
}

# heldout_tools: install what is missing (poppler-utils, img2pdf, espeak-ng, sox, ffmpeg, fonts),
# pick PY (matplotlib, numpy, Pillow, reportlab) and OPY (python-docx, python-pptx, openpyxl) and
# check that espeak-ng has ESPEAK_VARIANTS ('!v/NAME') and ESPEAK_VOICES and ffmpeg has
# FFMPEG_ENCODERS (arrays; any may be empty).
heldout_tools() {
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
  for v in "${ESPEAK_VARIANTS[@]}"; do
    [[ "$(espeak-ng --voices=variant)" == *"$v "* ]] || die "espeak-ng has no '${v#!v/}' variant (espeak-ng-data)"
  done
  for v in "${ESPEAK_VOICES[@]}"; do
    espeak-ng --voices=en | awk '{print $2}' | grep -qx "$v" || die "espeak-ng has no $v voice"
  done

  local encoders
  encoders="$(ffmpeg -hide_banner -encoders 2>/dev/null || true)"
  for enc in "${FFMPEG_ENCODERS[@]}"; do
    [[ "$encoders" == *" $enc "* ]] || die "ffmpeg has no $enc encoder"
  done
}

# heldout_workdir: a scratch WORK folder, removed on exit.
heldout_workdir() {
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$WORK/debs" "$WORK/debroot" "$WORK/gen"
}

# heldout_generate ONLY_VAR: start generate.py (with its ONLY_VAR emptied, so it makes every file)
# and office_files.py in the background (GPID, OPID).
heldout_generate() {
  rm -rf "$T/_truth"
  env "$1=" "$PY" "$HERE/generate.py" "$T" "$WORK/gen" > "$WORK/gen.log" 2>&1 &
  GPID=$!
  "$OPY" "$HERE/office_files.py" "$T" > "$WORK/office.log" 2>&1 &
  OPID=$!
}

# heldout_download: apt-get download the VERIFIED packages into WORK, note their versions in
# WORK/VERSIONS (warning on a mismatch) and unpack them into WORK/debroot.
heldout_download() {
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
}

# heldout_wait: wait for the generators (showing a failed one's log) and add GENERATED to PRODUCED.
heldout_wait() {
  wait "$GPID" || { cat "$WORK/gen.log" >&2; die "generate.py failed"; }
  wait "$OPID" || { cat "$WORK/office.log" >&2; die "office_files.py failed"; }
  PRODUCED+=("${GENERATED[@]}")
}

# heldout_licenses: copy the VERIFIED packages' copyright files (from R) into T/licenses.
heldout_licenses() {
  mkdir -p "$T/licenses"
  for p in "${!VERIFIED[@]}"; do
    c="$R/usr/share/doc/$p/copyright"; [ -s "$c" ] && install -m 0644 "$c" "$T/licenses/$p.copyright"
  done
  return 0
}

# heldout_versions [DEB...]: write T/VERSIONS (the packages', the Python libraries' and the tools'
# versions, and those of the fonts, espeak-ng-data, libx264 and the DEB packages named).
heldout_versions() {
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
        espeak-ng-data 'libx264-*' "$@" 2>/dev/null || true
    fi
  } >> "$WORK/VERSIONS"
  sort -o "$WORK/VERSIONS" "$WORK/VERSIONS"
  install -m 0644 "$WORK/VERSIONS" "$T/VERSIONS"
}

# heldout_finish TRUTH_FILE...: check that every PRODUCED file and the named _truth files are
# there, write T/SHA256SUMS and list what was made.
heldout_finish() {
  for f in "${PRODUCED[@]}"; do [ -s "$T/$f" ] || die "expected output missing: $f"; done
  for f in "$@"; do
    [ -s "$T/_truth/$f" ] || die "expected truth file missing: _truth/$f"
  done
  ( cd "$T" && sha256sum "${PRODUCED[@]}" > SHA256SUMS )

  echo ">> produced in $T:"
  ( cd "$T" && for f in "${PRODUCED[@]}"; do printf '%10s  %s\n' "$(stat -c %s "$f")" "$f"; done )
  echo "total: $(cd "$T" && du -ch "${PRODUCED[@]}" | tail -1 | cut -f1)  files: ${#PRODUCED[@]}  time: $(( $(date +%s) - START ))s"
}
