#!/usr/bin/env bash
# Renders the report.html of a real `qdlab run` in headless Chromium (Debian's /usr/bin/chromium),
# and fails when the page logs a console error (a script, a blocked fetch, a CSP violation) or
# when no screenshot comes out. Keeps the run folder and the screenshot in DIR for a person to
# look at: DIR is $1, else a new temporary folder whose path is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -x "$chromium" ] || { echo "chromium.sh: $chromium not found (apt-get install chromium)" >&2; exit 1; }
# Japanese features must render as Japanese, not as boxes: a font covering Japanese is required.
if ! fc-list :lang=ja 2>/dev/null | grep -q . && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
fc-list :lang=ja 2>/dev/null | grep -q . || { echo "chromium.sh: no font covers Japanese (apt-get install fonts-noto-cjk)" >&2; exit 1; }

dir=${1:-$(mktemp -d /tmp/qdl-chromium.XXXXXX)}
mkdir -p "$dir"
profile=$(mktemp -d /tmp/qdl-chromium-profile.XXXXXX)
trap 'rm -rf "$profile"' EXIT

set +e
dotnet run --project src/QDeviceLab.Cli --no-build -c "${CONFIGURATION:-Debug}" -- run --out "$dir/run" >"$dir/run.log" 2>&1
code=$?
set -e
# The verdict is not this check's business, only that a report was written to render.
[ -s "$dir/run/report.html" ] || { echo "chromium.sh: qdlab run (exit $code) wrote no report.html; see $dir/run.log" >&2; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars)
url="file://$dir/run/report.html"

timeout 120 "$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1280,2400 \
  --screenshot="$dir/report.png" "$url" 2>"$dir/chromium.log" >/dev/null || true
timeout 120 "$chromium" "${flags[@]}" --dump-dom "$url" >"$dir/dom.html" 2>/dev/null || true

fail=0
# Chromium prints page console messages as "INFO:CONSOLE:LINE]" (older builds "CONSOLE(LINE)")
# without their level. The report runs no script, so any console message at all (a CSP block of
# a fetch or an inline script, a load error) means the page is not what it should be.
grep -E 'CONSOLE[:(]|Content Security Policy|Uncaught|net::ERR_' "$dir/chromium.log" >"$dir/console-errors.log" || true
if [ -s "$dir/console-errors.log" ]; then
  echo "chromium.sh: the report logged console messages:" >&2
  cat "$dir/console-errors.log" >&2
  fail=1
fi
[ -s "$dir/report.png" ] || { echo "chromium.sh: no screenshot at $dir/report.png; chromium said:" >&2; tail -20 "$dir/chromium.log" >&2; fail=1; }
grep -q 'Overall verdict' "$dir/dom.html" || { echo "chromium.sh: the rendered DOM has no overall verdict" >&2; fail=1; }
plots=$(grep -o '<svg class="plot"' "$dir/dom.html" | wc -l)
# Every metric that carries fit evidence in the run record must have its plot on the page.
metrics=$(/usr/bin/python3 -c '
import json, sys
record = json.load(open(sys.argv[1]))["record"]
print(sum(1 for s in record["scenarios"] for m in s["metrics"] if m.get("evidence")))' "$dir/run/run-record.json")
[ "$plots" -ge "$metrics" ] || { echo "chromium.sh: $metrics metrics with fit evidence but only $plots plots rendered" >&2; fail=1; }

# cucumber.html is Cucumber's own React report: it runs its inlined script, so give it virtual time
# to render, then require the same silence and the run's feature files on the page.
cucumber_url="file://$dir/run/cucumber.html"
[ -s "$dir/run/cucumber.html" ] || { echo "chromium.sh: qdlab run wrote no cucumber.html" >&2; fail=1; }
timeout 120 "$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1280,1200 --virtual-time-budget=5000 \
  --screenshot="$dir/cucumber.png" "$cucumber_url" 2>"$dir/chromium-cucumber.log" >/dev/null || true
timeout 120 "$chromium" "${flags[@]}" --virtual-time-budget=5000 --dump-dom "$cucumber_url" >"$dir/cucumber-dom.html" 2>/dev/null || true
grep -E 'CONSOLE[:(]|Content Security Policy|Uncaught|net::ERR_' "$dir/chromium-cucumber.log" >"$dir/cucumber-console-errors.log" || true
if [ -s "$dir/cucumber-console-errors.log" ]; then
  echo "chromium.sh: cucumber.html logged console messages:" >&2
  cat "$dir/cucumber-console-errors.log" >&2
  fail=1
fi
[ -s "$dir/cucumber.png" ] || { echo "chromium.sh: no screenshot at $dir/cucumber.png" >&2; fail=1; }
features=$(/usr/bin/python3 -c '
import json, sys
record = json.load(open(sys.argv[1]))["record"]
print(len(record["features"]))' "$dir/run/run-record.json")
rendered=$(grep -o '\.feature</' "$dir/cucumber-dom.html" | wc -l)
[ "$rendered" -ge "$features" ] || { echo "chromium.sh: cucumber.html shows $rendered of the run's $features feature files" >&2; fail=1; }

# A report of the Japanese feature alone (features/ja), screenshot of the whole page (its
# scenario table carries the Japanese scenario name): Japanese must show as glyphs, not boxes.
set +e
dotnet run --project src/QDeviceLab.Cli --no-build -c "${CONFIGURATION:-Debug}" -- run features/ja --out "$dir/ja" >"$dir/ja.log" 2>&1
set -e
ja_url="file://$dir/ja/report.html"
if [ -s "$dir/ja/report.html" ]; then
  timeout 120 "$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1280,3200 \
    --screenshot="$dir/report-ja.png" "$ja_url" 2>"$dir/chromium-ja.log" >/dev/null || true
  timeout 120 "$chromium" "${flags[@]}" --dump-dom "$ja_url" >"$dir/dom-ja.html" 2>/dev/null || true
  if grep -E 'CONSOLE[:(]|Content Security Policy|Uncaught|net::ERR_' "$dir/chromium-ja.log" >&2; then
    echo "chromium.sh: the Japanese report logged console messages (above)" >&2; fail=1
  fi
  [ -s "$dir/report-ja.png" ] || { echo "chromium.sh: no screenshot at $dir/report-ja.png" >&2; fail=1; }
  grep -q '量子ビット' "$dir/dom-ja.html" || { echo "chromium.sh: the Japanese report's DOM lacks its Japanese text" >&2; fail=1; }
else
  echo "chromium.sh: qdlab run features/ja wrote no report.html; see $dir/ja.log" >&2; fail=1
fi

[ "$fail" = 0 ] || exit 1
echo "chromium.sh: report.html of features/ja rendered with a Japanese font ($(fc-match -f '%{family[0]}' :lang=ja)); screenshot $dir/report-ja.png"
echo "chromium.sh: report.html rendered without console errors, $plots plots for $metrics fitted metrics; screenshot $dir/report.png"
echo "chromium.sh: cucumber.html rendered without console errors, $rendered feature files shown; screenshot $dir/cucumber.png"
