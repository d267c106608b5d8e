// The MAC plan, one definition for the model and for a target's expressions: masters append one hex digit to
// their base, workers two. A bonded node's second chucky NIC takes the upper half of its base's window (index + 8
// for masters, index + 128 for workers), so with at most 8 masters and 128 workers it can never meet a first NIC or
// another second NIC. The arbiter takes the masters' slot after the last master.
import type { ClusterRole } from "./model";
import { evaluate, input, num, sum, type Term } from "./plan-term";

const macWindows = {
  master: { digits: 1, size: 16 },
  worker: { digits: 2, size: 256 },
} as const;
type MacRole = keyof typeof macWindows;

/** Which of a node's fixed MACs: on the provisioning network, on chucky, or the bond's second port on chucky. */
export type MacNic = "provision" | "chucky" | "bond";

const bondOffset = (role: MacRole): number => macWindows[role].size / 2;

export interface MacPlan {
  readonly role: MacRole;
  /** The base the suffix is appended to: the role's base on the NIC's network. */
  readonly baseNetwork: "provision" | "chucky";
  /** The suffix's value, over the node's index among its role's nodes. */
  readonly slot: Term;
  /** Hex digits of the suffix, zero-padded. */
  readonly digits: number;
}

/** The plan of one NIC of a role's nodes. The arbiter's first slot is the one after the last master's. */
export function macPlan(role: ClusterRole, nic: MacNic, masterCount: number): MacPlan {
  const macRole = role === "worker" ? "worker" : "master";
  const index = input("index");
  const first = role === "arbiter" ? sum(num(masterCount), index) : index;
  return {
    role: macRole,
    baseNetwork: nic === "provision" ? "provision" : "chucky",
    slot: nic === "bond" ? sum(first, bondOffset(macRole)) : first,
    digits: macWindows[macRole].digits,
  };
}

/** The MAC a plan gives the node at this index: lower-case hex, zero-padded to the window's digits. */
export const planMac = (plan: MacPlan, base: string, index: number): string =>
  base + evaluate(plan.slot, { index }).toString(16).padStart(plan.digits, "0");
