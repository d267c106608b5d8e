#!/usr/bin/env bash
# Builds OpenTofu, pinned below, from its Go module with the Go client, into a cache outside git, and prints one
# line: "built" or "reused from cache", with the binary's path (the last field). OpenTofu's go.mod has replace
# directives, so `go install module@version` refuses it: the module is downloaded and ./cmd/tofu built inside it.
set -euo pipefail

version=v1.10.10
go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[ -x "$go_bin" ] || { echo "go not found" >&2; exit 127; }
cache="${GEN_INFRA_CACHE:-$HOME/.cache/gen-infra}/tools"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly
key="$("$go_bin" env GOVERSION GOOS GOARCH | sha256sum | cut -c1-16)"
dir="$cache/opentofu-$version-$key"
binary="$dir/tofu"

if [ -x "$binary" ]; then
  echo "OpenTofu ${version#v} reused from cache: $binary"
  exit 0
fi

mkdir -p "$dir"
started=$(date +%s)
"$go_bin" mod download "github.com/opentofu/opentofu@$version"
# The module cache holds the download there (the module path is all lower case, so it needs no escaping).
source_dir="$("$go_bin" env GOMODCACHE)/github.com/opentofu/opentofu@$version"
[ -d "$source_dir" ] || { echo "the Go client did not download github.com/opentofu/opentofu@$version" >&2; exit 1; }
# Into a temporary name first, so an interrupted build never leaves a binary that looks complete.
partial="$(mktemp "$dir/.partial.XXXXXX")"
trap 'rm -f "$partial"' EXIT
(cd "$source_dir" && "$go_bin" build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
  -o "$partial" ./cmd/tofu)
chmod 755 "$partial"
mv "$partial" "$binary"
echo "OpenTofu ${version#v} built in $(( $(date +%s) - started ))s: $binary"
