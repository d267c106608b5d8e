// Just enough reading of libvirt's own XML (dumpxml, net-dumpxml) for the assertions. libvirt writes these
// documents itself, attributes single-quoted, one element per line, so patterns over them are dependable.

interface DomainNic {
  network: string;
  mac: string;
  /** PCI slot number, which decides the guest's ensN name. */
  pciSlot: number | null;
}

interface DomainDisk {
  /** `<disk device=…>`: disk or cdrom. */
  device: string;
  /** The source file, volume or block device, as the document names it. */
  source: string | null;
  /** `<target dev=… bus=…>`: the guest's device name (vda, vdb, hdd, …) and bus. */
  targetDev: string | null;
  bus: string | null;
}

/** `<os><loader>`: the firmware image and how it is mapped. */
interface DomainLoader {
  path: string;
  readonly: string | null;
  type: string | null;
  secure: string | null;
}

/** `<os><nvram>`: the domain's own UEFI variable store and the template libvirt makes it from. */
interface DomainNvram {
  file: string;
  template: string | null;
}

export interface DomainFacts {
  memoryMib: number;
  vcpu: number;
  /** The <cpu mode=…> of the document, or null when it has no <cpu>. */
  cpuMode: string | null;
  /** The <cpu>'s <model>, which libvirt fills in for a definition without <cpu>. */
  cpuModel: string | null;
  nics: DomainNic[];
  /** `<os><boot dev=…/>` in order. */
  bootDevices: string[];
  /** Per-device `<boot order=…/>`, which replace the `<os>` ones (sushy-tools sets them). */
  bootOrders: number[];
  vncListen: string | null;
  /** The type of the VNC `<listen>` element: "address" binds to vncListen only. */
  vncListenType: string | null;
  /** Every `<disk>` in document order, CD-ROMs included. */
  disks: DomainDisk[];
  loader: DomainLoader | null;
  nvram: DomainNvram | null;
}

const attr = (element: string, name: string): string | null =>
  new RegExp(`\\b${name}='([^']*)'`).exec(element)?.[1] ?? null;

export function parseDomain(xml: string): DomainFacts {
  const memory = /<memory unit='(\w+)'>(\d+)<\/memory>/.exec(xml);
  if (!memory) throw new Error("domain XML without <memory>");
  const divisor = { KiB: 1024, MiB: 1, GiB: 1 / 1024 }[memory[1] as "KiB" | "MiB" | "GiB"];
  const vcpu = /<vcpu[^>]*>(\d+)<\/vcpu>/.exec(xml);
  const nics = [...xml.matchAll(/<interface type='network'>([\s\S]*?)<\/interface>/g)].map(([, body = ""]) => {
    const pci = /<address type='pci'[^>]*>/.exec(body)?.[0];
    const slot = pci ? attr(pci, "slot") : null;
    return {
      network: attr(/<source [^>]*>/.exec(body)?.[0] ?? "", "network") ?? "",
      mac: attr(/<mac [^>]*>/.exec(body)?.[0] ?? "", "address") ?? "",
      pciSlot: slot === null ? null : Number.parseInt(slot, 16),
    };
  });
  const disks = [...xml.matchAll(/<disk\b([^>]*)>([\s\S]*?)<\/disk>/g)].map(([, open = "", body = ""]) => {
    const source = /<source\b[^>]*>/.exec(body)?.[0] ?? "";
    const target = /<target\b[^>]*>/.exec(body)?.[0] ?? "";
    return {
      device: attr(open, "device") ?? "",
      source: attr(source, "file") ?? attr(source, "volume") ?? attr(source, "dev"),
      targetDev: attr(target, "dev"),
      bus: attr(target, "bus"),
    };
  });
  const loader = /<loader\b([^>]*?)(?:\/>|>([^<]*)<\/loader>)/.exec(xml);
  const nvram = /<nvram\b([^>]*?)(?:\/>|>([^<]*)<\/nvram>)/.exec(xml);
  const cpu = /<cpu\b[^>]*>/.exec(xml)?.[0];
  const graphics = /<graphics type='vnc'[^>]*>/.exec(xml)?.[0];
  const listen = /<graphics type='vnc'[\s\S]*?<listen\b[^>]*>/.exec(xml)?.[0].replace(/^[\s\S]*<listen/, "<listen");
  return {
    memoryMib: Number(memory[2]) / (divisor ?? Number.NaN),
    vcpu: Number(vcpu?.[1]),
    cpuMode: cpu ? attr(cpu, "mode") : null,
    cpuModel: /<cpu\b[\s\S]*?<model\b[^>]*>([^<]+)<\/model>[\s\S]*?<\/cpu>/.exec(xml)?.[1] ?? null,
    nics,
    bootDevices: [...xml.matchAll(/<boot dev='(\w+)'\/>/g)].map((m) => m[1] ?? ""),
    bootOrders: [...xml.matchAll(/<boot order='(\d+)'\/>/g)].map((m) => Number(m[1])),
    vncListen: graphics ? attr(graphics, "listen") : null,
    vncListenType: listen ? attr(listen, "type") : null,
    disks,
    loader: loader
      ? {
          path: loader[2] ?? "",
          readonly: attr(loader[1] ?? "", "readonly"),
          type: attr(loader[1] ?? "", "type"),
          secure: attr(loader[1] ?? "", "secure"),
        }
      : null,
    nvram: nvram ? { file: nvram[2] ?? "", template: attr(nvram[1] ?? "", "template") } : null,
  };
}

export interface NetworkFacts {
  forwardMode: string | null;
  bridge: string | null;
  addresses: Array<{ address: string; prefix: string | null; netmask: string | null }>;
  dhcp: boolean;
  /** `<dns enable='no'/>`: libvirt runs no DNS server, and so (without DHCP) no dnsmasq, on the network. */
  dnsOff: boolean;
}

export function parseNetwork(xml: string): NetworkFacts {
  const forward = /<forward\b[^>]*>/.exec(xml)?.[0];
  const bridge = /<bridge\b[^>]*>/.exec(xml)?.[0];
  return {
    forwardMode: forward ? (attr(forward, "mode") ?? "nat") : null,
    bridge: bridge ? attr(bridge, "name") : null,
    addresses: [...xml.matchAll(/<ip\b[^>]*>/g)].map(([element]) => ({
      address: attr(element, "address") ?? "",
      prefix: attr(element, "prefix"),
      netmask: attr(element, "netmask"),
    })),
    dhcp: /<dhcp\b/.test(xml),
    dnsOff: /<dns enable='no'\/>/.test(xml),
  };
}
