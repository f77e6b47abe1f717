#!/usr/bin/env node
// check.mjs reads a synthkit shard with the JS apache-arrow package, an
// Arrow implementation independent of the arrow-go writer, and checks it
// against expectations given on the command line.
//
//   node check.mjs SHARD.arrow ROWS [--columns a,b,...] [--bbox x,y,w,h] [--first-index N]
//
// It prints the row count, the columns with their Arrow types, and the
// first bbox of the first row that has an object, then exits 0 when:
//   - the file parses and holds ROWS rows;
//   - the columns are exactly --columns (default: the full schema,
//     index,seed,image,depth,instances,objects,camera) in that order, with
//     the types synthkit writes;
//   - the "huggingface" schema metadata is JSON whose features name the
//     same columns, and the "synthkit" metadata is JSON;
//   - index counts up by one from --first-index (default: its first value);
//   - every image/depth/instances value is a PNG (or a JPEG for image);
//   - with --bbox, the first bbox equals x,y,w,h.
// Otherwise it prints what differs and exits 1 (2 for bad usage).
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";

const FULL = ["index", "seed", "image", "depth", "instances", "objects", "camera"];
const IMAGE = "Struct<{bytes:Binary, path:Utf8}>";
const F64LIST = "List<Float64>";
const TYPES = {
  index: "Int64",
  seed: "Uint64",
  image: IMAGE,
  depth: IMAGE,
  instances: IMAGE,
  objects:
    "List<Struct<{id:Uint32, category:Utf8, category_id:Int32, bbox:" + F64LIST +
    ", bbox_amodal:" + F64LIST + ", area:Int64, visible_fraction:Float64, truncated:Bool, rle:Utf8, pose:" +
    F64LIST + ", keypoints:" + F64LIST + "}>>",
  camera: "Struct<{fx:Float64, fy:Float64, cx:Float64, cy:Float64, width:Int32, height:Int32, pose:" + F64LIST + "}>",
};

function usage(msg) {
  console.error(`arrowcheck: ${msg}`);
  console.error("usage: node check.mjs SHARD.arrow ROWS [--columns a,b,...] [--bbox x,y,w,h] [--first-index N]");
  process.exit(2);
}

const args = process.argv.slice(2);
const positional = [];
const opts = {};
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith("--")) {
    if (i + 1 >= args.length) usage(`${args[i]} needs a value`);
    opts[args[i].slice(2)] = args[++i];
  } else {
    positional.push(args[i]);
  }
}
if (positional.length !== 2) usage("want a shard file and a row count");
for (const k of Object.keys(opts)) {
  if (!["columns", "bbox", "first-index"].includes(k)) usage(`unknown option --${k}`);
}
const [path, rowsArg] = positional;
const wantRows = Number(rowsArg);
if (!Number.isInteger(wantRows) || wantRows < 0) usage(`bad row count ${rowsArg}`);
const wantCols = opts.columns ? opts.columns.split(",") : FULL;
const wantBBox = opts.bbox ? opts.bbox.split(",").map(Number) : null;
if (wantBBox && (wantBBox.length !== 4 || wantBBox.some(Number.isNaN))) usage(`bad --bbox ${opts.bbox}`);

const problems = [];
const check = (ok, msg) => {
  if (!ok) problems.push(msg);
};

let table;
try {
  table = tableFromIPC(readFileSync(path));
} catch (e) {
  console.error(`arrowcheck: ${path}: not a readable Arrow IPC file: ${e.message}`);
  process.exit(1);
}

console.log(`file: ${path}`);
console.log(`rows: ${table.numRows}`);
console.log(`record batches: ${table.batches.length}`);
console.log("columns:");
const names = table.schema.fields.map((f) => f.name);
for (const f of table.schema.fields) {
  console.log(`  ${f.name}: ${f.type}${f.nullable ? "" : " (not nullable)"}`);
}
check(table.numRows === wantRows, `rows: ${table.numRows}, want ${wantRows}`);
check(names.join(",") === wantCols.join(","), `columns: ${names.join(",")}, want ${wantCols.join(",")}`);
for (const f of table.schema.fields) {
  if (TYPES[f.name] !== undefined) {
    check(String(f.type) === TYPES[f.name], `column ${f.name}: type ${f.type}, want ${TYPES[f.name]}`);
  }
  check(f.nullable, `column ${f.name} is not nullable`);
}

// Schema metadata.
const md = table.schema.metadata;
console.log(`metadata keys: ${[...md.keys()].join(", ")}`);
try {
  const hf = JSON.parse(md.get("huggingface"));
  const feats = Object.keys(hf.info.features);
  check(feats.join(",") === names.join(","), `huggingface features ${feats.join(",")} do not match the columns`);
  if (hf.info.features.image) {
    check(hf.info.features.image._type === "Image", `image feature is ${JSON.stringify(hf.info.features.image)}`);
  }
} catch (e) {
  problems.push(`huggingface metadata: ${e.message}`);
}
try {
  const sk = JSON.parse(md.get("synthkit"));
  console.log(`generator: ${sk.generator.name} ${sk.generator.version}; categories: ${sk.categories.join(", ")}`);
} catch (e) {
  problems.push(`synthkit metadata: ${e.message}`);
}

// Index runs up by one.
const index = table.getChild("index");
if (index && table.numRows > 0) {
  let want = opts["first-index"] !== undefined ? BigInt(opts["first-index"]) : BigInt(index.get(0));
  console.log(`index: ${index.get(0)} .. ${index.get(table.numRows - 1)}`);
  for (let i = 0; i < table.numRows; i++, want++) {
    if (BigInt(index.get(i)) !== want) {
      problems.push(`row ${i}: index ${index.get(i)}, want ${want}`);
      break;
    }
  }
}

// Image columns hold PNG (or JPEG) bytes.
const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8];
const startsWith = (b, sig) => b && sig.every((v, i) => b[i] === v);
for (const name of ["image", "depth", "instances"]) {
  const col = table.getChild(name);
  if (!col) continue;
  const bytes = col.getChild("bytes");
  for (let i = 0; i < table.numRows; i++) {
    const b = bytes.get(i);
    const ok = startsWith(b, PNG) || (name === "image" && startsWith(b, JPEG));
    if (!ok) {
      problems.push(`row ${i}: ${name} is not a PNG${name === "image" ? " or JPEG" : ""}`);
      break;
    }
  }
  console.log(`${name}[0]: ${bytes.get(0)?.length ?? 0} bytes, path ${col.getChild("path").get(0)}`);
}

// The first bbox of the first row with an object.
const objects = table.getChild("objects");
if (objects) {
  let found = null;
  for (let i = 0; i < table.numRows && !found; i++) {
    const objs = objects.get(i);
    if (objs && objs.length > 0) {
      const o = objs.get(0);
      found = { row: i, id: o.id, category: o.category, bbox: Array.from(o.bbox) };
    }
  }
  if (found) {
    console.log(`first bbox: row ${found.row}, object ${found.id} (${found.category}): [${found.bbox.join(", ")}]`);
    check(found.bbox.length === 4, `bbox has ${found.bbox.length} values`);
    if (wantBBox) {
      check(
        found.row === 0 && wantBBox.every((v, i) => Math.abs(v - found.bbox[i]) < 1e-9),
        `first bbox: row ${found.row} [${found.bbox}], want row 0 [${wantBBox}]`,
      );
    }
  } else {
    console.log("first bbox: no objects in any row");
    check(!wantBBox, "no bbox found");
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`arrowcheck: FAIL: ${p}`);
  process.exit(1);
}
console.log("arrowcheck: OK");
