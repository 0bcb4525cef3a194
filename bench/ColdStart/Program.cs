using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;

namespace BgpPeering.ColdStart
{
    /// <summary>
    /// <c>measure</c>: import the module the way PowerShell does and make one DescribeRouteServerEndpoints request;
    /// print one line of <c>key=value</c> facts. <c>serve</c>: answer every POST with a canned EC2 response on
    /// 127.0.0.1 for at most <c>--seconds</c> (the measured processes then load no server code).
    /// </summary>
    public static class Program
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static int Main(string[] args)
        {
            var options = Options.Parse(args);
            try
            {
                return options.Command switch
                {
                    "measure" => Measure(options),
                    "serve" => Serve(options),
                    _ => Usage(),
                };
            }
            catch (Exception ex)
            {
                Console.WriteLine("result=error");
                Console.WriteLine("error=" + ex.GetType().FullName + ": " + OneLine(ex.Message));
                for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
                    Console.WriteLine("inner=" + inner.GetType().FullName + ": " + OneLine(inner.Message));
                return 1;
            }
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: ColdStart measure --module <folder> --endpoint <url> [--preload-core <AWSSDK.Core.dll>] [--load-after <AWSSDK.Core.dll>] [--share]");
            Console.Error.WriteLine("       ColdStart serve --response <file> [--seconds N]");
            return 2;
        }

