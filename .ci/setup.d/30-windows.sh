#!/usr/bin/env bash
# The Windows drop-in (OneTrans.dll, x64 and x86) is cross-built with MinGW-w64 and proven
# under wine (test/windows/). Debian ships wine64 without wine32 on this architecture, so
# the 32-bit DLL is only export-checked with objdump; the 64-bit one really runs.
# Skips apt entirely when everything is already there (local re-runs stay fast).
set -euo pipefail
start=$(date +%s)
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
command -v i686-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-i686)
# Debian puts the wine64 loader in /usr/lib/wine; `wine` (the wrapper) and winecfg come from
# the wine package; wine64-tools brings winebuild/winegcc, which the toolchain does not need
# but `winedump` is handy when an export goes missing.
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || need+=(wine64)
command -v wine >/dev/null 2>&1 || need+=(wine)
command -v winedump >/dev/null 2>&1 || need+=(wine64-tools)
command -v objdump >/dev/null 2>&1 || need+=(binutils)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
if [ ${#need[@]} -gt 0 ]; then
  echo "30-windows: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "30-windows: MinGW-w64 and wine already present"
fi
echo "30-windows: done in $(( $(date +%s) - start )) s"
