// Plausible values for what the real provider would learn from libvirt.
// They are derived from a hash of the object's known arguments, so the same
// configuration always produces the same ids, MACs and bridge names, which
// keeps test output and plan diffs reproducible.
import { createHash } from "node:crypto";
import { type CtyObject, type CtyType, type CtyValue, field, stableText } from "./cty";

export interface FakeRequest {
  typeName: string;
  /** Attribute path from the resource root, element indexes included. */
  path: readonly (string | number)[];
  type: CtyType;
  /** The whole resource object as planned. */
  resource: CtyObject;
  /** The object that directly holds the attribute. */
  parent: CtyObject;
}

function digest(...parts: string[]): Buffer {
  return createHash("sha256").update(parts.join("\u0000")).digest();
}

function seedOf(request: FakeRequest, salt = ""): Buffer {
  return digest(request.typeName, stableText(request.resource), request.path.join("."), salt);
}

function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  // Version 4 and RFC 4122 variant bits, so the id passes as an ordinary random UUID.
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** libvirt's own prefix for locally administered guest MACs; stored upper-case like the provider does. */
function macFrom(bytes: Buffer): string {
  const tail = [...bytes.subarray(0, 3)].map((x) => x.toString(16).padStart(2, "0"));
  return ["52", "54", "00", ...tail].join(":").toUpperCase();
}

function stringAt(value: CtyObject, name: string, fallback: string): string {
  const found = field(value, name);
  return typeof found === "string" && found !== "" ? found : fallback;
}

/** Where the provider would put a volume: libvirt's stock "default" pool, or a pool directory. */
function poolPath(resource: CtyObject): string {
  const pool = stringAt(resource, "pool", "default");
  return pool === "default" ? "/var/lib/libvirt/images" : `/var/lib/libvirt/pools/${pool}`;
}

/** cloudinit/ignition/combustion ids are "<volume key>;<uuid>"; the domain parses the key back out. */
function isoId(request: FakeRequest): string {
  return `${poolPath(request.resource)}/${stringAt(request.resource, "name", "disk.iso")};${uuidFrom(seedOf(request))}`;
}

type Rule = (request: FakeRequest) => CtyValue;

const uuid: Rule = (request) => uuidFrom(seedOf(request));

/** Rules by resource type, then by attribute path with element indexes left out. */
const RULES: Record<string, Record<string, Rule>> = {
  libvirt_domain: {
    id: uuid,
    arch: () => "x86_64",
    machine: () => "pc",
    emulator: () => "/usr/bin/qemu-system-x86_64",
    autostart: () => false,
    "cpu.mode": () => "custom",
    "disk.wwn": (r) => `05abcd${seedOf(r).toString("hex").slice(0, 10)}`,
    "network_interface.mac": (r) => macFrom(seedOf(r)),
    "network_interface.network_id": (r) => uuidFrom(digest("network", stringAt(r.parent, "network_name", "default"))),
    "network_interface.network_name": (r) => (field(r.parent, "bridge") === null ? "default" : null),
    "network_interface.hostname": () => "",
    // Addresses come from DHCP leases or the guest agent; a fresh stand-in domain has neither.
    "network_interface.addresses": () => [],
    "nvram.file": (r) => `/var/lib/libvirt/qemu/nvram/${stringAt(r.resource, "name", "domain")}_VARS.fd`,
    "nvram.template": () => "",
  },
  libvirt_network: {
    id: uuid,
    autostart: () => false,
    // libvirt numbers its bridges virbr0, virbr1, ...; virbr0 belongs to the stock "default" network.
    bridge: (r) => `virbr${1 + (seedOf(r).readUInt16BE(0) % 254)}`,
    "dhcp.enabled": () => false,
  },
  libvirt_volume: {
    id: (r) => `${poolPath(r.resource)}/${stringAt(r.resource, "name", "volume")}`,
    format: () => "qcow2",
    size: () => 10 * 1024 ** 3,
  },
  libvirt_cloudinit_disk: { id: isoId },
  libvirt_ignition: { id: isoId },
  libvirt_combustion: { id: isoId },
  libvirt_pool: {
    id: uuid,
    allocation: () => 0,
    capacity: () => 100 * 1024 ** 3,
    available: () => 100 * 1024 ** 3,
    "target.path": (r) => `/var/lib/libvirt/pools/${stringAt(r.resource, "name", "pool")}`,
  },
  libvirt_node_info: {
    cpu_model: () => "x86_64",
    cpu_sockets: () => 1,
    cpu_cores_per_socket: () => 8,
    cpu_threads_per_core: () => 2,
    cpu_cores_total: () => 16,
    memory_total_kb: () => 64 * 1024 * 1024,
    numa_nodes: () => 1,
  },
};

/**
 * The template data sources render their own arguments as a string map;
 * reproduce that for any `rendered` map.
 */
function rendered(request: FakeRequest): CtyValue {
  const out: CtyObject = {};
  for (const [name, value] of Object.entries(request.parent)) {
    if (name !== "id" && name !== "rendered" && typeof value === "string") out[name] = value;
  }
  return out;
}

/** A value of the right type when no rule says better. */
function byType(type: CtyType, request: FakeRequest): CtyValue {
  switch (type.kind) {
    case "string":
      return `${String(request.path[request.path.length - 1] ?? "value")}-${seedOf(request).toString("hex").slice(0, 8)}`;
    case "number":
      return 0;
    case "bool":
      return false;
    case "dynamic":
      return null;
    case "list":
    case "set":
      return [];
    case "map":
      return {};
    case "object": {
      const out: CtyObject = {};
      for (const [name, attrType] of Object.entries(type.attributes)) {
        out[name] = byType(attrType, { ...request, path: [...request.path, name] });
      }
      return out;
    }
    case "tuple":
      return type.elements.map((t, i) => byType(t, { ...request, path: [...request.path, i] }));
  }
}

export function fakeValue(request: FakeRequest): CtyValue {
  const key = request.path.filter((step) => typeof step === "string").join(".");
  const rule = RULES[request.typeName]?.[key];
  if (rule) return rule(request);
  if (key === "id") return uuid(request);
  if (key.endsWith("rendered") && request.type.kind === "map") return rendered(request);
  return byType(request.type, request);
}
