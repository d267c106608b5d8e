// A rule is written once: its check over the spec or the model, and, where Terraform can express it, the
// condition that enforces the same rule when a -var override bypasses gen-infra. The README lists the rules.
import type { Finding } from "../findings";
import type { Cluster } from "../model/model";

export interface TerraformCondition {
  /** HCL expression that must be true. */
  readonly condition: string;
  /** HCL string body (may interpolate) saying what is wrong, in the same terms as the finding. */
  readonly message: string;
}

export interface Rule<Input> {
  readonly id: string;
  /** One line for the README's list of what gen-infra checks. */
  readonly summary: string;
  readonly check: (input: Input) => Finding[];
  /** `validation` blocks on single variables, by variable name. */
  readonly validations?: Readonly<Record<string, readonly TerraformCondition[]>>;
  /**
   * `lifecycle { precondition }` blocks, by resource address: cross-variable rules fail the plan. A function of the
   * cluster, since some rules compare variables with literals the spec gives (the hypervisor's size) or guard
   * resources only some specs have (the arbiter's).
   */
  readonly preconditions?: (cluster: Cluster) => Readonly<Record<string, readonly TerraformCondition[]>>;
  /** Why Terraform need not enforce the rule again, when it has no condition there. */
  readonly notInTerraform?: string;
  /**
   * The HCL locals this rule's conditions read, as lines of the configuration's `locals` block (indented two
   * spaces, with a comment saying what they are for): kept with the conditions, so the two cannot drift apart.
   */
  readonly locals?: (cluster: Cluster) => string | undefined;
  /** `check` blocks: Terraform warns, as gen-infra does. */
  readonly warnings?: readonly TerraformCondition[];
}
