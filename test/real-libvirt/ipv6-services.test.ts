// The support VM's IPv6 services, run for real on a chucky of the test's own: for a dual-stack lab and a lab of IPv6
// only on a /120, the generated radvd.conf, dhcpd6.conf and zones are served by a real radvd, ISC dhcpd -6 and
// named in a namespace host playing the support VM, whose NIC is eth0 as its cloud-init names it, so radvd.conf runs
// unchanged. Another namespace host plays the hypervisor: chucky's bridge, without IPv6 of its own, one port per
// client. Clients are namespace hosts too: rdisc6 reads the advertisements, and one host per node MAC runs dhclient -6
// with a DUID-LL (once a DUID-LLT), as RHCOS and the Ironic ramdisk ask. Then dig asks named what the zones answer,
// and the real checkers are shown blind to planted containment faults that the test's own assertions catch. Needs no
// libvirtd: only root, iproute2, radvd, ndisc6, ISC's DHCP server and client, and BIND with its tools. Nothing leaves
// the namespaces, which have no route out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Inventory, InventoryNode } from "../../generator/artefacts/inventory";
import { reverseZoneName } from "../../generator/artefacts/support-services";
import { scratchPrefix } from "../global-state";
import { compileLab } from "../multi-host";
import { whenFound } from "../skip";
import { containmentProblems, ipv6ServiceFiles, parseRadvd, ptrName } from "../ipv6-services";
import { NamespaceHost, waitFor, type Daemon } from "./namespace-host";
import { onPath } from "./prerequisites";

const tools = [
  "ip",
  "sysctl",
  "unshare",
  "nsenter",
  "radvd",
  "rdisc6",
  "dhcpd",
  "dhclient",
  "named",
  "named-checkzone",
  "dig",
];

/** The first missing prerequisite, named as the skip line names it, or null. */
function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return "root";
  return tools.find((tool) => !onPath(tool)) ?? null;
}

const missing = missingPrerequisite();
const { describe: describeWithTools } = whenFound(missing ?? "", missing === null, {
  requiredBy: process.env["GEN_INFRA_REAL_LIBVIRT"] === "required" ? "GEN_INFRA_REAL_LIBVIRT=required" : undefined,
});

const labs = [
  { name: "a dual-stack lab", spec: { ip_stack: "v4v6", ocp_version: "4.16.3" } },
  {
    name: "an IPv6-only lab on a /120",
    spec: { ip_stack: "v6", chucky_net_addr_v6: "fd00:30::/120", ocp_version: "4.16.3" },
  },
] as const;

/** A command line whose arguments hold no space, as its words. */
const words = (line: string): string[] => line.split(" ");

/** No duplicate address detection: an address is usable at once, and no test waits out a tentative one. */
const withoutDad = (host: NamespaceHost) =>
  host.run(...words("sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0"));

// ---- what rdisc6 prints

