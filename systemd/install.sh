#!/bin/bash
# Studio Box installer (H6), run from an unpacked release: `sudo ./install.sh`.
# On Raspberry Pi OS Lite (Bookworm, arm64): Node.js 20 from NodeSource's signed apt repository,
# the system packages, the app under /opt/studio-box, the studio-box user, the systemd unit, udev
# rules, the avahi record, and a start with a health check. Run again with a newer release to
# upgrade in place: the data (/var/lib/studio-box) and the config (/etc/studio-box) are kept, the
# database is copied before the new version migrates it, and a version that does not report
# healthy within HEALTH_TIMEOUT seconds is replaced by the previous one again.
#
#   --root DIR       install into DIR instead of / (tests; system commands still run)
#   --no-packages    skip apt (Node and packages already there: image builds, tests)
#   --no-start       install and enable, do not start (image builds; also when systemd is not
#                    running, as in a chroot)
set -euo pipefail
umask 022

here=$(cd "$(dirname "$0")" && pwd)
ROOT=""
PACKAGES=1
START=1
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-60}
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT=${2:?--root needs a folder}; shift ;;
    --no-packages) PACKAGES=0 ;;
    --no-start) START=0 ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

APP_USER=studio-box
NODE_MAJOR=20
# NodeSource's repository signing key (nodesource-repo.gpg.key): the download is trusted only
# when its fingerprint is this one.
NODESOURCE_FPR=6F71F525282841EEDAF851B42F59B5F99B1BE0B4
OPT=$ROOT/opt/studio-box
DATA=$ROOT/var/lib/studio-box
ETC=$ROOT/etc
LIBEXEC=$ROOT/usr/local/libexec/studio-box

say() { echo "studio-box install: $*"; }
die() {
  echo "studio-box install: $*" >&2
  exit 1
}

release_value() { sed -n "s/^$1=//p" "$here/RELEASE"; }
VERSION=$(release_value VERSION)
ARCH=$(release_value ARCH)
NODE_ABI=$(release_value NODE_ABI)
[[ "$VERSION" =~ ^[0-9A-Za-z.+-]+$ ]] || die "RELEASE has no usable VERSION: is this an unpacked release?"
[ "$(id -u)" = 0 ] || die "run as root: sudo $0"
# With the read-only root on, what this writes would live in RAM until the next reboot.
if grep -qw 'boot=overlay' "$ROOT/boot/firmware/cmdline.txt" 2>/dev/null; then
  die "the root filesystem is read-only (overlay): sudo image-build/read-only-root.sh disable, reboot, install, then enable it again"
fi

# The native parts (SQLite, serial port, GPIO) are built for one CPU and one Node ABI.
if command -v dpkg >/dev/null; then
  machine=$(dpkg --print-architecture)
  [ "$machine" = "$ARCH" ] || die "this release is built for $ARCH, this machine is $machine: use the $machine release"
fi

node_abi() { node -p 'process.versions.modules' 2>/dev/null || true; }

install_node() {
  say "adding NodeSource's apt repository for Node.js $NODE_MAJOR (key $NODESOURCE_FPR)"
  local tmp fpr
  tmp=$(mktemp -d)
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key -o "$tmp/nodesource.asc"
  fpr=$(gpg --show-keys --with-colons "$tmp/nodesource.asc" | awk -F: '$1 == "fpr" { print $10; exit }')
  [ "$fpr" = "$NODESOURCE_FPR" ] || die "NodeSource's key has fingerprint '$fpr', expected $NODESOURCE_FPR: not installing"
  install -d -m 0755 "$ETC/apt/keyrings"
  gpg --dearmor <"$tmp/nodesource.asc" >"$ETC/apt/keyrings/nodesource.gpg"
  chmod 0644 "$ETC/apt/keyrings/nodesource.gpg"
  rm -rf "$tmp"
  echo "deb [arch=$ARCH signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main" >"$ETC/apt/sources.list.d/nodesource.list"
  # Debian's own nodejs (18 on Bookworm) is too old: NodeSource's wins.
  printf 'Package: nodejs\nPin: origin deb.nodesource.com\nPin-Priority: 600\n' >"$ETC/apt/preferences.d/nodejs"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs
}

install_packages() {
  say "installing system packages"
  apt-get update -qq
  # smbclient: network backup (H4); avahi: studio-box.local; sudo: for people; exfatprogs,
  # ntfs-3g: card and disk filesystems; smartmontools: disk health; curl, gnupg: the NodeSource key.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    ca-certificates curl gnupg sudo avahi-daemon avahi-utils smbclient exfatprogs ntfs-3g smartmontools
  [ "$(node_abi)" = "$NODE_ABI" ] || install_node
}

