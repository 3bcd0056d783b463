#!/bin/bash
# Read-only root for a Studio Box (issue 17, H6; docs/appliance.md, "Read-only root"): the SD
# card's root filesystem becomes a read-only lower layer with a RAM overlay (raspi-config's
# overlayfs), so a power cut can never leave the system half-written; everything the box keeps
# lives on the data disk instead: /var/lib/studio-box (the database, settings, updates) is a
# bind mount of <disk>/.studio-box/var-lib, mounted by /etc/fstab before the daemon starts.
#
#   sudo image-build/read-only-root.sh status
#   sudo image-build/read-only-root.sh enable [--label SB-LIBRARY]   then reboot
#   sudo image-build/read-only-root.sh disable                       then reboot
#   --root DIR   work on DIR instead of / (tests; system commands still run)
#
# enable: finds the disk by its label (never a /dev name), copies the current data there once
# (the box stopped), adds two fstab lines (idempotent), and turns on raspi-config's overlay.
# Changes to the root (an update, a new package) need `disable`, reboot, change, `enable`:
# install.sh refuses to run while the overlay is on.
set -euo pipefail
ROOT=""
LABEL=SB-LIBRARY
cmd=${1:-status}
shift || true
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a folder}; shift ;;
    --label) LABEL=${2:?--label needs a filesystem label}; shift ;;
    *) echo "read-only-root: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done
FSTAB=$ROOT/etc/fstab
DISK=/srv/studio-box/library
DATA=/var/lib/studio-box
MARK="# studio-box: data on the data disk (read-only root)"
die() {
  echo "read-only-root: $*" >&2
  exit 1
}
overlay_on() { grep -qw 'boot=overlay' "$ROOT/boot/firmware/cmdline.txt" 2>/dev/null; }

case "$cmd" in
  status)
    if overlay_on; then echo "overlay: on (root read-only)"; else echo "overlay: off"; fi
    if grep -qF "$MARK" "$FSTAB" 2>/dev/null; then echo "data: $DATA on the disk labelled $(awk '$2 == "'"$DISK"'" { sub("LABEL=", "", $1); print $1 }' "$FSTAB")"; else echo "data: $DATA on the root filesystem"; fi
    ;;
  enable)
    [[ "$LABEL" =~ ^[A-Za-z0-9_-]{1,16}$ ]] || die "not a filesystem label: $LABEL"
    dev=$(blkid -L "$LABEL" || true)
    [ -n "$dev" ] || die "no disk labelled $LABEL: plug in the data disk (docs/appliance.md, disks)"
    if ! grep -qF "$MARK" "$FSTAB" 2>/dev/null; then
      install -d -m 0755 "$ROOT$DISK"
      mountpoint -q "$ROOT$DISK" || mount "$dev" "$ROOT$DISK"
      systemctl stop studio-box.service || true
      if [ ! -e "$ROOT$DISK/.studio-box/var-lib" ]; then
        install -d -m 0750 "$ROOT$DISK/.studio-box"
        cp -a "$ROOT$DATA" "$ROOT$DISK/.studio-box/var-lib"
      fi
      {
        echo "$MARK"
        echo "LABEL=$LABEL $DISK auto defaults,nofail,noatime,x-systemd.device-timeout=30s 0 2"
        echo "$DISK/.studio-box/var-lib $DATA none bind,x-systemd.requires-mounts-for=$DISK 0 0"
      } >>"$FSTAB"
    fi
    raspi-config nonint do_overlayfs 0
    echo "read-only-root: on after a reboot (sudo reboot); $DATA is on $LABEL"
    ;;
  disable)
    raspi-config nonint do_overlayfs 1
    echo "read-only-root: off after a reboot; $DATA stays on the data disk"
    ;;
  *) die "unknown command $cmd (status, enable, disable)" ;;
esac
