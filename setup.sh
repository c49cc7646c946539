#!/usr/bin/env bash
# Installs everything edgebench needs on Debian 12: cross toolchains and QEMU
# (apt), then the Python dependencies into .venv/ inside this checkout.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# C++ (engines such as TFLM): g++ and each cross toolchain's libstdc++ (toolchains/libc.yaml, cxx);
# riscv64-unknown-elf has none in Debian and compiles against libstdc++-arm-none-eabi-dev's headers.
APT_PACKAGES=(gcc g++ libstdc++-12-dev binutils git python3-venv
  gcc-arm-none-eabi picolibc-arm-none-eabi libnewlib-arm-none-eabi
  libstdc++-arm-none-eabi-picolibc libstdc++-arm-none-eabi-dev
  gcc-arm-linux-gnueabihf libc6-dev-armhf-cross g++-arm-linux-gnueabihf libstdc++-12-dev-armhf-cross
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  qemu-system-arm qemu-system-misc qemu-user
  protobuf-compiler  # 3.21.12, the protoc ONNX Runtime's build generates ONNX's headers with
  chromium)  # headless, for the test that renders matrix.html

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  echo "$want" > "$stamp"
fi
echo "setup: ready (.venv/bin/scons, .venv/bin/python -m pytest)"
