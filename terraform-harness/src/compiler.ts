// All the harness takes from the compiler, in one place: the provider release the generated HCL pins (the stand-in
// is installed under its names, and plans are read by its types) and HCL's string quoting (for the override file the
// harness writes). Both are plain data and a pure function, so verify's bundle carries them and nothing else of the
// compiler; and the compiler never imports the harness (test/unit/layers.test.ts).
export { provider } from "../../generator/targets/libvirt-0.8/provider";
export { hclString } from "../../generator/syntax/hcl";
