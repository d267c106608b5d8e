// Finds the stand-in's data files (the .proto files and the schema JSON) at
// run time. From source they sit one level above src/; from the bundle in
// dist/ they sit in ../libvirt-provider-standin/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface Assets {
  protoFiles: string[];
  schema: unknown;
  sdkRaw: unknown;
}

const MARKER = "tfplugin5.proto";

function assetRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, ".."),
    resolve(here, "..", "libvirt-provider-standin"),
    resolve(here, "libvirt-provider-standin"),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, MARKER)));
  if (!found) throw new Error(`cannot find ${MARKER}; looked in ${candidates.join(", ")}`);
  return found;
}

export function loadAssets(root = assetRoot()): Assets {
  const readJson = (name: string): unknown => JSON.parse(readFileSync(join(root, "schema", name), "utf8"));
  return {
    protoFiles: [join(root, "tfplugin5.proto"), join(root, "grpc_controller.proto")],
    schema: readJson("libvirt-0.8.3.schema.json"),
    sdkRaw: readJson("libvirt-0.8.3.sdk-raw.json"),
  };
}
