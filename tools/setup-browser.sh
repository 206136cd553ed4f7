#!/usr/bin/env bash
# Debian's Chromium and Japanese fonts for the browser tests (Playwright's own browser download is not allowed here).
# On a fresh machine another apt run (unattended upgrades, the image's own start-up) may hold the lock:
# wait for it (up to 10 minutes) instead of failing at once.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
WAIT=(-o DPkg::Lock::Timeout=600)
# `apt-get update` takes the lists lock, which DPkg::Lock::Timeout does not cover: retry it while it is busy
for attempt in $(seq 1 60); do
  if $SUDO apt-get "${WAIT[@]}" update -qq; then break; fi
  if [ "$attempt" = 60 ]; then echo "apt-get update failed" >&2; exit 1; fi
  sleep 10
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${WAIT[@]}" install -y -qq chromium fonts-noto-cjk >/dev/null
