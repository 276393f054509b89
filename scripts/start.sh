#!/usr/bin/env bash
# Placeholder: `npm start` is filled in by a later issue.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
echo "npm start: not implemented yet" >&2
exit 1
