#!/bin/sh
# Regenerates the web fonts the browser client loads (resources/fonts/web/*.woff2) from the TTFs in
# resources/fonts/ (which the PDF tools keep using whole). Not part of the build: run it by hand after
# changing a TTF or the ranges below, and commit its output. Needs Debian's `fonttools` and `woff2`
# packages (apt-get install -y fonttools woff2).
#
# Subset: Latin, Latin-1 and Latin Extended A/B, the combining marks and Latin Extended Additional
# (Vietnamese, precomposed or not), punctuation, currency (₫), letterlike and number forms, arrows,
# geometric shapes. Greek, Cyrillic and the rest are dropped; a character outside the subset falls back
# to the system font. Layout features are all kept (mark positioning stacks Vietnamese diacritics).
set -eu
cd "$(dirname "$0")/.."
SRC=resources/fonts
OUT=resources/fonts/web
UNICODES='U+0000-02FF,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-215F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+FB00-FB06,U+FEFF,U+FFFD'
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
for name in NotoSans-Regular NotoSans-Bold; do
  pyftsubset "$SRC/$name.ttf" --unicodes="$UNICODES" --layout-features='*' --name-IDs='*' --name-languages='*' \
    --notdef-outline --output-file="$TMP/$name-latin-vi.ttf"
  woff2_compress "$TMP/$name-latin-vi.ttf" >/dev/null 2>&1
  mv "$TMP/$name-latin-vi.woff2" "$OUT/$name-latin-vi.woff2"
  printf '%s: %s bytes → %s bytes\n' "$name" "$(wc -c < "$SRC/$name.ttf")" "$(wc -c < "$OUT/$name-latin-vi.woff2")"
done
