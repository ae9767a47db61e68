#!/usr/bin/env bash
# Runs `php -l` on every PHP file of the plugin, its tests and the WordPress scripts;
# fails when any file has a syntax error.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v php >/dev/null 2>&1; then
  echo "php-lint: php is not installed (apt-get install php-cli)" >&2
  exit 1
fi

checked=0
failed=0
while IFS= read -r -d '' file; do
  checked=$((checked + 1))
  if ! out=$(php -d display_errors=1 -d error_reporting=-1 -l "$file" 2>&1); then
    failed=$((failed + 1))
    echo "$out" >&2
  fi
done < <(find plugin scripts/wordpress -name '*.php' -not -path '*/node_modules/*' -print0 | sort -z)

if [ "$checked" -eq 0 ]; then
  echo "php-lint: no PHP files found" >&2
  exit 1
fi
echo "php-lint: $checked files checked, $failed with errors"
[ "$failed" -eq 0 ]