        private static int Measure(Options o)
        {
            var module = Path.GetFullPath(o.Require("--module"));
            var endpoint = o.Require("--endpoint");
            var facts = new List<KeyValuePair<string, string>>();
            void Fact(string key, object value) => facts.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));

            var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
            Fact("assemblies_at_start", AppDomain.CurrentDomain.GetAssemblies().Length);

            // Another module (AWS.Tools) imported first: its AWSSDK.Core is in the default context already.
            var preload = o.Get("--preload-core");
            if (preload is not null)
            {
                var other = Assembly.LoadFrom(preload);
                _ = other.GetType("Amazon.Runtime.AmazonServiceClient", throwOnError: true);
                Fact("preloaded_core", FileVersion(other));
            }
            var baseline = AppDomain.CurrentDomain.GetAssemblies().Length;

            // Import-Module: RequiredAssemblies, then the root module, then its IModuleAssemblyInitializer.
            var importStart = Clock.Elapsed;
            Assembly.LoadFrom(Path.Combine(module, "BgpPeering.Engine.Model.dll"));
            Assembly.LoadFrom(Path.Combine(module, "BgpPeering.dll"));
            Assembly.LoadFrom(Path.Combine(module, "BgpPeering.Loader.dll")); // PowerShell finds it beside BgpPeering.dll.
            var isolating = Install(module, o.Has("--share"));
            var importTime = Clock.Elapsed - importStart;
            Fact("isolating", isolating);
            Fact("import_ms", Ms(importTime));
            Fact("assemblies_after_import", AppDomain.CurrentDomain.GetAssemblies().Length - baseline);

            // The first cmdlet call: resolve a session from explicit keys, one DescribeRouteServerEndpoints.
            var requestStart = Clock.Elapsed;
            var (count, clientCore, sessionTime) = FirstRequest(endpoint);
            var requestTime = Clock.Elapsed - requestStart;
            Fact("result", "ok");
            Fact("endpoints", count);
            Fact("first_request_ms", Ms(requestTime));
            Fact("session_ms", Ms(sessionTime));
            Fact("cold_ms", Ms(importTime + requestTime));
            Fact("since_process_start_ms", Ms(DateTime.UtcNow - processStart));
            Fact("engine_core", clientCore);

            var all = AppDomain.CurrentDomain.GetAssemblies();
            Fact("assemblies_total", all.Length);
            Fact("assemblies_added", all.Length - baseline);
            foreach (var group in all.GroupBy(a => ContextOf(a)).OrderBy(g => g.Key, StringComparer.Ordinal))
                Fact("assemblies_in_" + group.Key, group.Count());
            foreach (var core in all.Where(a => a.GetName().Name == "AWSSDK.Core"))
                Fact("core_in_" + ContextOf(core), FileVersion(core));
            Fact("module_assemblies", string.Join(",", all.Where(a => !a.IsDynamic && a.Location.StartsWith(module, StringComparison.Ordinal))
                .Select(a => Path.GetRelativePath(module, a.Location).Replace('\\', '/') + "@" + ContextOf(a)).OrderBy(s => s, StringComparer.Ordinal)));

            // Another module (AWS.Tools) imported after ours: can it still load its own AWSSDK.Core?
            var after = o.Get("--load-after");
            if (after is not null)
            {
                try
                {
                    var other = Assembly.LoadFrom(after);
                    Fact("load_after", "ok " + FileVersion(other) + " in " + ContextOf(other));
                }
                catch (FileLoadException ex)
                {
                    Fact("load_after", "failed " + OneLine(ex.Message));
                }
            }

            foreach (var (key, value) in facts) Console.WriteLine(key + "=" + value);
            return 0;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool Install(string module, bool share)
        {
            var loader = Loader.ModuleAssemblyLoader.Install(module, share ? false : null);
            return loader.Isolate;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (int Count, string ClientCore, TimeSpan SessionTime) FirstRequest(string endpoint)
        {
            var sessionStart = Clock.Elapsed;
            var session = Engine.Session.SessionFactory.Shared.Resolve(new Engine.Session.ConnectionParameters
            {
                AccessKey = "AKIDEXAMPLE",
                SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                Region = "us-east-1",
                EndpointUrl = endpoint,
            });
            var sessionTime = Clock.Elapsed - sessionStart;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var page = session.RouteServer.DescribeEndpointsAsync(new Engine.Model.RouteServerEndpointQuery(), null, cts.Token).GetAwaiter().GetResult();
            return (page.Items.Count, CoreOf(session.RouteServer), sessionTime);
        }

        /// <summary>The AWSSDK.Core that the engine's EC2 client actually runs on: the assembly of its AmazonServiceClient base.</summary>
        private static string CoreOf(object routeServerClient)
        {
            foreach (var field in routeServerClient.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            {
                for (var t = field.FieldType; t is not null; t = t.BaseType)
                {
                    if (t.FullName == "Amazon.Runtime.AmazonServiceClient")
                        return FileVersion(t.Assembly) + "@" + ContextOf(t.Assembly);
                }
            }
            return "unknown";
        }

        private static int Serve(Options o)
        {
            var body = File.ReadAllBytes(o.Require("--response"));
            var seconds = int.Parse(o.Get("--seconds") ?? "300", CultureInfo.InvariantCulture);
            using var listener = StartListener(out var url);
            Console.WriteLine("listening " + url);
            Console.Out.Flush();
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < deadline)
            {
                var pending = listener.GetContextAsync();
                if (!pending.Wait(TimeSpan.FromMilliseconds(Math.Max(1, (deadline - DateTime.UtcNow).TotalMilliseconds)))) break;
                var context = pending.Result;
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) reader.ReadToEnd();
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/xml;charset=UTF-8";
                context.Response.ContentLength64 = body.Length;
                context.Response.OutputStream.Write(body, 0, body.Length);
                context.Response.Close();
            }
            return 0;
        }

        private static HttpListener StartListener(out string url)
        {
            for (var attempt = 0; ; attempt++)
            {
                var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var listener = new HttpListener();
                url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/";
                listener.Prefixes.Add(url);
                try
                {
                    listener.Start();
                    return listener;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    listener.Close();
                }
            }
        }

        private static string ContextOf(Assembly a) =>
            System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a)?.Name ?? "none";

        private static string FileVersion(Assembly a) =>
            a.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version ?? a.GetName().Version?.ToString() ?? "?";

        private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

        private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ');

        private sealed class Options
        {
            private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

            public string Command { get; private set; } = string.Empty;

            public static Options Parse(string[] args)
            {
                var o = new Options { Command = args.Length > 0 ? args[0] : string.Empty };
                for (var i = 1; i < args.Length; i++)
                {
                    var key = args[i];
                    var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                    o._values[key] = value;
                }
                return o;
            }

            public bool Has(string key) => _values.ContainsKey(key);

            public string? Get(string key) => _values.TryGetValue(key, out var v) ? v : null;

            public string Require(string key) => Get(key) ?? throw new ArgumentException("Missing " + key + ".");
        }
    }
}
