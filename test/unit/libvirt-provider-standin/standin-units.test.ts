// The stand-in provider's value handling without Terraform: the msgpack
// wire form of unknowns, and SDK-style planning against the real schema.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadAssets } from "../../../libvirt-provider-standin/src/assets";
import { type CtyObject, UNKNOWN } from "../../../libvirt-provider-standin/src/cty";
import { decodeDynamic, encodeDynamic } from "../../../libvirt-provider-standin/src/msgpack-codec";
import { planChange } from "../../../libvirt-provider-standin/src/plan";
import { resolveUnknowns } from "../../../libvirt-provider-standin/src/resolve";
import { buildProviderSchema } from "../../../libvirt-provider-standin/src/schema-model";
import { conformBlock } from "../../../libvirt-provider-standin/src/state-upgrade";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const assets = loadAssets(path.join(root, "libvirt-provider-standin"));
const schema = buildProviderSchema(assets.schema, assets.sdkRaw);
const domain = schema.resources.get("libvirt_domain")!.block;
const volume = schema.resources.get("libvirt_volume")!.block;

const msgpack = (hex: string) => ({ msgpack: Buffer.from(hex.replace(/\s+/g, ""), "hex") });

describe("msgpack values", () => {
  test("an unknown is written as extension 0 with one zero byte", () => {
    expect(encodeDynamic(UNKNOWN).msgpack?.toString("hex")).toBe("d40000");
  });

  test("every extension type reads as unknown, including refined unknowns (type 12)", () => {
    // {"a": ext0, "b": ext12 carrying the map {1: true}}
    expect(decodeDynamic(msgpack("82 a161 d40000 a162 c7030c 8101c3"))).toEqual({ a: UNKNOWN, b: UNKNOWN });
  });

  test("objects survive a round trip", () => {
    const value = { name: "x", size: 21474836480, ratio: 0.5, on: true, tags: ["a"], none: null };
    expect(decodeDynamic(encodeDynamic(value))).toEqual(value);
  });
});

/** A domain as its state would hold it: every attribute present, defaults filled. */
function domainState(extra: Record<string, unknown>): CtyObject {
  const config = conformBlock(domain, { name: "vm", ...extra });
  const planned = planChange(domain, null, config, config).planned;
  return resolveUnknowns("libvirt_domain", domain, planned) as CtyObject;
}

describe("planning like SDKv2", () => {
  test("create: defaults filled, computed attributes and id unknown", () => {
    const config = conformBlock(domain, {
      name: "vm",
      network_interface: [{ network_name: "lab" }],
      graphics: [{ type: "vnc" }],
    });
    const { planned, requiresReplace } = planChange(domain, null, config, config);
    expect(requiresReplace).toEqual([]);
    expect(planned).toMatchObject({ id: UNKNOWN, memory: 512, vcpu: 1, running: true, type: "kvm", arch: UNKNOWN });
    expect((planned as CtyObject)["network_interface"]).toEqual([
      expect.objectContaining({ network_name: "lab", mac: UNKNOWN, network_id: UNKNOWN, bridge: null }),
    ]);
    expect((planned as CtyObject)["graphics"]).toEqual([
      { type: "vnc", autoport: true, listen_type: "none", listen_address: "127.0.0.1", websocket: null },
    ]);
  });

  test("update: prior computed values kept, a MAC differing only in case is no change", () => {
    const prior = domainState({ network_interface: [{ network_name: "lab", mac: "52:54:00:AA:BB:CC" }] });
    const config = conformBlock(domain, {
      name: "vm",
      network_interface: [{ network_name: "lab", mac: "52:54:00:aa:bb:cc" }],
    });
    // Core's proposal: config values, with prior values where computed attributes are unset.
    const proposed: CtyObject = { ...config };
    for (const name of ["id", "arch", "machine", "emulator", "autostart"]) proposed[name] = prior[name] ?? null;
    const { planned, requiresReplace } = planChange(domain, prior, proposed, config);
    expect(requiresReplace).toEqual([]);
    expect(planned).toEqual(prior);
  });

  test("a changed ForceNew argument asks for replacement and re-plans computed values", () => {
    const prior = domainState({});
    const config = conformBlock(domain, { name: "vm", memory: 2048 });
    const { planned, requiresReplace } = planChange(domain, prior, { ...config, id: prior["id"] ?? null }, config);
    expect(requiresReplace).toEqual([["memory"]]);
    expect(planned).toMatchObject({ memory: 2048, id: UNKNOWN });
  });

  test("apply fills unknowns with plausible values", () => {
    const state = domainState({ network_interface: [{ network_name: "lab" }] });
    expect(state["id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((state["network_interface"] as CtyObject[])[0]?.["mac"]).toMatch(/^52:54:00(:[0-9A-F]{2}){3}$/);
    const disk = conformBlock(volume, { name: "root.qcow2" });
    const created = resolveUnknowns("libvirt_volume", volume, planChange(volume, null, disk, disk).planned);
    expect(created).toMatchObject({ id: "/var/lib/libvirt/images/root.qcow2", pool: "default", format: "qcow2" });
  });
});
