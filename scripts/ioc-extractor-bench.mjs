// Scores ioc-extractor and winnow by the same rules on winnow's labeled set
// and times ioc-extractor on the corpora winnow's benchmarks use. Run it
// through scripts/bench-ioc-extractor.sh, which installs ioc-extractor in a
// scratch directory, copies this file there and passes the inputs below; the
// header of that script states the scoring rules.
//
//   node ioc-extractor-bench.mjs --cases FILE --winnow-eval FILE
//        --sample DIR --generated FILE --go-test FILE [--rounds N] [--diff FILE]

import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { extractIOC, partialExtractIOC } from 'ioc-extractor'

const { values: opt } = parseArgs({
  options: {
    cases: { type: 'string' }, // winnow eval indicators --cases
    'winnow-eval': { type: 'string' }, // winnow eval indicators --json
    sample: { type: 'string' }, // the sample corpus directory
    generated: { type: 'string' }, // BenchmarkFindGenerated100MB -generated-out
    'go-test': { type: 'string' }, // go test -c ./internal/extract/ioc
    rounds: { type: 'string', default: '5' },
    diff: { type: 'string' }, // winnow eval indicators --cases over the sample corpus
  },
})
for (const k of ['cases', 'winnow-eval', 'sample', 'generated', 'go-test']) {
  if (!opt[k]) fail(`--${k} is required`)
}
const rounds = Math.max(1, Number(opt.rounds) || 5)

function fail(msg) {
  console.error(`ioc-extractor-bench: ${msg}`)
  process.exit(1)
}

// ioc-extractor's output keys and the winnow types they stand for. Keys
// missing here (gaPubIDs, gaTrackIDs, macAddresses, ssdeeps) have no winnow
// type; winnow types missing here (cidr, cwe, attack-id, registry-key,
// filename, yara-rule) have no ioc-extractor key. Only these types count.
const SHARED = {
  asns: 'asn', btcs: 'bitcoin', cves: 'cve', domains: 'domain', emails: 'email',
  eths: 'ethereum', ipv4s: 'ipv4', ipv6s: 'ipv6', md5s: 'md5', sha1s: 'sha1',
  sha256s: 'sha256', sha512s: 'sha512', urls: 'url', xmrs: 'monero',
}
const SHARED_TYPES = new Set(Object.values(SHARED))
const HOST_TYPES = new Set(['domain', 'ipv4', 'ipv6'])

// canon writes a value the way both tools are compared: case folded where
// case carries no meaning, IPv6 compressed, URL scheme and host lower-cased.
function canon(type, v) {
  switch (type) {
    case 'domain': case 'email': case 'md5': case 'sha1': case 'sha256': case 'sha512': case 'ethereum':
      return v.toLowerCase()
    case 'cve': case 'asn':
      return v.toUpperCase()
    case 'ipv6':
      try {
        return new URL(`http://[${v}]/`).hostname.slice(1, -1)
      } catch {
        return v.toLowerCase()
      }
    case 'url': {
      const m = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/is.exec(v)
      return (m[1] ?? '').toLowerCase() + m[2].toLowerCase() + m[3]
    }
  }
  return v
}

// urlHost returns the host of a canonical URL value, without port or brackets.
function urlHost(u) {
  let h = u.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/, 1)[0]
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'))
  return h.replace(/:\d+$/, '')
}

const key = (type, value) => `${type}\t${value}`

// score counts, per type, what a tool claims against the truth of each case.
// truth and claims return [type, canonical value] pairs; both are sets per
// case. A claimed host or address that the truth does not list is neither
// right nor wrong when it is part of an indicator already counted: the host
// of a URL or the domain of an e-mail address the same tool claimed in that
// case, or the address of a labeled CIDR block (a type ioc-extractor lacks,
// so it reports the address alone).
function score(cases, truth, claims) {
  const byType = new Map()
  const s = (t) => byType.get(t) ?? byType.set(t, { tp: 0, fp: 0, fn: 0 }).get(t)
  for (const c of cases) {
    const T = new Map(truth(c).map(([t, v]) => [key(t, v), t]))
    const C = new Map(claims(c).map(([t, v]) => [key(t, v), [t, v]]))
    const parts = new Set()
    for (const [t, v] of C.values()) {
      if (t === 'url') parts.add(urlHost(v))
      if (t === 'email') parts.add(v.slice(v.lastIndexOf('@') + 1))
    }
    for (const w of c.want) {
      if (w.type === 'cidr') {
        const addr = w.value.split('/')[0]
        parts.add(addr.includes(':') ? canon('ipv6', addr) : addr)
      }
    }
    for (const [k, [t, v]] of C) {
      if (T.has(k)) s(t).tp++
      else if (!(HOST_TYPES.has(t) && parts.has(v))) s(t).fp++
    }
    for (const [k, t] of T) if (!C.has(k)) s(t).fn++
  }
  const overall = { tp: 0, fp: 0, fn: 0 }
  for (const v of byType.values()) for (const f of ['tp', 'fp', 'fn']) overall[f] += v[f]
  return { byType, overall }
}