[ "$PACKAGES" = 1 ] && install_packages
command -v node >/dev/null || die "Node.js is not installed (run without --no-packages)"
[ "$(node_abi)" = "$NODE_ABI" ] || die "Node.js $(node --version) has module ABI $(node_abi); this release needs ABI $NODE_ABI (Node.js $NODE_MAJOR)"

say "user $APP_USER"
getent group gpio >/dev/null || groupadd --system gpio
getent passwd "$APP_USER" >/dev/null ||
  useradd --system --user-group --home-dir /var/lib/studio-box --no-create-home --shell /usr/sbin/nologin "$APP_USER"
# systemd-journal: the System page reads the daemon's own log with journalctl.
getent group systemd-journal >/dev/null || groupadd --system systemd-journal
usermod -a -G dialout,gpio,systemd-journal "$APP_USER"

say "app $VERSION under /opt/studio-box"
install -d -m 0755 "$OPT/releases"
old=$(readlink "$OPT/current" 2>/dev/null || true)
old=${old#releases/}
stage="$OPT/releases/.$VERSION.new"
rm -rf "$stage"
cp -R "$here/app" "$stage"
cp "$here/RELEASE" "$stage/RELEASE"
chown -R root:root "$stage"
chmod -R u=rwX,go=rX "$stage"
if [ -e "$OPT/releases/$VERSION" ]; then
  rm -rf "$OPT/releases/.$VERSION.old"
  mv "$OPT/releases/$VERSION" "$OPT/releases/.$VERSION.old"
fi
mv "$stage" "$OPT/releases/$VERSION"
rm -rf "$OPT/releases/.$VERSION.old"

switch_to() {
  ln -sfn "releases/$1" "$OPT/.current.new"
  mv -Tf "$OPT/.current.new" "$OPT/current"
}

say "config, data and mount points"
install -d -m 0755 "$ETC/studio-box"
if [ ! -e "$ETC/studio-box/config.json" ]; then
  install -m 0640 "$here/app/systemd/config.pi.json" "$ETC/studio-box/config.json"
  chown "root:$APP_USER" "$ETC/studio-box/config.json"
fi
install -d -m 0750 "$DATA" "$DATA/updates"
chown "$APP_USER:$APP_USER" "$DATA" "$DATA/updates"
install -d -m 0755 "$ROOT/srv/studio-box" "$ROOT/srv/studio-box/library" "$ROOT/srv/studio-box/backup"

say "systemd unit, udev rules, avahi record, root helper"
sysd=$here/app/systemd
install -d -m 0755 "$ETC/systemd/system" "$ETC/udev/rules.d" "$ETC/avahi/services" "$LIBEXEC" "$ROOT/usr/local/bin"
install -m 0644 "$sysd/studio-box.service" "$ETC/systemd/system/studio-box.service"
install -m 0644 "$sysd/studio-box-helper.socket" "$ETC/systemd/system/studio-box-helper.socket"
install -m 0644 "$sysd/studio-box-helper@.service" "$ETC/systemd/system/studio-box-helper@.service"
install -m 0755 "$sysd/libexec/helper-serve" "$LIBEXEC/helper-serve"
install -m 0755 "$sysd/libexec/helper.cjs" "$LIBEXEC/helper"
install -m 0644 "$sysd/udev/60-studio-box.rules" "$ETC/udev/rules.d/60-studio-box.rules"
install -m 0644 "$sysd/avahi/studio-box.service" "$ETC/avahi/services/studio-box.service"
install -m 0755 "$sysd/libexec/root-helper" "$LIBEXEC/root-helper"
install -m 0755 "$sysd/libexec/apply-update" "$LIBEXEC/apply-update"
install -m 0755 "$sysd/libexec/studio-box" "$ROOT/usr/local/bin/studio-box"
# The first install brings the key updates must be signed with; an update never replaces it.
if [ -e "$here/release-key.pem" ] && [ ! -e "$LIBEXEC/release-key.pem" ]; then
  install -m 0644 "$here/release-key.pem" "$LIBEXEC/release-key.pem"
fi
# The daemon runs with NoNewPrivileges=yes and asks the root helper over its socket: the sudo
# rule of earlier versions goes, and a kept config's `sudo -n …/root-helper` becomes `…/helper`.
rm -f "$ETC/sudoers.d/studio-box"
sed -i 's#sudo -n /usr/local/libexec/studio-box/root-helper#/usr/local/libexec/studio-box/helper#g' "$ETC/studio-box/config.json"

# Releases: the current and the previous one stay (for a rollback), older ones go.
for dir in "$OPT"/releases/*; do
  name=${dir##*/}
  [ "$name" = "$VERSION" ] || [ "$name" = "$old" ] || rm -rf "$dir"
