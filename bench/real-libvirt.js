// Times init, apply, the second plan and destroy of out/default and out/workers-128 with the real libvirt
// provider, in the real-libvirt tests' sandbox. Usage: npm run bench:real. Needs what those tests need (root,
// /dev/kvm, Go, Terraform, libvirt and QEMU); the figures are recorded in bench/README.md.
import { register } from "node:module";

register("./ts-hooks.mjs", import.meta.url);
await import("./real-libvirt-run.ts");
