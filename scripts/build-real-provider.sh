#!/usr/bin/env bash
# Builds the real dmacvicar/libvirt 0.8.3 provider from providers/libvirt-0.8.3 with the Go client, into a cache
# outside git, and prints one line: "built" or "reused from cache", with the binary's path (the last field).
# The cache key covers go.mod, go.sum and the Go version, so changing the pinned dependencies rebuilds.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/providers/libvirt-0.8.3"
go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[ -x "$go_bin" ] || { echo "go not found" >&2; exit 127; }
cache="${GEN_INFRA_CACHE:-$HOME/.cache/gen-infra}/providers"

# GOTOOLCHAIN=local: the installed Go builds it, rather than one fetched to match the go line.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly
key="$( (cat "$module/go.mod" "$module/go.sum"; "$go_bin" env GOVERSION GOOS GOARCH) | sha256sum | cut -c1-16)"
dir="$cache/libvirt-0.8.3-$key"
binary="$dir/terraform-provider-libvirt_v0.8.3"

if [ -x "$binary" ]; then
  echo "libvirt provider 0.8.3 reused from cache: $binary"
  exit 0
fi

mkdir -p "$dir"
started=$(date +%s)
# Into a temporary name first, so an interrupted build never leaves a binary that looks complete.
partial="$(mktemp "$dir/.partial.XXXXXX")"
trap 'rm -f "$partial"' EXIT
(cd "$module" && "$go_bin" build -trimpath -ldflags "-s -w" -o "$partial" github.com/dmacvicar/terraform-provider-libvirt)
chmod 755 "$partial"
mv "$partial" "$binary"
echo "libvirt provider 0.8.3 built in $(( $(date +%s) - started ))s: $binary"
