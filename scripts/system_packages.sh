#!/usr/bin/env bash
# Make sure the machine has what the full test suite needs: PostgreSQL server binaries
# (for the throwaway cluster) and Debian's Chromium with fonts (for the browser tests).
# Installs them with apt-get when they are missing and we run as root; otherwise explains.
set -euo pipefail

missing=()
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  missing+=(postgresql)
fi
if [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium fonts-liberation fonts-dejavu-core)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  echo "PostgreSQL and Chromium are present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
  exit 0
fi

cat >&2 <<MSG
error: the test suite needs these Debian packages, which are missing: ${missing[*]}
Install them as root, for example:
  sudo apt-get install --no-install-recommends ${missing[*]}
then run make test again.
MSG
exit 1
