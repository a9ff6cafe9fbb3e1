#!/usr/bin/env bash
# Install the Debian packages the assistant and its tests use, when missing.
# Needs root (or sudo) and apt-get; says what to do otherwise.
set -eu
# espeak-ng and sox make and measure test speech; libportaudio2 lets voice-shell use a
# microphone; pocketsphinx-testdata holds real recorded speech for bench/speech.py;
# chromium and chromium-driver are the browser the web tests drive through Playwright.
packages=(postgresql redis-server espeak-ng sox libportaudio2 pocketsphinx-testdata chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
