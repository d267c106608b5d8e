// The values `verify --engine` takes: the command line's words for the engines, with `tofu`, OpenTofu's command, as
// a third. They live with the command line, which reads them for every `--help`, and not in the harness, which only
// `verify` loads.
import type { Engine } from "../../terraform-harness/src";

const ENGINE_NAMES: Readonly<Record<string, Engine>> = {
  terraform: "terraform",
  opentofu: "opentofu",
  tofu: "opentofu",
};

/** As help and the command line's own error list them. */
export const ENGINE_CHOICES: readonly string[] = Object.keys(ENGINE_NAMES);

/** The engine a command-line value names, or null when it names none (case-insensitive). */
export function parseEngine(value: string): Engine | null {
  return ENGINE_NAMES[value.trim().toLowerCase()] ?? null;
}
