// Turns bench/results/latest.jsonl into the markdown tables of docs/benchmarks.md. Ratios are what matter on a
// shared machine; absolute times are given for scale only. Every ratio is "the other side ÷ ours" (above 1: we win).
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].filter((x) => x !== undefined && x !== null).sort((a, b) => a - b); if (!s.length) return NaN; const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const r2 = (x) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : "–");
const r0 = (x) => (Number.isFinite(x) ? Math.round(x) : "–");
const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : "–");
const out = [];

// Engine level: one listing in a fresh .NET process per run.
const streams = rows.filter((r) => r.scenario === "stream");
const names = { engine: "BgpPeering engine", "awssdk-ec2": "AWSSDK.EC2 paginator", "aws-sdk-js-v3": "@aws-sdk/client-ec2 (JS)" };
out.push("### Listing every peer, engine level (1000 a page; fresh process per run)", "");
out.push("| peers | side | runs | first object (ms) | total (ms) | peak RSS (MiB) | live heap (MiB) | allocated (bytes/peer) | ratio: total | ratio: RSS | ratio: bytes/peer |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const n of [...new Set(streams.map((r) => r.objects))].sort((a, b) => a - b)) {
  const pick = (side) => streams.filter((s) => s.objects === n && s.side === side);
  const ours = pick("engine");
  for (const side of Object.keys(names)) {
    const r = pick(side);
    if (!r.length) continue;
    const m = (f) => median(r.map(f));
    const o = (f) => median(ours.map(f));
    const isOurs = side === "engine";
    out.push(`| ${n} | ${names[side]} | ${r.length} | ${m((x) => x.firstObjectMs)} | ${m((x) => x.totalMs)} | ${m((x) => x.peakRssMb)} | ${r2(m((x) => x.peakLiveMb))} | ${r0(m((x) => x.allocatedBytesPerPeer))} | ${isOurs ? "" : ratio(m((x) => x.totalMs), o((x) => x.totalMs))} | ${isOurs ? "" : ratio(m((x) => x.peakRssMb), o((x) => x.peakRssMb))} | ${isOurs || side === "aws-sdk-js-v3" ? "" : ratio(m((x) => x.allocatedBytesPerPeer), o((x) => x.allocatedBytesPerPeer))} |`);
  }
}
for (const p of rows.filter((r) => r.scenario === "parse")) {
  out.push("", `### Parse only: the same ${p.pages} raw pages (${p.peers} peers, ${(p.pageBytes / 1048576).toFixed(1)} MiB of XML), median of ${p.rounds} rounds`, "");
  out.push("| parser | allocated (bytes/peer) | time (ms) |", "| --- | ---: | ---: |");
  out.push(`| BgpPeering (XmlReader, one pass) | ${p.engine.allocatedBytesPerPeer} | ${p.engine.ms} |`);
  out.push(`| AWSSDK.EC2's unmarshaller | ${p.sdk.allocatedBytesPerPeer} | ${p.sdk.ms} |`);
  out.push(`| **ratio (SDK ÷ ours)** | ${p.ratio} | ${ratio(p.sdk.ms, p.engine.ms)} |`);
}

// Routes: one route server's routing database, engine level, fresh process per run.
const rstreams = rows.filter((r) => r.scenario === "routes-stream");
if (rstreams.length) {
  const rnames = { engine: "BgpPeering engine (Get-BgpRoute's path)", "awssdk-ec2": "AWSSDK.EC2 GetRouteServerRoutingDatabase" };
  out.push("", "### Listing a route server's routes, engine level (GetRouteServerRoutingDatabase, 1000 a page; fresh process per run)", "");
  out.push("| routes | side | runs | first object (ms) | total (ms) | peak RSS (MiB) | live heap (MiB) | allocated (bytes/route) | ratio: total | ratio: bytes/route |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const n of [...new Set(rstreams.map((r) => r.routes))].sort((a, b) => a - b)) {
    const pick = (side) => rstreams.filter((s) => s.routes === n && s.side === side);
    const ours = pick("engine");
    for (const side of Object.keys(rnames)) {
      const r = pick(side);
      if (!r.length) continue;
      const m = (f) => median(r.map(f));
      const o = (f) => median(ours.map(f));
      const isOurs = side === "engine";
      out.push(`| ${n} | ${rnames[side]} | ${r.length} | ${m((x) => x.firstObjectMs)} | ${m((x) => x.totalMs)} | ${m((x) => x.peakRssMb)} | ${r2(m((x) => x.peakLiveMb))} | ${r0(m((x) => x.allocatedBytesPerRoute))} | ${isOurs ? "" : ratio(m((x) => x.totalMs), o((x) => x.totalMs))} | ${isOurs ? "" : ratio(m((x) => x.allocatedBytesPerRoute), o((x) => x.allocatedBytesPerRoute))} |`);
    }
  }
}
for (const p of rows.filter((r) => r.scenario === "routes-parse")) {
  out.push("", `### Routes, parse only: the same ${p.pages} raw pages (${p.routes} routes, ${(p.pageBytes / 1048576).toFixed(1)} MiB of XML), median of ${p.rounds} rounds`, "");
  out.push("| parser | allocated (bytes/route) | time (ms) |", "| --- | ---: | ---: |");
  out.push(`| BgpPeering (XmlReader, one pass) | ${p.engine.allocatedBytesPerRoute} | ${p.engine.ms} |`);
  out.push(`| AWSSDK.EC2's GetRouteServerRoutingDatabaseResponseUnmarshaller | ${p.sdk.allocatedBytesPerRoute} | ${p.sdk.ms} |`);
  out.push(`| **ratio (SDK ÷ ours)** | ${p.ratio} | ${ratio(p.sdk.ms, p.engine.ms)} |`);
}

