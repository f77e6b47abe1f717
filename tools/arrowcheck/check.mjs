#!/usr/bin/env node
// check.mjs reads a synthkit shard with the JS apache-arrow package, an
// Arrow implementation independent of the arrow-go writer, and checks it
// against expectations given on the command line and against its sidecar.
//
//   node check.mjs SHARD.arrow ROWS [--columns a,b,...] [--bbox x,y,w,h] [--first-index N]
//                                   [--sidecar PATH|none]
//
// It prints the row count, the columns with their Arrow types, the
// sidecar's row range, the size of the first row's PNGs, the first
// visible object (category, bbox, attributes), annotation counts and the
// KPI range, then exits 0 when:
//   - the file parses and holds ROWS rows;
//   - the sidecar JSON (default: SHARD.json, the data-….json next to the
//     .arrow; "none" skips it) names this file and has rows == ROWS, and its
//     first/end agree with the index column;
//   - the columns are exactly --columns (default: the full schema,
//     index,seed,image,depth,instances,objects,camera) in that order, with
//     the types synthkit writes;
//   - the "huggingface" schema metadata is JSON whose features name the
//     same columns, image/depth/instances are {"_type": "Image"}, and
//     objects is a list of one dict (HF's list-of-dicts shorthand) whose
//     keys are the fields of the objects struct; the "synthkit" metadata
//     is JSON;
//   - index counts up by one from --first-index (default: its first value);
//   - every image/depth/instances value is a PNG (or a JPEG for image), and
//     the first row's headers (PNG IHDR, JPEG SOF) give the camera column's
//     width × height (the sidecar spec's without a camera column);
//   - the first object's category is the synthkit metadata's category at
//     its category_id, and its bbox has 4 values inside the image;
//   - with --bbox, the first bbox equals x,y,w,h;
//   - every column it knows (objects with attributes, annotations, normals,
//     semantic, planogram, kpis) has the type synthkit writes, and each PNG
//     column its bit depth and colour type (depth, semantic: 16-bit grey;
//     normals: 16-bit RGB);
//   - attribute lists (objects, annotations) have identifier keys, sorted;
//   - row 0's semantic map is category_id + 1 of the object its instance
//     map shows (0 elsewhere), and its normal map is (0, 0, 0) exactly on
//     the background and a unit vector (v/65535·2 − 1) on objects (both
//     decoded here with node:zlib, independently of Go);
//   - each planogram board's intended runs hold as many facings as its
//     realised slots, and non-null kpis equal the counts of its visible
//     slots (null only when none is visible).
// Otherwise it prints what differs and exits 1 (2 for bad usage).
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { inflateSync } from "node:zlib";
import { tableFromIPC } from "apache-arrow";

const FULL = ["index", "seed", "image", "depth", "instances", "objects", "camera"];
const IMAGE = "Struct<{bytes:Binary, path:Utf8}>";
const F64LIST = "List<Float64>";
const ATTRS = "List<Struct<{key:Utf8, value:Utf8}>>";
const TYPES = {
  index: "Int64",
  seed: "Uint64",
  image: IMAGE,
  depth: IMAGE,
  instances: IMAGE,
  objects:
    "List<Struct<{id:Uint32, category:Utf8, category_id:Int32, bbox:" + F64LIST +
    ", bbox_amodal:" + F64LIST + ", area:Int64, visible_fraction:Float64, truncated:Bool, rle:Utf8, pose:" +
    F64LIST + ", keypoints:" + F64LIST + ", attributes:" + ATTRS + "}>>",
  camera: "Struct<{fx:Float64, fy:Float64, cx:Float64, cy:Float64, width:Int32, height:Int32, pose:" + F64LIST + ", model:Utf8, distortion:" + F64LIST + "}>",
  annotations:
    "List<Struct<{category:Utf8, attributes:" + ATTRS + ", bbox:" + F64LIST + ", bbox_amodal:" + F64LIST +
    ", area:Int64, visible_fraction:Float64, rle:Utf8, line:List<" + F64LIST + ">}>>",
  normals: IMAGE,
  semantic: IMAGE,
  planogram:
    "List<Struct<{bay:Int32, board:Int32, intended:List<Struct<{sku:Utf8, facings:Int32}>>, realised:List<Struct<{facing:Int32, planned_sku:Utf8, planned_brand:Utf8, actual_sku:Utf8, actual_brand:Utf8, state:Utf8, width_m:Float64, products:Int32, visible_px:Int64}>>}>>",
  kpis:
    "Struct<{slots:Int32, filled:Int32, compliant:Int32, availability:Float64, compliance:Float64, empty_full:Int32, empty_partly:Int32, brands:List<Struct<{brand:Utf8, width_m:Float64, width_share:Float64, pixels:Int64, pixel_share:Float64}>>}>",
};
// The PNG form of each PNG column: bit depth and colour type (image may
// also be a JPEG).
const PNGFORM = {
  image: [[8, 2]],
  depth: [[16, 0]],
  instances: [[16, 0], [16, 2]],
  normals: [[16, 2]],
  semantic: [[16, 0]],
};
const PNGCOLS = Object.keys(PNGFORM);

