#!/usr/bin/env bash
# OTA figures for docs/ota.md: the drill with 50 devices at fault rate 0.3 on the embedded broker
# and on Mosquitto; a 50 MB bundle to 20 devices; one agent process receiving a 50 MB update
# while killed with SIGKILL 20 times in a row; the agent's peak RSS for a 50 MB bundle.
# Usage: tests/bench/ota.sh   (from the repository root; needs mosquitto for the second drill)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$PWD/target/bench-ota
rm -rf "$out"; mkdir -p "$out"
edge=./blueprint-edge
$edge --version >/dev/null 2>&1
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json() { python3 -c "import json,sys; d=json.load(open('$1')); print(' '.join(f'{k}={d[k]}' for k in sys.argv[1:]))" "${@:2}"; }

echo "== drill: 50 devices, fault rate 0.3, embedded broker"
$edge drill ota --devices 50 --fault-rate 0.3 --format json --work "$out/drill-embedded" \
  >"$out/drill-embedded.json" 2>"$out/drill-embedded.log"
json "$out/drill-embedded.json" devices updated rolled_back old_version bricked bytes payload_bytes overhead seconds kills broker_restarts bad_rollout

if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
  echo "== drill: 50 devices, fault rate 0.3, Mosquitto with passwords and the ACL"
  mq="$out/mosquitto"; mkdir -p "$mq"; : >"$mq/passwd"; echo drill-password >"$mq/password"
  for u in coordinator $(seq -f 'dev-%03g' 0 49); do mosquitto_passwd -b "$mq/passwd" "$u" drill-password; done
  port=$(free_port)
  printf 'listener %s 127.0.0.1\nuser %s\nallow_anonymous false\npassword_file %s\nacl_file %s\npersistence false\nlog_dest none\n' \
    "$port" "$(id -un)" "$mq/passwd" "$PWD/assets/mosquitto/acl" >"$mq/mosquitto.conf"
  "$(command -v mosquitto || echo /usr/sbin/mosquitto)" -c "$mq/mosquitto.conf" & mqpid=$!
  sleep 1
  $edge drill ota --devices 50 --fault-rate 0.3 --broker "tcp://127.0.0.1:$port" \
    --username-password "coordinator:$mq/password" --format json --work "$out/drill-mosquitto" \
    >"$out/drill-mosquitto.json" 2>"$out/drill-mosquitto.log" || true
  kill $mqpid; wait $mqpid 2>/dev/null || true
  json "$out/drill-mosquitto.json" devices updated rolled_back old_version bricked bytes payload_bytes overhead seconds kills broker_restarts bad_rollout
fi

echo "== a 50 MB bundle to 20 devices (no faults)"
$edge drill ota --devices 20 --fault-rate 0 --payload-size 50MiB --chunk-size 256KiB --format json \
  --work "$out/drill-50mb" >"$out/drill-50mb.json" 2>"$out/drill-50mb.log"
json "$out/drill-50mb.json" devices updated bricked good_rollout_seconds good_rollout_bytes good_rollout_mb_per_s

echo "== one agent process, a 50 MB update, killed 20 times in a row; then a clean run for peak RSS"
w="$out/kill"; mkdir -p "$w"
$edge keys init --out "$w/keys" >/dev/null
model=models/edge/wisdm-mlp/wisdm-mlp-int8.bpm
$edge bundle golden --model "$model" --out "$w/golden.json" >/dev/null
head -c 52428800 /dev/urandom >"$w/data.bin"
head -c 5242880 /dev/urandom >"$w/small.bin"
for v in 1 2 3; do
  files=("model.bpm=$model" "golden.json=$w/golden.json")
  [ $v = 2 ] && files+=("data.bin=$w/data.bin")
  [ $v = 3 ] && files+=("data.bin=$w/small.bin")
  $edge bundle create --name wisdm --version 1.$v --counter $v --target cpu --chunk-size 256KiB \
    --out "$w/v$v.bpb" "${files[@]}" >/dev/null
  $edge bundle sign --key "$w/keys/signer.key" --keys "$w/keys/keys.json" "$w/v$v.bpb" >/dev/null
done
run_case() { # name, kills, bundle
  local name=$1 kills=$2 bundle=$3 port dir
  port=$(free_port); dir="$w/$name"; mkdir -p "$dir"
  printf 'device: %s\nbroker: tcp://127.0.0.1:%s\nstate: state\nroot: %s\nhardware_id: this-device\nhardware_kind: cpu\nstall_timeout: 2s\ndeadline: 60s\n' \
    "$name" "$port" "$w/keys/root-1.json" >"$dir/agent.yaml"
  $edge rollout --bundle "$bundle" --devices "$name" --broker embedded --port "$port" --waves 1 \
    --state "$dir/coordinator" >"$dir/rollout.log" 2>&1 & local rpid=$!
  sleep 2
  export BLUEPRINT_EDGE_JAVA_OPTS="-Xmx96m"
  $edge agent --config "$dir/agent.yaml" --provision "$w/v1.bpb" >"$dir/agent-0.log" 2>&1 & local apid=$!
  local peak=0
  for i in $(seq 1 "$kills"); do
    sleep "$(python3 -c 'import random; print(round(random.uniform(1.5, 3.5), 2))')"
    kill -9 $apid 2>/dev/null || true; wait $apid 2>/dev/null || true
    $edge agent --config "$dir/agent.yaml" >"$dir/agent-$i.log" 2>&1 & apid=$!
  done
  while kill -0 $rpid 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' /proc/$(pgrep -P $apid java || echo $apid)/status 2>/dev/null || echo 0)
    [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
    sleep 0.2
  done
  wait $rpid && result=done || result=failed
  hwm=$(awk '/VmHWM/ {print $2}' /proc/$(pgrep -P $apid java || echo $apid)/status 2>/dev/null || echo 0)
  [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
  kill $apid 2>/dev/null; wait $apid 2>/dev/null || true
  unset BLUEPRINT_EDGE_JAVA_OPTS
  if [ "$kills" -gt 0 ]; then
    echo "$name: rollout $result after $kills SIGKILLs; $(tail -1 "$dir/rollout.log")"
  else
    echo "$name: rollout $result; $(tail -1 "$dir/rollout.log"); agent peak RSS $((peak / 1024)) MiB (heap capped at 96 MiB)"
  fi
}
run_case killed-50mb 20 "$w/v2.bpb"
run_case clean-50mb 0 "$w/v2.bpb"
run_case clean-5mb 0 "$w/v3.bpb"
