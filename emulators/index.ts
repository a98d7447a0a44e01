/** `pulumi-sessions/emulators`: start the local emulators from your own tests or CI. */
export * from "./core";
export { startAll, describe, DEFAULT_PORTS, type EmulatorsInfo, type StartAllOptions, type StartedEmulators } from "./launch";
export { startIbmQuantumEmulator, ibmQuantumEmulator, IBM_DEMO } from "./ibm-quantum";
export { startDeepnoteEmulator, deepnoteEmulator, DEEPNOTE_DEMO } from "./deepnote";
export { startOciAidpEmulator, ociAidpEmulator, OCI_DEMO } from "./oci-aidp";