function usage(msg) {
  console.error(`arrowcheck: ${msg}`);
  console.error(
    "usage: node check.mjs SHARD.arrow ROWS [--columns a,b,...] [--bbox x,y,w,h] [--first-index N] [--sidecar PATH|none]",
  );
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
  if (!["columns", "bbox", "first-index", "sidecar"].includes(k)) usage(`unknown option --${k}`);
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

// The sidecar JSON next to the shard: its row count and range.
let sidecar = null;
const sidecarPath = opts.sidecar ?? path.replace(/\.arrow$/, ".json");
if (sidecarPath !== "none") {
  if (sidecarPath === path || !existsSync(sidecarPath)) {
    problems.push(`sidecar: no file ${sidecarPath} (give --sidecar PATH, or --sidecar none)`);
  } else {
    try {
      sidecar = JSON.parse(readFileSync(sidecarPath, "utf8"));
      console.log(`sidecar: ${sidecarPath}: rows ${sidecar.rows}, indices [${sidecar.first}, ${sidecar.end})`);
      check(sidecar.rows === table.numRows, `sidecar rows ${sidecar.rows}, the shard holds ${table.numRows}`);
      check(sidecar.rows === wantRows, `sidecar rows ${sidecar.rows}, want ${wantRows}`);
      check(sidecar.file === basename(path), `sidecar names file ${sidecar.file}, not ${basename(path)}`);
      check(sidecar.end - sidecar.first === sidecar.rows, `sidecar range [${sidecar.first}, ${sidecar.end}) holds ${sidecar.end - sidecar.first} rows, not ${sidecar.rows}`);
    } catch (e) {
      problems.push(`sidecar ${sidecarPath}: ${e.message}`);
    }
  }
}

// Schema metadata.
const md = table.schema.metadata;
console.log(`metadata keys: ${[...md.keys()].join(", ")}`);
try {
  const hf = JSON.parse(md.get("huggingface"));
  const feats = Object.keys(hf.info.features);
  check(feats.join(",") === names.join(","), `huggingface features ${feats.join(",")} do not match the columns`);
  for (const name of PNGCOLS) {
    const f = hf.info.features[name];
    if (f) check(f._type === "Image", `${name} feature is ${JSON.stringify(f)}, want {"_type":"Image"}`);
  }
  const of = hf.info.features.objects;
  if (of !== undefined) {
    // HF writes a list of dicts as [ {field: feature, ...} ].
    const isDict = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && v._type === undefined;
    if (Array.isArray(of) && of.length === 1 && isDict(of[0])) {
      const got = Object.keys(of[0]).join(",");
      const want = table.getChild("objects")?.type.children[0].type.children.map((c) => c.name).join(",");
      check(got === want, `objects feature has fields ${got}, the objects struct ${want}`);
      console.log(`huggingface: image ${JSON.stringify(hf.info.features.image)}; objects: a list of dicts of ${Object.keys(of[0]).length} fields`);
    } else {
      problems.push(`objects feature is not a list of one dict: ${JSON.stringify(of).slice(0, 200)}`);
    }
  }
} catch (e) {
  problems.push(`huggingface metadata: ${e.message}`);
}
let categories = null;
try {
  const sk = JSON.parse(md.get("synthkit"));
  categories = sk.categories;
  console.log(`generator: ${sk.generator.name} ${sk.generator.version}; categories: ${sk.categories.join(", ")}`);
} catch (e) {
  problems.push(`synthkit metadata: ${e.message}`);
}

// Index runs up by one.
const index = table.getChild("index");
if (index && table.numRows > 0) {
  let want = opts["first-index"] !== undefined ? BigInt(opts["first-index"]) : BigInt(index.get(0));
  console.log(`index: ${index.get(0)} .. ${index.get(table.numRows - 1)}`);
  if (sidecar) {
    check(BigInt(sidecar.first) === BigInt(index.get(0)), `sidecar first ${sidecar.first}, index column starts at ${index.get(0)}`);
  }
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
for (const name of PNGCOLS) {
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

// The first row's image headers against the camera column (or the spec).
// pngSize reads the IHDR chunk, which must come first; jpegSize the first
// start-of-frame marker.
const pngSize = (b) => {
  if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== "IHDR") return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20), depth: b[24], colour: b[25] };
};
const jpegSize = (b) => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1];
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return { width: v.getUint16(i + 7), height: v.getUint16(i + 5) };
    }
    i += 2 + v.getUint16(i + 2);
  }
  return null;
};
let want = null;
const camera = table.getChild("camera");
if (camera && table.numRows > 0) {
  const c = camera.get(0);
  want = { width: c.width, height: c.height, from: "camera" };
} else if (sidecar?.spec) {
  want = { width: sidecar.spec.width, height: sidecar.spec.height, from: "sidecar spec" };
}
for (const name of PNGCOLS) {
  const col = table.getChild(name);
  if (!col || table.numRows === 0) continue;
  const b = col.getChild("bytes").get(0);
  if (!b) continue;
  const size = startsWith(b, PNG) ? pngSize(b) : jpegSize(b);
  if (!size) {
    problems.push(`row 0: ${name}: no ${startsWith(b, PNG) ? "IHDR chunk" : "JPEG frame header"}`);
    continue;
  }
  const kind = startsWith(b, PNG) ? `PNG IHDR, bit depth ${size.depth}, colour type ${size.colour}` : "JPEG SOF";
  console.log(`${name}[0] header: ${size.width}×${size.height} (${kind})`);
  if (startsWith(b, PNG)) {
    check(
      PNGFORM[name].some(([d, c]) => size.depth === d && size.colour === c),
      `row 0: ${name}: PNG of bit depth ${size.depth}, colour type ${size.colour}; want one of ${JSON.stringify(PNGFORM[name])}`,
    );
  }
  if (want) {
    check(
      size.width === want.width && size.height === want.height,
      `row 0: ${name} is ${size.width}×${size.height}, the ${want.from} says ${want.width}×${want.height}`,
    );
  } else {
    problems.push("no camera column and no sidecar spec to check the image size against");
  }
}

