// The support VM's IPv6 services on a chucky link, for real: namespace hosts (namespace-host.ts) whose eth0 is a
// port of chucky's bridge, one playing the support VM with radvd and ISC dhcpd -6 serving the generated files
// unchanged (radvd.conf names eth0, as the support VM's cloud-init names its NIC), others as clients: rdisc6 reads
// the advertisements, dhclient -6 asks from a node's chucky MAC. Where the bridge lives is the caller's: a
// namespace host of the test's own (ipv6-services.test.ts), or the libvirt sandbox whose network Terraform created
// (lab-suite.ts). A host's veth goes with its network namespace, so stopping the hosts leaves no port behind.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NamespaceHost, waitFor, type Daemon } from "./namespace-host";
import { onPath } from "./prerequisites";

const tools = ["ip", "sysctl", "unshare", "nsenter", "radvd", "rdisc6", "dhcpd", "dhclient"];

/** The first command the IPv6 services need that is missing (root first), named as a skip line names it, or null. */
export function missingIpv6Tool(more: readonly string[] = []): string | null {
  if (process.getuid?.() !== 0) return "root";
  return [...tools, ...more].find((tool) => !onPath(tool)) ?? null;
}

/** A command line whose arguments hold no space, as its words. */
export const words = (line: string): string[] => line.split(" ");

/** No duplicate address detection: an address is usable at once, and no test waits out a tentative one. */
const withoutDad = (host: NamespaceHost) =>
  host.run(...words("sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0"));

// ---- what rdisc6 prints

export interface Advertisement {
  readonly from: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly prefixes: readonly { prefix: string; onLink: string; autonomous: string }[];
}

/** rdisc6's verbose output: per advertisement, "key : value" lines, a block per prefix, then "from <address>". */
function parseAdvertisements(output: string): Advertisement[] {
  const advertisements: Advertisement[] = [];
  let fields: Record<string, string> = {};
  let prefixes: { prefix: string; onLink: string; autonomous: string }[] = [];
  for (const line of output.split("\n")) {
    const from = /^\s*from\s+(\S+)/.exec(line);
    if (from) {
      advertisements.push({ from: from[1]!, fields, prefixes });
      fields = {};
      prefixes = [];
      continue;
    }
    const field = /^(\s*)([^:]+?)\s*:\s*(.*?)\s*$/.exec(line);
    if (!field || line.startsWith("Soliciting")) continue;
    const [, indent = "", key = "", value = ""] = field;
    if (key === "Prefix") prefixes.push({ prefix: value, onLink: "", autonomous: "" });
    else if (indent.length === 2 && key === "On-link") prefixes[prefixes.length - 1]!.onLink = value;
    else if (indent.length === 2 && key === "Autonomous address conf.")
      prefixes[prefixes.length - 1]!.autonomous = value;
    else fields[key] = value.split(/\s+/)[0]!;
  }
  return advertisements;
}

/** A host's link-local address on eth0, the source of what it advertises. */
export async function linkLocalOf(host: NamespaceHost): Promise<string | undefined> {
  // ip prints an empty object in the place of each address the filter leaves out.
  const links = JSON.parse(await host.run(...words("ip -j -6 address show dev eth0 scope link"))) as {
    addr_info: { scope?: string; local?: string }[];
  }[];
  return links.flatMap((link) => link.addr_info).find((a) => a.scope === "link")?.local;
}

// ---- what dhclient and dhcpd say

export interface Lease {
  readonly addresses: string[];
  /** As dhcpd prints one: colon-separated bytes. */
  readonly duid: string;
}

