#!/usr/bin/env bash
# The edge runtime side by side: probe this machine, then bench every shipped model at batch 1
# and 32 on every back end, three processes each (a JVM's JIT choices vary from run to run), and
# print the median of each figure with the simulator's prediction for the probed profile.
# Usage: tests/bench/edge.sh [seconds per back end]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-4}
out=target/bench-edge
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
./blueprint-edge probe --out "$out/this-device.yaml" 2>/dev/null | sed 's/^/  /'
for model in fashion-cnn wisdm-mlp; do
  for batch in 1 32; do
    for run in 1 2 3; do
      ./blueprint-edge bench --model "$model" --batch "$batch" --seconds "$seconds" --warmup 3 \
        --predict "$out/this-device.yaml" --format json 2>/dev/null >"$out/$model-$batch-$run.json"
    done
  done
done
./blueprint-edge bench --model fashion-cnn --batch 1 --seconds "$seconds" --warmup 3 --profile \
  --backend java-float,java-int8 2>/dev/null | sed -n '/where/,$p' >"$out/profile.txt"
python3 - "$out" <<'PY'
import json, statistics, sys, glob, os
out = sys.argv[1]
print(f"\n{'model':12} {'batch':>5} {'backend':17} {'p50 ms':>9} {'p99 ms':>9} {'samples/s':>11} {'vs float':>8} {'simulator':>10} {'error':>7}")
for model in ("fashion-cnn", "wisdm-mlp"):
    for batch in (1, 32):
        runs = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/{model}-{batch}-*.json"))]
        names = list(runs[0]["backends"])
        med = {}
        for n in names:
            rows = [r["backends"][n] for r in runs if r["backends"][n].get("available")]
            if not rows:
                print(f"{model:12} {batch:>5} {n:17} unavailable: {runs[0]['backends'][n].get('reason')}")
                continue
            m = {k: statistics.median(x[k] for x in rows) for k in ("p50_ms", "p99_ms", "throughput")}
            if "predicted_ms" in rows[0]:
                m["predicted_ms"] = rows[0]["predicted_ms"]
            med[n] = m
        base = med.get("java-float", {}).get("throughput")
        for n, m in med.items():
            pred = f"{m['predicted_ms']:10.3f} {100 * (m['predicted_ms'] / m['p50_ms'] - 1):+6.0f}%" if "predicted_ms" in m else ""
            print(f"{model:12} {batch:>5} {n:17} {m['p50_ms']:9.3f} {m['p99_ms']:9.3f} {m['throughput']:11.0f} {m['throughput'] / base:7.2f}x {pred}")
print("\nwhere the time goes, fashion-cnn at batch 1:")
print(open(f"{out}/profile.txt").read())
PY
echo "device jar: $(du -h edge-runtime/device/target/blueprint-edge.jar | cut -f1) (edge-runtime/device/target/blueprint-edge.jar; no TensorFlow, no JavaFX)"
