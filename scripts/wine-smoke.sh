#!/usr/bin/env bash
# wine-smoke.sh — run the packaged OneTrans.dll under wine against the portal simulator,
# by hand, the way test/windows/ does it automatically.
#
#   npm run package:windows          # release/windows-<arch>/ + build/windows-<arch>/loadlibrary-client.exe
#   bash scripts/wine-smoke.sh [x86] [gbk] [kill] [threads] [ex] [reload]
#   (x86: the 32-bit package with the 32-bit client; needs wine32:i386)
#
# Prints the client's VERSION=/RET=/OUT= lines. Needs .ci/setup.d/30-windows.sh's packages.
# The Windows 10 prefix lives in .cache/wine-prefix (made on first use, ~10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

arch=x64
if [ "${1:-}" = x86 ]; then
  arch=x86
  shift
fi
pkg="$root/release/windows-$arch"
client="$root/build/windows-$arch/loadlibrary-client.exe"
for f in "$pkg/OneTrans.dll" "$pkg/node.exe" "$pkg/onetrans-bridge.cjs" "$pkg/onetrans-bridge-body.cjs" "$client" "$root/dist/cli.js"; do
  [ -e "$f" ] || { echo "wine-smoke: $f is missing; run npm run package:windows first / 请先执行 npm run package:windows" >&2; exit 1; }
done

wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine=$(command -v wine64 || command -v wine || true)
[ -n "$wine" ] || { echo "wine-smoke: wine64 not installed (bash .ci/setup.d/30-windows.sh)" >&2; exit 1; }
if [ "$arch" = x86 ]; then
  [ -x /usr/lib/wine/wine ] || { echo "wine-smoke: wine32:i386 not installed (bash .ci/setup.d/30-windows.sh)" >&2; exit 1; }
  wine=wine # the wrapper picks the 32-bit loader from the PE header
fi

export WINEPREFIX="$root/.cache/wine-prefix" WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
if [ ! -e "$WINEPREFIX/.onetrans-win10" ] || [ ! -e "$WINEPREFIX/drive_c/windows/syswow64/kernel32.dll" ]; then
  # (a prefix made before wine32 was installed has no syswow64: make it again)
  [ -d "$WINEPREFIX" ] && { wineserver -k || true; rm -rf "$WINEPREFIX"; }
  mkdir -p "$WINEPREFIX"
  # node.exe refuses to start (exit 216) unless the prefix reports Windows 10.
  timeout 120 "$wine" wineboot --init >/dev/null 2>&1
  timeout 60 "$wine" winecfg -v win10 >/dev/null 2>&1
  timeout 60 wineserver -w
  echo win10 >"$WINEPREFIX/.onetrans-win10"
fi

# A private run folder: the client beside the DLL, as a HIS keeps it.
run=$(mktemp -d "${TMPDIR:-/tmp}/onetrans-wine-XXXXXX")
portal_pid=
cleanup() {
  [ -n "$portal_pid" ] && kill "$portal_pid" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
cp "$pkg"/* "$run/"
cp "$client" "$run/"

# The simulator prints its address on the first line.
node "$root/dist/cli.js" portal --host 127.0.0.1 --port 0 --quiet >"$run/portal.out" 2>&1 &
portal_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$run/portal.out" | head -n1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "wine-smoke: the portal simulator did not start:" >&2; cat "$run/portal.out" >&2; exit 1; }
echo "portal: $url"

# Wine 8 lacks the TCP keep-alive socket options undici asks for; see
# test/windows/wine-no-keepalive.cjs. Real Windows needs nothing of the kind.
export NODE_OPTIONS="--require \"Z:$root/test/windows/wine-no-keepalive.cjs\""
cd "$run"
timeout 120 "$wine" loadlibrary-client.exe "$url" "$@"
