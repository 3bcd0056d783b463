#!/bin/bash -e
# pi-gen, inside the image: the same install.sh a person runs on a Pi, without starting the box
# (nothing runs in a chroot). It adds NodeSource's repository (key fingerprint checked) and
# Node.js 20, the user, the units, udev rules and avahi record; the box starts on first boot.
bash /tmp/studio-box-release/studio-box-*/install.sh --no-start
rm -rf /tmp/studio-box-release
systemctl enable studio-box-firstboot.service
# The serial console would answer the modem: off.
systemctl disable serial-getty@ttyAMA0.service serial-getty@serial0.service 2>/dev/null || true
systemctl mask hciuart.service 2>/dev/null || true