// The first object of the first row with an object.
const objects = table.getChild("objects");
if (objects) {
  let found = null;
  for (let i = 0; i < table.numRows && !found; i++) {
    const objs = objects.get(i);
    for (let j = 0; objs && j < objs.length && !found; j++) {
      const o = objs.get(j);
      if (Number(o.area) === 0 && !wantBBox) continue; // hidden: no box
      found = {
        row: i,
        n: objs.length,
        id: o.id,
        category: o.category,
        categoryID: o.category_id,
        bbox: Array.from(o.bbox),
        attributes: o.attributes ? [...o.attributes].map((a) => [a.key, a.value]) : null,
      };
    }
  }
  if (found) {
    console.log(`objects[${found.row}]: ${found.n} objects`);
    console.log(
      `first object: row ${found.row}, object ${found.id}, category ${found.category} (id ${found.categoryID}), bbox [${found.bbox.join(", ")}]`,
    );
    check(found.bbox.length === 4, `bbox has ${found.bbox.length} values`);
    if (found.attributes) {
      console.log(`first object attributes: ${found.attributes.map(([k, v]) => `${k}=${v}`).join(", ")}`);
      checkAttrs(found.attributes, `first object`);
    }
    if (categories) {
      check(
        categories[found.categoryID] === found.category,
        `first object: category ${found.category}, but category_id ${found.categoryID} names ${categories[found.categoryID]}`,
      );
    }
    if (want && found.bbox.length === 4) {
      const [x, y, w, h] = found.bbox;
      check(
        x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= want.width && y + h <= want.height,
        `first bbox [${found.bbox}] is not inside the ${want.width}×${want.height} image`,
      );
    }
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

// Attribute lists (objects and annotations): identifier keys, sorted,
// each once.
function checkAttrs(attrs, what) {
  const keys = attrs.map(([k]) => k);
  for (const k of keys) check(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(k), `${what}: attribute key ${JSON.stringify(k)} is not an identifier`);
  for (let i = 1; i < keys.length; i++) check(keys[i - 1] < keys[i], `${what}: attribute keys not sorted and unique: ${keys.join(",")}`);
}
const annotations = table.getChild("annotations");
if (annotations) {
  const counts = {};
  for (let i = 0; i < table.numRows; i++) {
    const anns = annotations.get(i);
    for (let j = 0; anns && j < anns.length; j++) {
      const a = anns.get(j);
      counts[a.category] = (counts[a.category] ?? 0) + 1;
      checkAttrs([...a.attributes].map((x) => [x.key, x.value]), `row ${i} annotation ${j}`);
    }
  }
  console.log(`annotations: ${Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(", ") || "none"}`);
}

// PNG decoding (zlib + the five filters), for the pixel checks below.
function decodePNG(b) {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const { width, height, depth, colour } = pngSize(b);
  const idat = [];
  for (let i = 8; i + 8 <= b.length; ) {
    const n = v.getUint32(i);
    const type = String.fromCharCode(...b.subarray(i + 4, i + 8));
    if (type === "IDAT") idat.push(b.subarray(i + 8, i + 8 + n));
    i += 12 + n;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const channels = colour === 2 ? 3 : 1;
  const bpp = (channels * depth) / 8;
  const stride = width * bpp;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = out.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? out.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? cur[x - bpp] : 0;
      const up = prev[x];
      const c = x >= bpp ? prev[x - bpp] : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = up;
      else if (f === 3) p = (a + up) >> 1;
      else if (f === 4) {
        const q = a + up - c;
        const pa = Math.abs(q - a), pb = Math.abs(q - up), pc = Math.abs(q - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      }
      cur[x] = (src[x] + p) & 0xff;
    }
  }
  // 16-bit samples, big-endian.
  const samples = new Uint16Array(width * height * channels);
  for (let i = 0; i < samples.length; i++) samples[i] = depth === 16 ? (out[2 * i] << 8) | out[2 * i + 1] : out[i];
  return { width, height, channels, samples };
}

// Row 0's semantic and normal maps against its instance map: semantic is
// category_id + 1 of the object an instance pixel shows (0 for background
// and objects without a row), normals are (0, 0, 0) exactly on the
// background and unit vectors (n = v/65535·2 − 1) elsewhere.
const instCol = table.getChild("instances");
if (instCol && objects && table.numRows > 0 && (table.getChild("semantic") || table.getChild("normals"))) {
  const inst = decodePNG(instCol.getChild("bytes").get(0));
  const ids = new Uint32Array(inst.width * inst.height);
  for (let i = 0; i < ids.length; i++) {
    ids[i] = inst.channels === 1 ? inst.samples[i] : (inst.samples[3 * i] << 16) | inst.samples[3 * i + 1];
  }
  const cls = new Map();
  const objs = objects.get(0);
  for (let j = 0; objs && j < objs.length; j++) cls.set(objs.get(j).id, objs.get(j).category_id + 1);
  const sem = table.getChild("semantic");
  if (sem) {
    const m = decodePNG(sem.getChild("bytes").get(0));
    let bad = -1;
    for (let i = 0; i < ids.length && bad < 0; i++) if (m.samples[i] !== (cls.get(ids[i]) ?? 0)) bad = i;
    check(bad < 0, `row 0: semantic pixel ${bad} is ${m.samples[bad]}, its instance ${ids[bad]} has class ${cls.get(ids[bad]) ?? 0}`);
    console.log(`semantic[0]: ${new Set(m.samples).size} classes (0 included), agrees with instances and objects: ${bad < 0}`);
  }
  const nrm = table.getChild("normals");
  if (nrm) {
    const m = decodePNG(nrm.getChild("bytes").get(0));
    let bad = -1;
    for (let i = 0; i < ids.length && bad < 0; i++) {
      const s = m.samples.subarray(3 * i, 3 * i + 3);
      if (ids[i] === 0) {
        if (s[0] | s[1] | s[2]) bad = i;
        continue;
      }
      const n = [...s].map((x) => (x / 65535) * 2 - 1);
      const len = Math.hypot(...n);
      if (Math.abs(len - 1) > 1e-3) bad = i;
    }
    check(bad < 0, `row 0: normals pixel ${bad} is not (0,0,0) on background / a unit vector on an object`);
    console.log(`normals[0]: ${m.width}×${m.height}, zero exactly on the background, unit elsewhere: ${bad < 0}`);
  }
}

// The planogram and kpis of every row: each board's intended runs hold as
// many facings as it has realised slots; kpis, where not null, follow
// from the visible slots.
const planogram = table.getChild("planogram");
const kpis = table.getChild("kpis");
if (planogram || kpis) {
  let boards = 0, rowsWithKPI = 0, minA = Infinity, maxA = -Infinity;
  for (let i = 0; i < table.numRows; i++) {
    let slots = 0, filled = 0;
    const plan = planogram?.get(i);
    for (let j = 0; plan && j < plan.length; j++) {
      const b = plan.get(j);
      boards++;
      let sum = 0;
      for (const r of b.intended) sum += r.facings;
      check(sum === b.realised.length, `row ${i} board ${b.bay}.${b.board}: intended ${sum} facings, realised ${b.realised.length} slots`);
      for (const s of b.realised) {
        if (Number(s.visible_px) === 0) continue;
        slots++;
        if (s.actual_sku !== "" && s.products > 0) filled++;
      }
    }
    const k = kpis?.get(i);
    if (k) {
      rowsWithKPI++;
      minA = Math.min(minA, k.availability);
      maxA = Math.max(maxA, k.availability);
      check(k.availability >= 0 && k.availability <= 1 && k.compliance >= 0 && k.compliance <= 1, `row ${i}: kpis out of [0, 1]`);
      if (planogram) {
        check(k.slots === slots && k.filled === filled && k.availability === filled / slots,
          `row ${i}: kpis slots ${k.slots} filled ${k.filled} availability ${k.availability}; planogram ${slots}, ${filled}`);
      }
    } else if (kpis && planogram) {
      check(slots === 0, `row ${i}: kpis null with ${slots} visible slots`);
    }
  }
  console.log(`planogram: ${boards} boards; kpis in ${rowsWithKPI} rows, availability ${rowsWithKPI ? `${minA.toFixed(3)}..${maxA.toFixed(3)}` : "-"}`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`arrowcheck: FAIL: ${p}`);
  process.exit(1);
}
console.log("arrowcheck: OK");