interface Advertisement {
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
async function linkLocalOf(host: NamespaceHost): Promise<string | undefined> {
  // ip prints an empty object in the place of each address the filter leaves out.
  const links = JSON.parse(await host.run(...words("ip -j -6 address show dev eth0 scope link"))) as {
    addr_info: { scope?: string; local?: string }[];
  }[];
  return links.flatMap((link) => link.addr_info).find((a) => a.scope === "link")?.local;
}

// ---- what dhclient and dhcpd say

/** The addresses a dhclient lease file holds, and the DUID it sent (as dhcpd prints one: colon-separated bytes). */
function leaseOf(text: string): { addresses: string[]; duid: string } {
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
const repliesOf = (log: string): { address: string; duid: string }[] =>
  [...log.matchAll(/^Reply NA: address (\S+) to client with duid (\S+) iaid = \d+/gm)].map((m) => ({
    address: m[1]!,
    duid: m[2]!,
  }));

/** The MAC in a DUID-LL (type 3) or DUID-LLT (type 1) of hardware type Ethernet (1): its last six bytes. */
function macOfDuid(duid: string): string | undefined {
  const bytes = duid.split(":");
  const type = bytes.slice(0, 4).join(":");
  if (type === "00:03:00:01" && bytes.length === 10) return bytes.slice(4).join(":");
  if (type === "00:01:00:01" && bytes.length === 14) return bytes.slice(8).join(":");
  return undefined;
}

// ---- the lab

interface Client {
  readonly node: InventoryNode;
  readonly mac: string;
  readonly planned: string;
}

describeWithTools.each(labs)("the IPv6 services of $name, served by real daemons", ({ spec }) => {
  const { files } = compileLab({ ...spec }, "ipv6-services.json");
  const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
  const a6 = inventory.addresses_v6!;
  const chuckyPrefix = inventory.networks.find((n) => n.name === "chucky")!.cidr_v6!;
  const prefixLength = chuckyPrefix.split("/")[1]!;
  const clients: Client[] = inventory.nodes
    .filter((node) => node.role === "master" || node.role === "worker")
    .map((node) => {
      const nic = node.nics.find((n) => n.purpose === "chucky")!;
      return { node, mac: nic.mac!, planned: nic.address_v6! };
    });
  const hosts: NamespaceHost[] = [];
  let dir = "";
  let hypervisor: NamespaceHost;
  let support: NamespaceHost;
  let dhcpd: Daemon;
  let named: Daemon;
  let radvd: Daemon;
  let ports = 0;

  const file = (name: string, content: string): string => {
    const where = path.join(dir, name);
    writeFileSync(where, content);
    return where;
  };

  const start = async (name: string): Promise<NamespaceHost> => {
    const host = await NamespaceHost.start(name);
    hosts.push(host);
    await withoutDad(host);
    return host;
  };

  const stop = async (host: NamespaceHost): Promise<void> => {
    hosts.splice(hosts.indexOf(host), 1);
    await host.stop();
  };

  /** A host whose eth0, with `mac` where given, is a port of chucky's bridge: a VM's NIC on the lab's network. */
  const onChucky = async (name: string, mac?: string): Promise<NamespaceHost> => {
    const host = await start(name);
    const port = `port${ports++}`;
    await hypervisor.run(...words(`ip link add ${port} type veth peer name eth0 netns ${host.netns}`));
    await hypervisor.run(...words(`ip link set dev ${port} master chucky up`));
    if (mac) await host.run(...words(`ip link set dev eth0 address ${mac}`));
    await host.run(...words("ip link set dev eth0 up"));
    return host;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `${scratchPrefix}ipv6-services-`));
    hypervisor = await start("hypervisor");
    // chucky's bridge forwards frames and has no IPv6 of its own: nothing but the support VM may advertise.
    await hypervisor.run(...words("sysctl -q -w net.ipv6.conf.default.disable_ipv6=1"));
    await hypervisor.run(...words("ip link add chucky type bridge mcast_snooping 0"));
    await hypervisor.run(...words("ip link set dev chucky up"));

    support = await onChucky("support");
    // The support VM forwards for the nodes, whose default router it advertises: radvd warns where a host does not.
    await support.run(...words("sysctl -q -w net.ipv6.conf.all.forwarding=1"));
    await support.run(...words(`ip address add ${a6.support_host}/${prefixLength} dev eth0 nodad`));

    radvd = support.daemon(
      ...words(
        `radvd --nodaemon --debug 1 --logmethod stderr --config ${file("radvd.conf", files.get("radvd.conf")!)}`,
      ),
      ...["--pidfile", path.join(dir, "radvd.pid")],
    );
    const dhcpdFiles = [
      ...["-cf", file("dhcpd6.conf", files.get("dhcpd6.conf")!)],
      ...["-lf", file("dhcpd6.leases", "")],
      ...["-pf", path.join(dir, "dhcpd6.pid")],
    ];
    dhcpd = support.daemon("dhcpd", ...words("-6 -d -f"), ...dhcpdFiles, "eth0");

    // named as the support VM declares it: the forward zone, the IPv4 reverse zone, and the IPv6 one by the name
    // inventory.json gives it.
    const zones: [string, string][] = [
      [inventory.cluster.base_domain, "forward.zone"],
      [reverseZoneName(inventory), "reverse.zone"],
      [inventory.cluster.reverse_zone_v6!, "reverse6.zone"],
    ];
    for (const [, name] of zones) file(name, files.get(name)!);
    const conf = file(
      "named.conf",
      [
        "options {",
        `  directory "${dir}";`,
        `  pid-file "${path.join(dir, "named.pid")}";`,
        `  session-keyfile "${path.join(dir, "session.key")}";`,
        `  managed-keys-directory "${dir}";`,
        "  listen-on { none; };",
        `  listen-on-v6 { ${a6.support_host}; };`,
        "  recursion no;",
        "  dnssec-validation no;",
        "  notify no;",
        "};",
        "controls { };",
        ...zones.map(([zone, name]) => `zone "${zone}" { type primary; file "${name}"; };`),
        "",
      ].join("\n"),
    );
    named = support.daemon(...words(`named -g -n 1 -c ${conf}`));

    await waitFor("dhcpd", dhcpd.output, /^Server starting service\.$/m);
    await waitFor("named", named.output, /\brunning$/m);
  });

