// The real dmacvicar/libvirt 0.8.3 provider for Terraform: built (or reused) by scripts/build-real-provider.sh,
// then offered through a filesystem mirror and CLI config of the run's own. The stand-in answers to the same
// address, so nothing here shares a mirror, plugin cache or lock file with it.
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { mirrorExecutable, PROVIDER_SOURCES } from "../../terraform-harness/src";
import { root } from "./paths";

export interface BuiltProvider {
  binary: string;
  /** The script's one line: built, or reused from cache, with the path. */
  line: string;
}

export async function buildRealProvider(): Promise<BuiltProvider> {
  const result = await execa(path.join(root, "scripts", "build-real-provider.sh"), [], { reject: false });
  if (result.exitCode !== 0) {
    throw new Error(`building the real provider failed (${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
  }
  const line = String(result.stdout).trim().split("\n").at(-1) ?? "";
  const binary = line.slice(line.lastIndexOf(" ") + 1);
  if (!/(built|reused from cache)/.test(line) || !path.isAbsolute(binary)) {
    throw new Error(`unexpected output from build-real-provider.sh: ${line}`);
  }
  return { binary, line };
}

export interface TerraformEnv {
  /** Environment for every terraform command of the run. */
  env: Record<string, string>;
  cliConfig: string;
}

/**
 * Lays out `<dir>/mirror/<host>/dmacvicar/libvirt/0.8.3/<platform>/` for Terraform's registry.terraform.io and
 * OpenTofu's registry.opentofu.org (what each reads `dmacvicar/libvirt` as), a plugin cache and a CLI config that
 * installs only that provider from only that mirror, so neither engine's `init` can reach a registry.
 */
export async function writeRealMirror(dir: string, binary: string): Promise<TerraformEnv> {
  const mirror = path.join(dir, "mirror");
  const pluginCache = path.join(dir, "plugin-cache");
  await mkdir(pluginCache, { recursive: true });
  for (const source of PROVIDER_SOURCES) {
    const executable = mirrorExecutable(mirror, source);
    await mkdir(path.dirname(executable), { recursive: true });
    // A copy rather than a link, so the mirror's hash is of bytes this run owns.
    await copyFile(binary, executable);
  }
  const cliConfig = path.join(dir, "terraformrc");
  await writeFile(
    cliConfig,
    [
      "disable_checkpoint = true",
      `plugin_cache_dir = ${JSON.stringify(pluginCache)}`,
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${PROVIDER_SOURCES.map((source) => JSON.stringify(source)).join(", ")}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  const home = path.join(dir, "home");
  await mkdir(home, { recursive: true });
  return {
    cliConfig,
    env: {
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      // The provider reads ~/.ssh/config and known_hosts: an empty home keeps the user's out of the test.
      HOME: home,
    },
  };
}
