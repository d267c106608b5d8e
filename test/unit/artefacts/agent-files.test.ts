// The agent-based installer's lab files, for every agent fixture and a few specs more, from the compile stages up to
// labFiles (no target's HCL): agent-config.yaml read back with the yaml library and held against inventory.json,
// install-config.yaml with a platform of VIPs alone or none, the support VM's DNS standing in for the VIPs on
// platform none, no provision VM anywhere, and the report's steps in the order that works.
import { parse as parseYaml } from "yaml";
import { agentFixtures } from "../../helpers";
import { hypervisor } from "../../multi-host";
import { loadSpec } from "../../../generator/cli/load";
import { validate } from "../../../generator/input/validate";
import { buildCluster, type Cluster } from "../../../generator/model/model";
import { checkCluster, checkSpec } from "../../../generator/rules";
import { installerRule } from "../../../generator/rules/installer-rules";
import { labFileNames, labFiles } from "../../../generator/artefacts/lab-files";
import type { Inventory, InventoryNode } from "../../../generator/artefacts/inventory";
import type { AgentConfig } from "../../../generator/artefacts/agent-config";
import { hasErrors } from "../../../generator/findings";

interface AgentLab {
  readonly cluster: Cluster;
  readonly files: ReadonlyMap<string, string>;
}

/** A spec through the stages before any target: checked, modelled, checked again, and its lab files. */
function agentLab(raw: unknown, source: string): AgentLab {
  const validated = validate(raw);
  if (!validated.ok) throw new Error(`the spec is refused: ${JSON.stringify(validated.findings)}`);
  const cluster = buildCluster(validated.spec);
  const findings = [...checkSpec(validated.spec, validated.given), ...checkCluster(cluster)];
  if (hasErrors(findings)) throw new Error(`the spec has errors: ${JSON.stringify(findings)}`);
  return { cluster, files: labFiles(cluster, source) };
}

async function fixtureLab(name: string): Promise<AgentLab> {
  const fixture = agentFixtures.find((f) => f.name === name);
  if (fixture === undefined) throw new Error(`no agent fixture ${name}`);
  const loaded = await loadSpec(fixture.file);
  if (!loaded.ok) throw new Error(`fixture ${name} does not load`);
  return agentLab(loaded.raw, `${name}.json`);
}

const yamlOf = <T>(lab: AgentLab, name: string): T => parseYaml(lab.files.get(name)!) as T;
const inventoryOf = (lab: AgentLab): Inventory => JSON.parse(lab.files.get("inventory.json")!) as Inventory;
const clusterNodes = (inventory: Inventory) =>
  inventory.nodes.filter((n) => n.role === "master" || n.role === "arbiter" || n.role === "worker");
const chuckyNic = (node: InventoryNode) => node.nics.find((nic) => nic.purpose === "chucky")!;

interface Want {
  readonly masters: number;
  /** The arbiter's host role, which agent-config.yaml has from 4.20. */
  readonly arbiters?: number;
  readonly workers: number;
  readonly rendezvous: string;
  readonly rendezvousIp: string;
  readonly platform: "baremetal" | "none";
  readonly bonded: boolean;
  readonly families: readonly ("ipv4" | "ipv6")[];
}

const fixtureWants: readonly (readonly [fixture: string, want: Want])[] = [
  [
    "agent-arbiter",
    {
      masters: 2,
      arbiters: 1,
      workers: 0,
      rendezvous: "master0",
      rendezvousIp: "192.168.30.20",
      platform: "baremetal",
      bonded: false,
      families: ["ipv4"],
    },
  ],
  [
    "agent-compact",
    {
      masters: 3,
      workers: 0,
      rendezvous: "master0",
      rendezvousIp: "192.168.30.20",
      platform: "baremetal",
      bonded: false,
      families: ["ipv4"],
    },
  ],
  [
    "agent-dual-stack",
    {
      masters: 3,
      workers: 1,
      rendezvous: "master0",
      rendezvousIp: "fd00:30::14",
      platform: "baremetal",
      bonded: true,
      families: ["ipv6", "ipv4"],
    },
  ],
  [
    "agent-sno",
    {
      masters: 1,
      workers: 0,
      rendezvous: "master0",
      rendezvousIp: "192.168.30.20",
      platform: "none",
      bonded: false,
      families: ["ipv4"],
    },
  ],
  [
    "agent-workers",
    {
      masters: 3,
      workers: 2,
      rendezvous: "master1",
      rendezvousIp: "192.168.30.21",
      platform: "baremetal",
      bonded: false,
      families: ["ipv4"],
    },
  ],
];

