// Validates every .glb file in a directory (recursively) with the Khronos
// glTF validator's validateBytes and prints each file's issues. Exits 1
// when any file has an error (or cannot be read), 2 on bad usage, else 0.
//
//   node tools/gltfvalidate/validate.mjs DIR
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import validator from "gltf-validator";

const severities = ["error", "warning", "info", "hint"];

async function* glbFiles(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* glbFiles(p);
    else if (e.isFile() && e.name.toLowerCase().endsWith(".glb")) yield p;
  }
}

async function main() {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error("usage: node validate.mjs DIR");
    return 2;
  }
  let files = 0, errors = 0, warnings = 0, failed = 0;
  for await (const file of glbFiles(dir)) {
    files++;
    let report;
    try {
      const data = new Uint8Array(await readFile(file));
      report = await validator.validateBytes(data, {
        uri: file,
        maxIssues: 0, // report every issue
        // A GLB is self-contained: any external resource is a finding.
        externalResourceFunction: (uri) =>
          Promise.reject(new Error(`external resource ${uri} in a GLB`)),
      });
    } catch (err) {
      failed++;
      console.log(`${file}: cannot validate: ${err?.message ?? err}`);
      continue;
    }
    const { numErrors, numWarnings, messages } = report.issues;
    errors += numErrors;
    warnings += numWarnings;
    for (const m of messages) {
      if (m.severity <= 1) {
        console.log(`${file}: ${severities[m.severity]} ${m.code} at ${m.pointer ?? "/"}: ${m.message}`);
      }
    }
  }
  console.log(`${files} GLB files: ${errors} errors, ${warnings} warnings, ${failed} unreadable`);
  if (files === 0) {
    console.error(`no .glb file under ${dir}`);
    return 1;
  }
  return errors > 0 || failed > 0 ? 1 : 0;
}

process.exitCode = await main();
