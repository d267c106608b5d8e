// The lab's address and MAC plans (model/address-plan.ts, model/mac.ts) printed as the locals of libvirt.tf: the
// same terms the model evaluates, over this target's variables, so that a -var override moves every address and
// MAC as gen-infra would have.
import { addressPlan, type PlannedAddressName } from "../../model/address-plan";
import { macPlan, type MacNic, type MacPlan } from "../../model/mac";
import type { NetworkName } from "../../model/model";
import { dependsOnInput, type PlanInput, type PlanStep, type Term } from "../../model/plan-term";
import { hclAttributes, hclNumber, hclString } from "../../syntax/hcl";
import type { RoleHcl } from "./roles";
import { local } from "./locals";

/** The locals that hold the plans' named steps and addresses, in the order libvirt.tf defines them. */
export const planLocals = {
  chucky_range_start_host: { step: "rangeStart" },
  chucky_gateway: { address: "chuckyGateway" },
  support_host_ip: { address: "supportHost" },
  provision_host_ip: { address: "provisionHost" },
  chucky_dhcp_start: { address: "chuckyDhcpStart" },
  chucky_dhcp_end: { address: "chuckyDhcpEnd" },
  api_vip: { address: "apiVip" },
  api_int_vip: { address: "apiIntVip" },
  ingress_vip_host: { step: "ingressVipHost" },
  ingress_vip: { address: "ingressVip" },
  provision_ironic_ip: { address: "provisionIronic" },
  provisioning_dhcp_start: { address: "provisioningDhcpStart" },
  provisioning_dhcp_end_host: { step: "provisioningDhcpEnd" },
  provisioning_dhcp_end: { address: "provisioningDhcpEnd" },
} as const satisfies Record<string, { step: PlanStep } | { address: PlannedAddressName }>;
export type PlanLocal = keyof typeof planLocals;

/** Where each named step lives: a step the locals above do not define would not compile. */
const stepLocals = {
  rangeStart: "chucky_range_start_host",
  ingressVipHost: "ingress_vip_host",
  provisioningDhcpEnd: "provisioning_dhcp_end_host",
} as const satisfies Record<PlanStep, PlanLocal>;

export const networkVariables = {
  chucky: "var.chucky_net_addr",
  provision: "var.provision_net_addr",
} as const satisfies Record<NetworkName, string>;

/** The IPv6 prefixes' variables, declared where the stack has IPv6 (the provisioning one where it is IPv6). */
export const networkVariablesV6 = {
  chucky: "var.chucky_net_addr_v6",
  provision: "var.provision_net_addr_v6",
} as const satisfies Record<NetworkName, string>;

/** The locals that hold an address; each has its IPv6 twin, `<name>_v6`, where the stack has IPv6. */
type AddressLocal = {
  [L in PlanLocal]: (typeof planLocals)[L] extends { address: PlannedAddressName } ? L : never;
}[PlanLocal];
export type AddressLocalV6 = `${AddressLocal}_v6`;

/** What a plan's inputs are in HCL: the worker VMs' count, and the `for` expression's index. */
type InputBinding = Readonly<Record<PlanInput, string>>;

/** A term as HCL. Inside the local that defines a step, the step is its arithmetic; elsewhere, that local. */
function termHcl(term: Term, inputs: InputBinding, defining?: PlanStep): string {
  switch (term.kind) {
    case "number":
      return hclNumber(term.value);
    case "input":
      return inputs[term.input];
    case "sum": {
      const left = termHcl(term.left, inputs, defining);
      if (term.right.kind === "number" && term.right.value < 0) return `${left} - ${hclNumber(-term.right.value)}`;
      const right = termHcl(term.right, inputs, defining);
      return `${left} + ${term.right.kind === "sum" ? `(${right})` : right}`;
    }
    case "atLeast":
      return `max(${hclNumber(term.floor)}, ${termHcl(term.term, inputs, defining)})`;
    case "step":
      return term.step === defining ? termHcl(term.term, inputs, defining) : local(stepLocals[term.step]);
  }
}

/**
 * An address as HCL. One that moves with the worker count is a try(): a network too small for it fails a
 * precondition, which says so plainly, rather than cidrhost's own error.
 */
function addressHcl(
  name: PlannedAddressName,
  inputs: InputBinding,
  variables: Record<NetworkName, string> = networkVariables,
): string {
  const { network, host } = addressPlan[name];
  const address = `cidrhost(${variables[network]}, ${termHcl(host, inputs)})`;
  return dependsOnInput(host) ? `try(${address}, null)` : address;
}

