// The small arithmetic the lab's plans are written in: numbers, the plan's inputs, sums, floors, and named steps.
// A plan is written once as terms; the model evaluates them here, and a target prints the same terms in its own
// language (for Terraform, HCL over its variables and locals), so that a -var override moves every number the
// way gen-infra would have.

/** What a plan's numbers depend on: the number of worker VMs, and a node's position among its role's nodes. */
export type PlanInput = "workerVms" | "index";

/** Intermediate results a target may name once and refer to (a local), rather than repeat. */
export type PlanStep = "rangeStart" | "ingressVipHost" | "provisioningDhcpEnd";

export type Term =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "input"; readonly input: PlanInput }
  | { readonly kind: "sum"; readonly left: Term; readonly right: Term }
  | { readonly kind: "atLeast"; readonly floor: number; readonly term: Term }
  | { readonly kind: "step"; readonly step: PlanStep; readonly term: Term };

export const num = (value: number): Term => ({ kind: "number", value });
export const input = (name: PlanInput): Term => ({ kind: "input", input: name });
/** left + right, where a plain number may be given for right (a negative one subtracts). */
export const sum = (left: Term, right: Term | number): Term => ({
  kind: "sum",
  left,
  right: typeof right === "number" ? num(right) : right,
});
/** The larger of floor and term. */
export const atLeast = (floor: number, term: Term): Term => ({ kind: "atLeast", floor, term });
export const step = (name: PlanStep, term: Term): Term => ({ kind: "step", step: name, term });

export type PlanInputs = Readonly<Partial<Record<PlanInput, number>>>;

export function evaluate(term: Term, inputs: PlanInputs): number {
  switch (term.kind) {
    case "number":
      return term.value;
    case "input": {
      const value = inputs[term.input];
      if (value === undefined) throw new Error(`plan input ${term.input} not given`);
      return value;
    }
    case "sum":
      return evaluate(term.left, inputs) + evaluate(term.right, inputs);
    case "atLeast":
      return Math.max(term.floor, evaluate(term.term, inputs));
    case "step":
      return evaluate(term.term, inputs);
  }
}

/** Whether the term moves with an input: an address from such a term may run past its network's end. */
export function dependsOnInput(term: Term): boolean {
  switch (term.kind) {
    case "number":
      return false;
    case "input":
      return true;
    case "sum":
      return dependsOnInput(term.left) || dependsOnInput(term.right);
    case "atLeast":
    case "step":
      return dependsOnInput(term.term);
  }
}
