using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.EC2.Model.Internal.MarshallTransformations;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Emulator.State;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Engine.Session;

/// <summary>
/// Listing routes (Get-BgpRoute's engine path) against AWSSDK.EC2 4.0.132.1, which has GetRouteServerRoutingDatabase:
///   routes-seed --routes N --out FILE     the demo topology, its Route Server peer advertising N /24s
///   routes-stream --url URL               our engine: the routes front door through the output pump, 1000 a page
///   routes-sdk-stream --url URL           the same database through AmazonEC2Client (the SDK has no paginator for it)
///   routes-parse --url URL [--rounds N]   parse only: the same raw pages through our reader and the SDK's unmarshaller
/// </summary>
internal static class Routes
{
    private const string RouteServer = "rs-0123456789abcdef0";

    public static int Seed(int routes, string path)
    {
        var topology = Topology.Demo();
        var peer = topology.Vpcs[0].RouteServers[0].Endpoints.SelectMany(e => e.Peers).Single(p => p.RouteServerPeerId == "rsp-0fedcba9876543210");
        peer.Routes = Enumerable.Range(0, routes).Select(i =>
        {
            var address = 0x0B000000u + (uint)i * 256; // 11.0.0.0/24 onwards: one /24 each
            return RouteSeed.Of(new IPAddress(new[] { (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)0 }) + "/24", [4200000001, 65010 + i % 7], i % 3 == 0 ? null : i % 100);
        }).ToList();
        File.WriteAllText(path, topology.ToJson());
        return 0;
    }

    private static ConnectionParameters Connection(string url) => new()
    {
        Region = "us-east-1",
        AccessKey = EmulatorOptions.ExampleAccessKeyId,
        SecretKey = EmulatorOptions.ExampleSecretAccessKey,
        EndpointUrl = url,
    };

    /// <summary>Every route of the route server through the path Get-BgpRoute takes, counting objects as WriteObject would.</summary>
    public static async Task<int> StreamAsync(string url)
    {
        var session = SessionFactory.Shared.Resolve(Connection(url));
        // Warm up: one small page, so that the first-object time measures the listing, not the JIT of the first request.
        await session.RouteServer.GetRoutingDatabaseAsync(RouteServer, [], 5, null, CancellationToken.None);
        var query = BgpRouteQuery.Build(null, null, RouteDirection.Accepted, 1000);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        double firstMs = -1;
        long count = 0, peakLive = 0;
        OutputPump.Run((sink, ct) => session.BgpRoutes().GetAsync([RouteSource.ForRouteServer(RouteServer)], query, sink, ct), e =>
        {
            if (e.Kind != PumpEventKind.Output) return;
            if (count++ == 0) firstMs = watch.Elapsed.TotalMilliseconds;
            if (count % 5000 == 0)
            {
                var heap = GC.GetTotalMemory(forceFullCollection: true);
                peakLive = Math.Max(peakLive, heap);
            }
        }, CancellationToken.None);
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Print(new
        {
            scenario = "routes-stream", side = "engine", routes = count, firstObjectMs = Math.Round(firstMs, 1), totalMs = Math.Round(watch.Elapsed.TotalMilliseconds, 1),
            routesPerSecond = Math.Round(count / watch.Elapsed.TotalSeconds), peakRssMb = Memory.PeakRssMb(), peakLiveMb = Math.Round(peakLive / 1048576.0, 2),
            allocatedMb = Math.Round(allocated / 1048576.0, 1), allocatedBytesPerRoute = count == 0 ? 0 : allocated / count,
        });
        return 0;
    }

