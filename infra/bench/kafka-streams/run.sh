#!/usr/bin/env bash
# Kafka Streams on the stream runtime's bench job (KStreamsBench.java): fetches its jars from
# Maven Central once (into .onegrid/kstreams/lib), then runs it against KAFKA_BROKERS.
#   bash infra/bench/kafka-streams/run.sh [messages=1000000] [rounds=3] [stream-threads=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
lib="$root/.onegrid/kstreams/lib"
if [[ ! -f "$lib/kafka-streams-4.3.1.jar" ]]; then
  mvn -B -q -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime
fi
exec java -Xmx2g -cp "$lib/*" "$here/KStreamsBench.java" "$@"
