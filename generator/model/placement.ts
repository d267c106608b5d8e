// Which hypervisor each VM runs on. The same hosts, nodes and pins always give the same placement: the order of
// the hosts and of the nodes decides every tie. The support and provision VMs stay on the gateway host (the first),
// which holds chucky's gateway and NAT. Placement never fails: where a pin names an unknown or retired host, or the
// hosts are full, it still puts every node somewhere, and the placement rules report why that is wrong.

/** What a hypervisor offers, in whole MiB, vCPUs and GiB, overcommit included. */
export interface HostLimits {
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly diskGiB: number;
}

interface PlacementHost {
  readonly name: string;
  readonly retired: boolean;
  /** Undefined when the spec does not size the host. */
  readonly limits: HostLimits | undefined;
}

export interface PlacementNode {
  /** The node's name as the report and the spec's placement give it: master0, arbiter0, worker12. */
  readonly key: string;
  readonly kind: "service" | "control plane" | "worker";
  readonly need: HostLimits;
}

export interface PlacementInput {
  /** The gateway host first. */
  readonly hosts: readonly PlacementHost[];
  /** In the lab's order: the service VMs, the control plane, then the workers (day-2 workers last). */
  readonly nodes: readonly PlacementNode[];
  readonly pins: Readonly<Record<string, string>>;
}

interface HostLoad {
  readonly host: PlacementHost;
  used: HostLimits;
  controlPlane: number;
  workers: number;
  vms: number;
}

const add = (a: HostLimits, b: HostLimits): HostLimits => ({
  memoryMiB: a.memoryMiB + b.memoryMiB,
  vcpus: a.vcpus + b.vcpus,
  diskGiB: a.diskGiB + b.diskGiB,
});

const nothing: HostLimits = { memoryMiB: 0, vcpus: 0, diskGiB: 0 };

const fits = (load: HostLoad, need: HostLimits): boolean => {
  const limits = load.host.limits;
  if (!limits) return true;
  const after = add(load.used, need);
  return after.memoryMiB <= limits.memoryMiB && after.vcpus <= limits.vcpus && after.diskGiB <= limits.diskGiB;
};

const freeMemory = (load: HostLoad): number => (load.host.limits?.memoryMiB ?? 0) - load.used.memoryMiB;

/** The first of `loads` that `better` does not beat; the hosts' order breaks ties. */
function best(loads: readonly HostLoad[], better: (a: HostLoad, b: HostLoad) => number): HostLoad | undefined {
  return loads.reduce<HostLoad | undefined>(
    (chosen, load) => (!chosen || better(load, chosen) < 0 ? load : chosen),
    undefined,
  );
}

/** The control plane goes where the fewest control-plane nodes are, among the hosts it fits on if any. */
function controlPlaneHost(loads: readonly HostLoad[], need: HostLimits): HostLoad | undefined {
  const fitting = loads.filter((load) => fits(load, need));
  return best(fitting.length ? fitting : loads, (a, b) => a.controlPlane - b.controlPlane);
}

/**
 * Workers go where most memory is free when every host is sized, and round-robin when none is: the host with the
 * fewest workers, then the fewest VMs of any kind.
 */
function workerHost(loads: readonly HostLoad[], need: HostLimits): HostLoad | undefined {
  if (loads.every((load) => load.host.limits)) {
    const fitting = loads.filter((load) => fits(load, need));
    return best(fitting.length ? fitting : loads, (a, b) => freeMemory(b) - freeMemory(a));
  }
  return best(loads, (a, b) => a.workers - b.workers || a.vms - b.vms);
}

/** Each node's host, by the node's key. */
export function place({ hosts, nodes, pins }: PlacementInput): ReadonlyMap<string, string> {
  const loads: HostLoad[] = hosts.map((host) => ({ host, used: nothing, controlPlane: 0, workers: 0, vms: 0 }));
  const open = loads.filter((load) => !load.host.retired);
  const gateway = loads[0];
  const byName = new Map(open.map((load) => [load.host.name, load]));
  const placed = new Map<string, string>();
  const put = (node: PlacementNode, load: HostLoad) => {
    placed.set(node.key, load.host.name);
    load.used = add(load.used, node.need);
    load.vms += 1;
    if (node.kind === "control plane") load.controlPlane += 1;
    if (node.kind === "worker") load.workers += 1;
  };
  // Pinned nodes first, so that the others are placed around them.
  for (const node of nodes) {
    const pinned = byName.get(pins[node.key] ?? "");
    if (pinned && node.kind !== "service") put(node, pinned);
  }
  for (const node of nodes) {
    if (placed.has(node.key)) continue;
    // With every host retired there is nowhere good; the gateway takes the rest, and the rules say why.
    const candidates = open.length ? open : loads;
    const load =
      node.kind === "service"
        ? gateway
        : node.kind === "control plane"
          ? controlPlaneHost(candidates, node.need)
          : workerHost(candidates, node.need);
    if (load) put(node, load);
  }
  return placed;
}
