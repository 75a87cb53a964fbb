#!/usr/bin/env bash
# Regenerates every picture in the docs from the sample project, headless:
#   - the app's screenshots (docs/screenshot.png and docs/guide/*.png), taken of the real
#     release binary in a virtual X display (Xvfb), driven with xdotool as a user would;
#   - the exported maps (scripts/export-doc-maps.sh) and the timeline (dossier timeline).
# Usage: scripts/screenshots.sh            (from anywhere; needs apt-get the first time)
# The sample is copied first, so its folder is left as it is; settings live in a fresh
# data folder (light theme, no first-launch tour), so your own are not touched either.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || apt-get install -y -qq xvfb xdotool imagemagick >/dev/null
done
cargo build --release --quiet
bin=$PWD/target/release/dossier

work=$(mktemp -d)
display=:$((70 + RANDOM % 20))
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT
export DISPLAY=$display
sleep 1

mkdir -p "$work/data/dossier" docs/guide
# eframe keeps the app's storage in $XDG_DATA_HOME/dossier/app.ron: a map of key to RON.
printf '{"dossier.settings":"(theme: Light, tour_done: true)"}' >"$work/data/dossier/app.ron"
export XDG_DATA_HOME=$work/data

# shot OUT STEP… : starts the app on a fresh copy of the sample, runs each step (an
# xdotool command line, or "sleep N"), and saves the window as OUT.
shot() {
  local out=$1
  shift
  rm -rf "$work/syria-2024"
  cp -r projects/syria-2024 "$work/syria-2024"
  rm -rf "$work/syria-2024/.dossier"
  "$bin" open "$work/syria-2024" >"$work/app.log" 2>&1 &
  local app=$! window=""
  for _ in $(seq 1 60); do
    window=$(xdotool search --onlyvisible --name Dossier 2>/dev/null | head -1) && [ -n "$window" ] && break
    sleep 0.5
  done
  [ -n "$window" ] || { echo "screenshots: the app did not open (see $work/app.log)" >&2; exit 1; }
  sleep 2
  xdotool windowfocus --sync "$window" 2>/dev/null || true
  local step
  for step in "$@"; do
    case $step in
      sleep\ *) ${step} ;;
      *) eval "xdotool $step"; sleep 0.5 ;;
    esac
  done
  sleep 1
  # The root window, cut to the app's: grabbing the GL window itself loses its colours.
  local x y w h
  eval "$(xdotool getwindowgeometry --shell "$window" | sed -n 's/^\(X\|Y\|WIDTH\|HEIGHT\)=/&/p' | tr 'A-Z' 'a-z' | sed 's/^width/w/;s/^height/h/')"
  import -window root -crop "${w}x${h}+${x}+${y}" +repage "$out"
  kill "$app" 2>/dev/null
  wait "$app" 2>/dev/null || true
  echo "screenshots: wrote $out"
}

# The Sources list is at the top left; the pointer over it lets the arrow keys move in it.
over_sources="mousemove 120 150"
first_source=("$over_sources" "key Home")

shot docs/screenshot.png "${first_source[@]}" "key ctrl+4" "mousemove 800 500"
shot docs/guide/reader.png "${first_source[@]}" "key ctrl+2"
shot docs/guide/map.png "key ctrl+4" "mousemove 800 500"
shot docs/guide/claims.png "key ctrl+8" "key ctrl+4"
shot docs/guide/timeline.png "key ctrl+9"
shot docs/guide/palette.png "key ctrl+k" "type --delay 80 export"
shot docs/guide/hypotheses.png "key ctrl+k" "type --delay 80 hypotheses" "key Return"
shot docs/guide/present.png "key ctrl+4" "key F5" "sleep 1"

# The pictures the app exports.
if [ -x scripts/export-doc-maps.sh ]; then
  scripts/export-doc-maps.sh
fi
"$bin" timeline projects/syria-2024 --picture docs/timeline.png --scale 1 >/dev/null
echo "screenshots: wrote docs/timeline.png"
