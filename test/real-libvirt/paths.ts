// Where the project's files are, for the real-libvirt tier. Kept apart from test/helpers.ts, whose imports load
// the whole compiler: these tests only need the built CLI and the committed outputs.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const bin = path.join(root, "bin", "gen-infra.cjs");

/**
 * Every fixture gen-infra accepts, by its out/ folder name: the files directly in fixtures/ (fixtures/invalid/
 * and fixtures/installer/ are folders), the extension dropped for JSON and appended as `-<ext>` otherwise.
 */
export const acceptedFixtures: readonly string[] = readdirSync(path.join(root, "fixtures"))
  .filter((file) => /\.(json|ya?ml|vars|tfvars)$/.test(file))
  .map((file) => {
    const extension = path.extname(file);
    const base = path.basename(file, extension);
    return extension === ".json" ? base : `${base}-${extension.slice(1)}`;
  })
  .sort();
