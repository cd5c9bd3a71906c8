#!/usr/bin/env bash
# Docker beside Podman, for the Docker half of the tests (and for users who have Docker):
# Debian's docker.io (dockerd 20.10, overlay2) and docker-compose (the bench compares with it),
# dockerd started in the background when it is not running, and the local test images copied
# over from Podman (`podman save | docker load`: no registry is needed). Idempotent. Root.
# The .ci/run script stops the dockerd it started (its pid is in $DOCKERD_PID_FILE).
set -euo pipefail
PIDFILE=${DOCKERD_PID_FILE:-/run/tempfs-dockerd.pid}
PODMAN=${TEMPFS_PODMAN:-podman}

if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq docker.io docker-compose >/dev/null
fi

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  nohup dockerd >/var/log/tempfs-dockerd.log 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
    sleep 0.2
  done
  docker version --format 'setup-docker: dockerd {{.Server.Version}} is up' || { tail -20 /var/log/tempfs-dockerd.log >&2; exit 1; }
fi

for image in localhost/tempfs-busybox:test localhost/tempfs-debian:test localhost/tempfs-fake-llama:server localhost/tempfs-fake-llama:light; do
  if docker image inspect "$image" >/dev/null 2>&1 && [[ ${1:-} != --force ]]; then
    echo "setup-docker: $image exists (skipped)"
  elif "$PODMAN" image exists "$image"; then
    "$PODMAN" save "$image" | docker load -q >/dev/null
    echo "setup-docker: loaded $image"
  else
    echo "setup-docker: $image is not in Podman: run scripts/test-images.sh first" >&2
    exit 1
  fi
done
