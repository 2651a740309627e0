#!/usr/bin/env bash
# Checks the published site the way readers and validators see it:
#   1. builds the bundled site (repo root) with cargo, plus a "stand-in"
#      build of the same articles with events from the integration tests'
#      table resolver (so the pages are checked with events whatever the
#      resolver finds) and a 500-event site split into year and month pages;
#   2. the W3C Nu HTML Checker (vnu-jar) on every page: no errors;
#   3. the exports: Atom, TimelineJS JSON, iCalendar, sitemap, TimeML;
#   4. headless Chromium (playwright-core) served from 127.0.0.1: no console
#      error, no failed or external request, axe-core finds no violation,
#      tooltips show on focus, filters work; screenshots at 1280 and 375 px
#      in light and dark to target/screenshots/.
# Installs what it needs on a fresh Debian machine (apt chromium and a JRE,
# npm packages from tests/browser/package-lock.json). Exits non-zero on any
# failure. Usage: scripts/site-check.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work="$CARGO_TARGET_DIR/site-check"
shots="$root/target/screenshots"
browser_dir="$root/tests/browser"

need_apt=()
command -v java >/dev/null || need_apt+=(default-jre-headless)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v python3 >/dev/null || need_apt+=(python3)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "site-check: installing ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ ! -d "$browser_dir/node_modules/playwright-core" ] || [ ! -d "$browser_dir/node_modules/vnu-jar" ] || [ ! -d "$browser_dir/node_modules/axe-core" ]; then
  (cd "$browser_dir" && npm ci --no-audit --no-fund --silent)
fi

rm -rf "$work"
mkdir -p "$work" "$shots"
echo "site-check: building the bundled site"
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/dateline"
"$bin" build --quiet --root "$root" --output "$work/bundled" || {
  echo "site-check: the bundled site has article errors" >&2
  exit 1
}
"$bin" build --quiet --root "$root" --output "$work/bundled-repo" --base-path /repo/
echo "site-check: building the stand-in and split sites"
DATELINE_SITE_DUMP="$work" cargo test --quiet --test integration dump_sites_for_the_browser_check_when_asked >/dev/null
for site in stand-in split; do
  [ -f "$work/$site/index.html" ] || { echo "site-check: $site site missing" >&2; exit 1; }
done

status=0

echo "site-check: Nu HTML Checker"
vnu="$browser_dir/node_modules/vnu-jar/build/dist/vnu.jar"
for site in bundled bundled-repo stand-in split; do
  if ! java -jar "$vnu" --errors-only --skip-non-html --also-check-css "$work/$site" 2>"$work/vnu-$site.txt"; then
    status=1
  fi
  n=$(grep -c ':' "$work/vnu-$site.txt" || true)
  pages=$(find "$work/$site" -name '*.html' | wc -l)
  echo "  $site: $pages pages, $n vnu errors"
  [ "$n" -eq 0 ] || { sed 's/^/    /' "$work/vnu-$site.txt" | head -40; status=1; }
done

echo "site-check: exports"
for site in bundled stand-in split; do
  python3 "$browser_dir/exports.py" "$work/$site" | sed "s/^/  $site: /" || status=1
done

echo "site-check: browser"
servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
# Serves a folder on a free loopback port; prints the port.
serve() {
  local dir="$1" port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >"$work/http-$port.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 50); do
    python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()' "$port" 2>/dev/null && break
    sleep 0.1
  done
  echo "$port"
}
# A site is served where its base path says: the stand-in (base /) at the
# root, the /repo/ build under a folder named repo.
mkdir -p "$work/serve-repo"
ln -sfn "$work/bundled-repo" "$work/serve-repo/repo"
first_article() { find "$1/articles" -name '*.html' | sort | head -1 | sed "s|^$1/||"; }
port_a=$(serve "$work/stand-in")
port_b=$(serve "$work/serve-repo")
port_c=$(serve "$work/split")
node "$browser_dir/check.mjs" "http://127.0.0.1:$port_a/" "$shots" stand-in \
  "" "$(first_article "$work/stand-in")" "tags/flood.html" "about.html" || status=1
node "$browser_dir/check.mjs" "http://127.0.0.1:$port_b/repo/" "$shots" bundled \
  "" "$(first_article "$work/bundled-repo")" "tags/index.html" "404.html" || status=1
node "$browser_dir/check.mjs" "http://127.0.0.1:$port_c/" "$shots" split \
  "" "years/2025.html" "years/2025-06.html" "tags/t0.html" || status=1

for site in bundled stand-in; do
  files=$(find "$work/$site" -type f | wc -l)
  pages=$(find "$work/$site" -name '*.html' | wc -l)
  bytes=$(find "$work/$site" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  index=$(wc -c <"$work/$site/index.html")
  css=$(wc -c <"$work/$site/style.css")
  js=$(wc -c <"$work/$site/site.js")
  echo "site-check: $site: $files files ($pages pages), $bytes bytes; index.html $index bytes (+ style.css $css, site.js $js)"
done
echo "site-check: screenshots in $shots"
if [ "$status" -ne 0 ]; then
  echo "site-check: FAILED" >&2
fi
exit "$status"
