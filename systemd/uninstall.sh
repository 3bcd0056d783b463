#!/bin/bash
# Studio Box uninstaller (H6): `sudo ./uninstall.sh` (also /opt/studio-box/current/systemd/uninstall.sh).
# Removes the app, its units, udev rules, avahi record, the old sudoers rule and helpers. Keeps the data
# (/var/lib/studio-box), the config (/etc/studio-box), the disks' contents, the studio-box user
# (it owns the data) and Node.js: a later install.sh picks up where this left off.
#   --root DIR   uninstall from DIR instead of / (tests)
set -euo pipefail
ROOT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a folder}; shift ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "uninstall.sh: run as root: sudo $0" >&2; exit 1; }

systemctl disable --now studio-box.service 2>/dev/null || true
systemctl disable --now studio-box-helper.socket 2>/dev/null || true
rm -f "$ROOT/etc/systemd/system/studio-box.service" \
  "$ROOT/etc/systemd/system/studio-box-helper.socket" \
  "$ROOT/etc/systemd/system/studio-box-helper@.service" \
  "$ROOT/etc/udev/rules.d/60-studio-box.rules" \
  "$ROOT/etc/avahi/services/studio-box.service" \
  "$ROOT/etc/sudoers.d/studio-box" \
  "$ROOT/usr/local/bin/studio-box"
rm -rf "$ROOT/usr/local/libexec/studio-box" "$ROOT/opt/studio-box"
systemctl daemon-reload || true
udevadm control --reload-rules 2>/dev/null || true
echo "studio-box uninstall: removed. Kept: /var/lib/studio-box (data), /etc/studio-box (config), /srv/studio-box, the studio-box user."
