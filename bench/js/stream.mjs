// The comparison side of scenario 1: the official AWS SDK for JavaScript v3's paginator for
// DescribeRouteServerPeers, 1000 a page, against the same emulator. Prints one JSON line.
// Usage: node stream.mjs <emulator-url>
import { EC2Client, DescribeRouteServerPeersCommand, paginateDescribeRouteServerPeers } from "@aws-sdk/client-ec2";
import { readFileSync } from "node:fs";

const url = process.argv[2];
const client = new EC2Client({
  region: "us-east-1",
  endpoint: url,
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  maxAttempts: 3,
});

// Warm up, as the .NET side does: one small call first.
await client.send(new DescribeRouteServerPeersCommand({ MaxResults: 5 }));

const start = process.hrtime.bigint();
let first = -1;
let count = 0;
let peakHeap = 0;
for await (const page of paginateDescribeRouteServerPeers({ client, pageSize: 1000 }, {})) {
  for (const peer of page.RouteServerPeers ?? []) {
    if (count++ === 0) first = Number(process.hrtime.bigint() - start) / 1e6;
  }
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
const hwm = readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/);
console.log(JSON.stringify({
  scenario: "stream", side: "aws-sdk-js-v3", objects: count, firstObjectMs: Math.round(first * 10) / 10, totalMs: Math.round(totalMs * 10) / 10,
  objectsPerSecond: Math.round(count / (totalMs / 1000)), peakRssMb: hwm ? Math.round(Number(hwm[1]) / 102.4) / 10 : -1,
  peakHeapMb: Math.round(peakHeap / 104857.6) / 10,
}));
