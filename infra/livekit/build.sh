#!/usr/bin/env bash
# Builds livekit-server at the version pinned in VERSION into the Maillage cache, once.
# The last line of stdout is the binary's path, so callers can do: bin=$(build.sh | tail -n1)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(tr -d '[:space:]' < "$here/VERSION")"
cache="${MAILLAGE_CACHE:-$HOME/.cache/maillage}"
dest_dir="$cache/livekit/$version"
bin="$dest_dir/livekit-server"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "livekit-server $version is built from source and needs Go (1.26 or newer): install it from https://go.dev/dl, or set LIVEKIT_BIN to an existing binary" >&2
  exit 1
fi

gobin="$(mktemp -d)"
trap 'rm -rf "$gobin"' EXIT

echo "Building livekit-server $version with $(go version | cut -d' ' -f3) (a few minutes the first time)..." >&2
start=$(date +%s)
# Pinning a release tag matters: main carries replace directives that `go install pkg@version` refuses.
GOBIN="$gobin" go install "github.com/livekit/livekit-server/cmd/server@$version" >&2
mkdir -p "$dest_dir"
# Move into place atomically so a concurrent caller never sees a half-written binary.
mv "$gobin/server" "$bin.tmp.$$"
mv -f "$bin.tmp.$$" "$bin"
echo "Built in $(( $(date +%s) - start )) s." >&2
echo "$bin"
