// Which engine runs the configuration: Terraform or OpenTofu. Both read the same HCL and plugin protocol, and both
// answer `version -json` with a `terraform_version` key, so that answer cannot tell them apart; the first line of the
// plain `version` output can ("Terraform v1.11.4", "OpenTofu v1.10.10").

export type Engine = "terraform" | "opentofu";

/** The product's own spelling, for messages. */
export function engineTitle(engine: Engine): string {
  return engine === "opentofu" ? "OpenTofu" : "Terraform";
}

/** The command each engine installs, looked up on PATH when no variable names the binary. */
export function engineCommand(engine: Engine): string {
  return engine === "opentofu" ? "tofu" : "terraform";
}

/** The variable that names each engine's binary (a path or a command), as $TERRAFORM always has. */
export function engineVariable(engine: Engine): string {
  return engine === "opentofu" ? "TOFU" : "TERRAFORM";
}

export interface EngineVersion {
  engine: Engine;
  /** Without the leading v, e.g. 1.10.10 or 1.11.0-beta1. */
  version: string;
}

/** The engine and version from `<binary> version`'s output, or null when its first line names neither engine. */
export function parseEngineVersion(output: string): EngineVersion | null {
  const first = output.trimStart().split("\n", 1)[0] ?? "";
  const match = /^(Terraform|OpenTofu) v(\d+\.\d+\.\d+\S*)\s*$/.exec(first);
  if (!match) return null;
  return { engine: match[1] === "OpenTofu" ? "opentofu" : "terraform", version: match[2] ?? "" };
}

/** "OpenTofu 1.10.10": the line verify prints, and the one the tests name. */
export function describeEngine(found: EngineVersion): string {
  return `${engineTitle(found.engine)} ${found.version}`;
}
