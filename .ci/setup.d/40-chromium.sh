#!/usr/bin/env bash
# The reconciliation report is checked in a real browser (test/bill/report-browser.test.ts):
# Debian's chromium, and CJK fonts so the Chinese report renders as people see it.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then need+=(fonts-noto-cjk); fi
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
