// The lab description is what every target builds from, so it holds nothing of one target and nothing of the spec's
// own shape. Read through the TypeScript compiler: no property of the Lab type, however deep, is named after a
// libvirt object (libvirt…, bridge, volume…) or is the spec, by name or by shape.
import path from "node:path";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { root } from "../helpers";
import { programWithText } from "../typescript-program";

const labModule = path.join(root, "generator/lab/lab.ts");
const targetWords = /libvirt|bridge|volume/i;
/** Keys only the spec object has together: a type with both is the raw spec, whatever it is called. */
const specShape = ["chucky_net_addr", "number_of_workers"];

/** What is wrong with the type named Lab in the module text given for generator/lab/lab.ts. */
function labTypeViolations(text: string): string[] {
  const program = programWithText(labModule, text);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(labModule)!;
  const module = checker.getSymbolAtLocation(source);
  const labSymbol = module && checker.getExportsOfModule(module).find((s) => s.name === "Lab");
  if (!labSymbol) return ["no type named Lab"];
  const found: string[] = [];
  const seen = new Set<ts.Type>();
  const walk = (type: ts.Type, where: string): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnion() || type.isIntersection()) return type.types.forEach((t) => walk(t, where));
    const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    if (element && checker.isArrayLikeType(type)) return walk(element, `${where}[]`);
    const properties = checker.getPropertiesOfType(type);
    if (specShape.every((key) => properties.some((p) => p.name === key))) found.push(`${where} is the spec`);
    for (const property of properties) {
      const at = `${where}.${property.name}`;
      if (targetWords.test(property.name)) found.push(`${at} is named after a libvirt object`);
      if (property.name === "spec") found.push(`${at} holds the spec`);
      if (type.getSymbol()?.getName() === "__object" || type.getSymbol()?.declarations?.some(isOurs))
        walk(checker.getTypeOfSymbolAtLocation(property, source), at);
    }
  };
  walk(checker.getDeclaredTypeOfSymbol(labSymbol), "Lab");
  return found;
}

/** Types declared in the generator: the walk does not descend into the library's (string's methods, …). */
const isOurs = (declaration: ts.Declaration) => !declaration.getSourceFile().fileName.includes("node_modules");

test("the Lab type holds no libvirt name and no raw spec", () => {
  expect(labTypeViolations(readFileSync(labModule, "utf8"))).toEqual([]);
});

const imports = 'import type { Spec } from "../input/spec";\n';
test.each([
  ["a clean lab", "export interface Lab { readonly nodes: readonly { name: string }[] }", []],
  [
    "the spec by name",
    `${imports}export interface Lab { readonly spec: Spec }`,
    ["Lab.spec holds the spec", "Lab.spec is the spec"],
  ],
  ["the spec under another name", `${imports}export interface Lab { readonly raw: Spec }`, ["Lab.raw is the spec"]],
  [
    "a libvirt name deep inside",
    "export interface Lab { readonly nodes: readonly { nics: { libvirtNetwork: string }[] }[] }",
    ["Lab.nodes[].nics[].libvirtNetwork is named after a libvirt object"],
  ],
  [
    "a bridge",
    "export interface Lab { readonly networks: readonly { bridge: string }[] }",
    ["Lab.networks[].bridge is named after a libvirt object"],
  ],
])("the check itself: %s", (_what, text, want) => {
  expect(labTypeViolations(text)).toEqual(want);
});
