// The cluster report's words for the agent-based installer: how it manages the cluster, where its API and ingress
// are reached without VIPs, and the commands that start its nodes, the rendezvous host first. Pure.
import type { Connection, Spec } from "../input/spec";
import { codeSpan } from "../syntax/markdown";
import { shellWord } from "../syntax/shell";
import { clusterNodesOf, type Inventory, type InventoryNode } from "./inventory";
import { placeholder, placeholders } from "./install-config";

type Agent = NonNullable<Inventory["cluster"]["agent"]>;

/** The report's first paragraph: the installer and its platform, and the rendezvous host. */
export function agentManagementText(inventory: Inventory, agent: Agent): string {
  const masters = clusterNodesOf(inventory).filter((n) => n.role === "master").length;
  const topology = masters === 1 ? "single-node OpenShift, " : "";
  return `${topology}the agent-based installer on platform ${agent.platform} (rendezvous host ${agent.rendezvous_host}, ${codeSpan(agent.rendezvous_ip)})`;
}

/** On platform none: where api, api-int and *.apps lead instead of VIPs, and what that cannot do. */
export const noVipText =
  "No VIPs (platform none): the support VM's DNS gives `api` and `api-int` every master's address and `*.apps` every address of the nodes that run the routers, and clients take them in turn. DNS stands in for a load balancer without its health checks: a name still leads to a node that is down, and a client must try the next address itself.";

/** How `virsh` reaches a node's hypervisor: the spec's URI, or, on the metal instance of remote_state, its own. */
const uriOf = (connection: Connection): string => (connection.mode === "uri" ? connection.uri : "qemu:///system");

/** The node's hypervisor's connection: its entry of hypervisors, or the lab's one connection. */
function connectionOf(spec: Spec, node: InventoryNode): Connection {
  const entry = spec.hypervisors?.find((h) => h.name === node.hypervisor);
  return entry?.connection ?? spec.hypervisors?.[0]?.connection ?? spec.connection;
}

interface AgentSteps {
  readonly iso: string;
  readonly envsubst: string;
  /** One `virsh start` a node, the rendezvous host first. */
  readonly startCommands: readonly string[];
  /** Whether a command runs on a metal instance the spec reaches through remote state: there, as root. */
  readonly onMetalInstance: boolean;
  readonly eject: string;
}

/** What the report's steps need: the ISO's path, the secrets to fill in, and the nodes' start commands. */
export function agentSteps(inventory: Inventory, spec: Spec, agent: Agent): AgentSteps {
  const nodes = clusterNodesOf(inventory);
  const rendezvous = nodes.find((n) => n.hostname.split(".")[0] === agent.rendezvous_host);
  const inOrder = [...(rendezvous ? [rendezvous] : []), ...nodes.filter((n) => n !== rendezvous)];
  const severalHosts = inOrder.some((n) => n.hypervisor !== undefined);
  const startCommands = inOrder.map((node) => {
    const command = `virsh -c ${shellWord(uriOf(connectionOf(spec, node)))} start ${shellWord(node.name)}`;
    const notes = [
      ...(node === rendezvous ? ["the rendezvous host"] : []),
      ...(severalHosts ? [`on ${node.hypervisor}`] : []),
    ];
    return notes.length ? `${command} # ${notes.join(", ")}` : command;
  });
  const p = placeholders;
  return {
    iso: codeSpan(agent.iso),
    envsubst: codeSpan(`envsubst '${placeholder(p.pullSecret)} ${placeholder(p.sshKey)}'`),
    startCommands,
    onMetalInstance: inOrder.some((node) => connectionOf(spec, node).mode === "remote_state"),
    eject: codeSpan("virsh change-media <domain> <target> --eject --live --config"),
  };
}
