#!/bin/sh
# Prints a directory that holds promtool and amtool (the Prometheus and Alertmanager checkers).
#
# If both are on PATH, that is enough. Otherwise Debian's packages `prometheus` (promtool, 2.42) and
# `prometheus-alertmanager` (amtool, 0.25) are downloaded with `apt-get download` and unpacked with `dpkg-deb -x`
# into deploy/observability/target/tools: nothing is installed system-wide. Works as root on a fresh Debian machine
# that reaches only Debian's repositories; runs `apt-get update` when the package lists are missing or stale.
# Exit status is non-zero, with the reason on stderr, when the tools cannot be had: callers must fail, never skip.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/target/tools"
bin="$dest/bin"
mkdir -p "$bin"

works() {
    [ -x "$bin/promtool" ] && [ -x "$bin/amtool" ] \
        && "$bin/promtool" --version >/dev/null 2>&1 && "$bin/amtool" --version >/dev/null 2>&1
}

# One fetch at a time: parallel builds share target/.
exec 9>"$dest/.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi

if works; then
    echo "$bin"
    exit 0
fi

if command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1; then
    ln -sf "$(command -v promtool)" "$bin/promtool"
    ln -sf "$(command -v amtool)" "$bin/amtool"
    if works; then
        echo "$bin"
        exit 0
    fi
fi

for tool in apt-get dpkg-deb; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "fetch-tools: promtool/amtool are not on PATH and $tool is missing; install Debian's prometheus and" \
             "prometheus-alertmanager packages or put promtool and amtool on PATH" >&2
        exit 1
    fi
done

debs="$dest/debs"
rm -rf "$debs"
mkdir -p "$debs"
download() {
    (cd "$debs" && apt-get download prometheus prometheus-alertmanager) >"$dest/apt-download.log" 2>&1
}
if ! download; then
    echo "fetch-tools: refreshing the package lists (apt-get update)" >&2
    if ! apt-get update >"$dest/apt-update.log" 2>&1; then
        echo "fetch-tools: apt-get update failed (are you root? is a Debian mirror reachable?):" >&2
        tail -n 5 "$dest/apt-update.log" >&2
        exit 1
    fi
    if ! download; then
        echo "fetch-tools: apt-get download prometheus prometheus-alertmanager failed:" >&2
        tail -n 5 "$dest/apt-download.log" >&2
        exit 1
    fi
fi

root="$dest/root"
rm -rf "$root"
mkdir -p "$root"
for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$root"
done
for tool in promtool amtool; do
    if [ ! -x "$root/usr/bin/$tool" ]; then
        echo "fetch-tools: $tool is not in the downloaded packages ($(ls "$debs" | tr '\n' ' '))" >&2
        exit 1
    fi
    ln -sf "$root/usr/bin/$tool" "$bin/$tool"
done

if ! works; then
    echo "fetch-tools: the unpacked promtool/amtool do not run:" >&2
    "$bin/promtool" --version >&2 || true
    "$bin/amtool" --version >&2 || true
    exit 1
fi
echo "$bin"
