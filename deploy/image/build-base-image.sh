#!/bin/bash
# Builds the services' base image as a docker-save tarball, from Debian packages and the machine's JDK 17, without a
# Docker engine or a registry. Jib takes it as `tar://<path>` (see deploy/image/README.md).
#
#   deploy/image/build-base-image.sh [OUTPUT_TAR]       default: deploy/image/target/java17-base.tar
#
# What is inside ("distroless"-like: no shell, no package manager):
#   - glibc, libgcc, libstdc++, zlib from Debian's own .debs (apt-get download + dpkg-deb -x, no install)
#   - a Java 17 runtime cut with jlink from the JDK's jmods to the modules a Quarkus service uses
#   - /opt/probe/HealthProbe.class, the health check compose runs inside the container
#   - /etc/passwd and /etc/group naming uid/gid 10001 ("app"), the user the services run as; /tmp world-writable
# The layer is reproducible: fixed mtimes, numeric owners, sorted entries.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
output="${1:-$here/target/java17-base.tar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs" "$work/debs" "$(dirname "$output")"

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[ -d "$java_home/jmods" ] || { echo "no jmods in $java_home: install openjdk-17-jdk-headless" >&2; exit 1; }
"$java_home/bin/java" -version 2>&1 | grep -q 'version "17' || { echo "$java_home is not a JDK 17" >&2; exit 1; }

echo "1/5 Debian packages" >&2
packages=(libc6 libgcc-s1 libstdc++6 zlib1g)
(cd "$work/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1) \
  || (apt-get update >/dev/null && cd "$work/debs" && apt-get download "${packages[@]}" >/dev/null)
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
done
# Documentation, locales and package scripts have no use at run time.
rm -rf "$rootfs"/usr/share/doc "$rootfs"/usr/share/lintian "$rootfs"/usr/share/locale "$rootfs"/usr/share/man \
       "$rootfs"/usr/share/gcc "$rootfs"/usr/share/gdb "$rootfs"/usr/lib/x86_64-linux-gnu/gconv \
       "$rootfs"/usr/libexec "$rootfs"/usr/bin "$rootfs"/usr/sbin "$rootfs"/sbin "$rootfs"/bin

echo "2/5 Java runtime (jlink)" >&2
# The modules Quarkus, Hibernate, the PostgreSQL driver, Kafka clients, Netty and OpenTelemetry use at run time.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,\
jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$rootfs/opt/java"
# Debian's JDK keeps the CA store outside the JDK; give the runtime a real copy.
if [ -f /etc/ssl/certs/java/cacerts ]; then
  cp /etc/ssl/certs/java/cacerts "$rootfs/opt/java/lib/security/cacerts"
fi

echo "3/5 health probe" >&2
mkdir -p "$rootfs/opt/probe"
"$java_home/bin/javac" --release 17 -d "$rootfs/opt/probe" "$here/probe/HealthProbe.java"

echo "4/5 users and directories" >&2
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/app" "$rootfs/usr/bin" "$rootfs/proc"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:10001:10001:app:/nonexistent:/usr/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:10001:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
ln -s /opt/java/bin/java "$rootfs/usr/bin/java"

echo "5/5 image tarball" >&2
layer="$work/layer.tar"
tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$rootfs" -cf "$layer" .
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
cat > "$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"10001:10001","WorkingDir":"/app",
   "Env":["PATH=/opt/java/bin:/usr/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
   "Labels":{"org.opencontainers.image.title":"pivot-report java17 base","org.opencontainers.image.description":"Debian glibc + jlinked Java 17, no shell, uid 10001"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/build-base-image.sh"}]}
EOF
config_name="$(sha256sum "$work/config.json" | cut -d' ' -f1).json"
mv "$work/config.json" "$work/$config_name"
printf '[{"Config":"%s","RepoTags":["pivotreport/java17-base:local"],"Layers":["layer.tar"]}]\n' "$config_name" \
  > "$work/manifest.json"
tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$work" \
    -cf "$output" manifest.json "$config_name" layer.tar
echo "base image: $output ($(du -h "$output" | cut -f1), layer $diff_id)" >&2
echo "$output"
