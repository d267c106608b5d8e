// The support VM's IPv6 services: given a spec with IPv6, want dhcpd6.conf, radvd.conf, the AAAA records and
// reverse6.zone, each read back from the files as emitted and held to the addresses inventory.json plans, and to the
// containment the real checkers do not see. A spec without IPv6 writes none of them, and one switched back to IPv4
// removes them.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compileLab, hypervisor } from "../../multi-host";
import { fixtures, inScratch } from "../../helpers";
import { loadSpec } from "../../../generator/cli/load";
import { whenFound } from "../../skip";
import { compile, ownOutputNames } from "../../../generator/compile";
import { writeOutput } from "../../../generator/output/write";
import type { Inventory } from "../../../generator/artefacts/inventory";
import {
  containmentProblems,
  ipv6ServiceFiles,
  parseDhcpd6,
  parseRadvd,
  parseZone,
  ptrName,
} from "../../ipv6-services";

const have = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const { test: testWithDhcpd } = whenFound("dhcpd", have("dhcpd"));
const { test: testWithBind } = whenFound("named-checkzone", have("named-checkzone"));

const ipv6Files = ["dhcpd6.conf", "radvd.conf", "reverse6.zone"];
const ocp = { ocp_version: "4.16.3" } as const;

interface Want {
  readonly prefix: string;
  readonly reverseZone: string;
  readonly range: readonly [string, string];
  /** Some of the reservations, by MAC: the masters' at least. */
  readonly reserved: Readonly<Record<string, string>>;
  /** Every reservation: one per chucky MAC of each cluster node, bond ports and day-2 workers included. */
  readonly reservations: number;
  /** Whether the nodes and the VIPs have A records beside their AAAA. */
  readonly nodesHaveIpv4: boolean;
  readonly mtu?: number;
}

const masters64 = {
  "52:54:00:a9:6d:70": "fd00:30::14",
  "52:54:00:a9:6d:71": "fd00:30::15",
  "52:54:00:a9:6d:72": "fd00:30::16",
};
const zone64 = "0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa";
const zone120 = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa";
const range64 = ["fd00:30::50", "fd00:30::63"] as const;

const rows: readonly (readonly [title: string, given: Record<string, unknown>, want: Want])[] = [
  [
    "dual stack, IPv4 first",
    { ...ocp, ip_stack: "v4v6" },
    {
      prefix: "fd00:30::/64",
      reverseZone: zone64,
      range: range64,
      reserved: masters64,
      reservations: 6,
      nodesHaveIpv4: true,
    },
  ],
  [
    "dual stack, IPv6 first",
    { ...ocp, ip_stack: "v6v4" },
    {
      prefix: "fd00:30::/64",
      reverseZone: zone64,
      range: range64,
      reserved: masters64,
      reservations: 6,
      nodesHaveIpv4: true,
    },
  ],
  [
    "IPv6 only on a /120: a 30-nibble zone",
    { ...ocp, ip_stack: "v6", chucky_net_addr_v6: "fd00:30::/120" },
    {
      prefix: "fd00:30::/120",
      reverseZone: zone120,
      range: range64,
      reserved: masters64,
      reservations: 6,
      nodesHaveIpv4: false,
    },
  ],
  [
    "IPv6 only on a /62: the zone is cut at the nibble above",
    { ...ocp, ip_stack: "v6", chucky_net_addr_v6: "2001:db8:0:4::/62" },
    {
      prefix: "2001:db8:0:4::/62",
      reverseZone: "0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
      range: ["2001:db8:0:4::50", "2001:db8:0:4::63"],
      reserved: { "52:54:00:a9:6d:70": "2001:db8:0:4::14", "52:54:00:a9:6d:00": "2001:db8:0:4::1e" },
      reservations: 6,
      nodesHaveIpv4: false,
    },
  ],
  [
    "bonded NICs: each bond port reserves its node's address",
    { ...ocp, ip_stack: "v4v6", bonding_nic: true },
    {
      prefix: "fd00:30::/64",
      reverseZone: zone64,
      range: range64,
      reserved: { ...masters64, "52:54:00:a9:6d:78": "fd00:30::14", "52:54:00:a9:6d:80": "fd00:30::1e" },
      reservations: 12,
      nodesHaveIpv4: true,
    },
  ],
  [
    "day-2 workers reserve theirs too",
    { ...ocp, ip_stack: "v6", number_of_workers: 2, extra_workers: 1 },
    {
      prefix: "fd00:30::/64",
      reverseZone: zone64,
      range: range64,
      reserved: { ...masters64, "52:54:00:a9:6d:02": "fd00:30::20" },
      reservations: 6,
      nodesHaveIpv4: false,
    },
  ],
  [
    "on two hypervisors: the advertisements carry the overlay's MTU",
    { ...ocp, ip_stack: "v4v6", hypervisors: [hypervisor("metal1"), hypervisor("metal2")] },
    {
      prefix: "fd00:30::/64",
      reverseZone: zone64,
      range: range64,
      reserved: masters64,
      reservations: 6,
      nodesHaveIpv4: true,
      mtu: 1450,
    },
  ],
];

