#!/usr/bin/env node
// npm run package: the release assets, in dist/release/:
//   pulumi-resource-sessions-v<version>-linux-amd64.tar.gz   one self-contained `pulumi-resource-sessions`:
//       the provider plugin bundled by esbuild into one file, made a Node single executable application on the
//       Node this project pins (the `node` devDependency), so no Node is needed on the user's machine
//   pulumi_sessions-<version>-py3-none-any.whl             the Python SDK (sdk/python)
//   terraform-provider-sessions_<version>_linux_amd64.zip  the same executable as OpenTofu/Terraform install
//       providers (named terraform-provider-sessions_v<version>; started by them it serves their protocol),
//       with terraform-provider-sessions_<version>_SHA256SUMS beside it
//   mirror/<registry host>/pulumi-sessions/sessions/…zip   that zip as a provider filesystem mirror (OpenTofu's
//       and Terraform's registry hosts), for `provider_installation { filesystem_mirror { … } }`
// One version source: package.json (the schema, the SDKs and the executable take it from there).
// Only linux-amd64 is built: it is the platform this can be built and checked on.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const RELEASE = path.join(ROOT, "dist/release");
const WORK = path.join(RELEASE, "work");
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const step = (what) => process.stderr.write(`package: ${what}\n`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], ...opts });

/** The self-contained plugin executable at `out`. */
async function buildPlugin(out) {
  fs.mkdirSync(WORK, { recursive: true });
  const bundle = path.join(WORK, "pulumi-resource-sessions.js");
  step("bundling the provider plugin (esbuild)");
  await require("esbuild").build({
    entryPoints: [path.join(ROOT, "provider/cmd/pulumi-resource-sessions/main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node24",
    format: "cjs",
    minify: true,
    keepNames: true,
    legalComments: "none",
    logLevel: "warning",
    define: { __PS_BUNDLED__: "true", __PS_VERSION__: JSON.stringify(version) },
  });
  // A Node single executable application: the bundle (and V8's code cache for it) injected into a copy of
  // the pinned Node binary (https://nodejs.org/api/single-executable-applications.html).
  step("making it a single executable on Node " + execFileSync(nodeBinary(), ["--version"], { encoding: "utf8" }).trim());
  const blob = path.join(WORK, "sea-prep.blob");
  const config = path.join(WORK, "sea-config.json");
  fs.writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
  run(nodeBinary(), ["--experimental-sea-config", config], { stdio: "ignore" });
  fs.copyFileSync(nodeBinary(), out);
  fs.chmodSync(out, 0o755);
  // The pinned binary carries its debug info; the executable does not need it.
  try {
    run("strip", ["--strip-debug", out], { stdio: "ignore" });
  } catch {
    step("strip failed or is missing: the executable keeps Node's debug info (larger, same behaviour)");
  }
  run(process.execPath, [require.resolve("postject/dist/cli.js"), out, "NODE_SEA_BLOB", blob, "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2"], { stdio: ["ignore", "ignore", "inherit"] });
}

/** The Node this project pins (node_modules/.bin/node, the `node` devDependency). */
function nodeBinary() {
  return fs.realpathSync(path.join(ROOT, "node_modules/.bin/node"));
}

function buildWheel() {
  step("building the Python wheel (sdk/python)");
  const python = process.env.PYTHON ?? "python3";
  run(python, ["-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", RELEASE, path.join(ROOT, "sdk/python")]);
  // pip builds in the source tree: leave it as generated.
  for (const d of ["build", "pulumi_sessions.egg-info"]) fs.rmSync(path.join(ROOT, "sdk/python", d), { recursive: true, force: true });
}

/** The names OpenTofu and Terraform look for (https://opentofu.org/docs/cli/config/config-file/#provider-installation). */
const TF_HOSTS = ["registry.opentofu.org", "registry.terraform.io"];
const TF_NAMESPACE = "pulumi-sessions";
const TF_TYPE = "sessions";

/**
 * The release zip of the Terraform-protocol provider: one file, executable (the mode is kept in the
 * zip's Unix attributes, which OpenTofu restores), plus its SHA256SUMS and a filesystem mirror.
 */
function buildTerraformProvider(exe) {
  step("zipping the OpenTofu/Terraform provider");
  const zipName = `terraform-provider-${TF_TYPE}_${version}_linux_amd64.zip`;
  const zip = path.join(RELEASE, zipName);
  const python = process.env.PYTHON ?? "python3";
  const script = [
    "import sys, zipfile",
    "out, src, name = sys.argv[1:]",
    "info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))",
    "info.create_system = 3",
    "info.external_attr = 0o100755 << 16",
    "info.compress_type = zipfile.ZIP_DEFLATED",
    "with zipfile.ZipFile(out, 'w') as z, open(src, 'rb') as f: z.writestr(info, f.read(), compresslevel=6)",
  ].join("\n");
  run(python, ["-c", script, zip, exe, `terraform-provider-${TF_TYPE}_v${version}`]);
  const sum = require("node:crypto").createHash("sha256").update(fs.readFileSync(zip)).digest("hex");
  fs.writeFileSync(path.join(RELEASE, `terraform-provider-${TF_TYPE}_${version}_SHA256SUMS`), `${sum}  ${zipName}\n`);
  for (const host of TF_HOSTS) {
    const dir = path.join(RELEASE, "mirror", host, TF_NAMESPACE, TF_TYPE);
    fs.mkdirSync(dir, { recursive: true });
    fs.linkSync(zip, path.join(dir, zipName));
  }
}

async function main() {
  fs.rmSync(RELEASE, { recursive: true, force: true });
  fs.mkdirSync(RELEASE, { recursive: true });
  const exe = path.join(WORK, "pulumi-resource-sessions");
  await buildPlugin(exe);
  const tarball = path.join(RELEASE, `pulumi-resource-sessions-v${version}-linux-amd64.tar.gz`);
  run("tar", ["-czf", tarball, "-C", WORK, "pulumi-resource-sessions"]);
  buildWheel();
  buildTerraformProvider(exe);
  fs.rmSync(WORK, { recursive: true, force: true });
  for (const f of fs.readdirSync(RELEASE).sort()) if (f !== "mirror") process.stdout.write(`${path.join("dist/release", f)}\n`);
  process.stdout.write("dist/release/mirror (a provider filesystem mirror for OpenTofu and Terraform)\n");
}

main().catch((e) => {
  process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
