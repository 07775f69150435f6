#!/bin/sh
# Install Debian's chromium + chromium-driver for the browser tests (pytest -m browser).
# Idempotent: does nothing when /usr/bin/chromium is already there. Never `playwright install`:
# it downloads a browser build from the internet, which CI machines cannot reach.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium chromium-driver
/usr/bin/chromium --version 2>/dev/null || true
