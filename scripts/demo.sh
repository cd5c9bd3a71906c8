#!/usr/bin/env bash
# The main job, offline: bring the top-level tempfs.yaml (a llama-server and a sandbox that
# waits for it) up with the local stand-in images, a model served from loopback, and show it
# working; then take it down. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
model="$work/demo.gguf"
# A stand-in model file: the look-alike server checks the GGUF magic, as llama.cpp does.
{ printf 'GGUF'; head -c 1048576 /dev/urandom; } > "$model"
port_file="$work/port"
node -e '
  const http = require("node:http"); const fs = require("node:fs");
  const [file, portFile] = process.argv.slice(1);
  const s = http.createServer((req, res) => fs.createReadStream(file).pipe(res));
  s.listen(0, "127.0.0.1", () => fs.writeFileSync(portFile, String(s.address().port)));
' "$model" "$port_file" &
server=$!
tempfs() { node dist/bundle/tempfs.js "$@"; }
cleanup() { tempfs down >/dev/null 2>&1 || true; kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done

export LLAMA_SERVER_IMAGE=localhost/tempfs-fake-llama:server
export SANDBOX_IMAGE=localhost/tempfs-debian:test
export LLAMA_MODEL_URL="http://127.0.0.1:$(cat "$port_file")/qwen.gguf"
export LLAMA_MODEL_SHA256="$(sha256sum "$model" | cut -d' ' -f1)"
export LLAMA_PORT="${LLAMA_PORT:-18080}"
export TEMPFS_MODELS_DIR="$work/models"

echo "== tempfs plan"
tempfs plan
echo "== tempfs up -d --ttl 10m"
tempfs up -d --ttl 10m
echo "== tempfs ps"
tempfs ps
echo "== from inside the sandbox: ask the llama-server by its service name"
tempfs exec -T sandbox -- bash -c '
  body="{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"
  exec 3<>/dev/tcp/llama-server/8080
  printf "POST /v1/chat/completions HTTP/1.0\r\nHost: llama-server\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" "${#body}" "$body" >&3
  tail -n 1 <&3; echo'
echo "== the sandbox keeps nothing: its root is read-only, /tmp is memory"
tempfs exec -T sandbox -- sh -c 'echo hi > /tmp/ok && echo "/tmp: writable"; { echo x > /etc/nope; } 2>/dev/null || echo "/etc: read-only"'
[ -n "${DEMO_KEEP:-}" ] && { trap - EXIT; echo "kept (DEMO_KEEP)"; exit 0; }
echo "== tempfs down"
tempfs down
