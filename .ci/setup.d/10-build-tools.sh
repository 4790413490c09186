#!/usr/bin/env bash
# cmake and a C compiler build the native library during `npm install`.
set -euo pipefail
. "$(dirname "$0")/../lib/apt.sh"
need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v cc >/dev/null 2>&1 || need+=(build-essential)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
apt_install "${need[@]}"
