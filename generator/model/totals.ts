// What the cluster's VMs need in total: model data, read by the capacity rule, the inventory and the summary line.
import { nodeNeed, type Model } from "./model";

export interface Totals {
  readonly memoryGiB: number;
  readonly vcpus: number;
  readonly diskGiB: number;
}

export function clusterTotals(cluster: Pick<Model, "nodes">): Totals {
  const needs = cluster.nodes.map(nodeNeed);
  return {
    memoryGiB: needs.reduce((sum, n) => sum + n.memoryMiB, 0) / 1024,
    vcpus: needs.reduce((sum, n) => sum + n.vcpus, 0),
    diskGiB: needs.reduce((sum, n) => sum + n.diskGiB, 0),
  };
}
