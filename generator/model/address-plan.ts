// The lab's address plan, by host number within each network: computed once here, for the model (TypeScript) and
// for the emitted HCL (the same arithmetic as Terraform expressions), so that a -var override of
// number_of_workers moves the addresses exactly as gen-infra would have.
// The arbiter, when there is one, takes the third master's place (host 22); day-2 workers follow the workers.
//
// Up to 50 workers it is the seed's plan, host for host: gateway 1, support 3, provision 10, masters 20+i,
// workers 30+i, API VIP 100, api-int 101, ingress VIP 110. One deliberate change: the support VM's dynamic DHCP
// range is 80-99, ending below the API VIP (the seed's 80-100 contains it). With more workers the nodes would run
// into the range and the VIPs, so the range and the VIPs move up, past the last worker, keeping their spacing.
// On the provisioning network: the installer's bootstrap (2) and cluster (3) provisioning IPs, the provision VM (14)
// and the installer's DHCP range from 20, ending at 100 or, for large clusters, where every node has an address.

/** Control-plane slots in every plan: three masters, or two masters and the arbiter in the third. */
export const controlPlaneSize = 3;

export const chuckyHosts = {
  gateway: 1,
  support: 3,
  provision: 10,
  firstMaster: 20,
  firstWorker: 30,
  /** The dynamic range starts here, or right after the last worker if that is higher. */
  rangeFloor: 80,
  rangeSize: 20,
  /** The VIPs, counted from the first address after the range. */
  apiAfterRange: 0,
  apiIntAfterRange: 1,
  ingressAfterRange: 10,
} as const;

export const provisioningHosts = {
  bootstrap: 2,
  cluster: 3,
  provisionVm: 14,
  dhcpStart: 20,
  dhcpEndFloor: 100,
} as const;

export interface HostPlan {
  readonly master: (index: number) => number;
  readonly worker: (index: number) => number;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly apiVip: number;
  readonly apiIntVip: number;
  readonly ingressVip: number;
  readonly provisioningDhcpEnd: number;
}

export function hostPlan(workers: number): HostPlan {
  const h = chuckyHosts;
  const rangeStart = Math.max(h.rangeFloor, h.firstWorker + workers);
  const afterRange = rangeStart + h.rangeSize;
  return {
    master: (index) => h.firstMaster + index,
    worker: (index) => h.firstWorker + index,
    rangeStart,
    rangeEnd: afterRange - 1,
    apiVip: afterRange + h.apiAfterRange,
    apiIntVip: afterRange + h.apiIntAfterRange,
    ingressVip: afterRange + h.ingressAfterRange,
    provisioningDhcpEnd: Math.max(
      provisioningHosts.dhcpEndFloor,
      provisioningHosts.dhcpStart + controlPlaneSize + workers,
    ),
  };
}

/**
 * The same plan as HCL expressions over the number of worker VMs (var.number_of_workers, plus var.extra_workers
 * when the spec has day-2 workers), for the locals of libvirt.tf.
 */
export function hostPlanHcl(workerVms: string) {
  const h = chuckyHosts;
  return {
    rangeStart: `max(${h.rangeFloor}, ${h.firstWorker} + ${workerVms})`,
    afterRange: `local.chucky_range_start_host + ${h.rangeSize}`,
    provisioningDhcpEnd: `max(${provisioningHosts.dhcpEndFloor}, ${provisioningHosts.dhcpStart + controlPlaneSize} + ${workerVms})`,
  };
}
