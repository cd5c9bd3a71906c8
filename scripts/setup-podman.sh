#!/usr/bin/env bash
# Installs and configures Podman for tempfs and its tests on Debian 12, as root.
# Idempotent: installs only missing packages and writes the config only when needed.
set -euo pipefail

if [[ $(id -u) != 0 ]]; then
  echo "setup-podman: run as root (apt-get and /etc/containers need it)" >&2
  exit 1
fi

# podman + runc: the engine; catatonit: Podman builds the infra (pause) image of `podman kube
# play` Pods from it locally (no registry needed); busybox-static + debootstrap:
# scripts/test-images.sh; tmux: the terminal tests.
packages=(podman runc catatonit busybox-static debootstrap tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "setup-podman: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

conf=/etc/containers/containers.conf
if [[ -f $conf ]] && grep -Eq '^[[:space:]]*runtime[[:space:]]*=' "$conf"; then
  echo "setup-podman: $conf already sets a runtime (left as it is)"
elif [[ -f $conf ]]; then
  # Merging TOML tables by hand is error-prone: say what is needed instead.
  echo "setup-podman: $conf exists without a runtime; add [engine] runtime = \"runc\" and" >&2
  echo "  [containers] default_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"] to it" >&2
  exit 1
else
  mkdir -p /etc/containers
  cat >"$conf" <<'EOF'
# Written by tempfs scripts/setup-podman.sh.
# crun, Debian's default runtime, fails on these hosts' hybrid cgroup setup; runc works.
# The default ulimits (nofile 1048576) exceed what the host sandbox allows a container,
# so `podman run` fails unless they are lowered.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF
  echo "setup-podman: wrote $conf"
fi

podman --version
