// The rules of a lab on several hypervisors: the hosts, where the nodes go, and the overlay that stretches the
// lab's networks between the hosts. A lab on one host passes them all.
import type { Finding } from "../findings";
import { nodeKey, type Cluster, type Hypervisor } from "../model/model";
import { contains, parseCidr, parseIp, type IpAddress } from "../model/ip";
import { overlayOf, openHypervisors } from "../model/overlay";
import type { Rule } from "./rule";

const literalsOnly =
  "the hypervisors and the placement are literals in the configuration, which no -var override reaches";

/** Where the spec gives a key of one of its hypervisors. */
export const hypervisorPath = (cluster: Cluster, host: Hypervisor, key: string) => [
  "hypervisors",
  cluster.hypervisors.indexOf(host),
  key,
];

export const hypervisorsRule: Rule<Cluster> = {
  id: "hypervisors",
  summary:
    "Hypervisor names are unique; the first hypervisor, the gateway host that holds chucky's gateway and the support and provision VMs, is not retired; and each hypervisor's Redfish emulator has a port (`bmc.redfish_port` and the next ones, one per hypervisor).",
  notInTerraform: literalsOnly,
  check: (cluster) => {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const host of cluster.hypervisors) {
      if (seen.has(host.name))
        findings.push({
          severity: "error",
          path: hypervisorPath(cluster, host, "name"),
          value: host.name,
          message: "is the name of an earlier hypervisor: each hypervisor needs a name of its own",
        });
      seen.add(host.name);
    }
    const lastPort = cluster.spec.bmc.redfish_port + cluster.hypervisors.length - 1;
    if (cluster.management.bmcDriver !== "ipmi" && lastPort > 65535)
      findings.push({
        severity: "error",
        path: ["bmc", "redfish_port"],
        value: cluster.spec.bmc.redfish_port,
        message: `leaves no port for the Redfish emulator of every hypervisor: each takes the next port, up to ${lastPort}`,
        fix: `use a port of at most ${65535 - cluster.hypervisors.length + 1}`,
      });
    const gateway = cluster.hypervisors[0]!;
    if (gateway.retired)
      findings.push({
        severity: "error",
        path: hypervisorPath(cluster, gateway, "retired"),
        value: true,
        message:
          "the first hypervisor is the gateway host: it holds chucky's gateway and NAT, the support and provision VMs and the BMC emulators, so it cannot be retired",
        fix: "put the host that takes over its role first in the list",
      });
    return findings;
  },
};

export const placementRule: Rule<Cluster> = {
  id: "placement",
  summary:
    "Each entry of `placement` names a node of the lab (`master0`, `arbiter0`, `worker12`) and a hypervisor of the list that is not retired.",
  notInTerraform: literalsOnly,
  check: (cluster) => {
    const nodes = new Set(cluster.nodes.map(nodeKey));
    const hosts = new Map(cluster.hypervisors.map((host) => [host.name, host]));
    const names = cluster.hypervisors.map((host) => host.name).join(", ");
    return Object.entries(cluster.spec.placement ?? {}).flatMap(([node, hostName]): Finding[] => {
      const host = hosts.get(hostName);
      const path = ["placement", node];
      if (!nodes.has(node))
        return [
          {
            severity: "error",
            path,
            value: hostName,
            message: `pins ${node}, which this lab does not have`,
            fix: `name one of its masters, arbiter or workers: ${cluster.nodes
              .map(nodeKey)
              .filter((key) => /^(master|arbiter|worker)/.test(key))
              .join(", ")}`,
          },
        ];
      if (!host)
        return [{ severity: "error", path, value: hostName, message: `is not a hypervisor of the list: ${names}` }];
      if (host.retired)
        return [
          {
            severity: "error",
            path,
            value: hostName,
            message: `is retired: nothing is placed on a retired hypervisor`,
            fix: "pin the node to another hypervisor, or leave it out of placement",
          },
        ];
      return [];
    });
  },
};

/** The most control-plane nodes one host may hold when they are spread over `hosts`. */
const spreadLimit = (controlPlane: number, hosts: number) => Math.ceil(controlPlane / Math.max(hosts, 1));

