#!/usr/bin/env bash
# Installs what the stack and the tests need, once: npm packages, and on Debian as root
# the system packages (Postgres extensions, Chromium, WordPress with MariaDB and PHP).
# Safe to run every time: it only acts on what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "bootstrap: $*" >&2; }

DEBIAN_PACKAGES=(
  postgresql-15 postgresql-contrib postgresql-15-cron postgresql-15-pgtap
  chromium fonts-dejavu-core
  wordpress wordpress-theme-twentytwentythree mariadb-server php-cli php-mysql php-xml php-mbstring php-curl phpunit
  gettext zip unzip
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
    # Services must not start on install: the stack runs its own throwaway servers.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
    rm -f /usr/sbin/policy-rc.d
  else
    echo "bootstrap: missing system packages: ${missing[*]} (install them with apt-get as root)" >&2
    exit 1
  fi
fi

stamp=node_modules/.package-lock.json
# A node_modules that links to another checkout's install (a second work tree) is that
# checkout's to keep: npm ci would empty it through the link.
if [ -L node_modules ]; then
  :
elif [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund >&2
fi

# The Deno the Supabase Edge Runtime is built on: the functions run on it (scripts/edge-runtime/).
# Its version is exact in its package.json (npm cannot lock this package's platform builds).
pinned=scripts/edge-runtime/deno
want=$(node -p "require('./$pinned/package.json').dependencies.deno")
have=$(node -p "try { require('./$pinned/node_modules/deno/package.json').version } catch { '' }")
if [ "$want" != "$have" ]; then
  say "installing the Edge Runtime's Deno $want"
  npm install --prefix "$pinned" --no-package-lock --no-audit --no-fund >&2
fi

# The widget and admin assets the plugin serves: rebuilt when their sources are newer.
assets=plugin/lumaleasing/assets/lumaleasing.js
if [ ! -f "$assets" ] || [ -n "$(find widget/src widget/admin/*.ts* widget/admin/portfolio vite.config.ts -newer "$assets" -type f 2>/dev/null | head -n 1)" ]; then
  say "building the widget"
  npx vite build >&2
fi
