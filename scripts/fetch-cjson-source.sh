#!/usr/bin/env bash
# Fetches cJSON's source for the WASM build into third_party/cjson/ (git-ignored).
# Debian ships only the host library, so we take Debian's source package of exactly the
# installed libcjson-dev version: native and WASM builds then share one cJSON, security
# patches included. Uses a private apt state so the system's apt configuration is untouched.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/third_party/cjson"

pkg="$(dpkg-query -W -f='${source:Package}' libcjson-dev)"
version="$(dpkg-query -W -f='${source:Version}' libcjson-dev)"

if [[ -f "$dest/cJSON.c" && -f "$dest/cJSON.h" && "$(cat "$dest/VERSION" 2>/dev/null)" == "$version" ]]; then
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# apt drops privileges to _apt for downloads; it must be able to reach the private dirs.
chmod 755 "$tmp"
mkdir -p "$tmp/etc/sources.list.d" "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/src"
if [[ $EUID -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$tmp/src"; fi
touch "$tmp/etc/sources.list"

# Mirror the machine's own deb entries as deb-src, in both formats apt reads.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [[ -f "$f" ]] && sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >>"$tmp/etc/sources.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] && sed -E 's/^Types:.*$/Types: deb-src/I' "$f" >"$tmp/etc/sources.list.d/$(basename "$f")"
done

apt_private=(
  -o "Dir::Etc::SourceList=$tmp/etc/sources.list"
  -o "Dir::Etc::SourceParts=$tmp/etc/sources.list.d"
  -o "Dir::State::Lists=$tmp/lists"
  -o "Dir::Cache=$tmp/cache"
)
# A third-party repository without sources must not stop us; apt-get source below is the real check.
apt-get "${apt_private[@]}" -qq update || echo "fetch-cjson-source: some source indexes failed; trying anyway" >&2
(cd "$tmp/src" && apt-get "${apt_private[@]}" -qq source "$pkg=$version" >/dev/null) || {
  echo "fetch-cjson-source: could not get Debian source $pkg=$version (the installed libcjson-dev)." >&2
  echo "  If the archive moved on, upgrade libcjson-dev (apt-get install --only-upgrade libcjson-dev) and rerun." >&2
  exit 1
}

srcdir="$(find "$tmp/src" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -n1)"
mkdir -p "$tmp/out"
cp "$srcdir/cJSON.c" "$srcdir/cJSON.h" "$tmp/out/"
echo "$version" >"$tmp/out/VERSION"
rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$tmp/out" "$dest"
echo "fetch-cjson-source: cJSON $version (Debian source package $pkg) -> third_party/cjson/"
