// The lab's address plan, by host number within each network, written once as plan terms (plan-term.ts): the model
// evaluates them, and a target prints them over its variables, so that a -var override of number_of_workers moves
// the addresses exactly as gen-infra would have.
// The arbiter, when there is one, takes the third master's place (host 22); day-2 workers follow the workers.
//
// Up to 50 workers it is the seed's plan, host for host: gateway 1, support 3, provision 10, masters 20+i,
// workers 30+i, API VIP 100, api-int 101, ingress VIP 110. One deliberate change: the support VM's dynamic DHCP
// range is 80-99, ending below the API VIP (the seed's 80-100 contains it). With more workers the nodes would run
// into the range and the VIPs, so the range and the VIPs move up, past the last worker, keeping their spacing.
// On the provisioning network: the installer's bootstrap (2) and cluster (3) provisioning IPs, the provision VM (14)
// and the installer's DHCP range from 20, ending at 100 or, for large clusters, where every node has an address.
import type { NetworkName } from "./model";
import { atLeast, evaluate, input, num, step, sum, type Term } from "./plan-term";

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

const provisioningHosts = {
  bootstrap: 2,
  cluster: 3,
  provisionVm: 14,
  dhcpStart: 20,
  dhcpEndFloor: 100,
} as const;

export interface PlannedAddress {
  readonly network: NetworkName;
  readonly host: Term;
}

const h = chuckyHosts;
const p = provisioningHosts;
const workerVms = input("workerVms");
const rangeStart = step("rangeStart", atLeast(h.rangeFloor, sum(num(h.firstWorker), workerVms)));
const afterRange = sum(rangeStart, h.rangeSize);
const chucky = (host: Term): PlannedAddress => ({ network: "chucky", host });
const provision = (host: Term): PlannedAddress => ({ network: "provision", host });

/** Every address of the lab that is not a node's, by name. */
export const addressPlan = {
  chuckyGateway: chucky(num(h.gateway)),
  supportHost: chucky(num(h.support)),
  provisionHost: chucky(num(h.provision)),
  chuckyDhcpStart: chucky(rangeStart),
  chuckyDhcpEnd: chucky(sum(afterRange, -1)),
  apiVip: chucky(sum(afterRange, h.apiAfterRange)),
  apiIntVip: chucky(sum(afterRange, h.apiIntAfterRange)),
  ingressVip: chucky(step("ingressVipHost", sum(afterRange, h.ingressAfterRange))),
  provisionIronic: provision(num(p.provisionVm)),
  bootstrapProvisioningIp: provision(num(p.bootstrap)),
  clusterProvisioningIp: provision(num(p.cluster)),
  provisioningDhcpStart: provision(num(p.dhcpStart)),
  provisioningDhcpEnd: provision(
    step("provisioningDhcpEnd", atLeast(p.dhcpEndFloor, sum(num(p.dhcpStart + controlPlaneSize), workerVms))),
  ),
} as const satisfies Record<string, PlannedAddress>;
export type PlannedAddressName = keyof typeof addressPlan;

/** The masters' and the workers' addresses on chucky, by their place in the role's plan. */
export const nodeHostPlan = {
  master: sum(num(h.firstMaster), input("index")),
  worker: sum(num(h.firstWorker), input("index")),
} as const satisfies Record<string, Term>;

/** A planned address's host number in its network, for a lab with this many worker VMs. */
export const hostNumber = (name: PlannedAddressName, workerVms: number): number =>
  evaluate(addressPlan[name].host, { workerVms });

export const nodeHostNumber = (role: keyof typeof nodeHostPlan, index: number): number =>
  evaluate(nodeHostPlan[role], { index });
