// Generated stacks read the hypervisor's address and ssh key name from the
// parent stack's local state (`data "terraform_remote_state"`, backend
// "local"). verify never lets Terraform open the configured path: an
// override file in the scratch copy points each such block at a small state
// of verify's own, so even an absolute path or one climbing out of the
// folder reads the synthesized copy.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { hclString } from "./compiler";
import type { RemoteStateBlock } from "./policy";
import { writeKeyFilesSync } from "./ssh-keys";

export interface RemoteStateRef {
  /** `data.terraform_remote_state.<name>` */
  name: string;
  /** The state path as the configuration writes it (never opened). */
  path: string;
}

/** What the configuration reads from its parent stack; the address is a documentation one, which reaches nothing. */
const REMOTE_STATE_OUTPUTS: Readonly<Record<string, string>> = {
  baremetal_public_ip: "203.0.113.10",
  ssh_certificate: "ssh.pub",
};

/** The folder's own override files are refused, so this is the only one Terraform sees. */
const OVERRIDE_FILE = "gen_infra_verify_override.tf";

/**
 * The configuration reads the key as `<state dir>/${ssh_certificate}`, the
 * state dir being whatever the folder wrote. Terraform cleans a joined path
 * lexically before opening it, and `..` stops at `/`, so enough of them
 * followed by an absolute path land on that path from any directory.
 */
const CLIMB = "../".repeat(128);

export function climbTo(absolute: string): string {
  return `${CLIMB}${absolute.split(sep).filter(Boolean).join("/")}`;
}

/** A format-4 state whose only content is the given root outputs. */
function stateText(outputs: Readonly<Record<string, string>>): string {
  const state = {
    version: 4,
    // Older than any Terraform that reads it, as a parent stack's state would be.
    terraform_version: "1.5.7",
    serial: 1,
    lineage: randomUUID(),
    outputs: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value, type: "string" }])),
    resources: [],
    check_results: null,
  };
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * A parent state at `statePath` with the given outputs, and the key files its
 * `ssh_certificate` output names beside it, for tests that lay out a parent
 * stack themselves (verify uses prepareRemoteStates).
 */
export async function writeRemoteState(
  statePath: string,
  outputs: Readonly<Record<string, string>>,
): Promise<string[]> {
  mkdirSync(dirname(statePath), { recursive: true });
  writeFileSync(statePath, stateText(outputs));
  const certificate = outputs["ssh_certificate"];
  return [statePath, ...(certificate ? writeKeyFilesSync(join(dirname(statePath), certificate)) : [])];
}

export function overrideText(blocks: readonly { name: string; statePath: string }[]): string {
  const header = "# Written by gen-infra verify: every remote state is read from its scratch folder.\n";
  return (
    header +
    blocks
      .map(({ name, statePath }) => {
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`unexpected data source name ${name}`);
        return `\ndata "terraform_remote_state" "${name}" {\n  config = {\n    path = ${hclString(statePath)}\n  }\n}\n`;
      })
      .join("")
  );
}

/**
 * For each accepted block: writes a state (and the key its ssh_certificate
 * output names) under `stateRoot`, and one override file per module
 * directory of `stack`. Returns what was prepared, for the report.
 */
export function prepareRemoteStates(
  blocks: readonly RemoteStateBlock[],
  stack: string,
  stateRoot: string,
): RemoteStateRef[] {
  const byModule = new Map<string, { name: string; statePath: string }[]>();
  blocks.forEach((block, i) => {
    const dir = join(stateRoot, String(i));
    mkdirSync(dir, { recursive: true });
    const own = { ...REMOTE_STATE_OUTPUTS };
    const certificate = REMOTE_STATE_OUTPUTS["ssh_certificate"];
    if (certificate) {
      const keyFile = join(
        dir,
        certificate
          .split("/")
          .filter((s) => s && s !== "..")
          .join("_") || "ssh.pub",
      );
      writeKeyFilesSync(keyFile);
      own["ssh_certificate"] = climbTo(keyFile);
    }
    const statePath = join(dir, "terraform.tfstate");
    writeFileSync(statePath, stateText(own), { flag: "wx" });
    const list = byModule.get(block.module) ?? [];
    list.push({ name: block.name, statePath });
    byModule.set(block.module, list);
  });
  for (const [module, list] of byModule) {
    writeFileSync(join(stack, module, OVERRIDE_FILE), overrideText(list), { flag: "wx" });
  }
  return blocks.map((block) => ({ name: block.name, path: block.configuredPath }));
}
