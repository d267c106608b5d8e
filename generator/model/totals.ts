// What the cluster's VMs need in total: model data, read by the capacity rule, the inventory and the summary line.
import { GiB, type Model } from "./model";

export interface Totals {
  readonly memoryGiB: number;
  readonly vcpus: number;
  readonly diskGiB: number;
}

export const clusterTotals = (cluster: Pick<Model, "nodes">): Totals => ({
  memoryGiB: cluster.nodes.reduce((sum, n) => sum + n.memoryMiB, 0) / 1024,
  vcpus: cluster.nodes.reduce((sum, n) => sum + n.vcpu, 0),
  diskGiB:
    cluster.nodes.reduce((sum, n) => sum + n.diskBytes + n.dataDisks.reduce((data, d) => data + d.bytes, 0), 0) / GiB,
});
