#!/usr/bin/env bash
# Frame times while dragging one component of a 200-component design in the workbench, under
# Xvfb (installed with: apt-get install xvfb libgtk-3-0), and the time of the drop.
# Usage: tests/bench/workbench-drag.sh [N]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
xvfb-run -a -s "-screen 0 1920x1080x24" ./blueprint workbench --bench-drag "${1:-200}" 2>&1 \
  | grep -E "drag benchmark|usable window"
