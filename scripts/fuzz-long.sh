#!/usr/bin/env bash
# Long fuzzing (issue #17): every *FuzzTest in fuzzing mode, one JVM each, then a table of
# executions, coverage and findings per target in target/fuzz-report.md.
#   scripts/fuzz-long.sh                   all modules
#   scripts/fuzz-long.sh -pl core -am -Dfuzz.targets=BlockHeaderCodecFuzzTest
#                                          extra arguments go to Maven
# Findings are written by Jazzer as crash-* files into the target's committed Inputs directory,
# so `mvn verify` replays them from then on.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/find-jdk.sh
bcpki_find_jdk
mkdir -p target
log=target/fuzz-long.log
report=target/fuzz-report.md
mvn -B -Pfuzz test -Dsurefire.failIfNoSpecifiedTests=false "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
{
  echo "| target | executions | seconds | exec/s | edges (cov) | features (ft) | corpus | result |"
  echo "|---|---|---|---|---|---|---|---|"
  awk '
    /^\[INFO\] Running .*FuzzTest$/ { target = $3; sub(/^org\.bcpki\./, "", target); runs = ""; done = "" }
    /#[0-9]+[ \t]+DONE/ { done = $0 }
    /^Done [0-9]+ runs in [0-9]+ second/ { runs = $2; secs = $5 }
    /Tests run: .* in org\.bcpki\..*FuzzTest$/ && target != "" {
      result = ($0 ~ /Failures: 0, Errors: 0/) ? "no finding" : "FINDING (see log)"
      cov = ft = corp = rate = "?"
      n = split(done, f, /[ \t]+/)
      for (i = 1; i < n; i++) {
        if (f[i] == "cov:") cov = f[i + 1]
        if (f[i] == "ft:") ft = f[i + 1]
        if (f[i] == "corp:") corp = f[i + 1]
        if (f[i] == "exec/s:") rate = f[i + 1]
      }
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", target, runs, secs, rate, cov, ft, corp, result
      target = ""
    }
  ' "$log"
  echo
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg) at the end; JDK $BCPKI_JAVA_MAJOR."
} > "$report"
cat "$report"
exit "$status"
