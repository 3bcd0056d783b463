#!/bin/bash
# Builds a flashable Studio Box image with pi-gen (Raspberry Pi OS Lite, arm64, + stage-studio-box).
# Needs: Docker (pi-gen's build-docker.sh; on an x86 host also binfmt/qemu-user-static for arm64),
# git, ~10 GB of disk, an arm64 release (npm run release on an arm64 machine) and its SHA256SUMS.
#
#   FIRST_USER_PASS=… image-build/build.sh dist/releases/studio-box-X-linux-arm64.tar.gz dist/releases/SHA256SUMS
#
# The image lands in image-build/pi-gen/deploy/. pi-gen is cloned at PI_GEN_REF (its arm64 branch).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tarball=${1:?usage: build.sh RELEASE.tar.gz SHA256SUMS}
sums=${2:?usage: build.sh RELEASE.tar.gz SHA256SUMS}
: "${FIRST_USER_PASS:?set FIRST_USER_PASS: the password of the admin login on the Pi (ssh, console)}"
PI_GEN_REF=${PI_GEN_REF:-arm64}

case "$tarball" in
  *-linux-arm64.tar.gz) ;;
  *) echo "build.sh: the image needs an arm64 release (…-linux-arm64.tar.gz)" >&2; exit 1 ;;
esac
(cd "$(dirname "$tarball")" && grep -F " $(basename "$tarball")" "$(realpath "$sums")" | sha256sum -c -)

if [ ! -d "$here/pi-gen" ]; then
  git clone --depth 1 --branch "$PI_GEN_REF" https://github.com/RPi-Distro/pi-gen.git "$here/pi-gen"
fi
rm -f "$here"/stage-studio-box/00-studio-box/files/studio-box-*-linux-arm64.tar.gz
cp "$tarball" "$here/stage-studio-box/00-studio-box/files/"
rm -rf "$here/pi-gen/stage-studio-box"
cp -R "$here/stage-studio-box" "$here/pi-gen/stage-studio-box"
# stage2 is Raspberry Pi OS Lite; its own image is not exported, only ours.
touch "$here/pi-gen/stage2/SKIP_IMAGES" "$here/pi-gen/stage3/SKIP" "$here/pi-gen/stage4/SKIP" "$here/pi-gen/stage5/SKIP"
cat >"$here/pi-gen/config" <<CONFIG
IMG_NAME=studio-box
RELEASE=bookworm
TARGET_HOSTNAME=studio-box
FIRST_USER_NAME=admin
FIRST_USER_PASS=$FIRST_USER_PASS
DISABLE_FIRST_BOOT_USER_RENAME=1
ENABLE_SSH=1
LOCALE_DEFAULT=en_US.UTF-8
STAGE_LIST="stage0 stage1 stage2 stage-studio-box"
CONFIG
cd "$here/pi-gen"
./build-docker.sh
