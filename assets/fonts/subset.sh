#!/bin/sh
# Rebuilds the subsets of Noto Sans embedded in every PDF (crates/guichet-print/src/fonts.rs).
# Source: Debian 12's fonts-noto-core 20201225-1 (Noto Sans 2.004, SIL OFL 1.1, no reserved font
# name), subset with fontTools 4.38 (Debian's python3-fonttools) to the Latin, Greek and Cyrillic
# scripts, punctuation and the euro sign: every French character and the names of European
# families, 100 KB a face instead of 510 KB. Layout and hinting tables are dropped: printpdf
# places glyphs without shaping.
#   apt-get install fonts-noto-core python3-fonttools && sh assets/fonts/subset.sh
set -eu
cd "$(dirname "$0")"
for weight in Regular Bold; do
    /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/truetype/noto/NotoSans-$weight.ttf" \
        --unicodes="U+0020-007E,U+00A0-024F,U+0259,U+02B9-02DD,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2116,U+2122,U+2190-2199,U+2212" \
        --layout-features='' --no-layout-closure --drop-tables+=GSUB,GPOS,GDEF --no-hinting \
        --name-IDs='*' --name-languages='*' --notdef-outline \
        --output-file="NotoSans-$weight.ttf"
done