/** The addresses a dhclient lease file holds, and the DUID it sent. */
function leaseOf(text: string): Lease {
  const addresses = [...text.matchAll(/^\s*iaaddr\s+(\S+)\s*\{/gm)].map((m) => m[1]!);
  const clientId = /option dhcp6\.client-id\s+([0-9a-f:]+);/.exec(text)?.[1] ?? "";
  return {
    addresses,
    duid: clientId
      .split(":")
      .map((byte) => byte.padStart(2, "0"))
      .join(":"),
  };
}

/** dhcpd -6's replies in its foreground output: the address, and the DUID it went to. */
export const repliesOf = (log: string): { address: string; duid: string }[] =>
  [...log.matchAll(/^Reply NA: address (\S+) to client with duid (\S+) iaid = \d+/gm)].map((m) => ({
    address: m[1]!,
    duid: m[2]!,
  }));

/** The MAC in a DUID-LL (type 3) or DUID-LLT (type 1) of hardware type Ethernet (1): its last six bytes. */
export function macOfDuid(duid: string): string | undefined {
  const bytes = duid.split(":");
  const type = bytes.slice(0, 4).join(":");
  if (type === "00:03:00:01" && bytes.length === 10) return bytes.slice(4).join(":");
  if (type === "00:01:00:01" && bytes.length === 14) return bytes.slice(8).join(":");
  return undefined;
}

// ---- the nodes

interface NodeLike {
  readonly name: string;
  readonly role: string;
  readonly nics: readonly {
    readonly purpose: string;
    readonly mac: string | null;
    readonly address_v6?: string | null;
  }[];
}

export interface Client<Node extends NodeLike = NodeLike> {
  readonly node: Node;
  readonly mac: string;
  readonly planned: string;
}

/** The masters and workers of an inventory.json with IPv6, each with its chucky MAC and planned IPv6 address. */
export function chuckyClients<Node extends NodeLike>(nodes: readonly Node[]): Client<Node>[] {
  return nodes
    .filter((node) => node.role === "master" || node.role === "worker")
    .map((node) => {
      const nic = node.nics.find((n) => n.purpose === "chucky");
      if (!nic?.mac || !nic.address_v6) throw new Error(`${node.name} has no chucky MAC and IPv6 address`);
      return { node, mac: nic.mac, planned: nic.address_v6 };
    });
}

// ---- the link

/** Chucky's bridge, wherever it lives. */
export interface Bridge {
  /**
   * Joins a host's network namespace to the bridge: a veth with eth0 in the host (created there, after the host
   * turned duplicate address detection off) and `port` a port of the bridge.
   */
  attach(host: NamespaceHost, port: string): Promise<void>;
  /** Resolves once `port`, its host's eth0 up, forwards: a bridge with STP holds a new port back a while. */
  forwarding?(port: string): Promise<void>;
}

export interface SupportServices {
  readonly host: NamespaceHost;
  readonly radvd: Daemon;
  readonly dhcpd: Daemon;
}

export class ChuckyLink {
  private readonly hosts: NamespaceHost[] = [];
  private ports = 0;

  /**
   * `dir` holds the files the daemons read and write; `portPrefix` names the bridge's ports (port0, port1, …),
   * unique in the bridge's namespace.
   */
  constructor(
    private readonly bridge: Bridge,
    readonly dir: string,
    private readonly portPrefix = "port",
  ) {}

  /** A file of `dir`, written. */
  file(name: string, content: string): string {
    const where = path.join(this.dir, name);
    writeFileSync(where, content);
    return where;
  }

  /** A host whose eth0, with `mac` where given, is a port of chucky's bridge: a VM's NIC on the lab's network. */
  async host(name: string, mac?: string): Promise<NamespaceHost> {
    const host = await NamespaceHost.start(name);
    this.hosts.push(host);
    await withoutDad(host);
    const port = `${this.portPrefix}${this.ports++}`;
    await this.bridge.attach(host, port);
    if (mac) await host.run(...words(`ip link set dev eth0 address ${mac}`));
    await host.run(...words("ip link set dev eth0 up"));
    await this.bridge.forwarding?.(port);
    return host;
  }

  async stop(host: NamespaceHost): Promise<void> {
    const index = this.hosts.indexOf(host);
    if (index >= 0) this.hosts.splice(index, 1);
    await host.stop();
  }

  /** Every host still up, with its processes, namespaces and veth. */
  async stopAll(): Promise<void> {
    await Promise.all(this.hosts.splice(0).map((host) => host.stop()));
  }

  /**
   * The support VM: `address` on its eth0, radvd and dhcpd -6 serving the files given, once dhcpd says it serves.
   * It forwards, as the support VM does for the nodes whose default router it advertises: radvd warns where a host
   * does not.
   */
  async support(address: string, prefixLength: string, files: { radvd: string; dhcpd6: string }) {
    const host = await this.host("support");
    await host.run(...words("sysctl -q -w net.ipv6.conf.all.forwarding=1"));
    await host.run(...words(`ip address add ${address}/${prefixLength} dev eth0 nodad`));
    const radvd = host.daemon(
      ...words(`radvd --nodaemon --debug 1 --logmethod stderr --config ${this.file("radvd.conf", files.radvd)}`),
      ...["--pidfile", path.join(this.dir, "radvd.pid")],
    );
    const dhcpdFiles = [
      ...["-cf", this.file("dhcpd6.conf", files.dhcpd6)],
      ...["-lf", this.file("dhcpd6.leases", "")],
      ...["-pf", path.join(this.dir, "dhcpd6.pid")],
    ];
    const dhcpd = host.daemon("dhcpd", ...words("-6 -d -f"), ...dhcpdFiles, "eth0");
    await waitFor("dhcpd", dhcpd.output, /^Server starting service\.$/m);
    const services: SupportServices = { host, radvd, dhcpd };
    return services;
  }

  /** What every router on the link advertises, as rdisc6 on a host of its own captures it. */
  async advertisements(): Promise<Advertisement[]> {
    const probe = await this.host("rdisc");
    try {
      // Solicits up to twice, each time waiting 1.5 s for every router on the link to answer.
      return parseAdvertisements(await probe.run(...words("rdisc6 -n -m -r 2 -w 1500 eth0")));
    } finally {
      await this.stop(probe);
    }
  }

  /** dhclient -6 from a host on the link with the client's MAC: the addresses of its lease and the DUID it sent. */
  async askFrom(client: Client, duidType: "LL" | "LLT", name: string): Promise<Lease> {
    const host = await this.host(name, client.mac);
    try {
      const lease = path.join(this.dir, `${name}.leases`);
      // -sf /bin/true: dhclient configures nothing, not even inside its host; the lease file says what it got.
      const dhclient = host.daemon(
        ...words(
          `dhclient -6 -D ${duidType} -v -d -1 -sf /bin/true -lf ${lease} -pf ${path.join(this.dir, `${name}.pid`)}`,
        ),
        "eth0",
      );
      await waitFor(`dhclient ${name}`, dhclient.output, /^PRC: Bound to lease /m);
      return leaseOf(readFileSync(lease, "utf8"));
    } finally {
      await this.stop(host);
    }
  }
}
