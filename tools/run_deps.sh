#!/usr/bin/env bash
# What the running assistant needs from the system: espeak-ng for speech output.
# Installs it when missing and this user can (root, or sudo without a password);
# otherwise says exactly what to install and lets `make run` start anyway
# (the chat works; /api/speak and spoken answers say "I cannot speak right now").
set -u
packages=(espeak-ng)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || command -v "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
fi
if [ "$SUDO" != "none" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for speech output: ${missing[*]}"
  if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
fi
echo "Speech output needs ${missing[*]}, which is not installed and which I cannot install here." >&2
echo "Install it with:  sudo apt-get install ${missing[*]}   (Debian/Ubuntu; other systems: the package of the same name)" >&2
echo "Starting anyway: typed chat works; spoken answers stay off until it is installed." >&2
exit 0
