// Calls an operation through the official AWS SDK for JavaScript v3 and prints what the SDK parsed, as JSON.
// The proof that an emulator answer is what AWS's own client understands: the C# tests
// (tests/BgpPeering.Tests/Emulator/Api/JsSdkConformanceTests.cs) drive it; it works by hand too.
//
//   node call.mjs <endpoint> <ec2|directconnect> <Operation> [<json input>]
//       one call; prints one JSON object and exits 0 whether the SDK returned or threw (exit 2: bad usage)
//   node call.mjs --serve
//       one call per line of stdin, {"endpoint","service","operation","input"}; one JSON line out per line in
//
// The SDK runs as in the shared wire fixtures: region us-east-1, the example key AKIDEXAMPLE, one attempt.
// What it prints:
//   {"kind":"output","httpStatusCode":200,"requestId":…|null,"output":{…},"dates":["a.b.0.c",…]}
//       output is the SDK's result without $metadata; Date values are ISO strings, and dates lists their paths
//   {"kind":"error","name":"…","fault":"client"|"server","httpStatusCode":400,"requestId":…|null,"message":"…"}
//       the SDK threw: name is the error code (EC2's <Code>, Direct Connect's __type); a parse failure of a 2xx
//       answer is an error too (a TypeError or SyntaxError with the HTTP status the server sent)
//   {"kind":"harness-error","message":"…"}
//       the call could not be made (unknown service or operation, input that is not JSON)
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const services = {
  ec2: { pkg: "@aws-sdk/client-ec2", client: "EC2Client" },
  directconnect: { pkg: "@aws-sdk/client-direct-connect", client: "DirectConnectClient" },
};
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const clients = new Map();
const modules = new Map();

function client(service, endpoint) {
  const spec = services[service];
  if (!spec) throw new HarnessError(`unknown service '${service}' (ec2 or directconnect)`);
  // CommonJS loads the SDK about twice as fast as its ES modules; one client per service and endpoint.
  if (!modules.has(service)) modules.set(service, require(spec.pkg));
  const key = service + " " + endpoint;
  if (!clients.has(key)) clients.set(key, new (modules.get(service)[spec.client])({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 }));
  return [clients.get(key), modules.get(service)];
}

class HarnessError extends Error {}

function plain(value, at, dates) {
  if (value instanceof Date) { dates.push(at); return value.toISOString(); }
  if (Array.isArray(value)) return value.map((v, i) => plain(v, at === "" ? String(i) : `${at}.${i}`, dates));
  if (value !== null && typeof value === "object") {
    const o = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "$metadata" || v === undefined) continue;
      o[k] = plain(v, at === "" ? k : `${at}.${k}`, dates);
    }
    return o;
  }
  return value;
}

async function call({ endpoint, service, operation, input }) {
  try {
    if (typeof endpoint !== "string" || !/^https?:\/\//.test(endpoint)) throw new HarnessError(`endpoint must be an http(s) URL, not '${endpoint}'`);
    const [c, mod] = client(service, endpoint);
    const Command = mod[`${operation}Command`];
    if (typeof Command !== "function") throw new HarnessError(`${services[service].pkg} has no operation '${operation}'`);
    try {
      const out = await c.send(new Command(input ?? {}));
      const dates = [];
      const output = plain(out, "", dates);
      return { kind: "output", httpStatusCode: out.$metadata?.httpStatusCode ?? null, requestId: out.$metadata?.requestId ?? null, output, dates };
    } catch (e) {
      if (e instanceof HarnessError) throw e;
      return {
        kind: "error", name: e.name, fault: e.$fault ?? null, httpStatusCode: e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? null,
        requestId: e.$metadata?.requestId ?? null, message: e.message,
      };
    }
  } catch (e) {
    return { kind: "harness-error", message: e instanceof HarnessError ? e.message : String(e?.stack ?? e) };
  }
}

const args = process.argv.slice(2);
if (args[0] === "--serve" && args.length === 1) {
  // One line at a time, in order: the caller waits for each answer before it sends the next line.
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    let request;
    try { request = JSON.parse(line); } catch (e) { request = null; }
    const result = request === null ? { kind: "harness-error", message: "the line is not JSON" } : await call(request);
    process.stdout.write(JSON.stringify(result) + "\n");
  }
} else if (args.length === 3 || args.length === 4) {
  let input = {};
  let result;
  try { input = args[3] === undefined ? {} : JSON.parse(args[3]); } catch { result = { kind: "harness-error", message: "the input is not JSON" }; }
  result ??= await call({ endpoint: args[0], service: args[1], operation: args[2], input });
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} else {
  process.stderr.write("usage: node call.mjs <endpoint> <ec2|directconnect> <Operation> [<json input>]\n       node call.mjs --serve   (JSON lines on stdin: {\"endpoint\",\"service\",\"operation\",\"input\"})\n");
  process.exitCode = 2;
}
