// The artefacts beside the HCL read from one inventory; here inventory.json and the cluster report README.md.
// Pure: text in, text out.
import { renderTemplate } from "../syntax/eta";
import { hasVips, type Inventory, type InventoryNode } from "./inventory";
import { familiesOf, isClusterRole } from "../model/model";
import { codeSpan, markdownTable, prettierJson } from "../syntax/markdown";
import { shellWord } from "../syntax/shell";
import { agentManagementText, agentSteps, noVipText } from "./agent-report";
import { redfishCaFiles, redfishCaSteps } from "./redfish-ca-report";
import { specDefaults, type IpStack, type Spec } from "../input/spec";

/** An array of short words as JSON.stringify lays it out, one item a line. */
const wordList = /\[\n\s+("[a-z0-9]+"(?:,\n\s+"[a-z0-9]+")*)\n\s+\]/g;

// JSON.stringify is prettier's layout here, and far cheaper, but for arrays of plain values, which prettier keeps on
// one line where they fit: the inventory's only ones are the networks' families, a word or two.
export const serializeInventory = (inventory: Inventory): string =>
  `${JSON.stringify(inventory, null, 2).replace(wordList, (_, items: string) => `[${items.replace(/,\n\s+/g, ", ")}]`)}\n`;

/** The keys whose values differ from the defaults, as JSON. */
function specChanges(spec: Spec): string {
  const defaults = specDefaults();
  const changed = Object.entries(spec).filter(
    ([key, value]) => key !== "$schema" && JSON.stringify(value) !== JSON.stringify(defaults[key]),
  );
  return prettierJson(Object.fromEntries(changed));
}

/** Past this many workers the diagram shows them as one box. */
const workersDrawnOneByOne = 6;

type InventoryNetwork = Inventory["networks"][number];

/** A network's prefixes in the families the lab uses on it: its IPv4 one alone without IPv6. */
const prefixesOf = (n: InventoryNetwork): string[] =>
  (n.families ?? ["ipv4"]).map((family) => (family === "ipv6" ? n.cidr_v6! : n.cidr));

function diagram(inventory: Inventory) {
  const networks = inventory.networks.map((n) => ({
    id: n.name,
    label: `${n.libvirt_name} ${prefixesOf(n).join(" ")} (${n.mode === "nat" ? "NAT" : "isolated"})`,
  }));
  const links = (node: InventoryNode) =>
    inventory.networks
      .map((network) => ({
        network: network.name,
        count: node.nics.filter((nic) => nic.network === network.name).length,
      }))
      .filter((l) => l.count > 0)
      .map((l) => ({ network: l.network, label: l.count > 1 ? `${l.count} NICs` : "NIC" }));
  const workers = inventory.nodes.filter((n) => n.role === "worker");
  const drawn =
    workers.length > workersDrawnOneByOne ? inventory.nodes.filter((n) => n.role !== "worker") : inventory.nodes;
  const label = (node: InventoryNode) => (isClusterRole(node.role) ? node.name : `${node.name} VM`);
  const vms = drawn.map((node, i) => ({ id: `vm${i}`, label: label(node), links: links(node) }));
  if (drawn.length < inventory.nodes.length) {
    vms.push({
      id: "workers",
      label: `${workers[0]!.name} … ${workers[workers.length - 1]!.name} (${workers.length} workers)`,
      links: links(workers[0]!),
    });
  }
  return { networks, vms };
}

/** One row per NIC, the node's own columns on its first: the report's table, and `gen-infra show`'s. */
export function nodeTableRows(inventory: Inventory): { header: string[]; rows: string[][] } {
  const rows = inventory.nodes.flatMap((node) =>
    node.nics.map((nic, i) => {
      const first = i === 0;
      return [
        first ? node.name : "",
        first ? (node.day_two ? `${node.role} (day 2)` : node.role) : "",
        first ? String(node.vcpu) : "",
        first ? `${node.memory_mib / 1024} GiB` : "",
        first
          ? [node.disk_gib, ...(node.data_disks ?? []).map((d) => d.gib)].map((gib) => `${gib} GiB`).join(" + ")
          : "",
        nic.interface ?? `eth${i}`,
        nic.network,
        nic.mac ?? "(libvirt)",
        [nic.address, nic.address_v6].filter((a) => a != null).join(", ") || "(DHCP)",
      ];
    }),
  );
  return { header: ["name", "role", "vCPU", "memory", "disk", "NIC", "network", "MAC", "address"], rows };
}

const stackNames: Record<IpStack, string> = {
  v4: "IPv4 only",
  v6: "IPv6 only",
  v4v6: "Dual stack, IPv4 first",
  v6v4: "Dual stack, IPv6 first",
};

/**
 * The VIPs, in the report's first paragraph: per family, the primary first, where the cluster has IPv6; on the
 * agent-based installer's platform none, what stands in for them.
 */
