#!/usr/bin/env bash
# The 100-point ad-click sweep, on all cores and on one, side by side: wall and CPU time of each.
# Usage: tests/bench/sweep.sh   (from the repository root; records into a throw-away history)
set -euo pipefail
cd "$(dirname "$0")/../.."
db=$(mktemp -d)/bench-runs.db
args=(sweep assets/examples/ad-click.yaml
  --vary components.ranker.replicas=3..12
  --vary components.gateway.workers=400..688:32
  --db "$db" --format csv)
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
for threads in "$(nproc)" 1; do
  ./blueprint "${args[@]}" --threads "$threads" --fresh --out "target/bench-sweep-$threads" \
    2>/dev/null >"target/bench-sweep-$threads.csv"
  python3 - "$threads" target/bench-sweep-"$threads"/sweep.json <<'PY'
import json, sys
s = json.load(open(sys.argv[2]))
print(f"threads {sys.argv[1]}: {s['combinations']} points, {s['wall_seconds']:.1f} s wall, "
      f"{s['cpu_seconds']:.1f} s CPU ({s['cpu_seconds'] / s['wall_seconds']:.2f} cores busy)")
PY
done
