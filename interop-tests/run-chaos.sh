#!/usr/bin/env bash
# The chaos campaign of issue #16: Petrel's clients and kafka-clients (the control) on a real 3-node Apache Kafka
# 4.3.1 cluster while nodes are killed and restarted and the network breaks (interop-tests' *Chaos classes).
# Takes 20-35 minutes on a 2-core machine; prints the figures tables at the end (also in interop-tests/target).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f interop-tests/target/chaos-figures.md interop-tests/target/chaos-group-figures.md \
  interop-tests/target/chaos-epoch-figures.md
mvn -B -ntp -pl interop-tests -am verify -Pchaos -Dtest='*Chaos' -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "| scenario | client | sent | acked | failed | lost | duplicated | reordered | read back | time |"
echo "|---|---|---|---|---|---|---|---|---|---|"
cat interop-tests/target/chaos-figures.md 2>/dev/null || true
echo
echo "| scenario | client | written | reads | redelivered | never read | commit regressions | commit observations | time |"
echo "|---|---|---|---|---|---|---|---|---|"
cat interop-tests/target/chaos-group-figures.md 2>/dev/null || true
echo
echo "| leader-epoch fencing (LeaderEpochChaos) | outcome | time after the election / for the send |"
echo "|---|---|---|"
cat interop-tests/target/chaos-epoch-figures.md 2>/dev/null || true