  afterAll(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("rdisc6 captures one advertiser, the support VM: M and O set, chucky's prefix on-link without SLAAC, a default router", async () => {
    const probe = await onChucky("rdisc");
    try {
      const supportLinkLocal = await linkLocalOf(support);
      // Solicits up to twice, each time waiting 1.5 s for every router on the link to answer.
      const output = await probe.run(...words("rdisc6 -n -m -r 2 -w 1500 eth0"));
      const advertisements = parseAdvertisements(output);
      expect(advertisements.length).toBeGreaterThan(0);
      expect([...new Set(advertisements.map((a) => a.from))]).toEqual([supportLinkLocal]);
      const configured = parseRadvd(files.get("radvd.conf")!);
      for (const advertisement of advertisements) {
        expect(advertisement.fields).toMatchObject({
          "Stateful address conf.": "Yes",
          "Stateful other conf.": "Yes",
          "Router lifetime": String(configured.routerLifetime),
        });
        expect(Number(advertisement.fields["Router lifetime"])).toBeGreaterThan(0);
        expect(advertisement.prefixes).toEqual([{ prefix: chuckyPrefix, onLink: "Yes", autonomous: "No" }]);
      }
      process.stdout.write(
        `real-libvirt ipv6-services ${inventory.cluster.ip_stack}: RA from ${supportLinkLocal}: M=${advertisements[0]!.fields["Stateful address conf."]} O=${advertisements[0]!.fields["Stateful other conf."]} router lifetime ${advertisements[0]!.fields["Router lifetime"]} s, prefix ${advertisements[0]!.prefixes[0]!.prefix} autonomous ${advertisements[0]!.prefixes[0]!.autonomous}\n`,
      );
      expect(radvd.output()).not.toMatch(/error|warning/i);
    } finally {
      await stop(probe);
    }
  });

  /** dhclient -6 from a host on chucky with the client's MAC: the addresses of its lease and the DUID it sent. */
  const askFrom = async (client: Client, duidType: "LL" | "LLT", name: string) => {
    const host = await onChucky(name, client.mac);
    try {
      const lease = path.join(dir, `${name}.leases`);
      // -sf /bin/true: dhclient configures nothing, not even inside its host; the lease file says what it got.
      const dhclient = host.daemon(
        ...words(`dhclient -6 -D ${duidType} -v -d -1 -sf /bin/true -lf ${lease} -pf ${path.join(dir, `${name}.pid`)}`),
        "eth0",
      );
      await waitFor(`dhclient ${name}`, dhclient.output, /^PRC: Bound to lease /m);
      return leaseOf(readFileSync(lease, "utf8"));
    } finally {
      await stop(host);
    }
  };

  test("dhclient -6 with a DUID-LL from each node's chucky MAC gets exactly the node's planned address", async () => {
    const leases = await Promise.all(clients.map((client) => askFrom(client, "LL", `ll-${client.node.name}`)));
    const replies = repliesOf(dhcpd.output());
    for (const [i, client] of clients.entries()) {
      const lease = leases[i]!;
      expect({ mac: client.mac, addresses: lease.addresses, duid: lease.duid }).toEqual({
        mac: client.mac,
        addresses: [client.planned],
        duid: `00:03:00:01:${client.mac}`,
      });
      // dhcpd's own account: every reply to this MAC's DUID was the planned address.
      const toClient = replies.filter((r) => macOfDuid(r.duid) === client.mac);
      expect(toClient.length).toBeGreaterThan(0);
      expect([...new Set(toClient.map((r) => r.address))]).toEqual([client.planned]);
    }
    process.stdout.write(
      `real-libvirt ipv6-services ${inventory.cluster.ip_stack}, DUID-LL: ${clients.map((c, i) => `${c.node.name} ${c.mac} → ${leases[i]!.addresses.join(",")}`).join("; ")}\n`,
    );
  });

  test("dhclient -6 with a DUID-LLT from master0's MAC gets master0's address too", async () => {
    const master0 = clients[0]!;
    const lease = await askFrom(master0, "LLT", "llt-master0");
    expect(lease.addresses).toEqual([master0.planned]);
    expect(lease.duid).toMatch(/^00:01:00:01(:[0-9a-f]{2}){4}:/);
    expect(macOfDuid(lease.duid)).toBe(master0.mac);
    const replies = repliesOf(dhcpd.output()).filter((r) => r.duid === lease.duid);
    expect(replies.map((r) => r.address)).toContain(master0.planned);
    expect([...new Set(replies.map((r) => r.address))]).toEqual([master0.planned]);
    process.stdout.write(
      `real-libvirt ipv6-services ${inventory.cluster.ip_stack}, DUID-LLT ${lease.duid}: ${master0.node.name} → ${lease.addresses}\n`,
    );
  });

  test("named serves the zones: AAAA of the API and master0, the PTR of master0's IPv6 address", async () => {
    const dig = (...query: string[]) =>
      support.run("dig", "+short", "+norecurse", "+time=2", "+tries=1", `@${a6.support_host}`, ...query);
    const cluster = `${inventory.cluster.name}.${inventory.cluster.base_domain}`;
    const master0 = clients[0]!;
    expect(await dig("AAAA", `api.${cluster}`)).toBe(a6.api_vip);
    expect(await dig("AAAA", `api-int.${cluster}`)).toBe(a6.api_int_vip);
    expect(await dig("AAAA", `console.apps.${cluster}`)).toBe(a6.ingress_vip);
    expect(await dig("AAAA", master0.node.hostname)).toBe(master0.planned);
    expect(await dig("-x", master0.planned)).toBe(`${master0.node.hostname}.`);
    expect(await dig("PTR", `${ptrName(a6.support_host)}.`)).toBe(`support.${inventory.cluster.base_domain}.`);
    // An A record only where the nodes have IPv4.
    const ipv4 = master0.node.nics.find((n) => n.purpose === "chucky")!.address;
    expect(await dig("A", master0.node.hostname)).toBe(ipv4 ?? "");
    expect(named.output()).not.toMatch(/out of zone|ignoring/i);
  });

  test("planted faults: the real checkers pass them, the containment assertions do not", async () => {
    const services = ipv6ServiceFiles(files);
    const zone = inventory.cluster.reverse_zone_v6!;
    const outside = "fd00:99::14";
    const planted = {
      // An AAAA whose PTR name lies outside the reverse zone, and a PTR record outside it.
      forward: `${services.forward}planted.${inventory.cluster.name} IN AAAA ${outside}\n`,
      reverse6: `${services.reverse6}${ptrName(outside)}. IN PTR planted.${inventory.cluster.name}.${inventory.cluster.base_domain}.\n`,
      // A fixed-address6 outside the subnet6.
      dhcpd6: `${services.dhcpd6}\nhost planted {\n  hardware ethernet 52:54:00:a9:6d:7e;\n  fixed-address6 ${outside};\n}\n`,
      // SLAAC on a prefix that is not a /64.
      radvd: services.radvd
        .replace(chuckyPrefix, chuckyPrefix.replace(/\/\d+$/, "/120"))
        .replace("AdvAutonomous off", "AdvAutonomous on"),
    };
    const checkzone = (name: string, zoneName: string, text: string) =>
      support.run("named-checkzone", zoneName, file(`planted-${name}`, text));
    // Each resolves: exit status 0, or run() throws with the output.
    const forwardCheck = await checkzone("forward.zone", inventory.cluster.base_domain, planted.forward);
    const reverseCheck = await checkzone("reverse6.zone", zone, planted.reverse6);
    expect(reverseCheck).toMatch(/ignoring out-of-zone data/);
    expect(forwardCheck).toMatch(/OK$/);
    expect(reverseCheck).toMatch(/OK$/);
    await support.run("dhcpd", "-6", "-t", "-cf", file("planted-dhcpd6.conf", planted.dhcpd6));
    await support.run("radvd", "--configtest", "--config", file("planted-radvd.conf", planted.radvd));

    expect(containmentProblems({ ...services, forward: planted.forward })).toEqual([
      `forward.zone: AAAA ${outside} of planted.${inventory.cluster.name}.${inventory.cluster.base_domain} has its PTR name outside ${zone}`,
    ]);
    expect(containmentProblems({ ...services, reverse6: planted.reverse6 })).toEqual([
      `reverse6.zone: PTR ${ptrName(outside)} lies outside the zone ${zone}`,
    ]);
    expect(containmentProblems({ ...services, dhcpd6: planted.dhcpd6 })).toEqual([
      `dhcpd6.conf: fixed-address6 of host planted ${outside} lies outside subnet6 ${chuckyPrefix}`,
    ]);
    expect(containmentProblems({ ...services, radvd: planted.radvd })).toEqual([
      `radvd.conf: SLAAC (AdvAutonomous) on ${chuckyPrefix.replace(/\/\d+$/, "/120")}, which is not a /64`,
    ]);
    // And the files as generated hold.
    expect(containmentProblems(services)).toEqual([]);
  });
});
