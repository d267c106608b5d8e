// Which Terraform to run, and whether there is one at all: callers (tests,
// `gen-infra verify`) must be able to say "skipped" instead of passing.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, isAbsolute, join } from "node:path";
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