test("every agent fixture has a row here", () => {
  expect(agentFixtures.map((f) => f.name).sort()).toEqual(fixtureWants.map(([name]) => name).sort());
});

describe.each(fixtureWants)("fixture %s", (name, want) => {
  let lab: AgentLab;
  let inventory: Inventory;
  beforeAll(async () => {
    lab = await fixtureLab(name);
    inventory = inventoryOf(lab);
  });

  test("labFiles writes agent-config.yaml, one of the lab's own names, and no provision VM anywhere", () => {
    expect(labFileNames).toContain("agent-config.yaml");
    expect([...lab.files.keys()].filter((f) => !labFileNames.includes(f as never))).toEqual([]);
    expect(lab.files.has("agent-config.yaml")).toBe(true);
    expect(inventory.nodes.map((n) => n.role)).not.toContain("provision");
    expect(inventory.networks.map((n) => n.name)).toEqual(["chucky"]);
    for (const file of ["dhcpd.conf", "forward.zone", "reverse.zone"])
      expect(lab.files.get(file)).not.toMatch(/provision/);
  });

  test("inventory.json: the installer, its settings, no architecture, no BMC, no boot MAC", () => {
    expect(inventory.cluster).toMatchObject({
      installer: "agent",
      agent: { platform: want.platform, rendezvous_host: want.rendezvous, rendezvous_ip: want.rendezvousIp },
    });
    expect(inventory.cluster.agent!.iso).toBe(lab.cluster.agent!.isoPath);
    expect(inventory.cluster).not.toHaveProperty("architecture");
    for (const node of inventory.nodes) {
      expect(node).not.toHaveProperty("bmc");
      expect(node.boot_mac).toBeNull();
    }
    // Platform none has no VIPs to list.
    const vips = ["api_vip", "ingress_vip", "api_vip_v6", "ingress_vip_v6"].filter((k) => k in inventory.cluster);
    expect(vips.length > 0).toBe(want.platform === "baremetal");
  });

  test("agent-config.yaml: the rendezvous IP and every node by its NICs' MACs, as inventory.json lists them", () => {
    const config = yamlOf<AgentConfig>(lab, "agent-config.yaml");
    expect([config.apiVersion, config.kind, config.metadata]).toEqual(["v1beta1", "AgentConfig", { name: "ocp4" }]);
    const nodes = clusterNodes(inventory);
    const rendezvous = nodes.find((n) => n.hostname.startsWith(`${want.rendezvous}.`))!;
    const primary = want.families[0] === "ipv6" ? chuckyNic(rendezvous).address_v6 : chuckyNic(rendezvous).address;
    expect([config.rendezvousIP, primary]).toEqual([want.rendezvousIp, want.rendezvousIp]);
    expect(config.hosts.map((h) => h.role)).toEqual([
      ...Array<string>(want.masters).fill("master"),
      ...Array<string>(want.arbiters ?? 0).fill("arbiter"),
      ...Array<string>(want.workers).fill("worker"),
    ]);
    expect(config.hosts.map((h) => h.hostname)).toEqual(nodes.map((n) => n.hostname));
    config.hosts.forEach((host, i) => {
      const node = nodes[i]!;
      expect(host.rootDeviceHints).toEqual({ deviceName: "/dev/vda" });
      // Every NIC, bond ports included, by the name RHCOS gives it and the plan's MAC.
      expect(host.interfaces).toEqual(node.nics.map((nic) => ({ name: nic.interface, macAddress: nic.mac })));
      expect(host.interfaces.map((nic) => nic.name)).toEqual(want.bonded ? ["ens3", "ens4"] : ["ens3"]);
    });
    // The hosts' MACs are the support VM's reservations.
    const reserved = [...lab.files.get("dhcpd.conf")!.matchAll(/hardware ethernet (\S+);/g)].map((m) => m[1]);
    if (want.families.includes("ipv4"))
      expect(reserved).toEqual(config.hosts.flatMap((h) => h.interfaces.map((nic) => nic.macAddress)));
  });

  test("agent-config.yaml: networkConfig only on a bonded node, the IPI bond over its declared ports with DHCP", () => {
    const config = yamlOf<AgentConfig>(lab, "agent-config.yaml");
    for (const host of config.hosts) {
      if (!want.bonded) {
        expect(host.networkConfig).toBeUndefined();
        continue;
      }
      const names = host.interfaces.map((nic) => nic.name);
      expect(host.networkConfig).toEqual({
        interfaces: [
          ...names.map((name) => ({ name, type: "ethernet", state: "up" })),
          {
            name: "bond0",
            type: "bond",
            state: "up",
            ipv4: want.families.includes("ipv4") ? { dhcp: true, enabled: true } : { enabled: false },
            ipv6: want.families.includes("ipv6") ? { dhcp: true, autoconf: false, enabled: true } : { enabled: false },
            "link-aggregation": { mode: "active-backup", options: { miimon: "140" }, port: names },
          },
        ],
      });
    }
  });

  test("install-config.yaml: the cluster's pools and networks, a platform of VIPs alone or none", () => {
    const config = yamlOf<Record<string, unknown>>(lab, "install-config.yaml");
    const cidr = (family: string) => (family === "ipv6" ? "fd00:30::/64" : "192.168.30.0/24");
    const vip = (family: string, v4: string, v6: string) => (family === "ipv6" ? v6 : v4);
    const dual = want.families.length === 2;
    expect(config).toEqual({
      apiVersion: "v1",
      baseDomain: "tale.net",
      metadata: { name: "ocp4" },
      networking: {
        networkType: "OVNKubernetes",
        machineNetwork: want.families.map((f) => ({ cidr: cidr(f) })),
        ...(dual
          ? {
              clusterNetwork: want.families.map((f) =>
                f === "ipv6" ? { cidr: "fd01::/48", hostPrefix: 64 } : { cidr: "10.128.0.0/14", hostPrefix: 23 },
              ),
              serviceNetwork: want.families.map((f) => (f === "ipv6" ? "fd02::/112" : "172.30.0.0/16")),
            }
          : {}),
      },
      compute: [{ name: "worker", replicas: want.workers }],
      controlPlane: { name: "master", replicas: want.masters },
      ...(want.arbiters ? { arbiter: { name: "arbiter", replicas: want.arbiters } } : {}),
      platform:
        want.platform === "none"
          ? { none: {} }
          : {
              baremetal: {
                apiVIPs: want.families.map((f) => vip(f, "192.168.30.100", "fd00:30::64")),
                ingressVIPs: want.families.map((f) => vip(f, "192.168.30.110", "fd00:30::6e")),
              },
            },
      pullSecret: "${PULL_SECRET}",
      sshKey: "${SSH_PUBLIC_KEY}",
    });
  });

  test("the installer rule checks the agent files and finds nothing", () => {
    expect(installerRule.check(lab.cluster)).toEqual([]);
  });

  test("README.md: the agent-based installer's steps, in the order that works", () => {
    const report = lab.files.get("README.md")!;
    const steps = [
      "openshift-install agent create image",
      `Put the ISO at \`${inventory.cluster.agent!.iso}\``,
      "   terraform init\n   terraform apply\n",
      "Wait for the support VM's DHCP and DNS",
      "virsh -c qemu:///system start bmipi-",
      "openshift-install agent wait-for bootstrap-complete",
      "openshift-install agent wait-for install-complete",
      "--eject",
    ];
    const at = steps.map((step) => report.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The rendezvous host starts first.
    const starts = [...report.matchAll(/^ {3}virsh -c \S+ start (\S+)/gm)].map((m) => m[1]);
    const domains = clusterNodes(inventory).map((n) => n.name);
    const rendezvous = clusterNodes(inventory).find((n) => n.hostname.startsWith(`${want.rendezvous}.`))!.name;
    expect(starts).toEqual([rendezvous, ...domains.filter((d) => d !== rendezvous)]);
    expect(report).not.toMatch(/BMC credentials|BareMetalHost/);
  });
});

/** The A or AAAA records of a name in forward.zone, relative to the base zone, in order. */
const recordsOf = (lab: AgentLab, name: string, type: "A" | "AAAA"): string[] =>
  [
    ...lab.files
      .get("forward.zone")!
      .matchAll(new RegExp(`^${name.replace(/[.*]/g, "\\$&")}\\s+IN ${type} (\\S+)$`, "gm")),
  ].map((m) => m[1]!);

const chuckyOf = (lab: AgentLab, roles: readonly string[], family: 4 | 6): string[] =>
  lab.cluster.nodes
    .filter((n) => roles.includes(n.role))
    .map((n) => n.nics.find((nic) => nic.purpose === "chucky")!)
    .map((nic) => (family === 6 ? nic.addressV6! : nic.address!));

const none = { installer: "agent", ocp_version: "4.18.4", agent: { platform: "none" } } as const;

describe("platform none: DNS stands in for the VIPs", () => {
  test.each([
    // Fewer than five nodes: the masters are schedulable and run routers too.
    ["three masters, no worker", { number_of_workers: 0 }, ["master"]],
    ["three masters, one worker", { number_of_workers: 1 }, ["master", "worker"]],
    ["three masters, two workers", { number_of_workers: 2 }, ["worker"]],
  ])("%s: api and api-int at the masters, *.apps at the router nodes", (_title, given, routers) => {
    const lab = agentLab({ ...none, ...given }, "none.json");
    const masters = chuckyOf(lab, ["master"], 4);
    expect(recordsOf(lab, "api.ocp4", "A")).toEqual(masters);
    expect(recordsOf(lab, "api-int.ocp4", "A")).toEqual(masters);
    expect(recordsOf(lab, "*.apps.ocp4", "A")).toEqual(chuckyOf(lab, routers, 4));
    // No VIP is named, and none reversed: each node's address maps back to the node alone.
    const reverse = lab.files.get("reverse.zone")!;
    expect(reverse).not.toMatch(/api|apps/);
    expect(lab.files.get("forward.zone")).not.toContain(lab.cluster.addresses.apiVip);
  });

  test("in both families of a dual stack: A and AAAA round robins, no PTR for api in either reverse zone", () => {
    const lab = agentLab({ ...none, ip_stack: "v4v6", number_of_workers: 2 }, "none-dual.json");
    expect(recordsOf(lab, "api.ocp4", "AAAA")).toEqual(chuckyOf(lab, ["master"], 6));
    expect(recordsOf(lab, "*.apps.ocp4", "AAAA")).toEqual(chuckyOf(lab, ["worker"], 6));
    expect(recordsOf(lab, "*.apps.ocp4", "A")).toEqual(chuckyOf(lab, ["worker"], 4));
    for (const zone of ["reverse.zone", "reverse6.zone"]) expect(lab.files.get(zone)).not.toMatch(/api|apps/);
    expect(inventoryOf(lab).cluster).not.toHaveProperty("api_vip_v6");
  });

  test("the report says there are no VIPs, and why DNS is no load balancer", () => {
    const report = agentLab({ ...none, number_of_workers: 2 }, "none.json").files.get("README.md")!;
    expect(report).toContain("No VIPs (platform none)");
    expect(report).toContain("without its health checks");
    expect(report).not.toContain("API VIP");
  });
});

test("on several hypervisors, each node starts through its own hypervisor's URI, the rendezvous host first", () => {
  const spec = {
    installer: "agent",
    ocp_version: "4.18.4",
    number_of_workers: 1,
    hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")],
    placement: { master1: "kvm2", worker0: "kvm2" },
  };
  const { cluster, files } = agentLab(spec, "agent-hosts.json");
  const starts = [...files.get("README.md")!.matchAll(/^ {3}(virsh .*)$/gm)].map((m) => m[1]);
  const uri = (host: string) => `qemu+ssh://root@${host}.example.com/system`;
  const hostOf = (key: string) => cluster.nodes.find((n) => n.hostname.startsWith(`${key}.`))!.hypervisor;
  expect(starts).toEqual(
    ["master0", "master1", "master2", "worker0"].map((key, i) => {
      const domain = cluster.nodes.find((n) => n.hostname.startsWith(`${key}.`))!.name;
      const notes = [...(i === 0 ? ["the rendezvous host"] : []), `on ${hostOf(key)}`].join(", ");
      return `virsh -c ${uri(hostOf(key))} start ${domain} # ${notes}`;
    }),
  );
  expect(hostOf("master1")).toBe("kvm2");
  // Each host's preparation comes before Terraform, as for IPI.
  expect(files.get("README.md")).toMatch(/3\. Build the lab, once each hypervisor's host preparation has run/);
});

describe("switching installers", () => {
  test("an IPI spec writes no agent-config.yaml; one that says installer ipi lists it in inventory.json", () => {
    const ipi = agentLab({ installer: "ipi" }, "ipi.json");
    expect(ipi.files.has("agent-config.yaml")).toBe(false);
    expect(inventoryOf(ipi).cluster).toMatchObject({ installer: "ipi", architecture: "vbmc" });
    expect(inventoryOf(ipi).cluster).not.toHaveProperty("agent");
    expect(inventoryOf(agentLab({}, "default.json")).cluster).not.toHaveProperty("installer");
  });

  test("an IPv6-only agent lab's dhcpd.conf names no provision VM", () => {
    const lab = agentLab({ installer: "agent", ocp_version: "4.18.4", ip_stack: "v6" }, "agent-v6.json");
    expect(lab.files.get("dhcpd.conf")).toContain("The support VM keeps IPv4");
    expect(lab.files.get("dhcpd.conf")).not.toMatch(/provision/);
  });
});
