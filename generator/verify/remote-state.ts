// Generated stacks read the hypervisor's address and ssh key name from the
// parent stack's local state (`data "terraform_remote_state"`, backend
// "local"). Find where they expect that state, and put a small one there.
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, posix } from "node:path";
import type { ConfigFile } from "./config-files";
import { writeKeyFiles } from "./ssh-keys";

export interface RemoteStateRef {
  /** `data.terraform_remote_state.<name>` */
  name: string;
  /** The state path as the configuration means it, relative to the stack directory. */
  path: string;
}

export interface RemoteStateScan {
  refs: RemoteStateRef[];
  /** Human-readable reasons some references could not be prepared. */
  warnings: string[];
}

export const DEFAULT_REMOTE_STATE_OUTPUTS: Readonly<Record<string, string>> = {
  baremetal_public_ip: "203.0.113.10",
  ssh_certificate: "ssh.pub",
};

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** hcl2json renders every block as a list of bodies, keyed by type and label. */
function bodies(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJson) : [];
}

function variableDefaults(parsed: Json[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of parsed) {
    const variables = isJson(file["variable"]) ? file["variable"] : {};
    for (const [name, blocks] of Object.entries(variables)) {
      const value = bodies(blocks)[0]?.["default"];
      if (typeof value === "string") out.set(name, value);
    }
  }
  return out;
}

/**
 * Resolves the interpolations a state path plausibly uses: variables (from
 * -var values, then defaults) and path.module/path.root, which are the stack
 * directory itself. Returns null for anything else.
 */
function resolvePath(
  text: string,
  vars: Readonly<Record<string, string>>,
  defaults: Map<string, string>,
): string | null {
  const resolved = text.replace(
    /\$\{\s*(var\.([A-Za-z0-9_-]+)|path\.(module|root|cwd))\s*\}/g,
    (whole, _ref, variable?: string) => {
      if (variable === undefined) return ".";
      return vars[variable] ?? defaults.get(variable) ?? whole;
    },
  );
  return resolved.includes("${") ? null : resolved;
}

export async function scanRemoteState(
  texts: readonly ConfigFile[],
  vars: Readonly<Record<string, string>> = {},
): Promise<RemoteStateScan> {
  if (!texts.some((file) => file.text.includes("terraform_remote_state"))) return { refs: [], warnings: [] };

  // The WASM parser costs a noticeable start-up; only pay it when there is something to find.
  const { parse } = await import("@cdktf/hcl2json");
  const parsed: Json[] = await Promise.all(texts.map(async (file) => (await parse(file.name, file.text)) as Json));
  const defaults = variableDefaults(parsed);

  const refs: RemoteStateRef[] = [];
  const warnings: string[] = [];
  for (const file of parsed) {
    const data = isJson(file["data"]) ? file["data"] : {};
    const remote = isJson(data["terraform_remote_state"]) ? data["terraform_remote_state"] : {};
    for (const [name, blocks] of Object.entries(remote)) {
      for (const body of bodies(blocks)) {
        if (body["backend"] !== "local") {
          warnings.push(
            `terraform_remote_state.${name}: backend ${JSON.stringify(body["backend"])} is not prepared (only "local" is)`,
          );
          continue;
        }
        const config = isJson(body["config"]) ? body["config"] : {};
        // The local backend's own default when no path is configured.
        const raw = typeof config["path"] === "string" ? config["path"] : "terraform.tfstate";
        const path = resolvePath(raw, vars, defaults);
        if (path === null)
          warnings.push(`terraform_remote_state.${name}: cannot work out the state path ${JSON.stringify(raw)}`);
        else if (isAbsolute(path))
          warnings.push(`terraform_remote_state.${name}: absolute state path ${path} is left alone`);
        else refs.push({ name, path: posix.normalize(path) });
      }
    }
  }
  return { refs, warnings };
}

/** How many directories above the stack the state paths climb. */
export function parentLevelsNeeded(refs: readonly RemoteStateRef[]): number {
  let most = 0;
  for (const ref of refs) {
    const segments = ref.path.split("/");
    let up = 0;
    while (segments[up] === "..") up++;
    most = Math.max(most, up);
  }
  return most;
}

/**
 * Writes a format-4 state whose only content is the given root outputs, at
 * `statePath`, plus the key files the `ssh_certificate` output names beside it.
 */
export async function writeRemoteState(
  statePath: string,
  outputs: Readonly<Record<string, string>>,
): Promise<string[]> {
  const dir = dirname(statePath);
  await mkdir(dir, { recursive: true });
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
  await writeFile(statePath, `${JSON.stringify(state, null, 2)}\n`);
  const written = [statePath];
  const certificate = outputs["ssh_certificate"];
  // The configuration reads the key relative to the state file's directory.
  if (certificate) written.push(...(await writeKeyFiles(join(dir, certificate))));
  return written;
}