const ratio = (a, b) => (b === 0 ? 1 : a / b)
const prf = ({ tp, fp, fn }) => {
  const p = ratio(tp, tp + fp), r = ratio(tp, tp + fn)
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) }
}

// evaluateLikeWinnow repeats ioc.Evaluate (type, value and disposition,
// every type, occurrences counted) over winnow's findings, to check that the
// cases file is what winnow scored.
function evaluateLikeWinnow(cases) {
  const o = { tp: 0, fp: 0, fn: 0 }
  for (const c of cases) {
    const want = c.want.map((w) => `${w.type}\t${w.value}\t${w.disposition}`)
    for (const f of c.found) {
      const k = want.indexOf(`${f.type}\t${f.value}\t${f.disposition}`)
      if (k >= 0) {
        want.splice(k, 1)
        o.tp++
      } else o.fp++
    }
    o.fn += want.length
  }
  return o
}

function readJSONL(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))
}

function iocxPairs(text) {
  const out = extractIOC(text)
  const pairs = []
  for (const [k, t] of Object.entries(SHARED)) for (const v of out[k]) pairs.push([t, canon(t, v)])
  return pairs
}

// --- Quality on the labeled set ---------------------------------------------

const cases = readJSONL(opt.cases)
const winnowEval = JSON.parse(readFileSync(opt['winnow-eval'], 'utf8'))
const again = evaluateLikeWinnow(cases)
const o = winnowEval.overall
if (cases.length !== winnowEval.cases || again.tp !== o.tp || again.fp !== o.fp || again.fn !== o.fn) {
  fail(`the cases file does not reproduce winnow eval indicators: ${JSON.stringify(again)} vs ${JSON.stringify(o)}`)
}
for (const c of cases) c.iocx = iocxPairs(c.text)

const shared = (list, keep) => list.filter((x) => SHARED_TYPES.has(x.type) && keep(x.disposition)).map((x) => [x.type, canon(x.type, x.value)])
const views = {
  // Every real indicator of a shared type counts, whatever its disposition
  // (a private address or a benign domain is still an address or a domain);
  // not-ioc look-alikes (version numbers, detection names) must not be found.
  found: {
    truth: (c) => shared(c.want, (d) => d !== 'not-ioc'),
    winnow: (c) => shared(c.found, (d) => d !== 'not-ioc'),
  },
  // Only what a defender should act on counts; ioc-extractor has no
  // dispositions, so everything it returns is a claim to act on.
  actionable: {
    truth: (c) => shared(c.want, (d) => d === 'indicator'),
    winnow: (c) => shared(c.found, (d) => d === 'indicator'),
  },
}
const quality = {}
for (const [name, v] of Object.entries(views)) {
  quality[name] = {
    winnow: score(cases, v.truth, v.winnow),
    iocx: score(cases, v.truth, (c) => c.iocx),
  }
}

// --- Throughput ---------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)]
}

// mbps times one run of fn over every document. The run repeats whole
// passes until a second has gone by, as go test's default -benchtime does.
// It returns MB (10^6 bytes, as go test counts them) per second of wall
// time and per second of CPU time used by this process (all of node's
// threads: the JIT and the garbage collector work for the tool too).
function mbps(docs, bytes, fn) {
  const t0 = process.hrtime.bigint()
  const c0 = process.cpuUsage()
  let passes = 0, secs = 0
  do {
    for (const d of docs) fn(d)
    passes++
    secs = Number(process.hrtime.bigint() - t0) / 1e9
  } while (secs < 1)
  const c = process.cpuUsage(c0)
  const mb = (passes * bytes) / 1e6
  return { wall: mb / secs, cpu: mb / ((c.user + c.system) / 1e6) }
}