    private static AmazonEC2Client Client(string url) =>
        new(new BasicAWSCredentials(EmulatorOptions.ExampleAccessKeyId, EmulatorOptions.ExampleSecretAccessKey),
            new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = "us-east-1" });

    /// <summary>The same database through AWSSDK.EC2, page by page with NextToken, 1000 a page.</summary>
    public static async Task<int> SdkStreamAsync(string url)
    {
        using (var warm = Client(url)) await warm.GetRouteServerRoutingDatabaseAsync(new GetRouteServerRoutingDatabaseRequest { RouteServerId = RouteServer, MaxResults = 5 });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        double firstMs = -1;
        long count = 0, peakLive = 0;
        using (var ec2 = Client(url))
        {
            string? token = null;
            do
            {
                var page = await ec2.GetRouteServerRoutingDatabaseAsync(new GetRouteServerRoutingDatabaseRequest { RouteServerId = RouteServer, MaxResults = 1000, NextToken = token });
                foreach (var _ in page.Routes ?? [])
                {
                    if (count++ == 0) firstMs = watch.Elapsed.TotalMilliseconds;
                    if (count % 5000 == 0)
                    {
                        var heap = GC.GetTotalMemory(forceFullCollection: true);
                        peakLive = Math.Max(peakLive, heap);
                            }
                }
                token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            }
            while (token is not null);
        }
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Print(new
        {
            scenario = "routes-stream", side = "awssdk-ec2", routes = count, firstObjectMs = Math.Round(firstMs, 1), totalMs = Math.Round(watch.Elapsed.TotalMilliseconds, 1),
            routesPerSecond = Math.Round(count / watch.Elapsed.TotalSeconds), peakRssMb = Memory.PeakRssMb(), peakLiveMb = Math.Round(peakLive / 1048576.0, 2),
            allocatedMb = Math.Round(allocated / 1048576.0, 1), allocatedBytesPerRoute = count == 0 ? 0 : allocated / count,
        });
        return 0;
    }

    /// <summary>
    /// Parse only: every page fetched once (1000 a page, signed), then parsed by our streaming reader and by
    /// AWSSDK.EC2's GetRouteServerRoutingDatabaseResponseUnmarshaller, several rounds each, alternating.
    /// </summary>
    public static async Task<int> ParseAsync(string url, int rounds)
    {
        var pages = await SdkSide.FetchPagesAsync(url, "Action=GetRouteServerRoutingDatabase&Version=2016-11-15&RouteServerId=" + RouteServer);
        var routes = pages.Sum(p => Encoding.UTF8.GetString(p).Split("<routeStatus>").Length - 1);
        var ctx = new ReadContext("us-east-1", url, DateTimeOffset.UtcNow);
        var settings = Ec2XmlCursor.Settings();
        long Ours()
        {
            long n = 0;
            foreach (var page in pages)
            {
                using var reader = XmlReader.Create(new MemoryStream(page), settings);
                n += Ec2Responses.ReadRoutePage(new Ec2XmlCursor(reader), ctx, RouteServer).Items.Count;
            }
            return n;
        }
        long Sdk()
        {
            long n = 0;
            foreach (var page in pages)
            {
                var context = new XmlUnmarshallerContext(new MemoryStream(page), false, new SdkSide.ResponseData(page.Length), false);
                n += ((GetRouteServerRoutingDatabaseResponse)GetRouteServerRoutingDatabaseResponseUnmarshaller.Instance.Unmarshall(context)).Routes.Count;
            }
            return n;
        }
        var (oursBytes, oursMs, sdkBytes, sdkMs) = SdkSide.CompareParsers(Ours, Sdk, routes, rounds, "routes");
        Print(new
        {
            scenario = "routes-parse", routes, pages = pages.Count, pageBytes = pages.Sum(p => (long)p.Length), rounds,
            engine = new { allocatedBytesPerRoute = Math.Round(oursBytes), ms = Math.Round(oursMs, 1) },
            sdk = new { allocatedBytesPerRoute = Math.Round(sdkBytes), ms = Math.Round(sdkMs, 1) },
            ratio = Math.Round(sdkBytes / oursBytes, 2),
        });
        return 0;
    }

    private static void Print(object value) => Console.WriteLine(JsonSerializer.Serialize(value));
}