describe.each(rows)("%s", (_title, given, want) => {
  const { files } = compileLab(given, "ipv6.json");
  const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
  const services = ipv6ServiceFiles(files);
  const dhcpd6 = parseDhcpd6(services.dhcpd6);
  const radvd = parseRadvd(services.radvd);
  const forward = parseZone(services.forward);
  const reverse = parseZone(services.reverse6);
  const zone = inventory.cluster.base_domain;
  const a6 = inventory.addresses_v6!;
  const clusterNodes = inventory.nodes.filter((n) => !["support", "provision"].includes(n.role));
  const chuckyNic = (node: (typeof inventory.nodes)[number]) => node.nics.find((nic) => nic.purpose === "chucky")!;

  test("dhcpd6.conf: chucky's prefix, the planned range, the support VM as name server, one host per chucky MAC", () => {
    expect(dhcpd6.subnets).toEqual([want.prefix]);
    expect(dhcpd6.ranges).toEqual([want.range]);
    expect([a6.chucky_dhcp_start, a6.chucky_dhcp_end]).toEqual(want.range);
    expect(dhcpd6.nameServers).toEqual([a6.support_host]);
    expect(dhcpd6.domainSearch).toEqual([zone]);
    expect(dhcpd6.hosts).toHaveLength(want.reservations);
    const byMac = Object.fromEntries(dhcpd6.hosts.map((h) => [h.mac, h.address]));
    expect(byMac).toMatchObject(want.reserved);
    // Every reservation is the address inventory.json plans for the MAC's node.
    const planned = clusterNodes.flatMap((node) =>
      node.nics.filter((nic) => nic.network === "chucky").map((nic) => [nic.mac, chuckyNic(node).address_v6]),
    );
    expect(Object.entries(byMac)).toEqual(planned);
  });

  test("radvd.conf: managed and other configuration, the prefix on-link without SLAAC, a default router", () => {
    expect(radvd).toEqual({
      interface: "eth0",
      sendAdvert: true,
      managed: true,
      other: true,
      routerLifetime: 1800,
      linkMtu: want.mtu,
      prefixes: [{ prefix: want.prefix, onLink: true, autonomous: false }],
    });
  });

  test("forward.zone: an AAAA for every name with an IPv6 address, an A where the name has IPv4", () => {
    const records = (type: string) =>
      Object.fromEntries(forward.records.filter((r) => r.type === type).map((r) => [r.owner, r.value]));
    const cluster = `${inventory.cluster.name}.${zone}`;
    const a = inventory.addresses;
    expect(records("AAAA")).toEqual({
      [`support.${zone}`]: a6.support_host,
      [`provision.${zone}`]: a6.provision_host,
      ...Object.fromEntries(clusterNodes.map((n) => [n.hostname, chuckyNic(n).address_v6])),
      [`api.${cluster}`]: a6.api_vip,
      [`api-int.${cluster}`]: a6.api_int_vip,
      [`*.apps.${cluster}`]: a6.ingress_vip,
    });
    expect(records("A")).toEqual({
      [`support.${zone}`]: a.support_host,
      [`provision.${zone}`]: a.provision_host,
      ...(want.nodesHaveIpv4
        ? {
            ...Object.fromEntries(clusterNodes.map((n) => [n.hostname, chuckyNic(n).address])),
            [`api.${cluster}`]: a.api_vip,
            [`api-int.${cluster}`]: a.api_int_vip,
            [`*.apps.${cluster}`]: a.ingress_vip,
          }
        : {}),
    });
  });

  test("reverse6.zone: its name is inventory.json's, and it maps every IPv6 address back, the wildcard excepted", () => {
    expect(reverse.origin).toBe(want.reverseZone);
    expect(inventory.cluster.reverse_zone_v6).toBe(want.reverseZone);
    const expected = forward.records
      .filter((r) => r.type === "AAAA" && !r.owner.startsWith("*."))
      .map((r) => [ptrName(r.value), `${r.owner}.`]);
    expect(reverse.records.filter((r) => r.type === "PTR").map((r) => [r.owner, r.value])).toEqual(expected);
  });

  test("containment: every address in its subnet6, every PTR name under the zone, no SLAAC", () => {
    expect(containmentProblems(services)).toEqual([]);
  });

  testWithDhcpd("dhcpd -6 -t accepts dhcpd6.conf", () =>
    inScratch("dhcpd6", (dir) => {
      const file = path.join(dir, "dhcpd6.conf");
      writeFileSync(file, services.dhcpd6);
      const result = spawnSync("dhcpd", ["-6", "-t", "-cf", file], { encoding: "utf8" });
      expect(result.stderr).not.toMatch(/error|warning/i);
      expect(result.status).toBe(0);
    }),
  );

  testWithBind("named-checkzone accepts forward.zone and reverse6.zone", () =>
    inScratch("zones6", (dir) => {
      for (const [file, name] of [
        ["forward.zone", zone],
        ["reverse6.zone", want.reverseZone],
      ] as const) {
        writeFileSync(path.join(dir, file), files.get(file)!);
        const result = spawnSync("named-checkzone", ["-k", "fail", "-n", "fail", name, path.join(dir, file)], {
          encoding: "utf8",
        });
        expect(result.stdout).not.toMatch(/ignoring|out of zone/i);
        expect(result.status).toBe(0);
      }
    }),
  );
});

