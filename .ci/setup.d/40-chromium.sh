#!/usr/bin/env bash
# The reconciliation report is checked in a real browser (test/bill/report-browser.test.ts):
# Debian's chromium, and CJK fonts so the Chinese report renders as people see it.
set -euo pipefail
. "$(dirname "$0")/../lib/apt.sh"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# grep reads all of fc-list's output (-q would exit early: fc-list's SIGPIPE fails the pipe under pipefail)
if ! fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; then need+=(fonts-noto-cjk); fi
apt_install "${need[@]}"
