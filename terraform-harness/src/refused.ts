// A folder verify will not run Terraform on: a value, raised from deep in
// the preparation and turned into an exit-1 finding by the harness.
import type { Refusal } from "./policy";

export class Refused extends Error {
  constructor(readonly reasons: readonly Refusal[]) {
    super(reasons.map((r) => (r.file ? `${r.file}: ${r.message}` : r.message)).join("\n"));
    this.name = "Refused";
  }
}

export const refuse = (message: string, file = ""): Refused => new Refused([{ file, message }]);
