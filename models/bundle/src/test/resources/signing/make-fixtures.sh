#!/usr/bin/env bash
# Makes the signing test fixtures with openssl alone (no Driftline code), so that the tests check Driftline against
# another implementation: the key files, and a signature over the content digest of a small RETIRE update whose
# canonical bytes are written out here by hand, following BundleDigest's documented layout.
#   trusted.pem / trusted.pub.pem   P-256 key pair (PKCS#8 private key, SPKI public key)
#   other.pem / other.pub.pem       a second P-256 key pair (a key the tests do not trust)
#   sec1.pem                        a P-256 private key left in SEC1 form (EC PRIVATE KEY), not PKCS#8
#   p384.pub.pem                    a public key on another curve (secp384r1)
#   retire.digest                   hex SHA-256 content digest of the update below
#   retire.sig                      SHA256withECDSA signature (DER) by trusted.pem over those 32 bytes
# Run from this directory: bash make-fixtures.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for name in trusted other; do
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$name.pem"
  openssl ec -in "$name.pem" -pubout -out "$name.pub.pem" 2> /dev/null
done
openssl ecparam -name prime256v1 -genkey -noout -out sec1.pem
openssl ecparam -name secp384r1 -genkey -noout | openssl ec -pubout -out p384.pub.pem 2> /dev/null

# ModelUpdate{model: "fraud", version: "1", action: RETIRE, publishedAt: 2026-11-23T10:00:00Z}; every other field is
# at its default and is left out. Fields in name order: action, model, publishedAt, version.
str() { printf '%08x' "${#1}"; printf '%s' "$1" | xxd -p | tr -d '\n'; }
canonical="$(printf '%s' 'driftline-bundle-digest-v1' | xxd -p | tr -d '\n')00"
canonical+="08$(printf '%08x' 4)"
canonical+="$(str action)04$(str RETIRE)"
canonical+="$(str model)04$(str fraud)"
canonical+="$(str publishedAt)02$(printf '%016x' 1795428000000)"
canonical+="$(str version)04$(str 1)"
printf '%s' "$canonical" | xxd -r -p | openssl dgst -sha256 -binary > retire.digest.bin
xxd -p -c 64 retire.digest.bin > retire.digest
openssl dgst -sha256 -sign trusted.pem -out retire.sig retire.digest.bin
rm retire.digest.bin
