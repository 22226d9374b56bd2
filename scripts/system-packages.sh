#!/bin/sh
# Debian packages the application needs at run time: pango (WeasyPrint renders PDFs with it)
# and the Noto CJK fonts (embedded in every document PDF). Installs what is missing when it
# can (root with apt-get), otherwise says what to install and stops.
set -eu
missing=""
fc-list :lang=zh 2>/dev/null | grep -qi "noto" || missing="$missing fonts-noto-cjk"
python3 -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('pangoft2-1.0'))" || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
# WeasyPrint subsets the CJK fonts with HarfBuzz in ~0.1 s; without it fontTools takes ~15 s.
python3 -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('harfbuzz-subset'))" || missing="$missing libharfbuzz-subset0"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Missing Debian packages:$missing" >&2
  echo "Install them with: sudo apt-get install$missing" >&2
  exit 1
fi
