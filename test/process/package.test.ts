// The packed tarball holds what runs and nothing else, and installed into an empty folder it works:
// `npx gen-infra init && npx gen-infra cluster.json`.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { root, scratchFolders } from "../helpers";

const scratch = scratchFolders("package");
let tarball = "";
let files: string[] = [];

beforeAll(async () => {
  const destination = scratch();
  // The bundles are already built by `npm test`; packing must not rebuild them under the other tests' feet.
  const { stdout } = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
    cwd: root,
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(destination, packed!.filename);
  files = packed!.files.map((f) => f.path).sort();
}, 60_000);

test("the tarball holds the bin, the bundles, the templates, the schemas and the stand-in's data only", () => {
  const allowed =
    /^(package\.json|README\.md|bin\/gen-infra\.cjs|dist\/[^/]+|templates\/(libvirt-0\.8\/(hcl|cloudinit)|report|support)\/[^/]+\.eta|schema\/gen-infra\.schema\.json|libvirt-provider-standin\/([^/]+\.proto|schema\/[^/]+\.json))$/;
  expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  for (const needed of [
    "bin/gen-infra.cjs",
    "dist/gen-infra.cjs",
    "dist/gen-infra-command-line.cjs",
    "dist/gen-infra-verify.cjs",
    "dist/libvirt-provider-standin.cjs",
    "schema/gen-infra.schema.json",
  ]) {
    expect(files).toContain(needed);
  }
  expect(files.some((f) => f.endsWith(".ts"))).toBe(false);
});

test("installed into an empty folder, `npx gen-infra init && npx gen-infra cluster.json` works", async () => {
  const dir = scratch();
  writeFileSync(path.join(dir, "package.json"), '{ "name": "lab", "private": true }\n');
  await execa("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: dir });
  const help = await execa("npx", ["gen-infra", "--help"], { cwd: dir });
  for (const command of ["gen-infra <spec>", "gen-infra init", "gen-infra show", "gen-infra verify", "Examples:"])
    expect(help.stdout).toContain(command);
  await execa("npx", ["gen-infra", "init"], { cwd: dir });
  const spec = JSON.parse(readFileSync(path.join(dir, "cluster.json"), "utf8"));
  expect(spec.$schema).toBe("./node_modules/gen-infra/schema/gen-infra.schema.json");
  expect(existsSync(path.join(dir, spec.$schema))).toBe(true);
  const run = await execa("npx", ["gen-infra", "cluster.json"], { cwd: dir });
  expect(run.stdout).toBe("wrote 14 files to out/ocp4 (3 masters, 3 workers, 2 networks, 144 GiB RAM)");
  expect(readFileSync(path.join(dir, "out", "ocp4", "libvirt.tf"), "utf8")).toContain(
    'resource "libvirt_domain" "master_domains"',
  );
  writeFileSync(path.join(dir, "lab.yaml"), "cluster_name: lab\nnumber_of_workers: 1\n");
  expect((await execa("npx", ["gen-infra", "lab.yaml"], { cwd: dir })).stdout).toContain("out/lab");
}, 180_000);
