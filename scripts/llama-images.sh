#!/usr/bin/env bash
# Builds real llama.cpp images without any image registry, and a tiny random-weight GGUF:
#   localhost/tempfs-llama:server   llama-server (as ghcr.io/ggml-org/llama.cpp:server: LLAMA_ARG_HOST=0.0.0.0)
#   localhost/tempfs-llama:light    llama-cli and llama-completion (as ghcr.io/ggml-org/llama.cpp:light)
# (TEMPFS_LLAMA_IMAGE names them otherwise)
#   $CACHE/<commit>/tiny.gguf       a llama-architecture model with random weights (half a MB)
# llama.cpp's source comes from the npm package node-llama-cpp, which ships it as a git bundle
# (llama/gitRelease.bundle). The binaries are built on the host with cmake (static llama/ggml
# libraries, GGML_NATIVE=OFF so they run on any x86-64, no web UI, no HTTPS) under `nice` with
# LLAMA_JOBS (default 2) jobs, and copied onto localhost/tempfs-debian:test (glibc, libstdc++,
# libgomp). The build and the model are cached under $CACHE/<commit> (TEMPFS_LLAMA_CACHE,
# default /var/cache/tempfs-llama), so a second machine setup only re-imports; existing images
# are skipped (`--force` rebuilds the images, not the binaries). Needs root for apt.
set -euo pipefail

FORCE=0
[[ ${1:-} == --force ]] && FORCE=1
PODMAN=${TEMPFS_PODMAN:-podman}
CACHE=${TEMPFS_LLAMA_CACHE:-/var/cache/tempfs-llama}
PACKAGE=${NODE_LLAMA_CPP:-node-llama-cpp@3.22.1}
JOBS=${LLAMA_JOBS:-2}
BASE=localhost/tempfs-debian:test
IMAGE=${TEMPFS_LLAMA_IMAGE:-localhost/tempfs-llama}

log() { echo "llama-images: $*" >&2; }

have_images() {
  [[ $FORCE == 0 ]] && "$PODMAN" image exists "$IMAGE:server" && "$PODMAN" image exists "$IMAGE:light" &&
    [[ -s $CACHE/current/tiny.gguf ]]
}
if have_images; then
  log "$IMAGE:server, $IMAGE:light and $CACHE/current/tiny.gguf exist (skipped)"
  exit 0
fi

"$PODMAN" image exists "$BASE" || { log "$BASE missing: run scripts/test-images.sh first"; exit 1; }

need=()
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(build-essential)
command -v git >/dev/null || need+=(git)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || need+=(python3 python3-numpy)
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$CACHE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The source: the bundle inside the npm tarball, kept as $CACHE/<commit>/src.
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/node-llama-cpp-*.tgz -C "$work" package/llama/gitRelease.bundle
commit=$(git bundle list-heads "$work/package/llama/gitRelease.bundle" | awk '$2 == "HEAD" { print $1 }')
[[ -n $commit ]] || { log "no HEAD in the bundle of $PACKAGE"; exit 1; }
dir=$CACHE/$commit
mkdir -p "$dir"
if [[ ! -d $dir/src/.git ]]; then
  rm -rf "$dir/src"
  git -c advice.detachedHead=false clone --quiet "$work/package/llama/gitRelease.bundle" "$dir/src"
fi

# The binaries: $dir/bin/{llama-server,llama-cli,llama-completion}, written last so a broken
# build is retried.
bins=(llama-server llama-cli llama-completion)
if [[ ! -x $dir/bin/llama-completion ]]; then
  log "building llama.cpp $commit (${bins[*]}) with $JOBS jobs: several minutes, once per machine"
  start=$(date +%s)
  nice -n 15 cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=OFF -DGGML_BACKEND_DL=OFF -DGGML_OPENMP=ON \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF \
    -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF \
    >"$dir/cmake.log" 2>&1 || { tail -30 "$dir/cmake.log" >&2; exit 1; }
  nice -n 15 cmake --build "$dir/build" -j "$JOBS" --target "${bins[@]}" \
    >"$dir/build.log" 2>&1 || { tail -30 "$dir/build.log" >&2; exit 1; }
  mkdir -p "$dir/bin.partial"
  for b in "${bins[@]}"; do cp "$dir/build/bin/$b" "$dir/bin.partial/"; done
  strip "$dir"/bin.partial/*
  rm -rf "$dir/bin" && mv "$dir/bin.partial" "$dir/bin"
  rm -rf "$dir/build"
  log "built in $(($(date +%s) - start))s"
fi

# The model: a tiny llama with random weights, written by the source's own gguf-py.
if [[ ! -s $dir/tiny.gguf ]]; then
  PYTHONPATH=$dir/src/gguf-py /usr/bin/python3 "$(dirname "$0")/tiny-gguf.py" "$dir/tiny.gguf.partial"
  mv "$dir/tiny.gguf.partial" "$dir/tiny.gguf"
fi
ln -sfn "$commit" "$CACHE/current"

# The images: the Debian test base plus the binaries. ENV and ENTRYPOINT as upstream's images have.
image() {
  local tag=$1 entry=$2
  shift 2
  local ctx=$work/ctx-$tag
  mkdir -p "$ctx"
  mkdir -p "$ctx/app" "$ctx/lib"
  cp "$@" "$ctx/app/"
  # The base has glibc and libstdc++; libgomp (OpenMP) comes from the host that built the
  # binaries (Debian 12 as the base, so the same glibc).
  cp -L "$(gcc -print-file-name=libgomp.so.1)" "$ctx/lib/libgomp.so.1"
  {
    echo "FROM $BASE"
    echo "COPY lib/ /usr/lib/x86_64-linux-gnu/"
    echo "COPY app/ /app/"
    echo "ENV PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8"
    [[ $tag == server ]] && echo "ENV LLAMA_ARG_HOST=0.0.0.0"
    echo "WORKDIR /app"
    echo "ENTRYPOINT [\"/app/$entry\"]"
  } >"$ctx/Containerfile"
  "$PODMAN" build --quiet --pull=never --label "io.tempfs.llama-commit=$commit" \
    -f "$ctx/Containerfile" -t "$IMAGE:$tag" "$ctx" >/dev/null
  log "built $IMAGE:$tag ($commit)"
}
image server llama-server "$dir/bin/llama-server"
image light llama-cli "$dir/bin/llama-cli" "$dir/bin/llama-completion"
