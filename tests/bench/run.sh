#!/usr/bin/env bash
# Speed and memory figures for the discrete-event engine, printed side by side in one run:
#   1. JMH: the engine on an M/M/1 loop, events per second on one core;
#   2. the same M/M/1 in SimPy (Debian's python3-simpy), and the ratio;
#   3. `blueprint simulate` of 10 million requests through the ad-click example;
#   4. 10 and 100 million M/M/1 requests in the same small heap (histograms, not lists).
# Usage: tests/bench/run.sh    (from the repository root; takes about five minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

./mvnw -B -q install -DskipTests
./mvnw -B -q -pl tests test-compile

echo "== 1. JMH: M/M/1 engine loop"
jmh_out=$(./mvnw -B -q -pl tests exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-cp %classpath dev.blueprint.tests.bench.Benchmarks" 2>&1 | tee /dev/stderr | grep "M/M/1 engine loop")
java_rps=$(echo "$jmh_out" | sed -E 's/.*\(([0-9.]+) million requests\/s\).*/\1/')

echo "== 2. SimPy, same model"
if ! /usr/bin/python3 -c "import SimPy" 2>/dev/null; then
  echo "installing python3-simpy (Debian package)"
  (apt-get install -y python3-simpy >/dev/null 2>&1 || sudo apt-get install -y python3-simpy >/dev/null 2>&1) || true
fi
simpy_out=$(/usr/bin/python3 tests/bench/mm1_simpy.py 1000000)
echo "$simpy_out"
simpy_cps=$(echo "$simpy_out" | sed -E 's/.*, ([0-9,]+) customers\/s/\1/' | tr -d ,)
python3 -c "print(f'ratio: Blueprint engine {float(\"$java_rps\")*1e6/float(\"$simpy_cps\"):.0f}x the requests per second of SimPy (one core each)')"

echo "== 3. blueprint simulate: ad-click, 10 million requests"
start=$(date +%s.%N)
java -jar app/target/blueprint.jar simulate assets/examples/ad-click.yaml --requests 10000000 | grep -E "p99 |note: seed"
end=$(date +%s.%N)
python3 -c "print(f'wall time including JVM start: {$end - $start:.1f} s')"

echo "== 4. memory: 10 and 100 million requests in a 48 MB heap"
for n in 10000000 100000000; do
  java -Xmx48m -jar app/target/blueprint.jar simulate assets/examples/mm1.yaml --requests $n | grep -E "mean latency|note: seed"
done