// Real pwsh 7.6.10, a fresh process per run.
const ps = (scenario) => rows.filter((r) => r.scenario === scenario);
const side = (rs, s) => rs.filter((r) => r.side === s);
const pstreams = ps("pwsh-stream");
if (pstreams.length) {
  out.push("", "### pwsh: `Get-RouteServerPeer | Where-Object BgpStatus -eq Down` vs the AWS.Tools-style `Get-EC2RouteServerPeer | Where-Object { $_.BgpStatus.Status -eq 'down' }`", "");
  out.push("| peers listed | side | runs | matched | first object (ms) | total (ms) | peak RSS (MiB) | RSS growth in the listing (MiB) | live heap (MiB) | allocated (MiB) |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const group of [...new Set(pstreams.map((r) => r.listed))].sort((a, b) => a - b)) {
    const g = pstreams.filter((r) => r.listed === group);
    const m = (rs, f) => median(rs.map(f));
    const ours = side(g, "BgpPeering"), base = side(g, "AwsTools"), floor = side(g, "Floor");
    for (const [label, rs] of [["BgpPeering", ours], ["AWS.Tools-style (AWSSDK.EC2)", base], ["pipeline floor: the same objects, ready-made, through the same Where-Object", floor]]) {
      if (!rs.length) continue;
      out.push(`| ${group} | ${label} | ${rs.length} | ${m(rs, (x) => x.matched)} | ${m(rs, (x) => x.firstObjectMs)} | ${m(rs, (x) => x.totalMs)} | ${m(rs, (x) => x.peakRssMb)} | ${m(rs, (x) => x.rssGrowthMb)} | ${r2(m(rs, (x) => x.peakLiveMb))} | ${m(rs, (x) => x.allocatedMb)} |`);
    }
    if (ours.length && base.length)
      out.push(`| | **ratio (baseline ÷ ours)** | | | ${ratio(m(base, (x) => x.firstObjectMs), m(ours, (x) => x.firstObjectMs))} | ${ratio(m(base, (x) => x.totalMs), m(ours, (x) => x.totalMs))} | ${ratio(m(base, (x) => x.peakRssMb), m(ours, (x) => x.peakRssMb))} | ${ratio(m(base, (x) => x.rssGrowthMb), m(ours, (x) => x.rssGrowthMb))} | ${ratio(m(base, (x) => x.peakLiveMb), m(ours, (x) => x.peakLiveMb))} | ${ratio(m(base, (x) => x.allocatedMb), m(ours, (x) => x.allocatedMb))} |`);
    if (ours.length && floor.length)
      out.push(`| | **ratio (ours ÷ pipeline floor)** | | | | ${ratio(m(ours, (x) => x.totalMs), m(floor, (x) => x.totalMs))} | | | | ${ratio(m(ours, (x) => x.allocatedMb), m(floor, (x) => x.allocatedMb))} |`);
  }
  out.push("", "The pipeline floor holds every listed peer in memory (read before the timing starts), so its heap and RSS are not comparable; its time is what PowerShell itself spends per object.");
}
const cold = ps("pwsh-coldstart");
if (cold.length) {
  out.push("", "### pwsh: a fresh process to its first answer (import, or Add-Type of the SDK, then one single-peer get)", "");
  out.push("| side | runs | import (ms) | first call (ms) | import + first call (ms) | process start to first answer (ms) | methods JIT-compiled in import + first call | JIT time (ms) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  const m = (rs, f) => median(rs.map(f));
  const ours = cold.filter((r) => r.side === "BgpPeering" && r.variant !== "il"), il = cold.filter((r) => r.side === "BgpPeering" && r.variant === "il"), base = side(cold, "AwsTools");
  for (const [label, rs] of [["BgpPeering, ReadyToRun images for this platform", ours], ["BgpPeering, IL only (the same build without isolated/&lt;rid&gt;/)", il], ["AWS.Tools-style (AWSSDK.EC2)", base]])
    if (rs.length) out.push(`| ${label} | ${rs.length} | ${m(rs, (x) => x.importMs)} | ${m(rs, (x) => x.firstCallMs)} | ${r2(m(rs, (x) => x.importMs + x.firstCallMs))} | ${m(rs, (x) => x.processStartToAnswerMs)} | ${r0(m(rs, (x) => x.jitMethods))} | ${r0(m(rs, (x) => x.jitMs))} |`);
  if (il.length) out.push(`| **ratio (ReadyToRun ÷ IL only)** | | ${ratio(m(ours, (x) => x.importMs), m(il, (x) => x.importMs))} | ${ratio(m(ours, (x) => x.firstCallMs), m(il, (x) => x.firstCallMs))} | ${ratio(m(ours, (x) => x.importMs + x.firstCallMs), m(il, (x) => x.importMs + x.firstCallMs))} | ${ratio(m(ours, (x) => x.processStartToAnswerMs), m(il, (x) => x.processStartToAnswerMs))} | ${ratio(m(ours, (x) => x.jitMethods), m(il, (x) => x.jitMethods))} | |`);
  out.push(`| **ratio (baseline ÷ ours)** | | ${ratio(m(base, (x) => x.importMs), m(ours, (x) => x.importMs))} | ${ratio(m(base, (x) => x.firstCallMs), m(ours, (x) => x.firstCallMs))} | ${ratio(m(base, (x) => x.importMs + x.firstCallMs), m(ours, (x) => x.importMs + x.firstCallMs))} | ${ratio(m(base, (x) => x.processStartToAnswerMs), m(ours, (x) => x.processStartToAnswerMs))} | | |`);
}
const per = ps("pwsh-percall");
const perCall = {};
if (per.length) {
  const m = (rs, f) => median(rs.map(f));
  const ours = side(per, "BgpPeering"), base = side(per, "AwsTools"), floor = side(per, "Floor");
  if (ours.length && base.length && floor.length) {
    const f = { ms: m(floor, (x) => x.msPerCall), cpu: m(floor, (x) => x.cpuMsPerCall), alloc: m(floor, (x) => x.allocatedBytesPerCall) };
    out.push("", `### pwsh: ${ours[0].calls} single-peer gets in a loop, each side in its own fresh process (${ours.length} alternating runs, medians)`, "");
    out.push("| side | ms per call | over the floor (ms) | CPU ms per call (this process) | allocated per call (bytes) |", "| --- | ---: | ---: | ---: | ---: |");
    for (const [label, rs] of [["BgpPeering `Get-RouteServerPeer -RouteServerPeerId` (cached session)", ours], ["AWS.Tools-style `Get-EC2RouteServerPeer` (new client per call)", base], ["the floor: one reused AmazonEC2Client, in the same script function", floor]]) {
      const ms = m(rs, (x) => x.msPerCall);
      out.push(`| ${label} | ${r2(ms)} | ${rs === floor ? 0 : (ms - f.ms).toFixed(3)} | ${r2(m(rs, (x) => x.cpuMsPerCall))} | ${r0(m(rs, (x) => x.allocatedBytesPerCall))} |`);
    }
    out.push(`| **ratio (baseline ÷ ours)** | ${ratio(m(base, (x) => x.msPerCall), m(ours, (x) => x.msPerCall))} | | ${ratio(m(base, (x) => x.cpuMsPerCall), m(ours, (x) => x.cpuMsPerCall))} | ${ratio(m(base, (x) => x.allocatedBytesPerCall), m(ours, (x) => x.allocatedBytesPerCall))} |`);
    Object.assign(perCall, { ours: m(ours, (x) => x.msPerCall), base: m(base, (x) => x.msPerCall), floor: f.ms });
  }
}
for (const w of ps("pwsh-wait")) {
  out.push("", `### pwsh: waiting for ${w.rs} Route Server peers that come up at random times over ${w.windowS} s (first poll interval ${w.pollIntervalS} s)`, "");
  out.push("| side | peers seen up | API calls | p50 latency (s) | p90 latency (s) | p99 latency (s) | max (s) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of w.results) out.push(`| ${r.side === "BgpPeering" ? "`Wait-BgpPeerUp`" : "AWS.Tools-style per-peer loop"} | ${r.detected}/${r.peers} | ${r.apiCalls} | ${r.p50LatencyS} | ${r.p90LatencyS ?? "–"} | ${r.p99LatencyS} | ${r.maxLatencyS} |`);
  const [a, b] = w.results;
  out.push(`| **ratio (loop ÷ waiter)** | | ${(b.apiCalls / a.apiCalls).toFixed(1)}× fewer calls | ${ratio(b.p50LatencyS, a.p50LatencyS)} | ${ratio(b.p90LatencyS, a.p90LatencyS)} | ${ratio(b.p99LatencyS, a.p99LatencyS)} | ${ratio(b.maxLatencyS, a.maxLatencyS)} |`);
}
for (const d of ps("pwsh-drill")) {
  out.push("", `### pwsh: ${d.drills} failover drills (a one-minute test at --speed 100, so 0.6 s, then \`Wait-BgpPeerUp -PollInterval 00:00:01\`)`, "");
  out.push("| Start-DxBgpFailoverTest (ms, median) | start to session seen up again (ms, median) | API calls per drill | history read: tests | history read (ms) |", "| ---: | ---: | ---: | ---: | ---: |");
  out.push(`| ${d.startMedianMs} | ${d.sessionBackMedianMs} | ${d.callsPerDrill} | ${d.historyTests} | ${d.historyReadMs} |`);
}
for (const p of rows.filter((r) => r.scenario === "percall")) {
  out.push("", `### Engine level: per-call overhead (${p.calls} sequential single-peer gets; each call resolves its session as a cmdlet does)`, "");
  out.push("| credentials | our cached session (ms/call) | the same through the output pump, as a cmdlet (ms/call) | new session and client per call, as AWS.Tools (ms/call) | ratio (new ÷ cached) |", "| --- | ---: | ---: | ---: | ---: |");
  out.push(`| explicit keys | ${p.keys.cachedMsPerCall} | ${p.keys.cachedThroughPumpMsPerCall ?? "–"} | ${p.keys.newClientMsPerCall} | ${p.keys.ratio} |`);
  out.push(`| profile in a credentials file | ${p.profile.cachedMsPerCall} | | ${p.profile.newClientMsPerCall} | ${p.profile.ratio} |`);
}
for (const t of rows.filter((r) => r.scenario === "throughput")) {
  out.push("", `### Emulator throughput (${t.peers} peers, ${t.workers} concurrent clients for ${t.seconds} s; ${t.note})`, "");
  out.push("| requests | requests/s | pages of 1000 | DescribeVirtualInterfaces | single-peer gets |", "| ---: | ---: | ---: | ---: | ---: |");
  out.push(`| ${t.requests} | ${t.requestsPerSecond} | ${t.pagesOf1000} | ${t.describeVirtualInterfaces} | ${t.singlePeerGets} |`);
}
for (const z of rows.filter((r) => r.scenario === "size")) {
  const mb = (x) => (x / 1048576).toFixed(2);
  out.push("", "### The module folder: IL copies, and each platform's ReadyToRun images (gzip is about what the Gallery package grows by)", "");
  out.push("| part | MiB | MiB gzipped |", "| --- | ---: | ---: |");
  for (const [k, v] of Object.entries(z)) if (k !== "scenario") out.push(`| ${k === "il" ? "the module without images (as Windows PowerShell 5.1 loads it)" : k === "total" ? "**the whole folder**" : "isolated/" + k + "/"} | ${mb(v.bytes)} | ${mb(v.gzip)} |`);
}

// Issue 23's goals, from this one run.
const goals = [];
const pick = (scenario, s, listed) => rows.filter((r) => r.scenario === scenario && r.side === s && (listed === undefined || r.listed === listed));
const med = (rs, f) => median(rs.map(f));
for (const w of ps("pwsh-wait")) {
  const [a, b] = w.results;
  goals.push(`| waiting: p50 and p99 from up to written at or below the loop's, with at least 100× fewer calls | p50 ${a.p50LatencyS} against ${b.p50LatencyS} s, p99 ${a.p99LatencyS} against ${b.p99LatencyS} s; ${(b.apiCalls / a.apiCalls).toFixed(0)}× fewer calls | ${a.p50LatencyS <= b.p50LatencyS && a.p99LatencyS <= b.p99LatencyS && b.apiCalls / a.apiCalls >= 100 ? "yes" : "**no**"} |`);
}
{
  const r2r = ps("pwsh-coldstart").filter((r) => r.side === "BgpPeering" && r.variant !== "il"), il = ps("pwsh-coldstart").filter((r) => r.side === "BgpPeering" && r.variant === "il");
  if (r2r.length && il.length) {
    const a = med(r2r, (x) => x.importMs + x.firstCallMs), b = med(il, (x) => x.importMs + x.firstCallMs);
    goals.push(`| import + first call with the ReadyToRun images at most 0.6× of the IL-only module's | ${(a / b).toFixed(2)}× (${a.toFixed(0)} against ${b.toFixed(0)} ms) | ${a / b <= 0.6 ? "yes" : "**no**"} |`);
  }
}
if (perCall.ours !== undefined) {
  goals.push(`| per call: below the AWS.Tools-style side | ${perCall.ours.toFixed(2)} against ${perCall.base.toFixed(2)} ms | ${perCall.ours < perCall.base ? "yes" : "**no**"} |`);
  goals.push(`| per call: at most the floor + 0.05 ms | ${(perCall.ours - perCall.floor).toFixed(3)} ms over the floor (${perCall.floor.toFixed(2)} ms) | ${perCall.ours - perCall.floor <= 0.05 ? "yes" : "**no**"} |`);
}
const listedSizes = [...new Set(ps("pwsh-stream").map((r) => r.listed))].sort((a, b) => a - b);
for (const n of listedSizes) {
  const o = pick("pwsh-stream", "BgpPeering", n), a = pick("pwsh-stream", "AwsTools", n), f = pick("pwsh-stream", "Floor", n);
  if (!o.length || !a.length) continue;
  const ot = med(o, (x) => x.totalMs), at = med(a, (x) => x.totalMs);
  goals.push(`| stream and filter, ${n} peers: at least 1.5× the AWS.Tools-style script | ${(at / ot).toFixed(2)}× (${ot.toFixed(0)} against ${at.toFixed(0)} ms) | ${at / ot >= 1.5 ? "yes" : "**no**"} |`);
  if (f.length) {
    const ft = med(f, (x) => x.totalMs);
    goals.push(`| stream and filter, ${n} peers: within 1.3× of the pipeline floor | ${(ot / ft).toFixed(2)}× (${ot.toFixed(0)} against ${ft.toFixed(0)} ms) | ${ot / ft <= 1.3 ? "yes" : "**no**"} |`);
  }
}
if (listedSizes.length >= 2) {
  const live = listedSizes.map((n) => med(pick("pwsh-stream", "BgpPeering", n), (x) => x.peakLiveMb));
  // The live heap is sampled every 2,000 matches: a size with fewer matches has no sample.
  const sampled = live[0] > 0;
  goals.push(`| memory flat from ${listedSizes[0]} to ${listedSizes[listedSizes.length - 1]} peers (the live heap while streaming) | ${live.map((x) => r2(x)).join(" → ")} MiB | ${!sampled ? "not sampled at the smaller size" : live[live.length - 1] <= live[0] * 1.5 + 1 ? "yes" : "**no**"} |`);
}
if (goals.length) out.push("", "### Issue 23's goals, from this run", "", "| goal | measured | met? |", "| --- | --- | --- |", ...goals);
const syncs = ps("pwsh-sync");
if (syncs.length) {
  const s0 = syncs[0];
  out.push("", `### pwsh: converging ${s0.rows} CSV rows over ${s0.endpoints} endpoints, twice (the first run creates every peer, the second finds them all)`, "");
  out.push("| side | first run (ms) | first run API calls | second run (ms) | second run API calls |", "| --- | ---: | ---: | ---: | ---: |");
  for (const r of syncs) out.push(`| ${r.side === "Sync-RouteServerPeer" ? "`Sync-RouteServerPeer`, one pipeline" : "per row: `Get-RouteServerPeer`, then `New-RouteServerPeer` if none"} | ${r0(r.firstRun.ms)} | ${r.firstRun.calls} | ${r0(r.secondRun.ms)} | ${r.secondRun.calls} |`);
  const ours = side(syncs, "Sync-RouteServerPeer")[0], base = side(syncs, "per-row script")[0];
  if (ours && base) out.push(`| **ratio (script ÷ sync)** | ${ratio(base.firstRun.ms, ours.firstRun.ms)} | ${ratio(base.firstRun.calls, ours.firstRun.calls)} | ${ratio(base.secondRun.ms, ours.secondRun.ms)} | ${ratio(base.secondRun.calls, ours.secondRun.calls)} |`);
}
console.log(out.join("\n"));
