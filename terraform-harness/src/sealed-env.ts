// The whole environment Terraform and the stand-in run with. An allow-list,
// not a deny-list: cloud credentials (AWS_*, GOOGLE_*, ARM_*, ...), proxy
// settings, TF_* (TF_CLI_ARGS, TF_VAR_*, TF_LOG_PATH, TF_DATA_DIR, ...),
// NODE_OPTIONS and whatever else the caller has set never reach them.
import { delimiter, dirname } from "node:path";

interface SealedPaths {
  /** Scratch HOME: keys under `~/` are made here, and no ~/.terraformrc or credentials file is found. */
  home: string;
  /** Scratch TMPDIR, removed with the rest. */
  tmp: string;
  /** verify's own CLI config. */
  cliConfig: string;
}

/** Used when the caller has no PATH at all. */
const FALLBACK_PATH = "/usr/local/bin:/usr/bin:/bin";

/**
 * The stand-in's executable starts with `#!/usr/bin/env node`, so PATH must
 * find a node: the caller's PATH, with the running node's directory after it.
 */
function sealedPath(callerPath: string | undefined, nodeBinary: string): string {
  const dirs = (callerPath || FALLBACK_PATH).split(delimiter).filter(Boolean);
  const nodeDir = dirname(nodeBinary);
  return [...dirs, ...(dirs.includes(nodeDir) ? [] : [nodeDir])].join(delimiter);
}

export function terraformEnvironment(
  paths: SealedPaths,
  callerPath: string | undefined,
  nodeBinary: string = process.execPath,
): Record<string, string> {
  return {
    PATH: sealedPath(callerPath, nodeBinary),
    HOME: paths.home,
    TMPDIR: paths.tmp,
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: paths.cliConfig,
    // The stand-in speaks plain TCP; without this Terraform insists on mutual TLS.
    TF_DISABLE_PLUGIN_TLS: "1",
    TF_IN_AUTOMATION: "1",
  };
}
