#!/usr/bin/env bash
# Benchmarks (figures printed, never asserted in tests). Each measures its baseline in the same run.
#
#   kernel-setup/bench.sh metrics   bf16 decoding + metrics, ours vs numpy; last line metrics_vs_numpy=<ratio>
#   kernel-setup/bench.sh hub       a LayerNorm study through the local hub at 50 ms per request, ours vs a
#                                   naive probe client; last line bytes_ratio=… speedup=… rerun_requests=…
#   kernel-setup/bench.sh study     a full online-shaped study of the Solar- and GLM-shaped repos through the local hub
#                                   in -Xmx1g, at 1x, 2x and 4x the sampled rows and windows; last line peak_heap_mb=…
#   kernel-setup/bench.sh zoo       load every zoo model from its jar and print its inventory; last line the time
#   kernel-setup/bench.sh toy       train the toy family from scratch in a temporary folder; wall and CPU time per
#                                   member; last line toy_family_wall_s=… cpu_s=… steps_equivalent=…
#   kernel-setup/bench.sh kernel [N]  start the lab's kernel N times (default 100) through jupyter_client: start,
#                                   kernel_info, one cell using the library, shutdown; last line
#                                   kernel_starts=<N> hangs=<H> median_start_ms=<M>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/.." && pwd)
case "${1:-}" in
  metrics) main=org.provenancelab.bench.MetricsBenchmark ;;
  hub) main=org.provenancelab.bench.HubBenchmark ;;
  study) main=org.provenancelab.bench.StudyBenchmark ;;
  zoo) main=org.provenancelab.bench.ZooInventories ;;
  toy) main=org.provenancelab.bench.ToyTraining ;;
  kernel) main= ;;
  *) echo "usage: kernel-setup/bench.sh metrics|hub|study|zoo|toy|kernel" >&2; exit 2 ;;
esac
"$here/setup.sh" --quiet
if [ "$1" = kernel ]; then
  exec "$(cat "$here/target/python.path")" "$here/kernel_bench.py" "${2:-100}"
fi
args=()
# the numpy baseline runs on the Python that setup found (it has numpy)
[ "$1" = metrics ] && args=(7 "$(cat "$here/target/python.path")")
cd "$home"
mvn -q -B -ntp -Dstyle.color=never -pl lib test-compile
mvn -q -B -ntp -Dstyle.color=never -pl lib dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp=$(cat lib/target/bench.classpath)
# the study must fit in 1 GiB of heap: that is what it measures
heap=-Xmx4g
[ "$1" = study ] && heap=-Xmx1g
# the collector the kernel runs (setup.sh's kernelspec), so the figures are the notebooks' own
exec java "$heap" -XX:+UseSerialGC -cp "lib/target/classes:lib/target/test-classes:$cp" "$main" ${args[@]+"${args[@]}"}
