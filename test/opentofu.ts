// Where the tests find OpenTofu: GEN_INFRA_TOFU names the binary scripts/build-opentofu.sh built (CI sets it, and a
// run that sets it requires it: a missing binary fails the run instead of skipping); without it, $TOFU, then `tofu`
// on PATH, as `gen-infra verify --engine tofu` looks. Decided when a test file loads, so a missing tofu makes jest
// count the tests as skipped, with one line saying so.
import { accessSync, constants } from "node:fs";
import { findTerraform } from "../terraform-harness/src";

/** The variable `.ci/run` exports with the built binary's path. */
const TOFU_VARIABLE = "GEN_INFRA_TOFU";

/** The version scripts/build-opentofu.sh pins: the tests assert that this is the one that ran. */
export const TOFU_VERSION = "1.10.10";

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The OpenTofu binary, or null when there is none (and none was required). */
export async function findTofu(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const named = env[TOFU_VARIABLE]?.trim();
  if (named) {
    if (!executable(named))
      throw new Error(`${TOFU_VARIABLE}=${named}, but that is not an executable: tofu is required`);
    return named;
  }
  return findTerraform(env, "opentofu");
}
