// Reads Arrow IPC *stream* files (as `synth export hf` writes them) with the
// JS apache-arrow package and checks the total row count and that the
// huggingface features survived: node stream.mjs ROWS FILE...
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";

const [want, ...files] = process.argv.slice(2);
if (!want || files.length === 0) {
  console.error("usage: node stream.mjs ROWS FILE...");
  process.exit(2);
}
let rows = 0;
for (const f of files) {
  const bytes = readFileSync(f);
  if (bytes.subarray(0, 6).toString() === "ARROW1") {
    console.error(`${f}: IPC file format, want a stream`);
    process.exit(1);
  }
  const t = tableFromIPC(bytes);
  const hf = JSON.parse(t.schema.metadata.get("huggingface") ?? "{}");
  if (hf?.info?.features?.image?._type !== "Image") {
    console.error(`${f}: huggingface features missing or wrong`);
    process.exit(1);
  }
  rows += t.numRows;
}
if (rows !== Number(want)) {
  console.error(`streams hold ${rows} rows, want ${want}`);
  process.exit(1);
}
console.log(`stream: ${files.length} file(s), ${rows} rows, huggingface features present: OK`);
