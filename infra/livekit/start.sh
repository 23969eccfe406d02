#!/usr/bin/env bash
# Runs a development LiveKit server on loopback (ws://127.0.0.1:7880) in the foreground.
# Point Maillage at it with:
#   LIVEKIT_URL=ws://127.0.0.1:7880 LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=maillage-dev-secret-0123456789abcdef
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${LIVEKIT_BIN:-}" ]]; then
  bin="$LIVEKIT_BIN"
else
  bin="$("$here/build.sh" | tail -n1)"
fi
exec "$bin" --config "$here/livekit.dev.yaml" "$@"
