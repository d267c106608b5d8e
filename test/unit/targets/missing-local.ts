// Read by typed-references.test.ts through the TypeScript compiler: a reference to a local that libvirt.tf does
// not define must not compile, and one it defines must.
import { local } from "../../../generator/targets/libvirt-0.8/locals";

// @ts-expect-error: libvirt.tf defines no local of this name
export const misspelt = local("chucky_range_start");
export const defined = local("chucky_range_start_host");
