// agent-config.yaml for the agent-based installer, from the inventory: the rendezvous host's address and every node
// the ISO installs, each found by the MACs of its NICs, with its name, role and root disk. The nodes take their
// addresses from the support VM's DHCP reservations for those MACs, so no host has static addresses here; a bonded
// node gets the same active-backup bond over DHCP as install-config.yaml gives an IPI host. Pure.
import { yamlDocument, type YamlValue } from "../syntax/yaml";
import { bondConfig, rootDevice } from "./install-config";
import { installedNodesOf, overlayMtuOf, type Inventory, type InventoryNode } from "./inventory";

/** The installer's AgentConfig (pkg/types/agent), as much of it as the lab fills in. */
export interface AgentConfig {
  /** The version from the first release with the agent-based installer (4.12) on. */
  readonly apiVersion: "v1beta1";
  readonly kind: "AgentConfig";
  /** The installer takes the cluster's name from install-config.yaml; this one says the same. */
  readonly metadata: { readonly name: string };
  readonly rendezvousIP: string;
  readonly hosts: readonly AgentHost[];
}

interface AgentHost {
  readonly hostname: string;
  /** arbiter from releases.agentArbiterRole; the agent rule refuses an arbiter before it. */
  readonly role: "master" | "arbiter" | "worker";
  readonly rootDeviceHints: { readonly deviceName: string };
  /** The name each NIC has in networkConfig, and its MAC, which finds the host and maps the name to the NIC. */
  readonly interfaces: readonly { readonly name: string; readonly macAddress: string }[];
  /** nmstate, where DHCP on the first NIC is not enough: a bonded node. */
  readonly networkConfig?: { readonly interfaces: readonly Readonly<Record<string, YamlValue>>[] };
}

/** A cluster node's NICs as RHCOS names them (by PCI slot: ens3, ens4, …), each with its MAC from the plan. */
const interfacesOf = (node: InventoryNode): AgentHost["interfaces"] =>
  node.nics.map((nic) => ({ name: nic.interface!, macAddress: nic.mac! }));

/**
 * The bond install-config.yaml gives a bonded IPI host, its ports declared as the ethernet interfaces they are: the
 * installer matches the names of agent-config.yaml's interfaces with the interfaces networkConfig declares, and the
 * ISO renames the NetworkManager profiles it makes of them after the NICs that have those MACs.
 */
function bondedNetworkConfig(inventory: Inventory, node: InventoryNode): AgentHost["networkConfig"] {
  const mtu = overlayMtuOf(inventory);
  const bond = bondConfig(inventory, node);
  const ports = bond.interfaces[0]!["link-aggregation"].port;
  return {
    interfaces: [
      ...ports.map((name) => ({ name, type: "ethernet", state: "up", ...(mtu === undefined ? {} : { mtu }) })),
      ...bond.interfaces,
    ],
  };
}

/** Every cluster node's role is one agent-config.yaml knows. */
function agentRole(node: InventoryNode): AgentHost["role"] {
  if (node.role === "master" || node.role === "arbiter" || node.role === "worker") return node.role;
  throw new Error(`agent-config.yaml has no role for ${node.name}, a ${node.role}`);
}

/**
 * A node as agent-config.yaml lists it. The host name is the node's full name in the cluster's DNS
 * (master0.<cluster>.<zone>): the name the support VM's DHCP hands it and its reverse zone answers for its address,
 * and the name an IPI install of the same lab gives the node, so both installers name the cluster's nodes alike.
 */
function agentHost(inventory: Inventory, node: InventoryNode): AgentHost {
  return {
    hostname: node.hostname,
    role: agentRole(node),
    rootDeviceHints: { deviceName: rootDevice },
    interfaces: interfacesOf(node),
    ...(inventory.cluster.bonding ? { networkConfig: bondedNetworkConfig(inventory, node) } : {}),
  };
}

/** Only for a cluster of the agent-based installer: the inventory names its rendezvous host. */
export function buildAgentConfig(inventory: Inventory): AgentConfig {
  const agent = inventory.cluster.agent;
  if (agent === undefined) throw new Error("agent-config.yaml is built only for installer agent");
  return {
    apiVersion: "v1beta1",
    kind: "AgentConfig",
    metadata: { name: inventory.cluster.name },
    rendezvousIP: agent.rendezvous_ip,
    hosts: installedNodesOf(inventory).map((node) => agentHost(inventory, node)),
  };
}

/** The file's text: every string quoted, as in install-config.yaml, so that no MAC of digits reads as a number. */
export const serializeAgentConfig = (config: AgentConfig, header: string): string =>
  `${header}${yamlDocument(config as unknown as YamlValue)}`;