function vipText(inventory: Inventory): string {
  const c = inventory.cluster;
  const stack = c.ip_stack === undefined ? "" : `${stackNames[c.ip_stack]}. `;
  if (!hasVips(inventory)) return `${stack}${noVipText}`;
  if (c.ip_stack === undefined) return `API VIP \`${c.api_vip}\`, ingress VIP \`${c.ingress_vip}\`.`;
  const families = familiesOf(c.ip_stack);
  const inOrder = (v4: string | undefined, v6: string | undefined) =>
    families.map((f) => `\`${f === 6 ? v6 : v4}\``).join(" and ");
  return `${stackNames[c.ip_stack]}: API VIP ${inOrder(c.api_vip, c.api_vip_v6)}, ingress VIP ${inOrder(c.ingress_vip, c.ingress_vip_v6)}.`;
}

/** How the installer manages the nodes, in the report's first paragraph. */
function managementText(inventory: Inventory): string {
  const c = inventory.cluster;
  if (c.agent) return agentManagementText(inventory, c.agent);
  const management = c.provisioning_network
    ? `provisioning network ${c.provisioning_network}, BMC driver ${c.bmc_driver}`
    : `${c.architecture} architecture`;
  // The masters' BMCs serve the cluster too, not only the installer: each master fences the other through them.
  return c.control_plane === "two-node-fencing"
    ? `${management}, a two-node control plane with fencing (the masters' Redfish BMCs in install-config.yaml's \`controlPlane.fencing\`)`
    : management;
}

/** What the user must bring, said where they read first. */
function unmanagedNote(inventory: Inventory): string | undefined {
  if (inventory.cluster.provisioning_network !== "Unmanaged") return undefined;
  const network = inventory.networks.find((n) => n.name === "provision")!;
  // The provisioning network has one family, the cluster's primary.
  const v6 = network.families?.[0] === "ipv6";
  const a = v6 ? inventory.addresses_v6! : inventory.addresses;
  const pxe = inventory.cluster.bmc_driver !== "redfish-virtualmedia";
  const lease =
    `The provisioning network is Unmanaged: its DHCP is yours. Run a ${v6 ? "DHCPv6" : "DHCP"} server on \`${network.bridge}\` (${prefixesOf(network).join(", ")}) ` +
    `that leases addresses to the nodes' provisioning NICs (their MACs are below) outside \`${a.bootstrap_provisioning_ip}\` ` +
    `(the bootstrap's) and \`${a.cluster_provisioning_ip}\` (the cluster's provisioning address)`;
  return pxe
    ? `${lease}, and, since the ${inventory.cluster.bmc_driver} driver network-boots them, points them at the installer's Ironic for PXE: next-server \`${a.bootstrap_provisioning_ip}\` during the install, \`${a.cluster_provisioning_ip}\` after it.`
    : `${lease}. The nodes boot virtual media, so no PXE options are needed.`;
}

/** The IPv6 services' lines of the report, where the cluster has IPv6. */
function ipv6Services(inventory: Inventory): { prefix: string; range: string; reverseZone: string } | undefined {
  const prefix = inventory.networks.find((n) => n.name === "chucky")?.cidr_v6;
  const a6 = inventory.addresses_v6;
  const reverseZone = inventory.cluster.reverse_zone_v6;
  if (prefix === undefined || a6 === undefined || reverseZone === undefined) return undefined;
  return {
    prefix: codeSpan(prefix),
    range: `${codeSpan(a6.chucky_dhcp_start)}–${codeSpan(a6.chucky_dhcp_end)}`,
    reverseZone: codeSpan(reverseZone),
  };
}

/** `hostPreparations`: the host preparation scripts of a lab on several hypervisors, in the hosts' order. */
export function clusterReport(
  inventory: Inventory,
  spec: Spec,
  sourceName: string,
  hostPreparations: readonly string[] = [],
): string {
  const t = inventory.totals;
  const nodes = nodeTableRows(inventory);
  // Shown, not interpreted: a name with control characters is shown with them replaced.
  const source = sourceName.replace(/[^\x20-\x7e]/g, "?");
  return renderTemplate("report/README.md", {
    source: codeSpan(source),
    regenerate: codeSpan(`npx gen-infra ${shellWord(source)} -o <this directory>`),
    inventory,
    management: managementText(inventory),
    vips: vipText(inventory),
    unmanagedNote: unmanagedNote(inventory),
    dayTwo: inventory.nodes.some((n) => n.day_two),
    ipv6Services: ipv6Services(inventory),
    hostPreparations: hostPreparations.map(codeSpan),
    agent: inventory.cluster.agent && agentSteps(inventory, spec, inventory.cluster.agent),
    redfishCa: redfishCaSteps(inventory, spec),
    redfishCaFiles,
    severalHypervisors: hostPreparations.length > 0,
    specChanges: specChanges(spec),
    diagram: diagram(inventory),
    nodeTable: markdownTable(nodes.header, nodes.rows),
    totalsTable: markdownTable(
      ["memory", "vCPUs", "virtual disk"],
      [[`${t.memory_gib} GiB`, String(t.vcpus), `${t.disk_gib} GiB`]],
    ),
  });
}
