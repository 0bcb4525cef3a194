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
    const ours = side(g, "BgpPeering"), base = side(g, "AwsTools");
    for (const [label, rs] of [["BgpPeering", ours], ["AWS.Tools-style (AWSSDK.EC2)", base]]) {
      if (!rs.length) continue;
      out.push(`| ${group} | ${label} | ${rs.length} | ${m(rs, (x) => x.matched)} | ${m(rs, (x) => x.firstObjectMs)} | ${m(rs, (x) => x.totalMs)} | ${m(rs, (x) => x.peakRssMb)} | ${m(rs, (x) => x.rssGrowthMb)} | ${r2(m(rs, (x) => x.peakLiveMb))} | ${m(rs, (x) => x.allocatedMb)} |`);
    }
    if (ours.length && base.length)
      out.push(`| | **ratio (baseline ÷ ours)** | | | ${ratio(m(base, (x) => x.firstObjectMs), m(ours, (x) => x.firstObjectMs))} | ${ratio(m(base, (x) => x.totalMs), m(ours, (x) => x.totalMs))} | ${ratio(m(base, (x) => x.peakRssMb), m(ours, (x) => x.peakRssMb))} | ${ratio(m(base, (x) => x.rssGrowthMb), m(ours, (x) => x.rssGrowthMb))} | ${ratio(m(base, (x) => x.peakLiveMb), m(ours, (x) => x.peakLiveMb))} | ${ratio(m(base, (x) => x.allocatedMb), m(ours, (x) => x.allocatedMb))} |`);
  }
}
const cold = ps("pwsh-coldstart");
if (cold.length) {
  out.push("", "### pwsh: a fresh process to its first answer (import, or Add-Type of the SDK, then one single-peer get)", "");
  out.push("| side | runs | import (ms) | first call (ms) | import + first call (ms) | process start to first answer (ms) |", "| --- | ---: | ---: | ---: | ---: | ---: |");
  const m = (rs, f) => median(rs.map(f));
  const ours = side(cold, "BgpPeering"), base = side(cold, "AwsTools");
  for (const [label, rs] of [["BgpPeering", ours], ["AWS.Tools-style (AWSSDK.EC2)", base]])
    out.push(`| ${label} | ${rs.length} | ${m(rs, (x) => x.importMs)} | ${m(rs, (x) => x.firstCallMs)} | ${r2(m(rs, (x) => x.importMs + x.firstCallMs))} | ${m(rs, (x) => x.processStartToAnswerMs)} |`);
  out.push(`| **ratio (baseline ÷ ours)** | | ${ratio(m(base, (x) => x.importMs), m(ours, (x) => x.importMs))} | ${ratio(m(base, (x) => x.firstCallMs), m(ours, (x) => x.firstCallMs))} | ${ratio(m(base, (x) => x.importMs + x.firstCallMs), m(ours, (x) => x.importMs + x.firstCallMs))} | ${ratio(m(base, (x) => x.processStartToAnswerMs), m(ours, (x) => x.processStartToAnswerMs))} |`);
}
const per = ps("pwsh-percall");
if (per.length) {
  const ours = side(per, "BgpPeering")[0], base = side(per, "AwsTools")[0];
  if (ours && base) {
    out.push("", `### pwsh: ${ours.calls} single-peer gets in a loop, one session`, "");
    out.push("| side | ms per call | overhead over one reused SDK client (ms per call) |", "| --- | ---: | ---: |");
    const floor = base.reusedClientMsPerCall;
    out.push(`| BgpPeering \`Get-RouteServerPeer -RouteServerPeerId\` (cached session) | ${ours.msPerCall} | ${r2(ours.msPerCall - floor)} |`);
    out.push(`| AWS.Tools-style \`Get-EC2RouteServerPeer\` (new client per call) | ${base.msPerCall} | ${r2(base.msPerCall - floor)} |`);
    out.push(`| the floor: one reused AmazonEC2Client, called from the script | ${floor} | 0 |`);
    out.push(`| **ratio (baseline ÷ ours)** | ${ratio(base.msPerCall, ours.msPerCall)} | ${ours.msPerCall > floor ? ratio(base.msPerCall - floor, ours.msPerCall - floor) : "ours is at or below the floor"} |`);
  }
}
for (const w of ps("pwsh-wait")) {
  out.push("", `### pwsh: waiting for ${w.rs} Route Server peers that come up at random times over ${w.windowS} s (first poll interval ${w.pollIntervalS} s)`, "");
  out.push("| side | peers seen up | API calls | p50 latency (s) | p99 latency (s) | max (s) |", "| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of w.results) out.push(`| ${r.side === "BgpPeering" ? "`Wait-BgpPeerUp`" : "AWS.Tools-style per-peer loop"} | ${r.detected}/${r.peers} | ${r.apiCalls} | ${r.p50LatencyS} | ${r.p99LatencyS} | ${r.maxLatencyS} |`);
  const [a, b] = w.results;
  out.push(`| **ratio (loop ÷ waiter)** | | ${(b.apiCalls / a.apiCalls).toFixed(1)}× fewer calls | | | |`);
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
console.log(out.join("\n"));
