#!/usr/bin/env bash
# Makes sure the opencl-int8 tests have an OpenCL loader and a CPU driver (PoCL): finds them, or
# installs Debian's packages when it may (root with apt-get, or passwordless sudo). It never
# fails the build itself; the tests skip without OpenCL, except under CI=true, where they fail.
set -u
have_opencl() {
  ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so\.1' && ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1
}
if have_opencl; then
  echo "OpenCL: loader and driver found ($(ls /etc/OpenCL/vendors/ | tr '\n' ' '))"
  exit 0
fi
packages="ocl-icd-libopencl1 pocl-opencl-icd"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    run=""
  elif sudo -n true >/dev/null 2>&1; then
    run="sudo -n"
  else
    run="none"
  fi
  if [ "$run" != "none" ]; then
    echo "OpenCL: installing $packages for the tests"
    export DEBIAN_FRONTEND=noninteractive
    $run apt-get install -y -q $packages >/dev/null 2>&1 \
      || { $run apt-get update -q >/dev/null 2>&1 && $run apt-get install -y -q $packages >/dev/null 2>&1; }
  fi
fi
if have_opencl; then
  echo "OpenCL: installed"
else
  echo "OpenCL: not available (install $packages); the opencl-int8 tests will be skipped"
fi
exit 0
