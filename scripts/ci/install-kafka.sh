#!/usr/bin/env bash
# CI install step: fetch the Apache Kafka broker jars from Maven Central into
# .orq/kafka/<version>/jars through the same code path the tests and `npm run kafka` use
# (test/setup/kafka-jars.ts). Idempotent: when the jars are complete it does nothing.
# Needs Java 17+ and Maven; installs them from Debian's packages when missing (CI runs as root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "install-kafka: java or mvn missing, installing from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    openjdk-17-jre-headless maven >/dev/null
fi

npx --no-install tsx scripts/kafka.ts --fetch-only
