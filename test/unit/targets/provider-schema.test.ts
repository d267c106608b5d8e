// Every attribute and block gen-infra writes exists in dmacvicar/libvirt 0.8.3's schema with the same kind, and
// every required attribute is set: checked statically here, and by real Terraform in the plan tests.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fixtures, parseHcl, readOut, root, type HclJson } from "../../helpers";

interface SchemaBlock {
  attributes?: Record<string, { required?: boolean; optional?: boolean; computed?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock; max_items?: number }>;
}

const schemaFile = path.join(root, "libvirt-provider-standin", "schema", "libvirt-0.8.3.schema.json");
const provider = JSON.parse(readFileSync(schemaFile, "utf8")).provider_schemas[
  "registry.terraform.io/dmacvicar/libvirt"
];
const metaArguments = new Set(["count", "for_each", "depends_on", "lifecycle", "provider"]);

/** Problems with one block body (as hcl2json renders it) against its schema. */
function problems(body: HclJson, schema: SchemaBlock, where: string): string[] {
  const found: string[] = [];
  const attributes = schema.attributes ?? {};
  const blocks = schema.block_types ?? {};
  const bodies = (value: unknown): HclJson[] => (Array.isArray(value) ? value : [value]) as HclJson[];
  for (const [key, value] of Object.entries(body)) {
    if (metaArguments.has(key)) continue;
    if (key === "dynamic") {
      for (const [name, dynamics] of Object.entries(value as Record<string, HclJson[]>)) {
        if (!blocks[name]) found.push(`${where}: dynamic "${name}" is not a block of the schema`);
        else
          for (const d of dynamics)
            for (const content of d.content) found.push(...problems(content, blocks[name].block, `${where}.${name}`));
      }
    } else if (attributes[key]) {
      if (attributes[key].computed && !attributes[key].optional) found.push(`${where}.${key} is computed only`);
    } else if (blocks[key]) {
      const instances = bodies(value);
      if (!instances.every((b) => b !== null && typeof b === "object" && !Array.isArray(b)))
        found.push(`${where}.${key} must be written as a block`);
      if (blocks[key].max_items && instances.length > blocks[key].max_items)
        found.push(`${where}.${key} repeats more than ${blocks[key].max_items}`);
      for (const instance of instances) found.push(...problems(instance, blocks[key].block, `${where}.${key}`));
    } else {
      found.push(`${where}.${key} is not in the schema`);
    }
  }
  for (const [key, attribute] of Object.entries(attributes))
    if (attribute.required && !(key in body)) found.push(`${where}.${key} is required`);
  return found;
}

describe.each(fixtures.map((f) => [f.name, f] as const))("out/%s against the provider schema", (_n, fixture) => {
  test("resources and the provider block use only what dmacvicar/libvirt 0.8.3 has", async () => {
    const hcl = await parseHcl("libvirt.tf", readOut(fixture, "libvirt.tf"));
    const found: string[] = [];
    for (const [type, resources] of Object.entries(hcl.resource as Record<string, Record<string, HclJson[]>>)) {
      expect(provider.resource_schemas[type]).toBeDefined();
      for (const [name, [body]] of Object.entries(resources))
        found.push(...problems(body!, provider.resource_schemas[type].block, `${type}.${name}`));
    }
    found.push(...problems(hcl.provider.libvirt[0], provider.provider.block, "provider.libvirt"));
    expect(found).toEqual([]);
  });
});

test("the checker itself catches an unknown attribute, a block written as an attribute and a missing required one", () => {
  const domain = provider.resource_schemas.libvirt_domain.block;
  expect(problems({ name: "x", bogus_attr: 1 }, domain, "d")).toEqual(["d.bogus_attr is not in the schema"]);
  expect(problems({ name: "x", cpu: "host" }, domain, "d")).toContain("d.cpu must be written as a block");
  expect(problems({ memory: 1 }, domain, "d")).toEqual(["d.name is required"]);
});
