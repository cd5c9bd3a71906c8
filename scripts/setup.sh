#!/usr/bin/env bash
# One-time setup of a fresh Debian 12 machine for tempfs and its tests:
# Podman (and its config for these hosts), the npm dependencies (which also builds dist/),
# the local test images (no registry is needed: they are built from Debian packages), and real
# llama.cpp images built from the source that the npm package node-llama-cpp ships.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-podman.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm run build
fi
bash scripts/test-images.sh
# Real llama.cpp images and a tiny model, built from source once per machine (cached; see the script).
bash scripts/llama-images.sh
bash scripts/setup-docker.sh
