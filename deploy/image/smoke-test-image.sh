#!/bin/bash
# Runs a service image built by Jib WITHOUT a container engine and checks that it comes up: the image's layers are
# unpacked into a scratch root, the entrypoint is started there as the image's user (chroot + a private /proc), and
# the service's liveness endpoint must answer 200. Root only (chroot, mount). Network: the host's loopback.
#
#   deploy/image/smoke-test-image.sh IMAGE_TAR HEALTH_URL [--copy SRC:DEST_IN_IMAGE]... [--] [NAME=VALUE]...
#   e.g. deploy/image/smoke-test-image.sh license-service/target/jib-image.tar http://127.0.0.1:18081/q/health/live \
#          --copy /tmp/public.pem:/run/secrets/public.pem -- QUARKUS_HTTP_PORT=18081 QUARKUS_DATASOURCE_JDBC_URL=...
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "root needed (chroot)" >&2; exit 2; }
image="${1:?IMAGE_TAR}"; health="${2:?HEALTH_URL}"; shift 2
copies=()
while [ $# -gt 0 ]; do
  case "$1" in
    --copy) copies+=("$2"); shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done

work="$(mktemp -d)"
trap 'umount "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
tar -xf "$image" -C "$work" 2>/dev/null
manifest="$(cat "$work/manifest.json")"
config_file="$(sed -E 's/.*"Config":"([^"]+)".*/\1/' <<<"$manifest")"
config="$(cat "$work/$config_file")"
user="$(sed -nE 's/.*"User":"([^"]+)".*/\1/p' <<<"$config")"
[ -n "$user" ] && [ "${user%%:*}" != 0 ] && [ "${user%%:*}" != root ] || { echo "image runs as root ('$user')" >&2; exit 1; }
entrypoint="$(sed -nE 's/.*"Entrypoint":\[([^]]*)\].*/\1/p' <<<"$config" | tr -d '"' | tr ',' ' ')"
env_line="$(sed -nE 's/.*"Env":\[([^]]*)\].*/\1/p' <<<"$config" | tr -d '"' | tr ',' ' ')"
mkdir -p "$work/rootfs"
for layer in $(sed -E 's/.*"Layers":\[([^]]*)\].*/\1/' <<<"$manifest" | tr -d '"' | tr ',' ' '); do
  case "$layer" in
    *.gz) tar -xzf "$work/$layer" -C "$work/rootfs" 2>/dev/null ;;
    *) tar -xf "$work/$layer" -C "$work/rootfs" 2>/dev/null ;;
  esac
done
for copy in "${copies[@]}"; do
  mkdir -p "$work/rootfs$(dirname "${copy#*:}")"
  cp "${copy%%:*}" "$work/rootfs${copy#*:}"
  chmod 0444 "$work/rootfs${copy#*:}"
done
mkdir -p "$work/rootfs/proc"
mount -t proc proc "$work/rootfs/proc"
echo "starting: user $user, entrypoint: $entrypoint" >&2
# shellcheck disable=SC2086 # the image's environment and entrypoint are word lists
env -i $env_line "$@" "$(command -v chroot)" --userspec="$user" "$work/rootfs" $entrypoint > "$work/service.log" 2>&1 &
pid=$!
status=1
for _ in $(seq 1 180); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the service exited" >&2; break
  fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$health")" = 200 ]; then
    status=0; break
  fi
  sleep 1
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ $status = 0 ]; then
  echo "OK: $health answered 200 from the image running as $user" >&2
else
  echo "FAILED: $health did not answer 200; the service's last output:" >&2
  tail -40 "$work/service.log" >&2
fi
exit $status