/** The term a named step stands for, as the address plan first uses it. */
export function stepDefinition(wanted: PlanStep): Term {
  const definition = Object.values(addressPlan)
    .map((a) => findStep(a.host, wanted))
    .find((t) => t !== undefined);
  if (!definition) throw new Error(`no plan defines the step ${wanted}`);
  return definition;
}

function findStep(term: Term, wanted: PlanStep): Term | undefined {
  switch (term.kind) {
    case "step":
      return term.step === wanted ? term : findStep(term.term, wanted);
    case "sum":
      return findStep(term.left, wanted) ?? findStep(term.right, wanted);
    case "atLeast":
      return findStep(term.term, wanted);
    default:
      return undefined;
  }
}

/** Whether a plan local is the provision VM's or the provisioning network's, which the agent lab has neither of. */
const ofProvisioning = (entry: (typeof planLocals)[keyof typeof planLocals]): boolean =>
  "address" in entry
    ? entry.address === "provisionHost" || addressPlan[entry.address].network === "provision"
    : entry.step === "provisioningDhcpEnd";

/** The address plan's locals, as lines of the `locals` block; `provisioning`: whether the lab may have a provisioning network. */
export function addressLocals(workerVms: string, provisioning: boolean): string {
  const inputs: InputBinding = { workerVms, index: "i" };
  const entries = Object.entries(planLocals).filter(([, entry]) => provisioning || !ofProvisioning(entry));
  const lines = entries.map(([local, entry]): [string, string] =>
    "address" in entry
      ? [local, addressHcl(entry.address, inputs)]
      : [local, termHcl(stepDefinition(entry.step), inputs, entry.step)],
  );
  return hclAttributes(lines, "  ");
}

/** What the IPv6 plan prints: the networks the lab addresses in IPv6, and the addresses the spec fixes itself. */
export interface V6Plan {
  /** The provisioning network is IPv6 (its addresses are printed too). */
  readonly provisioning: boolean;
  /** The lab has a provision VM (the agent lab has none). */
  readonly provisionVm: boolean;
  /** The VIPs the spec gives as IPv6 literals, which no host number moves. */
  readonly fixed: Partial<Record<PlannedAddressName, string>>;
}

/**
 * The IPv6 plan's locals, as lines of the `locals` block: each prefix's length, then every address local's twin over
 * the IPv6 variables. They share the named steps with IPv4, since the host numbers are the same.
 */
export function addressLocalsV6(workerVms: string, plan: V6Plan): string {
  const inputs: InputBinding = { workerVms, index: "i" };
  const prefixes: [string, string][] = [
    ["chucky_prefix_v6", `split("/", ${networkVariablesV6.chucky})[1]`],
    ...(plan.provisioning
      ? [["provision_prefix_v6", `split("/", ${networkVariablesV6.provision})[1]`] as [string, string]]
      : []),
  ];
  const addresses = Object.entries(planLocals).flatMap(([local, entry]): [string, string][] => {
    if (!("address" in entry)) return [];
    if (addressPlan[entry.address].network === "provision" && !plan.provisioning) return [];
    if (entry.address === "provisionHost" && !plan.provisionVm) return [];
    const fixed = plan.fixed[entry.address];
    return [
      [`${local}_v6`, fixed === undefined ? addressHcl(entry.address, inputs, networkVariablesV6) : hclString(fixed)],
    ];
  });
  return hclAttributes([...prefixes, ...addresses], "  ");
}

/** Terraform's format() verb for a plan's suffix: "%x", or zero-padded as "%02x". */
const formatVerb = (plan: MacPlan) => (plan.digits === 1 ? "%x" : `%0${plan.digits}x`);

/** The MAC of the node at index i, as HCL. */
function macHcl(plan: MacPlan): string {
  const base = `\${var.${plan.role}_${plan.baseNetwork}_mac_base}`;
  return `format("${base}${formatVerb(plan)}", ${termHcl(plan.slot, { workerVms: "", index: "i" })})`;
}

const macNics: readonly MacNic[] = ["provision", "chucky", "bond"];

/** A role's MAC lists (local.<role>_<nic>_macs), as lines of the `locals` block. */
export const macLocals = (r: RoleHcl, masterCount: number, provisioning: boolean): string =>
  hclAttributes(
    macNics
      .filter((nic) => provisioning || nic !== "provision")
      .map((nic) => [
        `${r.role}_${nic}_macs`,
        `[for i in range(${r.count}) : ${macHcl(macPlan(r.role, nic, masterCount))}]`,
      ]),
    "  ",
  );
