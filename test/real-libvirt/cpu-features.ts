// Whether a running domain's vCPU is x86-64-v2 where RHEL 9 and current RHCOS need it: SSE4.2 and POPCNT. Asked
// twice, of libvirt and of QEMU. libvirt's live XML expands a started host-model CPU into mode 'custom' with a
// named model and the features it adds or removes; the model's own features are in libvirt's CPU map. QEMU
// answers for the vCPU object the guest really has (QMP qom-get of its feature properties). QEMU's default model
// without a <cpu> element, qemu64, has neither feature.
import type { Sandbox } from "./sandbox";

/** The x86-64-v2 features the test asks about, as libvirt and QEMU both name them. */
type V2Feature = "sse4.2" | "popcnt";

/** libvirt's CPU map: one file per x86 model. */
const CPU_MAP = "/usr/share/libvirt/cpu_map";

interface LiveCpu {
  /** <domain type=…>. */
  type: string | null;
  /** <cpu mode=…>: 'custom' once libvirt expanded host-model. */
  mode: string | null;
  model: string | null;
  /** <feature policy=… name=…/> inside <cpu>. */
  features: Array<{ policy: string; name: string }>;
}

/** The <cpu> element of a domain's live XML. */
function liveCpu(xml: string): LiveCpu {
  const cpu = /<cpu\b[^>]*?(?:\/>|>[\s\S]*?<\/cpu>)/.exec(xml)?.[0] ?? "";
  return {
    type: /<domain type='(\w+)'/.exec(xml)?.[1] ?? null,
    mode: /<cpu [^>]*mode='([\w-]+)'/.exec(cpu)?.[1] ?? null,
    model: /<model[^>]*>([^<]+)<\/model>/.exec(cpu)?.[1] ?? null,
    features: [...cpu.matchAll(/<feature policy='(\w+)' name='([\w.-]+)'\/>/g)].map(([, policy = "", name = ""]) => ({
      policy,
      name,
    })),
  };
}

/** A CPU map file's features, and the models it builds on (`<model name='…'/>` inside the model). */
function mapModel(xml: string): { features: string[]; parents: string[] } {
  return {
    features: [...xml.matchAll(/<feature name='([\w.-]+)'\/>/g)].map((m) => m[1] ?? ""),
    parents: [...xml.matchAll(/^\s+<model name='([\w.-]+)'\/>/gm)].map((m) => m[1] ?? ""),
  };
}

/** The features a CPU has: its model's (with the models it builds on), plus those required, minus those disabled. */
function effectiveFeatures(cpu: LiveCpu, modelFeatures: readonly string[]): Set<string> {
  const features = new Set(modelFeatures);
  for (const { policy, name } of cpu.features) {
    if (policy === "require" || policy === "force") features.add(name);
    if (policy === "disable" || policy === "forbid") features.delete(name);
  }
  return features;
}

async function modelFeatures(sandbox: Sandbox, model: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(model)) return [];
  seen.add(model);
  const { features, parents } = mapModel((await sandbox.run("cat", [`${CPU_MAP}/x86_${model}.xml`])).stdout);
  const inherited = await Promise.all(parents.map((parent) => modelFeatures(sandbox, parent, seen)));
  return [...features, ...inherited.flat()];
}

/** One QMP command through libvirt, its `return` value. */
async function qmp(sandbox: Sandbox, domain: string, command: object): Promise<unknown> {
  const out = await sandbox.virsh("qemu-monitor-command", domain, JSON.stringify(command));
  return (JSON.parse(out) as { return: unknown }).return;
}

export interface V2Evidence {
  type: string | null;
  mode: string | null;
  model: string | null;
  /** Each feature as libvirt's live definition and CPU map give it. */
  fromXml: Record<V2Feature, boolean>;
  /** Each feature as QEMU's first vCPU object has it. */
  fromQemu: Record<V2Feature, boolean>;
}

/** What libvirt and QEMU say of a running domain's SSE4.2 and POPCNT. */
export async function x86_64v2Evidence(sandbox: Sandbox, domain: string): Promise<V2Evidence> {
  const cpu = liveCpu(await sandbox.virsh("dumpxml", domain));
  const features = effectiveFeatures(cpu, cpu.model === null ? [] : await modelFeatures(sandbox, cpu.model));
  const [first] = (await qmp(sandbox, domain, { execute: "query-cpus-fast" })) as Array<{ "qom-path": string }>;
  if (first === undefined) throw new Error(`${domain} has no vCPU`);
  const inQemu = async (feature: V2Feature): Promise<boolean> =>
    (await qmp(sandbox, domain, {
      execute: "qom-get",
      arguments: { path: first["qom-path"], property: feature },
    })) === true;
  return {
    type: cpu.type,
    mode: cpu.mode,
    model: cpu.model,
    fromXml: { "sse4.2": features.has("sse4.2"), popcnt: features.has("popcnt") },
    fromQemu: { "sse4.2": await inQemu("sse4.2"), popcnt: await inQemu("popcnt") },
  };
}
