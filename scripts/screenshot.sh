#!/usr/bin/env bash
# Renders the Course.Figures browser test page (one chart of each kind, an image grid and a table)
# in headless Chromium and saves it:
#   scripts/screenshot.sh [out.png]      (default: artifacts/figures-test.png)
# writes out.png (full-page screenshot) and out.html (the page; it loads plotly.js from node_modules via file://).
# It runs BrowserTests.Test_page_renders_every_chart_kind_without_console_errors with COURSE_FIGURES_SCREENSHOT set,
# so the screenshot is only taken when every check of that test passed.
# Needs: .NET SDK, /usr/bin/chromium, npm (runs `npm ci` when node_modules is missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$root/artifacts/figures-test.png}")"
cd "$root"
if [ ! -f node_modules/plotly.js-dist-min/plotly.min.js ]; then
  npm ci --no-audit --no-fund
fi
mkdir -p "$(dirname "$out")"
# FIGURES_BUILD_ARGS: extra `dotnet test` arguments (e.g. --no-build).
COURSE_FIGURES_SCREENSHOT="$out" dotnet test tests/Course.Figures.Tests ${FIGURES_BUILD_ARGS:-} \
  --filter "FullyQualifiedName~BrowserTests.Test_page_renders_every_chart_kind_without_console_errors"
echo "wrote $out and ${out%.png}.html"
