#!/usr/bin/env bash
# The load benchmark: installs wrk (Debian's package) when it is missing, checks the packaged services, runs
# LoadBenchmark. Never part of the test command. From anywhere: bench/load/run.sh [extra -Dbench.* properties]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing: installing Debian's package"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq wrk
fi

missing=()
for svc in license-service report-service analytics-service gateway-service; do
  [ -f "$svc/target/quarkus-app/quarkus-run.jar" ] || missing+=("$svc")
done
if [ ${#missing[@]} -gt 0 ]; then
  list=$(IFS=,; echo "${missing[*]}")
  echo "building the missing service jars: $list"
  mvn -q -pl "$list" package -DskipTests
fi

mvn -q -f bench/load/pom.xml compile exec:exec "$@"
