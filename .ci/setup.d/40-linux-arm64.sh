#!/usr/bin/env bash
# The linux-arm64 package (Kunpeng, Phytium servers): libOneTrans.so cross-built with
# gcc-aarch64-linux-gnu against libc6-dev-arm64-cross, proven under qemu-user (test/linux/).
# Skips apt entirely when everything is already there.
set -euo pipefail
. "$(dirname "$0")/../lib/apt.sh"
need=()
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
[ -e /usr/aarch64-linux-gnu/include/sys/stat.h ] || need+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
if [ ${#need[@]} -gt 0 ]; then
  apt_install "${need[@]}"
else
  echo "40-linux-arm64: cross compiler, arm64 libc headers and qemu-user already present"
fi
