// The libvirt-0.8 target on several hypervisors: a provider per host, the networks on every host in use, each node's
// resources on the host the model placed it on, and nothing on a retired host.
import { parseHcl, type HclJson } from "../../helpers";
import { compileLab, hypervisor } from "../../multi-host";
import type { Inventory } from "../../../generator/artefacts/inventory";
import { overlayOf } from "../../../generator/model/overlay";
import { parse, parseAllDocuments } from "yaml";

const cases = [
  { name: "two hosts", spec: { hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")], number_of_workers: 4 } },
  {
    name: "three hosts, with an arbiter, day-2 workers, data disks and UEFI",
    spec: {
      hypervisors: [hypervisor("kvm1"), hypervisor("kvm2", { pool: "lab" }), hypervisor("kvm3")],
      ocp_version: "4.20.0",
      arbiter: { memory: 16384, vcpu: 4 },
      number_of_workers: 4,
      extra_workers: 2,
      firmware: "uefi",
      disks: { worker: { os_gib: 120, extra_gib: [10, 20] } },
      bonding_nic: true,
    },
  },
  {
    name: "three hosts, one retired",
    spec: {
      hypervisors: [hypervisor("kvm1"), hypervisor("kvm2", { retired: true }), hypervisor("kvm3")],
      number_of_workers: 3,
    },
  },
];

/** Every resource block as [type, name, body]. */
const resources = (hcl: HclJson): [string, string, HclJson][] =>
  Object.entries(hcl.resource as HclJson).flatMap(([type, blocks]) =>
    Object.entries(blocks as HclJson).map(([name, [body]]: [string, HclJson[]]): [string, string, HclJson] => [
      type,
      name,
      body!,
    ]),
  );

const locals = (hcl: HclJson): HclJson => Object.assign({}, ...(hcl.locals as HclJson[]));

describe.each(cases)("$name", ({ spec }) => {
  const { cluster, lab, files } = compileLab(spec);
  const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
  const hosts = cluster.hypervisors;
  const gateway = hosts[0]!.name;
  const open = hosts.filter((h) => !h.retired).map((h) => h.name);
  let hcl: HclJson;
  let outputs: HclJson;
  beforeAll(async () => {
    hcl = await parseHcl("libvirt.tf", files.get("libvirt.tf")!);
    outputs = await parseHcl("outputs.tf", files.get("outputs.tf")!);
  });

  test("one provider per hypervisor, retired ones included, each aliased and with its own URI", () => {
    const providers = hcl.provider.libvirt as HclJson[];
    expect(providers.map((p) => p.alias)).toEqual(hosts.map((h) => h.name));
    for (const [i, p] of providers.entries()) {
      expect(p.uri).toBe(`\${local.libvirt_uri_${hosts[i]!.name}}`);
      expect(locals(hcl)[`libvirt_uri_${hosts[i]!.name}`]).toBe(`qemu+ssh://root@${hosts[i]!.name}.example.com/system`);
    }
  });

  test("every resource names its provider: a node's is the host the model placed it on", () => {
    const all = resources(hcl);
    for (const [type, name, body] of all) {
      const node = /^(master|arbiter|worker)_(?:data_)?(?:domains|volumes)_(.+)$/.exec(name);
      const network = type === "libvirt_network" ? /^(?:chucky|provision)_(.+)$/.exec(name) : null;
      const host = node?.[2] ?? network?.[1] ?? gateway;
      expect([type, name, body.provider]).toEqual([type, name, `\${libvirt.${host}}`]);
      if (node) expect(body.for_each).toContain(`h == "${host}"`);
      if (type === "libvirt_volume") expect(body.pool).toBe(hosts.find((h) => h.name === host)!.pool);
    }
    for (const role of ["master", "arbiter", "worker"] as const) {
      const placed = cluster.nodes.filter((n) => n.role === role).sort((a, b) => a.index - b.index);
      if (!placed.length) continue;
      expect(locals(hcl)[`${role}_hosts`]).toEqual(placed.map((n) => n.hypervisor));
      const blockHosts = all
        .filter(([type, name]) => type === "libvirt_domain" && name.startsWith(`${role}_domains_`))
        .map(([, name]) => name.slice(`${role}_domains_`.length));
      expect(blockHosts.sort()).toEqual([...new Set(placed.map((n) => n.hypervisor))].sort());
    }
    expect(
      cluster.nodes.filter((n) => n.role === "support" || n.role === "provision").map((n) => n.hypervisor),
    ).toEqual([gateway, gateway]);
  });

  test("the networks are bridges on every host in use, without addresses, and a retired host has nothing", () => {
    const networks = resources(hcl).filter(([type]) => type === "libvirt_network");
    const suffix = (host: string) => (host === gateway ? "" : `_${host}`);
    expect(networks.map(([, name]) => name).sort()).toEqual(
      open.flatMap((host) => [`chucky${suffix(host)}`, `provision${suffix(host)}`]).sort(),
    );
    for (const [, name, body] of networks) {
      expect(body.mode).toBe("bridge");
      expect(body.bridge).toBe(name.startsWith("chucky") ? cluster.names.chuckyBridge : cluster.names.provisionBridge);
      expect(body.autostart).toBe(true);
      expect(Object.keys(body).filter((key) => ["addresses", "dhcp", "dns"].includes(key))).toEqual([]);
    }
    for (const retired of hosts.filter((h) => h.retired))
      expect(resources(hcl).filter(([, , body]) => body.provider === `\${libvirt.${retired.name}}`)).toEqual([]);
    // The rules' preconditions are on the network that always exists, with the workers' placement.
    expect(networks.find(([, name]) => name === "chucky")![2].lifecycle[0].precondition.length).toBeGreaterThan(1);
  });

  test("each node's domain name and MACs are those of inventory.json, which names its hypervisor", () => {
    for (const node of inventory.nodes.filter((n) => ["master", "arbiter", "worker"].includes(n.role))) {
      const index = Number(/\d+$/.exec(node.name)![0]);
      const domain = resources(hcl).find(
        ([type, name]) => type === "libvirt_domain" && name === `${node.role}_domains_${node.hypervisor}`,
      )![2];
      expect(String(domain.name).replace("${each.value}", String(index))).toBe(node.name);
      const chucky = (domain.network_interface as HclJson[]).find((nic) => nic.mac)!;
      expect(chucky.mac).toBe(`\${local.${node.role}_chucky_macs[each.value]}`);
      expect(node.hypervisor).toBe(cluster.nodes.find((n) => n.name === node.name)!.hypervisor);
    }
  });

  test("outputs list the names in index order, gathered from every host's blocks", () => {
    const workerBlocks = resources(hcl)
      .filter(([type, name]) => type === "libvirt_domain" && name.startsWith("worker_domains_"))
      .map(([, name]) => `libvirt_domain.${name}`);
    const value = outputs.output.worker_names[0].value as string;
    expect(value).toMatch(/^\$\{\[for i in range\(.+\) : merge\((.+)\)\[tostring\(i\)\]\.name\]\}$/);
    expect(value).toContain(`merge(${workerBlocks.join(", ")})`);
  });

  test("the overlay's MTU reaches the support VM's DHCP, the service VMs' NICs and the bonds", () => {
    const mtu = overlayOf(cluster)!.nodeMtu;
    expect(files.get("dhcpd.conf")).toContain(`  option interface-mtu ${mtu};\n`);
    expect(files.get("support_network_config.cfg")).toContain(`    mtu: ${mtu}\n`);
    expect(files.get("provision_network_config.cfg")).toContain(`    mtu: ${mtu}\n`);
    if (cluster.bonding) expect(files.get("install-config.yaml")).toContain(`mtu: ${mtu}\n`);
    expect(lab.hypervisors.length).toBe(hosts.length);
  });

  test("install-config.yaml names each node's host above it, and every BMC address is on the gateway host", () => {
    const text = files.get("install-config.yaml")!;
    const hostsOf = parse(text).platform.baremetal.hosts as { name: string; bmc: { address: string } }[];
    const lines = text.split("\n");
    const noteAbove = (name: string, dash: string) => lines[lines.indexOf(`${dash}name: "${name}"`) - 1]?.trim();
    for (const host of hostsOf) {
      const node = inventory.nodes.find((n) => n.name === host.name)!;
      expect(noteAbove(host.name, "      - ")).toBe(
        node.hypervisor === gateway
          ? `# ${node.name}: a VM on the gateway host ${gateway}, beside its BMC emulator`
          : `# ${node.name}: a VM on the hypervisor ${node.hypervisor}; its BMC is emulated on the gateway host ${gateway}, driving ${node.hypervisor}'s libvirt`,
      );
      expect(new URL(host.bmc.address.replace(/^[\w+-]+:\/\//, "http://")).hostname).toBe(
        inventory.addresses.chucky_gateway,
      );
    }
    const dayTwo = inventory.nodes.filter((n) => n.day_two);
    if (dayTwo.length === 0) return;
    // The day-2 workers' manifests: each worker's first document opens with its note.
    const documents = parseAllDocuments(files.get("extra-workers.yaml")!);
    for (const node of dayTwo) {
      const first = documents.find((d) => String(d.toJS().metadata.name).startsWith(node.name))!;
      // The yaml library keeps a comment after `---` on the document's contents.
      const note = `${first.commentBefore ?? ""}${first.contents?.commentBefore ?? ""}`;
      expect(note).toContain(`${node.name}: a VM on the `);
      expect(note).toContain(node.hypervisor);
    }
  });
});
