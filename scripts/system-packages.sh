#!/bin/sh
# Debian packages the application needs at run time: pango (WeasyPrint renders PDFs with it)
# and the Noto CJK fonts (embedded in every document PDF). Installs what is missing when it
# can (root with apt-get), otherwise says what to install and stops.
#
# With "test": also Chromium, which the portal's browser tests drive (Playwright). Without
# it those tests are skipped, so a machine where it cannot be installed only gets a warning.
set -eu
missing=""
fc-list :lang=zh 2>/dev/null | grep -qi "noto" || missing="$missing fonts-noto-cjk"
python3 -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('pangoft2-1.0'))" || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
# WeasyPrint subsets the CJK fonts with HarfBuzz in ~0.1 s; without it fontTools takes ~15 s.
python3 -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('harfbuzz-subset'))" || missing="$missing libharfbuzz-subset0"
optional=""
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || optional="chromium"
fi
[ -z "$missing$optional" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian packages:$missing $optional"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing $optional >/dev/null
  exit 0
fi
if [ -n "$optional" ]; then
  echo "Chromium is not installed: the browser tests will be skipped (sudo apt-get install chromium)" >&2
fi
if [ -n "$missing" ]; then
  echo "Missing Debian packages:$missing" >&2
  echo "Install them with: sudo apt-get install$missing" >&2
  exit 1
fi
