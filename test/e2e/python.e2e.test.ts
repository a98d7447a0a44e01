import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEEPNOTE_DEMO } from "../../emulators/deepnote";
import { ROOT } from "../support/engine";
import { languageLifecycle } from "../support/language-suite";
import { pythonSdkVenv } from "../support/venvs";

/**
 * A Python program (test/e2e/programs/python) using the generated `pulumi_sessions` package,
 * pip-installed from the release wheel, run by the real CLI through the Python language host
 * and served by the provider plugin.
 */
jest.setTimeout(300_000);

const venv = pythonSdkVenv();
if (!venv) {
  console.warn("Python program e2e skipped: no python3 on this machine (install Python 3.10+ to run it)");
  it.skip("a Python program through the provider plugin", () => undefined);
} else {
  languageLifecycle({
    what: "a Python program",
    program: "python",
    setup: () => {
      // pip install the release wheel as a user would (`npm run package` built it; global setup runs that).
      const release = process.env.PS_RELEASE_DIR ?? path.join(ROOT, "dist/release");
      const wheel = fs.readdirSync(release).find((f) => /^pulumi_sessions-.*\.whl$/.test(f));
      if (!wheel) throw new Error(`no pulumi_sessions wheel in ${release}: run \`npm run package\``);
      execFileSync(path.join(venv, "bin/pip"), ["install", "--disable-pip-version-check", "-q", "--no-deps", "--force-reinstall", path.join(release, wheel)], { stdio: "inherit" });
    },
    // The 3.68 Python host imports the interpreter it finds first: the venv, activated.
    env: () => ({ VIRTUAL_ENV: venv }),
    pathPrefix: () => path.join(venv, "bin"),
    declare: (s, b, shape) =>
      s.setSessions({
        ibm: { kind: "ibm", args: { backend: shape.ibmBackend, poll_interval_ms: 100 } },
        deepnote: { kind: "deepnote", args: { notebook_id: DEEPNOTE_DEMO.notebookId, poll_interval_ms: 100 } },
        oci: { kind: "oci", args: { ai_data_platform_id: b.oci.info.aiDataPlatformId, workspace_key: b.oci.info.workspaceKey, endpoint: b.oci.info.url, path: "Workspace/py.ipynb", poll_interval_ms: 100 } },
        jupyter: { kind: "jupyter", args: { url: b.jupyter.url, path: shape.jupyterPath, poll_interval_ms: 100 } },
      }),
  });
}
