// Which Terraform to run, and whether there is one at all: callers (tests,
// `gen-infra verify`) must be able to say "skipped" instead of passing.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";
import { execa } from "execa";
import { engineCommand, engineVariable, type Engine } from "./engine";

/**
 * `TERRAFORM` names the binary (a path or a command, Terraform's or OpenTofu's); otherwise `terraform` from PATH.
 * With an engine asked for by name, that engine's variable and command: `TOFU`, else `tofu`, for OpenTofu.
 */
export function terraformCommand(env: NodeJS.ProcessEnv = process.env, engine?: Engine): string {
  const configured = env[engineVariable(engine ?? "terraform")]?.trim();
  return configured ? configured : engineCommand(engine ?? "terraform");
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of the Terraform binary, or null when there is none. */
export async function findTerraform(env: NodeJS.ProcessEnv = process.env, engine?: Engine): Promise<string | null> {
  const command = terraformCommand(env, engine);
  if (isAbsolute(command) || command.includes("/")) return (await isExecutable(command)) ? command : null;
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir && (await isExecutable(join(dir, command)))) return join(dir, command);
  }
  return null;
}

export async function terraformAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return (await findTerraform(env)) !== null;
}

const versions = new Map<string, Promise<string>>();

/** `terraform version -json`'s terraform_version, asked once per binary. */
export function terraformVersion(binary: string): Promise<string> {
  let found = versions.get(binary);
  if (!found) {
    // Nothing of the caller's environment but PATH: no TF_CLI_CONFIG_FILE, no TF_LOG_PATH.
    const env = { CHECKPOINT_DISABLE: "1", PATH: process.env["PATH"] ?? "" };
    found = execa(binary, ["version", "-json"], { env, extendEnv: false, stdin: "ignore" }).then((r) => {
      const parsed: unknown = JSON.parse(r.stdout);
      const version =
        typeof parsed === "object" && parsed !== null
          ? (parsed as Record<string, unknown>)["terraform_version"]
          : undefined;
      if (typeof version !== "string") throw new Error(`unexpected output from ${binary} version -json`);
      return version;
    });
    // A failure (say, a broken binary) should not stick for the life of the process.
    found.catch(() => versions.delete(binary));
    versions.set(binary, found);
  }
  return found;
}
