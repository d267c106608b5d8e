// `hypervisors`: a list of one is today's lab on one host, file for file; a longer list is placed, checked and
// written, unless the target builds on fewer hosts.
import path from "node:path";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";
import { formatFinding } from "../../../generator/findings";
import { fixtures } from "../../helpers";
import { hypervisor } from "../../multi-host";
import { libvirt08 } from "../../../generator/targets/libvirt-0.8";

/** The spec's one host as a hypervisors list of one: its connection and its size moved into the entry. */
function asListOfOne(raw: Record<string, unknown>): Record<string, unknown> {
  const { connection, hypervisor, ...rest } = raw;
  const entry = {
    name: "kvm1",
    ...(connection === undefined ? {} : { connection }),
    ...(hypervisor === undefined ? {} : { capacity: hypervisor }),
  };
  return { ...rest, hypervisors: [entry] };
}

/** README.md quotes the spec as written, which is the one difference a list of one makes. */
const withoutQuotedSpec = (readme: string) => readme.replace(/```json\n[\s\S]*?\n```/, "```json```");

describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s", (_name, fixture) => {
  test("as a hypervisors list of one, it writes the same files", async () => {
    const loaded = await loadSpec(fixture.file);
    if (!loaded.ok) throw new Error("the fixture loads");
    const raw = loaded.raw as Record<string, unknown>;
    const source = path.basename(fixture.file);
    const single = compile(raw, source, { files: loaded.files });
    const listed = compile(asListOfOne(raw), source, { files: loaded.files });
    expect(listed.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([]);
    const files = [...single.files!.keys()];
    expect([...listed.files!.keys()]).toEqual(files);
    for (const name of files) {
      const [a, b] = [single.files!.get(name)!, listed.files!.get(name)!];
      if (name === "README.md") expect(withoutQuotedSpec(b)).toBe(withoutQuotedSpec(a));
      else expect([name, b]).toEqual([name, a]);
    }
  });
});

test.each([2, 3])("a lab on %i hypervisors passes the rules and is written", (count) => {
  const hosts = ["kvm1", "kvm2", "kvm3"].slice(0, count).map((name) => hypervisor(name));
  const compiled = compile({ hypervisors: hosts }, "several.json");
  expect(compiled.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([]);
  expect(compiled.files?.get("libvirt.tf")).toContain(`alias = "kvm${count}"`);
});

test("a target that builds on fewer hypervisors refuses the lab, naming it", () => {
  const hosts = ["kvm1", "kvm2"].map((name) => hypervisor(name));
  const compiled = compile({ hypervisors: hosts }, "several.json", { target: { ...libvirt08, hypervisorsAtMost: 1 } });
  expect(compiled.files).toBeUndefined();
  expect(compiled.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([
    `error: hypervisors (given ${JSON.stringify(hosts.map((h) => h.name))}): lists 2 hypervisors, but the libvirt-0.8 target writes a lab on at most 1\n    fix: list at most 1`,
  ]);
});
