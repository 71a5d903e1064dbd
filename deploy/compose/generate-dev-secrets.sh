#!/bin/bash
# Writes DEVELOPMENT secrets for the compose stack into ./secrets (gitignored) and fills empty values in ./.env.
# Never use these for production: there, put real certificates and keys into ./secrets by hand.
set -euo pipefail
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
[ -f .env ] || cp .env.example .env

self_signed() { # name common-name
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" \
    -addext "subjectAltName=DNS:$2,DNS:localhost,IP:127.0.0.1" \
    -keyout "secrets/$1.key" -out "secrets/$1.crt" 2>/dev/null
}
[ -f secrets/gateway-tls.crt ] || self_signed gateway-tls localhost
[ -f secrets/grafana-tls.crt ] || self_signed grafana-tls localhost
if [ ! -f secrets/internal-jwt-private.pem ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/internal-jwt-private.pem 2>/dev/null
  openssl pkey -in secrets/internal-jwt-private.pem -pubout -out secrets/internal-jwt-public.pem
fi
if [ ! -f secrets/support-jwt-public.pem ]; then
  # Development support issuer: the private half stays here only so a developer can sign a support token.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out secrets/support-jwt-private.DEV-ONLY.pem 2>/dev/null
  openssl pkey -in secrets/support-jwt-private.DEV-ONLY.pem -pubout -out secrets/support-jwt-public.pem
fi
if [ ! -f secrets/license-encryption.properties ]; then
  printf 'pivot.license.encryption.active-key-id=k1\npivot.license.encryption.keys.k1=%s\n' "$(openssl rand -base64 32)" \
    > secrets/license-encryption.properties
fi
[ -f secrets/grafana-admin-password ] || openssl rand -base64 18 | tr -d '/+=\n' > secrets/grafana-admin-password
if [ ! -f secrets/backup-age-recipients.txt ]; then
  command -v age-keygen >/dev/null || { echo "age-keygen missing: apt-get install age" >&2; exit 1; }
  # Development only: the identity (private key) is kept here so a developer can try a restore. In production it never
  # lives on the host that writes the backups: only the recipients (public key) file does.
  age-keygen -o secrets/backup-age-identity.DEV-ONLY.txt 2>/dev/null
  age-keygen -y secrets/backup-age-identity.DEV-ONLY.txt > secrets/backup-age-recipients.txt
fi

fill() { # variable value: sets it in .env only when empty
  if grep -q "^$1=$" .env; then sed -i "s|^$1=$|$1=$2|" .env; fi
}
fill LICENSE_DB_PASSWORD "$(openssl rand -base64 24 | tr -d '/+=')"
fill REPORT_DB_PASSWORD "$(openssl rand -base64 24 | tr -d '/+=')"
fill ANALYTICS_DB_PASSWORD "$(openssl rand -base64 24 | tr -d '/+=')"
fill ANALYTICS_ORG_HASH_KEY "$(openssl rand -base64 32)"

if [ "$(id -u)" = 0 ]; then
  # Containers read bind-mounted secrets as their own users: services 10001, Grafana 472.
  chown 10001:10001 secrets/gateway-tls.* secrets/internal-jwt-*.pem secrets/backup-age-recipients.txt \
    secrets/license-encryption.properties secrets/support-jwt-public.pem
  chown 472:472 secrets/grafana-*
  chmod 0400 secrets/gateway-tls.* secrets/internal-jwt-*.pem secrets/backup-age-recipients.txt secrets/grafana-* \
    secrets/license-encryption.properties secrets/support-jwt-public.pem
else
  echo "not root: make ./secrets readable by uid 10001 (services) and 472 (Grafana) yourself" >&2
fi
echo "development secrets written to $(pwd)/secrets; settings in $(pwd)/.env"
