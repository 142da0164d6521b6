#!/usr/bin/env bash
# Proves the image tarballs of `./mvnw -Pimages package` run, without a Docker daemon: each image's
# layers are unpacked in order into a root filesystem, and its own entrypoint (from the image config,
# with its environment and non-root user) runs there under chroot, in new mount and PID namespaces
# with /proc mounted (the JRE's launcher needs it). The network is the host's.
#  - every image: `java -version` of the image's JRE;
#  - centra-simulator: started on a free port, answers GET /_sim/usage, then stopped;
#  - pos-ingest: Micronaut starts and its producer dials the configured Kafka; it logs at INFO;
#  - stock-projector, reconciliation: the main class loads and fails fast on its missing configuration
#    with the expected message, and RocksDB (their state stores' native library) opens a store.
#  A running Kafka cluster is not needed for these checks.
# Needs root (chroot, unshare), python3, curl, and a JDK (javac) for the RocksDB probe. usage: deploy/images/verify.sh [IMAGE_TAR...]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
if [[ $# -eq 0 ]]; then
  set -- "$root"/{tools/centra-simulator,services/pos-ingest,services/stock-projector,services/reconciliation}/target/*-"$version"-image.tar
fi
[[ $(id -u) -eq 0 ]] || { echo "verify.sh: needs root (chroot, unshare)" >&2; exit 2; }
work=$(mktemp -d /tmp/tillstream-image-verify.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

# rootfs DIR CONFIG: unpacks the image tarball's layers into DIR and writes its config (env, user,
# entrypoint) as shell-readable lines to CONFIG.
unpack() {
  local tarball=$1 dir=$2
  mkdir -p "$dir/img" "$dir/rootfs"
  tar -xf "$tarball" -C "$dir/img"
  python3 - "$dir" <<'PY'
import json, os, shlex, subprocess, sys
d = sys.argv[1]
manifest = json.load(open(os.path.join(d, "img", "manifest.json")))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", os.path.join(d, "img", layer),
                    "-C", os.path.join(d, "rootfs")], check=True)
config = json.load(open(os.path.join(d, "img", manifest["Config"])))["config"]
with open(os.path.join(d, "config.sh"), "w") as out:
    out.write("tag=%s\n" % shlex.quote(manifest["RepoTags"][0]))
    out.write("env=(%s)\n" % " ".join(shlex.quote(e) for e in config.get("Env", [])))
    out.write("user=%s\n" % shlex.quote(config.get("User", "0:0")))
    out.write("entrypoint=(%s)\n" % " ".join(shlex.quote(a) for a in config["Entrypoint"]))
PY
  mkdir -p "$dir/rootfs/proc" "$dir/rootfs/etc"
  # what a container runtime provides: name resolution for localhost
  echo "127.0.0.1 localhost" > "$dir/rootfs/etc/hosts"
}

# in_image DIR CMD...: runs CMD in the image's root filesystem as the image's user and environment.
in_image() {
  local dir=$1; shift
  # shellcheck disable=SC1091
  source "$dir/config.sh"
  unshare --mount --pid --fork --mount-proc="$dir/rootfs/proc" \
    chroot --userspec="$user" "$dir/rootfs" /usr/bin/env -i "${env[@]}" "$@" 2>&1 || true
}

# start_service DIR ARGS...: the image's entrypoint with ARGS in the background, output in DIR/out.log.
start_service() {
  local dir=$1; shift
  unshare --mount --pid --fork --mount-proc="$dir/rootfs/proc" \
    chroot --userspec="$user" "$dir/rootfs" /usr/bin/env -i "${env[@]}" "${entrypoint[@]}" "$@" >"$dir/out.log" 2>&1 &
  service_pid=$!
}

# The service is PID 1 of its namespace, a child of unshare (which ignores SIGTERM while it waits,
# and --kill-child would not survive chroot's change of user): stop the service, then unshare ends.
stop_service() {
  pkill -TERM -P "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
}

check() { # check NAME OUTPUT PATTERN
  if grep -q -- "$3" <<<"$2"; then echo "  ok   $1"; else echo "  FAIL $1"; echo "$2" | sed 's/^/       /' | tail -15; image_ok=false; fi
}

for tarball in "$@"; do
  [[ -f "$tarball" ]] || { echo "verify.sh: $tarball not found; run ./mvnw -Pimages package first" >&2; exit 2; }
  name=$(basename "$tarball" "-$version-image.tar")
  dir="$work/$name"
  unpack "$tarball" "$dir"
  source "$dir/config.sh"
  image_ok=true
  echo "$tag ($(du -sh "$tarball" | cut -f1), user $user)"
  # env from coreutils is not in the image: run the JRE directly with the image's PATH instead
  cp /usr/bin/env "$dir/rootfs/usr/bin/env" 2>/dev/null || { mkdir -p "$dir/rootfs/usr/bin"; cp /usr/bin/env "$dir/rootfs/usr/bin/env"; }
  check "java -version" "$(in_image "$dir" java -version)" 'openjdk version'
  case $name in
    centra-simulator)
      port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
      start_service "$dir" --host 127.0.0.1 --port "$port" --token verify-token
      answer=""
      for _ in $(seq 1 60); do
        answer=$(curl -s -m 2 "http://127.0.0.1:$port/_sim/usage" || true)
        [[ -n "$answer" ]] && break
        sleep 0.5
      done
      stop_service
      check "serves GET /_sim/usage on port $port" "$answer" '"quotas"'
      ;;
    stock-projector|reconciliation)
      check "main class loads, asks for its configuration" "$(in_image "$dir" "${entrypoint[@]}")" 'TILLSTREAM_BOOTSTRAP_SERVERS'
      # RocksDB (the state stores) needs native libraries beyond the JRE's: open a store for real.
      javac -d "$dir/rootfs/probe" -cp "$(sed "s#/app/#$dir/rootfs/app/#g" "$dir/rootfs/app/jib-classpath-file")" \
        "$root/deploy/images/probe/RocksDbProbe.java"
      check "RocksDB opens a store in /var/lib/tillstream" \
        "$(in_image "$dir" java -cp "$(cat "$dir/rootfs/app/jib-classpath-file"):/probe" RocksDbProbe /var/lib/tillstream)" \
        'rocksdb ok: 42'
      ;;
    pos-ingest)
      # Without a cluster it waits for Kafka: enough that the application context started and its
      # producer tried the configured (unreachable) bootstrap address.
      start_service "$dir"
      for _ in $(seq 1 120); do
        grep -q 'Bootstrap broker 127.0.0.1:9092' "$dir/out.log" && break
        sleep 0.5
      done
      stop_service
      check "Micronaut starts, its Kafka producer dials the configured bootstrap servers" \
        "$(grep -v DEBUG "$dir/out.log")" 'Bootstrap broker 127.0.0.1:9092'
      check "logs at INFO, not logback's default DEBUG" "$(grep -c ' DEBUG ' "$dir/out.log" || true)" '^0$'
      ;;
  esac
  # the env binary was only a helper for this check
  rm -f "$dir/rootfs/usr/bin/env"
  $image_ok || failed=$((failed + 1))
done
echo "$(($# - failed)) of $# images passed"
[[ $failed -eq 0 ]]
