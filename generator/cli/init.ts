// `gen-infra init [name]`: a starter spec with "$schema" and every key at its default, for a lab of a currently
// supported OpenShift release (where `{}` keeps the seed's 2022 lab), ready to edit.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { specSchema } from "../input/spec";
import { scaffoldRelease } from "../releases";
import type { Io } from "./io";

/**
 * The JSON Schema shipped with gen-infra, wherever it is installed: beside dist/ for the bundle (one level below
 * the package), beside generator/cli/ from source (two levels).
 */
const shippedSchema = [
  new URL("../schema/gen-infra.schema.json", import.meta.url),
  new URL("../../schema/gen-infra.schema.json", import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((file) => existsSync(file))!;

export function starterSpec(specFile: string, clusterName: string | undefined): string {
  const relative = path
    .relative(path.dirname(path.resolve(specFile)), shippedSchema)
    .split(path.sep)
    .join("/");
  // As labs are built today: a current release on a RHEL 9 provision VM, and UEFI nodes, the installer's default.
  const defaults = specSchema.parse({
    ...(clusterName ? { cluster_name: clusterName } : {}),
    ocp_version: scaffoldRelease.ocpVersion,
    rhel8_image_location: scaffoldRelease.provisionImage,
    firmware: "uefi",
  });
  return `${JSON.stringify({ $schema: relative.startsWith(".") ? relative : `./${relative}`, ...defaults }, null, 2)}\n`;
}

export async function init(name: string, io: Io): Promise<number> {
  const file = name.endsWith(".json") ? name : `${name}.json`;
  const base = path.basename(file, ".json");
  // A file named like a cluster names the cluster; otherwise the default name stays.
  const clusterName = specSchema.shape.cluster_name.safeParse(base).success && base !== "cluster" ? base : undefined;
  try {
    await writeFile(file, starterSpec(file, clusterName), { flag: "wx" });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === "EEXIST";
    io.stderr.write(
      `gen-infra init: ${exists ? `${file} already exists; it was left as it is` : (error as Error).message}\n`,
    );
    return 1;
  }
  io.stdout.write(
    `wrote ${file}: OpenShift ${scaffoldRelease.ocpVersion} on UEFI nodes, every other key at its default. Edit it, then run: gen-infra ${file}\n`,
  );
  return 0;
}
