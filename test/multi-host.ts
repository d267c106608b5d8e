// Labs on several hypervisors, built in the tests: no fixture spans several hosts, since the real-libvirt tier
// applies every fixture on one libvirt host.
import { compile } from "../generator/compile";
import type { Cluster } from "../generator/model/model";
import type { Lab } from "../generator/lab/lab";

/** A hypervisor entry of the spec, reached over ssh, its underlay address ending in its name's last digit. */
export const hypervisor = (name: string, more: Record<string, unknown> = {}) => ({
  name,
  connection: { mode: "uri", uri: `qemu+ssh://root@${name}.example.com/system` },
  underlay_address: `198.51.100.${name.slice(-1)}`,
  ...more,
});

export interface MultiHostLab {
  readonly cluster: Cluster;
  readonly lab: Lab;
  readonly files: ReadonlyMap<string, string>;
}

/** A spec that compiles without errors, or an error naming its findings. */
export function compileLab(spec: Record<string, unknown>, source = "multi-host.json"): MultiHostLab {
  const { cluster, lab, files, findings } = compile(spec, source);
  if (!cluster || !lab || !files) throw new Error(`the spec was rejected: ${JSON.stringify(findings)}`);
  return { cluster, lab, files };
}