// goMBps runs one winnow benchmark in the compiled test binary, with
// GOMAXPROCS 1, and returns its MB/s of wall time and MB/cpu-s.
function goMBps(name, ...args) {
  const out = execFileSync(opt['go-test'], ['-test.run', '^$', '-test.bench', `^${name}$`, '-test.cpu', '1', '-test.count', '1', ...args], { encoding: 'utf8' })
  const line = out.split('\n').find((l) => l.startsWith(name))
  const wall = / ([\d.]+) MB\/s/.exec(line ?? '')
  const cpu = / ([\d.]+) MB\/cpu-s/.exec(line ?? '')
  if (!wall || !cpu) fail(`no MB/s and MB/cpu-s in the output of ${name}:\n${out}`)
  process.stderr.write(line + '\n')
  return { wall: Number(wall[1]), cpu: Number(cpu[1]) }
}

const sampleDir = opt.sample
// Every file under the sample directory, subdirectories included, as the Go
// benchmark walks it.
const sampleFiles = readdirSync(sampleDir, { recursive: true })
  .filter((f) => statSync(join(sampleDir, f)).isFile())
  .sort()
const sampleBufs = sampleFiles.map((f) => readFileSync(join(sampleDir, f)))
const sampleDocs = sampleBufs.map((b) => b.toString('utf8'))
const sampleBytes = sampleBufs.reduce((n, b) => n + b.length, 0)

const genRaw = readFileSync(opt.generated)
const genDocs = genRaw.toString('utf8').split('\n\f\n').filter((d) => d !== '')
const genBytes = genRaw.length - 3 * genDocs.length

const onlyShared = Object.keys(SHARED)
const tools = {
  winnow: null,
  iocx: (d) => extractIOC(d),
  iocxShared: (d) => partialExtractIOC(d, onlyShared),
}
// Warm up: let the JIT compile ioc-extractor's code paths first.
for (const fn of [tools.iocx, tools.iocxShared]) {
  for (const d of sampleDocs) fn(d)
  let seen = 0
  for (const d of genDocs) {
    if (seen >= 4 << 20) break
    fn(d)
    seen += d.length
  }
}
// Rounds interleave the tools, so that load from other processes on the
// machine falls on all of them alike; each figure is the median of its
// rounds.
const rates = Object.fromEntries(Object.keys(tools).map((k) => [k, { sample: [], gen: [] }]))
for (let r = 0; r < rounds; r++) {
  process.stderr.write(`round ${r + 1} of ${rounds}\n`)
  rates.winnow.sample.push(goMBps('BenchmarkFindSampleCorpus'))
  rates.iocx.sample.push(mbps(sampleDocs, sampleBytes, tools.iocx))
  rates.iocxShared.sample.push(mbps(sampleDocs, sampleBytes, tools.iocxShared))
  rates.winnow.gen.push(goMBps('BenchmarkFindGenerated100MB', '-test.benchtime', '2x'))
  rates.iocx.gen.push(mbps(genDocs, genBytes, tools.iocx))
  rates.iocxShared.gen.push(mbps(genDocs, genBytes, tools.iocxShared))
}
// speed[tool][corpus] is the median MB/cpu-s; wall[tool][corpus] the
// median MB/s of wall time.
const speed = {}, wall = {}
for (const [k, v] of Object.entries(rates)) {
  speed[k] = { sample: median(v.sample.map((x) => x.cpu)), gen: median(v.gen.map((x) => x.cpu)) }
  wall[k] = { sample: median(v.sample.map((x) => x.wall)), gen: median(v.gen.map((x) => x.wall)) }
}

// --- Report -----------------------------------------------------------------

function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  '))
}
const f3 = (x) => x.toFixed(3)
const f1 = (x) => x.toFixed(1)

console.log(`Corpora: sample = ${sampleFiles.length} raw files, ${(sampleBytes / 1e6).toFixed(2)} MB; ` +
  `generated = ${genDocs.length} documents, ${(genBytes / 1e6).toFixed(1)} MB. Labeled set: ${cases.length} cases.`)
