// A rule is written once: its check over the spec or the model, and, where a plan can express it, the condition
// that enforces the same rule when a -var override bypasses gen-infra, over the lab's symbols (lab-terms.ts) for a
// target to bind. docs/checks.md lists the rules.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";
import type { LabCondition, LabEntity, LabSymbol } from "./lab-terms";

export interface Rule<Input> {
  readonly id: string;
  /** One line for the list of what gen-infra checks in docs/checks.md. */
  readonly summary: string;
  readonly check: (input: Input) => Finding[];
  /** Conditions on single inputs, by the symbol the target binds to the input's variable. */
  readonly validations?: Readonly<Partial<Record<LabSymbol, readonly LabCondition[]>>>;
  /**
   * Conditions checked before an entity is created: cross-input rules fail the plan. A function of the cluster,
   * since some rules compare inputs with literals the spec gives (the hypervisor's size) or guard entities only some
   * specs have (the arbiter).
   */
  readonly preconditions?: (cluster: Cluster) => Readonly<Partial<Record<LabEntity, readonly LabCondition[]>>>;
  /** Why a plan need not enforce the rule again, when it has no condition there. */
  readonly notInTerraform?: string;
  /** Conditions a plan warns about, as gen-infra does. */
  readonly warnings?: readonly LabCondition[];
}