export const controlPlaneSpreadRule: Rule<Cluster> = {
  id: "control-plane-spread",
  summary:
    "The control plane (masters, and the arbiter) is spread over the hypervisors: no host holds more of it than an even spread gives, so that with three or more hosts one host failing leaves a quorum. `spread_control_plane: false` allows pins that put them together.",
  notInTerraform: literalsOnly,
  check: (cluster) => {
    if (!cluster.spec.spread_control_plane) return [];
    const controlPlane = cluster.nodes.filter((node) => node.role === "master" || node.role === "arbiter");
    const limit = spreadLimit(controlPlane.length, openHypervisors(cluster).length);
    return openHypervisors(cluster).flatMap((host): Finding[] => {
      const here = controlPlane.filter((node) => node.hypervisor === host.name).map(nodeKey);
      if (here.length <= limit) return [];
      const pinned = here.filter((key) => cluster.spec.placement?.[key] === host.name);
      return [
        {
          severity: "error",
          path: ["placement"],
          value: Object.fromEntries(pinned.map((key) => [key, host.name])),
          message: `puts ${here.join(", ")} on ${host.name}: at most ${limit} of the ${controlPlane.length} control-plane nodes may share a host when they are spread over ${openHypervisors(cluster).length}`,
          fix: "pin them to different hypervisors, or set spread_control_plane to false if you accept one host taking the control plane down",
        },
      ];
    });
  },
};

function underlayFindings(cluster: Cluster): Finding[] {
  const open = openHypervisors(cluster);
  const findings: Finding[] = [];
  const parsed = new Map<Hypervisor, IpAddress>();
  for (const host of open) {
    const path = hypervisorPath(cluster, host, "underlay_address");
    if (host.underlayAddress === undefined) {
      findings.push({
        severity: "error",
        path,
        value: undefined,
        message: `is required with more than one hypervisor: without it the NAT network chucky, and the provisioning network, would stay on one host, and the VMs on ${host.name} would reach neither`,
        fix: "give each hypervisor its address on the network that joins the hosts",
      });
      continue;
    }
    const ip = parseIp(host.underlayAddress);
    if (!ip) findings.push({ severity: "error", path, value: host.underlayAddress, message: "is not an IP address" });
    else parsed.set(host, ip);
  }
  const networks = [
    ...cluster.networks.map((n) => ({ name: `the ${n.name} network (${n.cidr})`, net: n.net })),
    ...cluster.spec.existing_networks.map((cidr, i) => ({
      name: `existing_networks[${i}] (${cidr})`,
      net: parseCidr(cidr)!,
    })),
  ];
  const [first] = [...parsed.values()];
  const seen = new Map<string, string>();
  for (const [host, ip] of parsed) {
    const path = hypervisorPath(cluster, host, "underlay_address");
    const value = host.underlayAddress;
    const earlier = seen.get(`${ip.family}/${ip.value}`);
    if (earlier)
      findings.push({ severity: "error", path, value, message: `is also the underlay address of ${earlier}` });
    seen.set(`${ip.family}/${ip.value}`, host.name);
    if (first && ip.family !== first.family)
      findings.push({
        severity: "error",
        path,
        value,
        message: `is IPv${ip.family}, but the first hypervisor's is IPv${first.family}: the overlay runs over one address family`,
      });
    const inside = networks.find((n) => n.net.family === ip.family && contains(n.net, ip));
    if (inside)
      findings.push({
        severity: "error",
        path,
        value,
        message: `lies inside ${inside.name}: the hosts must reach each other outside the lab's networks`,
      });
  }
  return findings;
}

export const overlayRule: Rule<Cluster> = {
  id: "overlay",
  summary:
    "With more than one hypervisor in use, each has an `underlay_address`: distinct, of one address family, and outside the lab's networks and `existing_networks`, so that VXLAN can stretch chucky and the provisioning network between them.",
  notInTerraform: literalsOnly,
  check: (cluster) => (openHypervisors(cluster).length > 1 ? underlayFindings(cluster) : []),
};

/** The smallest MTU OVN-Kubernetes works with: IPv6's minimum link MTU, after its own 100 bytes. */
const smallestNodeMtu = 1280 + 100;

export const overlayMtuRule: Rule<Cluster> = {
  id: "overlay-mtu",
  summary:
    "The lab's NICs keep an MTU OpenShift can use over the overlay: the smallest `underlay_mtu` less VXLAN's 50 bytes (70 over IPv6) is at least 1380, since OVN-Kubernetes takes 100 more and needs 1280.",
  notInTerraform: literalsOnly,
  check: (cluster) => {
    const overlay = overlayOf(cluster);
    if (!overlay || overlay.nodeMtu >= smallestNodeMtu) return [];
    const host = overlay.narrowest;
    return [
      {
        severity: "error",
        path: hypervisorPath(cluster, host, "underlay_mtu"),
        value: host.underlayMtu,
        message: `leaves the lab's NICs ${overlay.nodeMtu} bytes after VXLAN's ${overlay.overheadBytes}, and OVN-Kubernetes ${overlay.nodeMtu - 100}: it needs at least 1280`,
        fix: `raise the underlay's MTU to at least ${smallestNodeMtu + overlay.overheadBytes}`,
      },
    ];
  },
};
