#!/bin/bash -e
# pi-gen, on the build host: put the release (files/studio-box-*-linux-arm64.tar.gz, placed there by
# image-build/build.sh after checking it against SHA256SUMS) and the first-boot unit into the image.
shopt -s nullglob
releases=(files/studio-box-*-linux-arm64.tar.gz)
if [ ${#releases[@]} -ne 1 ]; then
  echo "stage-studio-box: expected exactly one files/studio-box-*-linux-arm64.tar.gz, found ${#releases[@]}" >&2
  exit 1
fi
rm -rf "${ROOTFS_DIR}/tmp/studio-box-release"
install -d "${ROOTFS_DIR}/tmp/studio-box-release"
tar -xzf "${releases[0]}" -C "${ROOTFS_DIR}/tmp/studio-box-release"
install -m 0755 files/studio-box-firstboot "${ROOTFS_DIR}/usr/local/libexec/studio-box-firstboot"
install -m 0644 files/studio-box-firstboot.service "${ROOTFS_DIR}/etc/systemd/system/studio-box-firstboot.service"

# The GSM HAT on the header UART: the full PL011 UART on /dev/serial0 (Bluetooth moved off it),
# no login console on it, and the eject button's pull-up (sysfs GPIO cannot set pulls).
config="${ROOTFS_DIR}/boot/firmware/config.txt"
for line in enable_uart=1 dtoverlay=disable-bt gpio=16=ip,pu; do
  grep -qxF "$line" "$config" || echo "$line" >>"$config"
done
sed -i 's/console=serial0,[0-9]\+ //' "${ROOTFS_DIR}/boot/firmware/cmdline.txt"