console.log(`Throughput per core: MB (10^6 bytes) per CPU-second, median of ${rounds} interleaved rounds, one CPU.`)
console.log(`Precision, recall, F1: labeled set, shared types, rule "found".\n`)
const q = quality.found
const row = (name, sp, s) => {
  const m = s ? prf(s.overall) : null
  return [name, f1(sp.sample), f1(sp.gen), m ? f3(m.p) : '-', m ? f3(m.r) : '-', m ? f3(m.f1) : '-']
}
table([
  ['tool', 'sample MB/cpu-s', 'generated MB/cpu-s', 'precision', 'recall', 'F1'],
  row('winnow', speed.winnow, q.winnow),
  row('ioc-extractor', speed.iocx, q.iocx),
  row('ioc-extractor (shared types only)', speed.iocxShared, null),
])
const names = { winnow: 'winnow', iocx: 'ioc-extractor', iocxShared: 'ioc-extractor (shared types only)' }
console.log('\nEvery round, MB/cpu-s (MB/s of wall time):')
for (const [k, v] of Object.entries(rates)) {
  const show = (xs) => xs.map((x) => `${f1(x.cpu)} (${f1(x.wall)})`).join(' ')
  console.log(`  ${names[k]}: sample ${show(v.sample)}; generated ${show(v.gen)}`)
}
console.log(`Median MB/s of wall time: winnow ${f1(wall.winnow.sample)} sample, ${f1(wall.winnow.gen)} generated; ` +
  `ioc-extractor ${f1(wall.iocx.sample)} sample, ${f1(wall.iocx.gen)} generated.`)
console.log(`\nwinnow / ioc-extractor throughput: ${f1(speed.winnow.sample / speed.iocx.sample)}x sample, ` +
  `${f1(speed.winnow.gen / speed.iocx.gen)}x generated ` +
  `(${f1(speed.winnow.sample / speed.iocxShared.sample)}x and ${f1(speed.winnow.gen / speed.iocxShared.gen)}x against shared types only)`)

for (const [name, { winnow, iocx }] of Object.entries(quality)) {
  console.log(`\nPer type, rule "${name}":`)
  const rows = [['type', 'truth', 'winnow P', 'winnow R', 'ioc-extractor P', 'ioc-extractor R', 'tp/fp/fn winnow', 'tp/fp/fn ioc-extractor']]
  const types = [...new Set([...winnow.byType.keys(), ...iocx.byType.keys()])].sort()
  for (const t of [...types, 'overall']) {
    const w = t === 'overall' ? winnow.overall : winnow.byType.get(t) ?? { tp: 0, fp: 0, fn: 0 }
    const x = t === 'overall' ? iocx.overall : iocx.byType.get(t) ?? { tp: 0, fp: 0, fn: 0 }
    const pw = prf(w), px = prf(x)
    rows.push([t, w.tp + w.fn, f3(pw.p), f3(pw.r), f3(px.p), f3(px.r), `${w.tp}/${w.fp}/${w.fn}`, `${x.tp}/${x.fp}/${x.fn}`])
  }
  table(rows)
}

// Cases where ioc-extractor finds a labeled indicator that winnow misses:
// the ones to look at first when winnow is wrong.
const lost = []
for (const c of cases) {
  const T = new Set(views.found.truth(c).map(([t, v]) => key(t, v)))
  const W = new Set(views.found.winnow(c).map(([t, v]) => key(t, v)))
  for (const [t, v] of c.iocx) if (T.has(key(t, v)) && !W.has(key(t, v))) lost.push(`case ${c.case} (${c.source}): ${t} ${v}`)
}
console.log(`\nLabeled indicators ioc-extractor finds and winnow misses: ${lost.length}`)
for (const l of lost) console.log(`  ${l}`)

if (opt.diff) {
  // Over the sample corpus there are no labels: list what ioc-extractor
  // reports that winnow reports under no disposition, for a person to judge.
  console.log('\nSample corpus: shared-type values ioc-extractor reports and winnow does not (raw files):')
  for (const c of readJSONL(opt.diff)) {
    const W = new Set(c.found.filter((x) => SHARED_TYPES.has(x.type)).map((x) => key(x.type, canon(x.type, x.value))))
    const parts = new Set()
    for (const x of c.found) {
      if (x.type === 'url') parts.add(urlHost(canon('url', x.value)))
      if (x.type === 'email') parts.add(x.value.slice(x.value.lastIndexOf('@') + 1).toLowerCase())
    }
    const extra = iocxPairs(c.text).filter(([t, v]) => !W.has(key(t, v)) && !(HOST_TYPES.has(t) && parts.has(v)))
    for (const [t, v] of extra) console.log(`  ${c.source}: ${t} ${v}`)
  }
}
