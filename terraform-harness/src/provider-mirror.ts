// Installs the stand-in as dmacvicar/libvirt 0.8.3 in a filesystem mirror,
// so `terraform init -plugin-dir` resolves the configuration's real version
// pin against it, and writes a CLI config that keeps Terraform off the network.
// The mirror serves both addresses the short source `dmacvicar/libvirt` can
// mean: Terraform's (registry.terraform.io) and OpenTofu's (registry.opentofu.org).
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { provider } from "./compiler";

export const PROVIDER_SOURCE = `registry.terraform.io/${provider.source}`;
/** What OpenTofu reads `dmacvicar/libvirt` as; its public registry lists the same provider and versions. */
export const OPENTOFU_PROVIDER_SOURCE = `registry.opentofu.org/${provider.source}`;
/** Every address a mirror serves the provider under, so either engine finds it. */
export const PROVIDER_SOURCES: readonly string[] = [PROVIDER_SOURCE, OPENTOFU_PROVIDER_SOURCE];
const PROVIDER_VERSION = provider.version;
const BUNDLE_NAME = "libvirt-provider-standin.cjs";

/** Terraform's platform name for this machine (the stand-in runs wherever Node does). */
function terraformPlatform(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch === "ia32" ? "386" : process.arch;
  return `${process.platform}_${arch}`;
}

/**
 * The built stand-in bundle. From source this module sits in terraform-harness/src/,
 * from its bundle in dist/; `GEN_INFRA_STANDIN` overrides both.
 */
export function locateStandinBundle(env: NodeJS.ProcessEnv = process.env): string {
  const override = env["GEN_INFRA_STANDIN"];
  if (override) return resolve(override);
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, BUNDLE_NAME),
    resolve(here, "..", "..", "dist", BUNDLE_NAME),
    resolve(here, "..", "dist", BUNDLE_NAME),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      `the stand-in provider is not built (looked for ${candidates.join(", ")}); run \`npm run build\` first`,
    );
  }
  return found;
}

/** `<mirror>/<source>/0.8.3/<platform>/terraform-provider-libvirt_v0.8.3`: the layout both engines read. */
export function mirrorExecutable(mirrorDir: string, source: string): string {
  return join(mirrorDir, source, PROVIDER_VERSION, terraformPlatform(), provider.binary);
}

/**
 * Writes the stand-in under every address in PROVIDER_SOURCES and returns the executables, Terraform's first.
 * Each is a two-line shim that loads the bundle by absolute path: its bytes, and so the lock file's h1: hash,
 * stay the same while the bundle changes.
 */
export function writeProviderMirror(mirrorDir: string, bundlePath: string): string[] {
  // import() rather than require(): it works whether Node takes the extensionless shim for CommonJS or ESM.
  const shim = `#!/usr/bin/env node\nimport(${JSON.stringify(pathToFileURL(resolve(bundlePath)).href)});\n`;
  return PROVIDER_SOURCES.map((source) => {
    const executable = mirrorExecutable(mirrorDir, source);
    mkdirSync(dirname(executable), { recursive: true });
    writeFileSync(executable, shim);
    chmodSync(executable, 0o755);
    return executable;
  });
}

/** A CLI config of our own, so a user's ~/.terraformrc (mirrors, credentials, caches) plays no part. */
export function writeCliConfig(file: string): string {
  writeFileSync(file, "disable_checkpoint = true\n");
  return file;
}
