// Turns bench/results/latest.jsonl into the markdown tables of docs/benchmarks.md. Ratios are what matter on a
// shared machine; absolute times are given for scale only.
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const out = [];
const streams = rows.filter((r) => r.scenario === "stream");
const sizes = [...new Set(streams.map((r) => r.objects))].sort((a, b) => a - b);
out.push("### Streaming (Get-RouteServerPeer's engine path vs the AWS SDK for JavaScript v3 paginator)", "");
out.push("| peers | side | runs | first object (ms) | total (ms) | objects/s | peak RSS (MiB) |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
for (const n of sizes) {
  for (const side of ["engine", "aws-sdk-js-v3"]) {
    const r = streams.filter((s) => s.objects === n && s.side === side);
    if (!r.length) continue;
    out.push(`| ${n} | ${side === "engine" ? "BgpPeering engine" : "@aws-sdk/client-ec2"} | ${r.length} | ${median(r.map((x) => x.firstObjectMs))} | ${median(r.map((x) => x.totalMs))} | ${median(r.map((x) => x.objectsPerSecond))} | ${median(r.map((x) => x.peakRssMb))} |`);
  }
  const ours = streams.filter((s) => s.objects === n && s.side === "engine"), js = streams.filter((s) => s.objects === n && s.side !== "engine");
  if (ours.length && js.length) out.push(`| ${n} | **ratio (JS ÷ ours)** | | ${(median(js.map((x) => x.firstObjectMs)) / median(ours.map((x) => x.firstObjectMs))).toFixed(2)} | ${(median(js.map((x) => x.totalMs)) / median(ours.map((x) => x.totalMs))).toFixed(2)} | | ${(median(js.map((x) => x.peakRssMb)) / median(ours.map((x) => x.peakRssMb))).toFixed(2)} |`);
}
for (const w of rows.filter((r) => r.scenario === "wait")) {
  out.push("", `### Waiting (${w.rs} Route Server + ${w.dx} Direct Connect peers up at random times over ${w.windowS} s; first poll interval ${w.pollIntervalS} s)`, "");
  out.push("| side | peers seen up | API calls | poll rounds | seen in the first round after coming up | p50 latency (s) | p99 latency (s) | max (s) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of w.results) out.push(`| ${r.side} | ${r.detected}/${r.peers} | ${r.apiCalls} | ${r.pollRounds < 0 ? "" : r.pollRounds} | ${r.detectedWithinOneInterval < 0 ? "" : r.detectedWithinOneInterval + "/" + r.detected} | ${r.p50LatencyS} | ${r.p99LatencyS} | ${r.maxLatencyS} |`);
  const [a, b] = w.results;
  out.push(`| **ratio (loop ÷ waiter)** | | ${(b.apiCalls / a.apiCalls).toFixed(1)}× fewer calls | | | | | |`);
}
for (const p of rows.filter((r) => r.scenario === "percall")) {
  out.push("", `### Per-call overhead (${p.calls} sequential single-peer gets; each call resolves its session as a cmdlet does)`, "");
  out.push("| credentials | our cached session (ms/call) | new session and client per call, as AWS.Tools (ms/call) | ratio |", "| --- | ---: | ---: | ---: |");
  out.push(`| explicit keys | ${p.keys.cachedMsPerCall} | ${p.keys.newClientMsPerCall} | ${p.keys.ratio} |`);
  out.push(`| profile in a credentials file | ${p.profile.cachedMsPerCall} | ${p.profile.newClientMsPerCall} | ${p.profile.ratio} |`);
}
for (const t of rows.filter((r) => r.scenario === "throughput")) {
  out.push("", `### Emulator throughput (${t.peers} peers, ${t.workers} concurrent clients for ${t.seconds} s; ${t.note})`, "");
  out.push("| requests | requests/s | pages of 1000 | DescribeVirtualInterfaces | single-peer gets |", "| ---: | ---: | ---: | ---: | ---: |");
  out.push(`| ${t.requests} | ${t.requestsPerSecond} | ${t.pagesOf1000} | ${t.describeVirtualInterfaces} | ${t.singlePeerGets} |`);
}
console.log(out.join("\n"));
