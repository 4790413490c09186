#!/usr/bin/env bash
# The reconciliation report is checked in a real browser (test/bill/report-browser.test.ts):
# Debian's chromium, and CJK fonts so the Chinese report renders as people see it.
set -euo pipefail
. "$(dirname "$0")/../lib/apt.sh"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then need+=(fonts-noto-cjk); fi
apt_install "${need[@]}"
