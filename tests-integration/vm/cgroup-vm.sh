#!/bin/bash
# Boots a throwaway VM with a real cgroup v2 host and runs one script in it, for the tests
# that need limits to hold (this machine's cgroups are hybrid). The VM's root is this host's
# own root over 9p, read-only, under a tmpfs overlay: the same skiff, users and subordinate
# ids, and nothing written back. systemd is PID 1 with the unified hierarchy, so the test
# user's user@UID.service and `systemd-run --user --scope -p Delegate=yes` are the real
# rootless delegation path. Runs as root (qemu under TCG: KVM is not available here).
#
# usage: cgroup-vm.sh WORKDIR SCRIPT USER [TIMEOUT_SECONDS]
#   WORKDIR  a directory for the kernel, kept between runs and shared by runs at the same time
#            (two checkouts, two test users); each run builds its initramfs in a directory of its
#            own there, removed afterwards unless the run failed
#   SCRIPT   run inside the VM as root by a oneshot unit; its output is printed on standard output
#   USER     the test user, given a lingering user manager in the VM
# Exits with SCRIPT's exit code, or 124 when the VM did not finish in TIMEOUT_SECONDS.
set -euo pipefail
work=$1 script=$2 user=$3 timeout=${4:-300}
mkdir -p "$work"
work=$(readlink -f "$work")
script=$(readlink -f "$script")

# The kernel: Debian's generic 6.1 (the -cloud flavour lacks 9p), unpacked, never installed;
# fetched by one run while any other waits, and vmlinuz written last, so that it marks a whole one.
kernel_dir=$work/kernel
exec 9>"$work/kernel.lock"
flock 9
if [ ! -f "$kernel_dir/vmlinuz" ]; then
    rm -rf "$kernel_dir" && mkdir -p "$kernel_dir"
    pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | sort -V | tail -n 1 | cut -d' ' -f1)
    [ -n "$pkg" ] || { echo "cgroup-vm: no linux-image-6.1.0-*-amd64 package in apt's lists" >&2; exit 2; }
    (cd "$kernel_dir" && apt-get download -q "$pkg" >/dev/null 2>&1 && dpkg-deb -x ./*.deb root && rm -f ./*.deb)
    mods=$(ls -d "$kernel_dir"/root/lib/modules/*)
    mkdir -p "$kernel_dir/modules"
    for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet \
             9pnet_virtio 9p overlay; do
        cp "$(find "$mods" -name "$m.ko*" | head -n 1)" "$kernel_dir/modules/"
    done
    cp "$kernel_dir"/root/boot/vmlinuz-* "$kernel_dir/vmlinuz.part" && mv "$kernel_dir/vmlinuz.part" "$kernel_dir/vmlinuz"
    rm -rf "$kernel_dir/root"
fi
exec 9>&-

# The initramfs: busybox, the modules for 9p and overlay, and an init that builds the root.
run=$(mktemp -d "$work/run.XXXXXX")
initrd=$run/initrd.cpio.gz
stage=$run/initramfs
mkdir -p "$stage"/{bin,lib/modules,proc,sys,dev,lower,upper,newroot}
cp /bin/busybox "$stage/bin/busybox"
cp "$script" "$stage/skiff-vm-test.sh"
cp "$kernel_dir"/modules/* "$stage/lib/modules/"
uid=$(id -u "$user")
cat >"$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc && mount -t sysfs sys /sys && mount -t devtmpfs dev /dev
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay; do
    for try in 1 2 3 4 5 6 7 8 9 10; do insmod /lib/modules/\$m.ko* 2>/dev/null && break; sleep 0.2; done
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /lower || { echo "cgroup-vm: no 9p root"; poweroff -f; }
mount -t tmpfs -o size=3g,mode=755 tmpfs /upper && mkdir -p /upper/data /upper/work
mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work overlay /newroot
# the run: a target with only what the test needs, and a oneshot unit that runs the script
# once the user's manager is up, then powers off
cp /skiff-vm-test.sh /newroot/skiff-vm-test.sh
mkdir -p /newroot/var/lib/systemd/linger
touch /newroot/var/lib/systemd/linger/$user
cat > /newroot/etc/systemd/system/skiff-vm.target <<UNIT
[Unit]
Description=skiff cgroup v2 test VM
Requires=basic.target skiff-vm-test.service
After=basic.target
AllowIsolate=yes
UNIT
cat > /newroot/etc/systemd/system/skiff-vm-test.service <<UNIT
[Unit]
Description=skiff cgroup v2 tests
After=basic.target user@$uid.service
Wants=user@$uid.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'sh /skiff-vm-test.sh > /dev/ttyS1 2>&1; echo "cgroup-vm: exit \\\$?" > /dev/ttyS1'
ExecStartPost=/bin/systemctl poweroff --force --force
UNIT
# /tmp stays the host's (read-only below, writable in the VM's layer): tests keep files there,
# and tmpfiles, which would empty it file by file over 9p, does not run
for u in tmp.mount systemd-tmpfiles-setup.service systemd-tmpfiles-clean.timer; do
    ln -sf /dev/null /newroot/etc/systemd/system/\$u
done
echo > /newroot/etc/fstab
# the host's container markers would make systemd take the VM for a container and ignore the
# kernel command line
rm -f /newroot/.dockerenv /newroot/run/.containerenv
mount --move /proc /newroot/proc; mount --move /sys /newroot/sys; mount --move /dev /newroot/dev
exec switch_root /newroot /lib/systemd/systemd systemd.unified_cgroup_hierarchy=1
INIT
chmod 755 "$stage/init"
(cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 >"$initrd")
rm -rf "$stage"

status=0
timeout "$timeout" qemu-system-x86_64 -machine q35 -accel tcg -cpu max -smp 2 -m 3072 -nographic -no-reboot \
    -kernel "$kernel_dir/vmlinuz" -initrd "$initrd" \
    -append "console=ttyS0 quiet loglevel=3 systemd.unified_cgroup_hierarchy=1 systemd.unit=skiff-vm.target panic=-1" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -serial "file:$run/console.log" -serial "file:$run/out.log" -monitor none \
    -nic none </dev/null >/dev/null 2>&1 || status=$?
rm -f "$initrd"
cat "$run/out.log" 2>/dev/null || true
if [ "$status" = 124 ]; then
    echo "cgroup-vm: the VM did not finish in ${timeout}s (console: $run/console.log)" >&2
    exit 124
fi
code=$(sed -n 's/^cgroup-vm: exit \([0-9]*\).*/\1/p' "$run/out.log" 2>/dev/null | tail -n 1)
[ -n "$code" ] || { echo "cgroup-vm: the script did not run (console: $run/console.log)" >&2; exit 125; }
if [ "$code" = 0 ]; then rm -rf "$run"; else echo "cgroup-vm: console: $run/console.log" >&2; fi
exit "$code"
