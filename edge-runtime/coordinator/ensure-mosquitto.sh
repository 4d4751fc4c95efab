#!/usr/bin/env bash
# Makes sure the broker interoperability tests have Mosquitto: finds it, or installs Debian's
# package when it may (root with apt-get, or passwordless sudo). The tests start their own
# broker on a loopback port with a password file and the ACL from assets/mosquitto/acl; no
# service is started here. It never fails the build itself; the tests skip without Mosquitto,
# except under CI=true, where they fail.
set -u
if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
  echo "Mosquitto: found ($( (/usr/sbin/mosquitto -h 2>/dev/null || mosquitto -h 2>/dev/null) | head -1))"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    run=""
  elif sudo -n true >/dev/null 2>&1; then
    run="sudo -n"
  else
    run="none"
  fi
  if [ "$run" != "none" ]; then
    echo "Mosquitto: installing mosquitto for the tests"
    export DEBIAN_FRONTEND=noninteractive
    $run apt-get install -y -q mosquitto >/dev/null 2>&1 \
      || { $run apt-get update -q >/dev/null 2>&1 && $run apt-get install -y -q mosquitto >/dev/null 2>&1; }
    # The package starts a system broker on 1883 where an init system runs; the tests use their own.
  fi
fi
if command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; then
  echo "Mosquitto: installed"
else
  echo "Mosquitto: not available (install mosquitto); the Mosquitto tests will be skipped"
fi
exit 0
