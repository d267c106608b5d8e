// One lease asked for by ISC dhclient inside a sandbox, from a given MAC on a given bridge, while a dhcpd serves
// that bridge's network (there or across an overlay). The probes of dhcp-exchange.ts show what dhcpd ACKed, not the
// options it sent; the lease file dhclient writes shows both. dhclient configures nothing (-sf /bin/true): its
// interface is one end of a veth pair whose other end is a port of the bridge, as a VM's tap would be.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Sandbox } from "./sandbox";

export interface DhclientLease {
  /** The lease file dhclient wrote: every option dhcpd sent, as `option <name> <value>;` lines. */
  lease: string;
  /** `fixed-address` of the lease, or null when none came. */
  address: string | null;
  /** `option interface-mtu` of the lease, or null when dhcpd sent none. */
  mtu: number | null;
  /** `option dhcp-server-identifier`: the address of the dhcpd that answered. */
  server: string | null;
  /** dhclient's own output, for a failure message. */
  log: string;
}

interface DhclientRequest {
  mac: string;
  /** The bridge, in `sandbox`, that the veth's port joins. */
  probeBridge: string;
  /** A folder for dhclient's files, outside the sandbox's tmpfs folders and removed by the caller. */
  dir: string;
  /** Throws when the server stopped, so that a dead server fails at once rather than after the wait. */
  assertServing: () => Promise<void>;
}

const PORT = "gi-dhcp-port";
const CLIENT = "gi-dhcp-client";
/** dhclient's own limit (its configuration's timeout); the shell gives it 5 s more. */
const DHCLIENT_TIMEOUT_S = 30;

/** The longest a dhclientLease keeps the server busy: what the server's own time limit must leave room for. */
export const DHCLIENT_LEASE_MS = (DHCLIENT_TIMEOUT_S + 5) * 1000;

// dhclient stays in the foreground (-d) and would keep renewing: the shell ends it as soon as the lease file holds
// an address, or when dhclient gave up on its own (-1: one try), or at the limit (in tenths of a second).
const SCRIPT = `
leases=$1; limit=$2; shift 2
"$@" 2>&1 &
pid=$!
tries=0
while ! grep -q fixed-address "$leases" 2>/dev/null && kill -0 "$pid" 2>/dev/null && [ "$tries" -lt "$limit" ]; do
  tries=$((tries + 1))
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
exit 0
`;

/** Asks for a lease from `request.mac`, and removes the veth pair again, whatever came of it. */
export async function dhclientLease(sandbox: Sandbox, request: DhclientRequest): Promise<DhclientLease> {
  await request.assertServing();
  const files = {
    conf: path.join(request.dir, "dhclient.conf"),
    leases: path.join(request.dir, "dhclient.leases"),
    pid: path.join(request.dir, "dhclient.pid"),
  };
  // dhcpd sends the options a client asks for: interface-mtu is no default of dhclient's.
  await writeFile(
    files.conf,
    `timeout ${DHCLIENT_TIMEOUT_S};\nrequest subnet-mask, routers, host-name, domain-name-servers, interface-mtu;\n`,
  );
  await writeFile(files.leases, "");
  const ip = (...args: string[]) => sandbox.run("ip", args);
  try {
    await ip("link", "add", PORT, "type", "veth", "peer", "name", CLIENT);
    await ip("link", "set", "dev", PORT, "master", request.probeBridge, "up");
    await ip("link", "set", "dev", CLIENT, "address", request.mac, "up");
    const result = await sandbox.run(
      "sh",
      [
        "-c",
        SCRIPT,
        "dhclient-wrapper",
        files.leases,
        String(DHCLIENT_LEASE_MS / 100),
        "dhclient",
        ...["-4", "-d", "-v", "-1", "-sf", "/bin/true"],
        ...["-cf", files.conf, "-lf", files.leases, "-pf", files.pid],
        CLIENT,
      ],
      { timeoutMs: DHCLIENT_LEASE_MS + 25_000 },
    );
    await request.assertServing();
    const lease = await readFile(files.leases, "utf8");
    const mtu = /^\s*option interface-mtu (\d+);/m.exec(lease)?.[1];
    return {
      lease,
      address: /^\s*fixed-address ([^;]+);/m.exec(lease)?.[1] ?? null,
      mtu: mtu === undefined ? null : Number(mtu),
      server: /^\s*option dhcp-server-identifier ([^;]+);/m.exec(lease)?.[1] ?? null,
      log: result.stdout,
    };
  } finally {
    // The pair goes with either end.
    await sandbox.run("ip", ["link", "del", "dev", PORT], { okExitCodes: [1] });
  }
}