done

# In a chroot (pi-gen's image build, CI's Debian root) systemd is not running: units are enabled
# (links written), nothing is reloaded or started. systemctl says "offline" there; on a booted
# system /run/systemd/system exists (sd_booted). `enable --now` fails in a chroot (the start
# half), so the socket is enabled and started in two steps.
systemd_running() { [ -d /run/systemd/system ] || [ "$(systemctl is-system-running 2>/dev/null)" != offline ]; }
SYSTEMD=1
if ! systemd_running; then
  say "systemd is not running here (a chroot?): units enabled, nothing started"
  SYSTEMD=0
  START=0
fi
[ "$SYSTEMD" = 1 ] && systemctl daemon-reload
systemctl enable studio-box.service avahi-daemon.service studio-box-helper.socket
[ "$START" = 1 ] && systemctl start studio-box-helper.socket
udevadm control --reload-rules 2>/dev/null || true
udevadm trigger --subsystem-match=tty --subsystem-match=gpio 2>/dev/null || true

was_active=0
[ "$START" = 1 ] && systemctl is-active --quiet studio-box.service && was_active=1

# The database as the old version left it: restored if the new version fails.
backup_db() {
  local b=$DATA/update-backup
  rm -rf "$b"
  [ -e "$DATA/studio-box.db" ] || return 0
  install -d -m 0750 "$b"
  for f in studio-box.db studio-box.db-wal studio-box.db-shm; do
    [ -e "$DATA/$f" ] && cp -p "$DATA/$f" "$b/$f"
  done
  echo "$old" >"$b/VERSION"
  chown -R "$APP_USER:$APP_USER" "$b"
}

restore_db() {
  local b=$DATA/update-backup
  [ -e "$b/studio-box.db" ] || return 0
  rm -f "$DATA/studio-box.db" "$DATA/studio-box.db-wal" "$DATA/studio-box.db-shm"
  for f in studio-box.db studio-box.db-wal studio-box.db-shm; do
    [ -e "$b/$f" ] && cp -p "$b/$f" "$DATA/$f"
  done
  return 0
}

# Healthy: the unit runs (Type=notify: it said READY=1) and /api/health answers with the
# database working. The old version was stopped before the switch, so what answers is the new one.
healthy() {
  local port
  systemctl is-active --quiet studio-box.service || return 1
  port=$(node -e 'try { const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log((c.http && c.http.port) || 8080) } catch { console.log(8080) }' "$ETC/studio-box/config.json")
  curl -fsS --max-time 5 "http://127.0.0.1:$port/api/health" 2>/dev/null | grep -qF '"db":{"state":"ok"'
}

wait_healthy() {
  local waited=0
  while [ "$waited" -lt "$HEALTH_TIMEOUT" ]; do
    healthy && return 0
    sleep 1
    waited=$((waited + 1))
  done
  return 1
}

if [ "$START" = 0 ]; then
  switch_to "$VERSION"
  say "installed $VERSION (not started: systemctl start studio-box)"
  exit 0
fi

if [ "$was_active" = 1 ]; then
  say "stopping $old"
  systemctl stop studio-box.service
fi
[ -n "$old" ] && [ "$old" != "$VERSION" ] && backup_db
switch_to "$VERSION"
say "starting $VERSION"
systemctl start studio-box.service || true
if wait_healthy; then
  say "Studio Box $VERSION is running: http://$(hostname).local/ (first run: the setup wizard)"
  exit 0
fi

if [ -n "$old" ] && [ "$old" != "$VERSION" ] && [ -d "$OPT/releases/$old" ]; then
  say "$VERSION did not report healthy within $HEALTH_TIMEOUT s: going back to $old"
  systemctl stop studio-box.service || true
  restore_db
  switch_to "$old"
  systemctl start studio-box.service || true
  wait_healthy || true
  die "$VERSION failed its health check; $old runs again with its database as it was (journalctl -u studio-box shows why)"
fi
die "$VERSION did not report healthy within $HEALTH_TIMEOUT s (journalctl -u studio-box shows why)"
