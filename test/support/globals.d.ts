// Tests read JSON from emulators with fetch; typing each body would only restate the emulator.
interface Response {
  json(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
