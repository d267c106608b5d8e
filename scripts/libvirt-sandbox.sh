#!/usr/bin/env bash
# The init process of a throw-away libvirt host for the real-libvirt tests. Run it only as
#
#   unshare --net --mount --pid --fork --mount-proc --kill-child -- scripts/libvirt-sandbox.sh
#
# so that it is PID 1 of a fresh PID, network and mount namespace. It brings up loopback only (no route out, so
# nothing a VM or dnsmasq sends can leave the machine), puts every folder libvirt keeps configuration or state in
# on a tmpfs, starts virtlogd and libvirtd (and sshd on 127.0.0.1:22 when GEN_INFRA_SANDBOX_AUTHORIZED_KEYS names
# an authorized_keys file, and also on each address GEN_INFRA_SANDBOX_SSH_LISTEN_ALSO lists), defines the `default`
# storage pool and prints "ready". It then waits
# for a line "stop" or the end of stdin (its parent died) and shuts down. When PID 1 of a PID namespace exits, the
# kernel kills everything left in it, and the namespaces and their tmpfs go with the last process: a crashed run
# leaves no daemon, domain, bridge or definition behind.
set -euo pipefail

if [ "$$" != 1 ]; then
  echo "libvirt-sandbox.sh must run as PID 1 of its own namespaces (see its header)" >&2
  exit 2
fi

ip link set lo up

# /run on a tmpfs hides the host's sockets and pid files: this libvirtd can find no other daemon, and no other
# process can find it.
mount -t tmpfs -o mode=755,size=64m gen-infra-run /run
mkdir -p /run/gen-infra/etc-libvirt /run/gen-infra/tmp
cp -a /etc/libvirt/. /run/gen-infra/etc-libvirt/
mount --bind /run/gen-infra/etc-libvirt /etc/libvirt
for dir in /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
  mkdir -p "$dir"
  # Volumes are sparse qcow2 files over a tiny base image, so a small tmpfs holds a whole lab.
  mount -t tmpfs -o mode=755,size=2g gen-infra-libvirt "$dir"
done
mkdir -p /var/lib/libvirt/images /var/log/libvirt/qemu
# As on a host where libvirt has started a network with its dnsmasq (its default network): libvirt writes each
# network's MAC map into this folder when a VM joins the network, but makes the folder only when it starts a dnsmasq,
# which the networks of a lab with IPv6 (DNS off) never do. docs/ipv6.md names it among the hypervisor's needs.
mkdir -p /var/lib/libvirt/dnsmasq

# GEN_INFRA_HIDE_KVM=1 makes a host without KVM out of one that has it, so that the software-emulation branch of
# the tests can run end to end anywhere: an empty regular file over /dev/kvm, in this mount namespace only, before
# libvirtd probes QEMU's capabilities. libvirt and QEMU then find no usable KVM, as on a cloud VM without nested
# virtualisation, and refuse a kvm domain with "could not get preferred machine ... type=kvm". The file is mounted
# read-only: libvirt counts a /dev/kvm it can open for writing as usable, and since its capabilities say no KVM,
# it would probe QEMU anew before every domain operation (slow, and seen to hang libvirtd). libvirt's private
# /dev for each QEMU (qemu.conf's namespaces) is off then: it would carry that file mount into the domain's /dev
# and fail every start with "Unable to move ... mount to /dev/kvm".
hide_kvm=0
if [ "${GEN_INFRA_HIDE_KVM:-}" = 1 ] && [ -e /dev/kvm ]; then
  : >/run/gen-infra/no-kvm
  mount --bind /run/gen-infra/no-kvm /dev/kvm
  mount -o remount,bind,ro /dev/kvm
  hide_kvm=1
fi

# /dev/kvm and /dev/net/tun are root-only here, so QEMU runs as root with no security driver. No cgroups: the
# host's cgroup tree is not namespaced, and a domain's cgroup would outlive a crashed run.
cat >>/etc/libvirt/qemu.conf <<'EOF'