// Every option the fixtures cover (bonding, an arbiter, day-2 workers, each provisioning mode, 128 workers, …) in
// each stack with IPv6, wherever gen-infra writes the files: a fixture whose release the installer's rules refuse a
// stack for is written nothing, and owes nothing.
describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s with IPv6", (_name, fixture) => {
  test.each(["v6", "v4v6", "v6v4"])(
    "in ip_stack %s: contained, no SLAAC, one reservation per node MAC",
    async (stack) => {
      const loaded = await loadSpec(fixture.file);
      if (!loaded.ok) throw new Error("the fixture loads");
      const { files } = compile({ ...(loaded.raw as object), ip_stack: stack }, path.basename(fixture.file), {
        files: loaded.files,
      });
      if (files === undefined) return;
      const services = ipv6ServiceFiles(files);
      expect(containmentProblems(services)).toEqual([]);
      expect(parseRadvd(services.radvd).prefixes.map((p) => p.autonomous)).toEqual([false]);
      const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
      const macs = inventory.nodes
        .filter((n) => !["support", "provision"].includes(n.role))
        .flatMap((n) => n.nics.filter((nic) => nic.network === "chucky").map((nic) => nic.mac));
      expect(parseDhcpd6(services.dhcpd6).hosts.map((h) => h.mac)).toEqual(macs);
    },
  );
});

