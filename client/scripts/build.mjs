// Builds @fifoq/client into dist/: the library by tsc (ESM + .d.ts, no runtime dependencies; the wire contract in
// ../contract is compiled beside it, so dist/ holds client/src/ and contract/), and the CLI by
// esbuild as one file with commander and cli-progress inside, so the published package depends on nothing.
// `npm pack` runs it (prepack).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
// TypeScript 7 exports no subpath for its bin: find it from its package.json.
const tscPackage = require.resolve("typescript/package.json");
const tsc = join(tscPackage, "..", JSON.parse(readFileSync(tscPackage, "utf8")).bin.tsc);
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], {
  cwd: root,
  stdio: ["ignore", 2, 2],
});
const bundled = await build({
  entryPoints: [fileURLToPath(new URL("../src/cli/main.ts", import.meta.url))],
  outfile: fileURLToPath(new URL("../dist/cli.js", import.meta.url)),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  // The SigV4 signer stays an optional peer: imported only when --sigv4 is used.
  external: ["@smithy/signature-v4"],
  // commander is CommonJS and requires Node built-ins; give the ESM bundle a `require`.
  banner: {
    js: "import { createRequire as __fifoqRequire } from 'node:module'; const require = __fifoqRequire(import.meta.url);",
  },
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

/** The package directory of a bundled file under node_modules (scoped or not). */
const packageDir = (input) => {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? join(root, match[1]) : undefined;
};

// The bundled packages' licenses go with the bundle (MIT and ISC ask for their notices to be kept).
const packages = [...new Set(Object.keys(bundled.metafile.inputs).map(packageDir).filter(Boolean))].sort();
const notices = packages.map((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
  const text = file
    ? readFileSync(join(dir, file), "utf8").trim()
    : `${license} (no license file in the package)`;
  return `${name}@${version} (${license})\n\n${text}\n`;
});
writeFileSync(
  join(root, "dist/THIRD-PARTY-LICENSES.txt"),
  `dist/cli.js bundles:\n\n${notices.join("\n---\n\n")}`,
);
process.stderr.write("built client/dist (library, types, cli.js)\n");