# gen-infra test sandbox
user = "root"
group = "root"
security_driver = "none"
cgroup_controllers = [ ]
EOF
if [ "$hide_kvm" = 1 ]; then echo 'namespaces = [ ]' >>/etc/libvirt/qemu.conf; fi
cat >>/etc/libvirt/libvirtd.conf <<'EOF'

# gen-infra test sandbox
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
# Terraform runs 10 operations at once over the provider's one connection. With the stock limit of 5 requests
# per client, libvirtd stops reading that connection for a while ("Client hit max requests limit 5"), which
# slows the large labs and mixes one more cause into any hang.
max_client_requests = 64
EOF
rm -f /etc/libvirt/qemu/networks/autostart/*

# The seed's connection path is qemu+ssh to the metal instance's user (ec2-user): those users exist, as root, in
# this mount namespace only, so sshd accepts them without touching the host's accounts.
start_sshd() {
  local keys="$1" dir=/run/gen-infra/sshd user
  mkdir -p "$dir" /run/sshd
  cp /etc/passwd "$dir/passwd"
  for user in ${GEN_INFRA_SANDBOX_SSH_USERS:-}; do
    grep -q "^$user:" "$dir/passwd" || echo "$user:x:0:0:gen-infra sandbox:/root:/bin/sh" >>"$dir/passwd"
  done
  mount --bind "$dir/passwd" /etc/passwd
  ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
  # An address listed here is one a test gives this namespace after "ready" (an underlay between two sandboxes):
  # binding to an address not yet there is allowed in this network namespace only, so sshd listens on it at once.
  local also="${GEN_INFRA_SANDBOX_SSH_LISTEN_ALSO:-}" address
  if [ -n "$also" ]; then sysctl -qw net.ipv4.ip_nonlocal_bind=1 net.ipv6.ip_nonlocal_bind=1; fi
  cat >"$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1:22
$(for address in $also; do echo "ListenAddress $address"; done)
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowStreamLocalForwarding yes
EOF
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>>/var/log/libvirt/sshd.log &
  pids+=($!)
  # "ready" must mean Terraform can connect.
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/22) 2>/dev/null && return 0
    sleep 0.1
  done
  echo "sshd did not listen on 127.0.0.1:22" >&2
  return 1
}

pids=()
shutdown() {
  local status="${1:-0}"
  trap - EXIT
  # Domains and networks through libvirt, so QEMU and dnsmasq stop by their own ids; whatever is left when this
  # process exits, the kernel kills with the PID namespace.
  local name
  for name in $(virsh -q -c qemu:///system list --name 2>/dev/null); do
    virsh -q -c qemu:///system destroy "$name" >/dev/null 2>&1 || true
  done
  for name in $(virsh -q -c qemu:///system net-list --name 2>/dev/null); do
    virsh -q -c qemu:///system net-destroy "$name" >/dev/null 2>&1 || true
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  exit "$status"
}
# A failed step before "ready" still takes down whatever already started, and keeps its exit status.
trap 'shutdown $?' EXIT

virtlogd &
pids+=($!)
libvirtd &
pids+=($!)

for _ in $(seq 1 100); do
  virsh -q -c qemu:///system version >/dev/null 2>&1 && break
  sleep 0.2
done
virsh -q -c qemu:///system version >/dev/null
if [ -n "${GEN_INFRA_SANDBOX_AUTHORIZED_KEYS:-}" ]; then start_sshd "$GEN_INFRA_SANDBOX_AUTHORIZED_KEYS"; fi

virsh -q -c qemu:///system pool-define-as default dir --target /var/lib/libvirt/images >/dev/null
virsh -q -c qemu:///system pool-start default >/dev/null
virsh -q -c qemu:///system pool-autostart default >/dev/null

echo ready
while read -r line; do
  [ "$line" = stop ] && break
done
shutdown