describe("containment fails where the real checkers pass", () => {
  const { files } = compileLab({ ...ocp, ip_stack: "v4v6" }, "ipv6.json");
  const services = ipv6ServiceFiles(files);
  test.each([
    [
      "a fixed-address6 outside the subnet6",
      {
        ...services,
        dhcpd6: `${services.dhcpd6}\nhost planted {\n  hardware ethernet 52:54:00:a9:6d:7e;\n  fixed-address6 fd00:99::14;\n}\n`,
      },
      ["dhcpd6.conf: fixed-address6 of host planted fd00:99::14 lies outside subnet6 fd00:30::/64"],
    ],
    [
      "a range6 that runs past the subnet6",
      {
        ...services,
        dhcpd6: services.dhcpd6.replace("range6 fd00:30::50 fd00:30::63", "range6 fd00:30::50 fd00:31::1"),
      },
      ["dhcpd6.conf: range6 end fd00:31::1 lies outside subnet6 fd00:30::/64"],
    ],
    [
      "an AAAA whose PTR name is outside the reverse zone",
      { ...services, forward: `${services.forward}planted.ocp4 IN AAAA fd00:99::14\n` },
      [`forward.zone: AAAA fd00:99::14 of planted.ocp4.tale.net has its PTR name outside ${zone64}`],
    ],
    [
      "a PTR record outside the reverse zone",
      { ...services, reverse6: `${services.reverse6}${ptrName("fd00:99::14")}. IN PTR planted.ocp4.tale.net.\n` },
      [`reverse6.zone: PTR ${ptrName("fd00:99::14")} lies outside the zone ${zone64}`],
    ],
    [
      "an AAAA the reverse zone does not map back",
      { ...services, forward: `${services.forward}planted.ocp4 IN AAAA fd00:30::99\n` },
      [`reverse6.zone: ${ptrName("fd00:30::99")} does not map fd00:30::99 back to planted.ocp4.tale.net`],
    ],
    [
      "SLAAC on a /120",
      {
        ...services,
        radvd: services.radvd.replace("fd00:30::/64", "fd00:30::/120").replace("AdvAutonomous off", "AdvAutonomous on"),
      },
      ["radvd.conf: SLAAC (AdvAutonomous) on fd00:30::/120, which is not a /64"],
    ],
  ])("%s", (_title, planted, want) => {
    expect(containmentProblems(planted)).toEqual(want);
  });
});

describe("a spec without IPv6", () => {
  test("writes none of the IPv6 services' files, and no AAAA record", () => {
    const { files } = compileLab({}, "ipv4.json");
    expect(ipv6Files.filter((name) => files.has(name))).toEqual([]);
    expect(parseZone(files.get("forward.zone")!).records.filter((r) => r.type === "AAAA")).toEqual([]);
    expect(JSON.parse(files.get("inventory.json")!)).not.toHaveProperty("cluster.reverse_zone_v6");
  });

  test("switched back to IPv4, a lab's output loses exactly the IPv6 services' files", () =>
    inScratch("ipv6-to-ipv4", (dir) => {
      const write = (files: ReadonlyMap<string, string>) =>
        writeOutput(dir, files, { force: false, ownNames: ownOutputNames() });
      const dual = compileLab({ ...ocp, ip_stack: "v4v6" }, "lab.json").files;
      write(dual);
      const before = readdirSync(dir).sort();
      expect(ipv6Files.every((name) => existsSync(path.join(dir, name)))).toBe(true);
      write(compileLab(ocp, "lab.json").files);
      expect(readdirSync(dir).sort()).toEqual(before.filter((name) => !ipv6Files.includes(name)));
    }));
});
