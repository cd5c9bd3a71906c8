#!/usr/bin/env bash
# Builds the local images the tests need. No image registry is reachable on these machines,
# so everything comes from Debian packages and files of this repository:
#   localhost/tempfs-busybox:test      busybox-static with every applet linked (tiny, fast)
#   localhost/tempfs-debian:test       debootstrap --variant=minbase bookworm (bash, for sandboxes)
#   localhost/tempfs-fake-llama:server behaves like ghcr.io/ggml-org/llama.cpp:server where tempfs looks
#   localhost/tempfs-fake-llama:light  behaves like ghcr.io/ggml-org/llama.cpp:light (llama-cli)
# Idempotent: an image that exists is skipped; `--force` rebuilds them all. The Debian rootfs
# is cached as a tarball (TEMPFS_TEST_CACHE, default /var/cache/tempfs-test) so a rebuild is fast;
# delete it to bootstrap again. Needs root (debootstrap) and the busybox-static and debootstrap packages.
set -euo pipefail

FORCE=0
[[ ${1:-} == --force ]] && FORCE=1
PODMAN=${TEMPFS_PODMAN:-podman}
CACHE=${TEMPFS_TEST_CACHE:-/var/cache/tempfs-test}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIXTURES=$ROOT/test/fixtures/images

BUSYBOX=localhost/tempfs-busybox:test
DEBIAN=localhost/tempfs-debian:test
LLAMA=localhost/tempfs-fake-llama

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# True when the image should be left as it is.
keep() {
  if [[ $FORCE == 0 ]] && "$PODMAN" image exists "$1"; then
    echo "test-images: $1 exists (skipped)"
    return 0
  fi
  return 1
}

build_busybox() {
  keep "$BUSYBOX" && return
  local bin=${BUSYBOX_BIN:-/bin/busybox}
  [[ -x $bin ]] || { echo "test-images: $bin missing: apt-get install -y busybox-static" >&2; exit 1; }
  local r=$work/busybox
  mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc" "$r/tmp" "$r/root" "$r/home"
  chmod 1777 "$r/tmp"
  cp "$bin" "$r/bin/busybox"
  # Link every applet where busybox expects it (bin/ls, usr/bin/env, ...).
  local applet
  for applet in $("$bin" --list-full); do
    [[ $applet == bin/busybox ]] || ln -sf /bin/busybox "$r/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  tar -C "$r" -c . | "$PODMAN" import --quiet --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' - "$BUSYBOX" >/dev/null
  echo "test-images: built $BUSYBOX"
}

debian_tarball() {
  local tarball=$CACHE/debian-bookworm-minbase.tar
  if [[ ! -s $tarball ]]; then
    command -v debootstrap >/dev/null || { echo "test-images: apt-get install -y debootstrap" >&2; exit 1; }
    mkdir -p "$CACHE"
    local r=$work/debian
    echo "test-images: debootstrap --variant=minbase bookworm (a few minutes, once)" >&2
    debootstrap --variant=minbase bookworm "$r" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
      { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/*
    tar -C "$r" -c . >"$tarball.partial"
    mv "$tarball.partial" "$tarball"
  fi
  echo "$tarball"
}

build_debian() {
  keep "$DEBIAN" && return
  local tarball
  tarball=$(debian_tarball)
  "$PODMAN" import --quiet --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$DEBIAN" >/dev/null
  echo "test-images: built $DEBIAN"
}

# The fake llama.cpp images: the host's node binary runs a small script on the Debian image
# (which already has glibc and libstdc++, all node needs).
build_fake_llama() {
  local tag=$1
  keep "$LLAMA:$tag" && return
  local node=${NODE_BIN:-$(command -v node)}
  if ldd "$node" | grep -q 'not found\|libnode'; then
    echo "test-images: $node needs shared libraries the image lacks; set NODE_BIN to a standalone node build" >&2
    exit 1
  fi
  local ctx=$work/fake-llama-$tag
  mkdir -p "$ctx"
  cp -r "$FIXTURES/fake-llama/." "$ctx/"
  cp "$node" "$ctx/node"
  # Docker format keeps the HEALTHCHECK the real image has, so tests see that tempfs ignores it.
  "$PODMAN" build --quiet --format docker --pull=never --target "$tag" \
    -f "$ctx/Containerfile" -t "$LLAMA:$tag" "$ctx" >/dev/null
  echo "test-images: built $LLAMA:$tag"
}

build_busybox
build_debian
build_fake_llama server
build_fake_llama light
