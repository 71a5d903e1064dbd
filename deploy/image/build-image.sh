#!/bin/bash
# Builds one service's image tarball with Jib (load it with `docker load -i`).
#
#   deploy/image/build-image.sh gateway-service [extra maven arguments]
#
# Uses the root pom's `image` profile: the image is SERVICE/target/jib-image.tar. Until the root pom has the profile,
# deploy/image/jib-profile.xml is applied to a scratch copy of the root pom and the service, the image is written to
# deploy/image/target/images/SERVICE.tar, and the repository (the service's folder included) is not changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
service="${1:?usage: build-image.sh SERVICE [maven args]}"; shift
[ -f "$root/$service/src/main/resources/application.properties" ] || { echo "$service is not a Quarkus application" >&2; exit 2; }
base="$root/deploy/image/target/java17-base.tar"
[ -f "$base" ] || "$root/deploy/image/build-base-image.sh" "$base" >/dev/null
mvn=(mvn); [ -x "$root/mvnw" ] && mvn=("$root/mvnw")

if grep -q '<id>image</id>' "$root/pom.xml"; then
  "${mvn[@]}" -q -f "$root/pom.xml" -pl "$service" package -Dpivot.image -DskipTests "-Dpivot.image.base=tar://$base" "$@"
  echo "$root/$service/target/jib-image.tar"
  exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "root pom has no image profile yet: building in $scratch with deploy/image/jib-profile.xml" >&2
awk -v snippet="$root/deploy/image/jib-profile.xml" -v service="$service" '
  /<module>/ { next }
  /<modules>/ { print; print "    <module>" service "</module>"; next }
  /<\/profiles>/ { while ((getline line < snippet) > 0) print line; close(snippet) }
  { print }' "$root/pom.xml" > "$scratch/pom.xml"
tar -C "$root" --exclude="$service/target" -cf - "$service" | tar -C "$scratch" -xf -
"${mvn[@]}" -q -f "$scratch/pom.xml" -pl "$service" package -Dpivot.image -DskipTests "-Dpivot.image.base=tar://$base" "$@"
mkdir -p "$root/deploy/image/target/images"
cp "$scratch/$service/target/jib-image.tar" "$root/deploy/image/target/images/$service.tar"
echo "$root/deploy/image/target/images/$service.tar"
