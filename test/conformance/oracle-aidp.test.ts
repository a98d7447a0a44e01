import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { startOciAidpEmulator } from "../../emulators/oci-aidp";
import { demoCredentials } from "../../emulators/oci-aidp/demo-key";
import { aidpVenv } from "../support/venvs";
import { tempDir } from "../support/tmp";

/**
 * Oracle's own AI Data Platform client, aidp-python-client (pinned in requirements-aidp.txt),
 * unmodified but for its endpoint, against the OCI emulator: the session operations
 * (aidp_session_ops.py), checked by what the client reports and by what the emulator logged.
 */
const run = promisify(execFile);
const venv = aidpVenv();
const suite = venv ? describe : describe.skip;
if (!venv) console.warn("aidp-python-client conformance suite skipped: no python3 on this machine (install Python 3.10+ to run it)");

suite("Oracle's aidp-python-client against the OCI emulator", () => {
  let emu: Awaited<ReturnType<typeof startOciAidpEmulator>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let seen: Record<string, any>;

  beforeAll(async () => {
    emu = await startOciAidpEmulator({ port: 0, activationDelayMs: 200 });
    const { stdout } = await run(path.join(venv!, "bin", "python"), [path.join(__dirname, "aidp_session_ops.py")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        AIDP_EMULATOR: emu.running.origin,
        OCI_CONFIG_FILE: emu.info.configFile,
        OTHER_OCI_CONFIG_FILE: demoCredentials(tempDir("ps-aidp-other-")).configFile,
        AIDP_PLATFORM: emu.info.aiDataPlatformId,
        AIDP_WORKSPACE: emu.info.workspaceKey,
      },
      timeout: 120_000,
    });
    seen = JSON.parse(stdout.trim().split("\n").pop()!);
  }, 180_000);
  afterAll(() => emu?.running.close());

  const logged = (method: string, pathPart: string) => emu.running.log.filter((e) => e.method === method && e.path.includes(pathPart));

  it("creates a session with a retry token, and answers its replay from the idempotency store", () => {
    expect(seen.create).toMatchObject({ id: expect.any(String), replay_id: seen.create.id, etag: true, state: "CREATING" });
    const posts = logged("POST", "/notebook/api/sessions").filter((e) => e.headers["opc-retry-token"] === "conformance-token-1");
    expect(posts.map((e) => [e.status, e.note ?? ""])).toEqual([
      [201, ""],
      [201, expect.stringMatching(/idempotency store/)],
    ]);
  });

  it("reads the session until it is ACTIVE", () => {
    expect(seen.active).toMatchObject({ state: "ACTIVE", kernel: "python3", etag: expect.any(String) });
  });

  it("gets the existing session back for a create on the same path", () => {
    expect(seen.same_path.id).toBe(seen.create.id);
  });

  it("lists with the path and cluster filters and pages through opc-next-page", () => {
    expect(seen.list.by_path).toEqual(["conformance/b.ipynb"]);
    expect(seen.list.by_cluster).toEqual(["conformance/b.ipynb", "conformance/c.ipynb"]);
    expect(seen.list.first_page).toEqual({ count: 1, next: true });
    expect(seen.list.all_paths).toEqual(["conformance/a.ipynb", "conformance/b.ipynb", "conformance/c.ipynb"]);
  });

  it("accepts query values with reserved characters as the client signed them, and logs the target as received", () => {
    expect(seen.reserved).toEqual({ by_path: ["conformance/a~b*c d+e.ipynb"], with_flow_filter: 0 });
    const asSent = logged("GET", "path=conformance%2Fa~b%2Ac+d%2Be.ipynb");
    expect(asSent.length).toBeGreaterThanOrEqual(2);
    expect(asSent.every((e) => e.status === 200)).toBe(true);
    expect(logged("GET", "agentFlowKey=flow~1%2Ax")).toHaveLength(1);
  });

  it("patches with the current etag and is refused 412 NoEtagMatch with a stale one", () => {
    expect(seen.patch).toEqual({ name: "renamed", etag_changed: true });
    expect(seen.stale_etag).toEqual({ status: 412, code: "NoEtagMatch" });
  });

  it("deletes the session (204), after which it is 404", () => {
    expect(seen.delete).toEqual({ status: 204 });
    expect(seen.after_delete).toEqual({ status: 404, code: "NotAuthorizedOrNotFound" });
  });

  it("refuses a key the tenancy does not know with 401 NotAuthenticated", () => {
    expect(seen.wrong_key).toEqual({ status: 401, code: "NotAuthenticated" });
  });
});
