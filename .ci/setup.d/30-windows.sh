#!/usr/bin/env bash
# The Windows drop-in (OneTrans.dll, x64 and x86) is cross-built with MinGW-w64 and proven
# under wine (test/windows/): the 64-bit package with wine64, the 32-bit one (32-bit DLL,
# 32-bit node.exe, a 32-bit client) with wine32, which Debian ships for i386 only, reached
# through multiarch (dpkg --add-architecture i386). The test's wine prefix is made after this
# step, so it has syswow64 and runs both (a prefix made before wine32 is recreated by the test).
# Skips apt entirely when everything is already there (local re-runs stay fast).
set -euo pipefail
. "$(dirname "$0")/../lib/apt.sh"
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
command -v file >/dev/null 2>&1 || need+=(file)
# wine32:i386 installs the 32-bit loader as /usr/lib/wine/wine.
wine32=0
[ -x /usr/lib/wine/wine ] || wine32=1
if [ ${#need[@]} -gt 0 ] || [ "$wine32" = 1 ]; then
  if [ "$wine32" = 1 ]; then
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
      echo "30-windows: dpkg --add-architecture i386 (for wine32)"
      dpkg --add-architecture i386
    fi
    need+=(wine32:i386)
  fi
  apt_install "${need[@]}"
else
  echo "30-windows: MinGW-w64, wine64 and wine32 already present"
fi
echo "30-windows: done in $(( $(date +%s) - start )) s"
