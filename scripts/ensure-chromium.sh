#!/usr/bin/env bash
# Makes a headless-capable Chromium available at /usr/bin/chromium for the browser tests.
#
#   scripts/ensure-chromium.sh
#
# Idempotent: exits at once when /usr/bin/chromium runs. Otherwise (as root, on Debian) it
# installs Debian's `chromium` package. Playwright's own browser downloads need hosts that are
# unreachable here; Debian's mirror is the only source needed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { echo "ensure-chromium: $*" >&2; }
die() { log "error: $*"; exit 1; }

if [ -x "$CHROMIUM" ] && "$CHROMIUM" --version >/dev/null 2>&1; then
  log "$("$CHROMIUM" --version) is already installed"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "$CHROMIUM is missing; run this script as root (or apt-get install chromium) to install it"
command -v apt-get >/dev/null || die "$CHROMIUM is missing and this is not a Debian-like system; install Chromium and link it at $CHROMIUM"

# Fresh containers ship without package lists.
if ! apt-cache show chromium >/dev/null 2>&1; then
  log "apt-get update"
  apt-get update -q
fi
log "apt-get install chromium"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core

"$CHROMIUM" --version >/dev/null 2>&1 || die "chromium was installed, but $CHROMIUM --version fails"
log "$("$CHROMIUM" --version) installed"
