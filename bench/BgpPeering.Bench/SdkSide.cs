using System.Diagnostics;
using System.Net;
using System.Text;
using System.Xml;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.EC2.Model.Internal.MarshallTransformations;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Transform;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.Ec2;

/// <summary>
/// The baseline side of the engine benchmarks: the official AWSSDK.EC2 (4.0.132.1, the library under AWS.Tools.EC2)
/// against the same emulator, and both parsers over the same raw pages.
/// </summary>
internal static class SdkSide
{
    private static AmazonEC2Client Client(string url) =>
        new(new BasicAWSCredentials(EmulatorOptions.ExampleAccessKeyId, EmulatorOptions.ExampleSecretAccessKey),
            new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = "us-east-1" });

    /// <summary>Lists every peer, 1000 a page, with the SDK's paginator: time to first object, total, allocations.</summary>
    public static async Task<int> StreamAsync(string url)
    {
        using (var warm = Client(url)) await warm.DescribeRouteServerPeersAsync(new DescribeRouteServerPeersRequest { MaxResults = 5 });
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        double firstMs = -1;
        long count = 0, peakManaged = 0, peakLive = 0;
        using (var ec2 = Client(url))
        {
            await foreach (var peer in ec2.Paginators.DescribeRouteServerPeers(new DescribeRouteServerPeersRequest { MaxResults = 1000 }).RouteServerPeers)
            {
                if (count++ == 0) firstMs = watch.Elapsed.TotalMilliseconds;
                if (count % 1000 == 0) peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                if (count % 10_000 == 0) peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true));
            }
        }
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Json.Print(new
        {
            scenario = "stream", side = "awssdk-ec2", objects = count, firstObjectMs = Math.Round(firstMs, 1), totalMs = Math.Round(watch.Elapsed.TotalMilliseconds, 1),
            objectsPerSecond = Math.Round(count / watch.Elapsed.TotalSeconds), peakRssMb = Memory.PeakRssMb(), peakManagedMb = Math.Round(peakManaged / 1048576.0, 1),
            peakLiveMb = Math.Round(peakLive / 1048576.0, 1), allocatedMb = Math.Round(allocated / 1048576.0, 1), allocatedBytesPerPeer = count == 0 ? 0 : allocated / count,
        });
        return 0;
    }

    /// <summary>
    /// Parse only: fetches every page once (1000 a page) as raw bytes, then parses all of them with our streaming
    /// reader and with AWSSDK.EC2's own unmarshaller, several rounds each, alternating; allocations per peer from
    /// GC.GetTotalAllocatedBytes.
    /// </summary>
    public static async Task<int> ParseAsync(string url, int rounds)
    {
        var pages = await FetchPagesAsync(url);
        var peers = 0;
        foreach (var page in pages) peers += Encoding.UTF8.GetString(page).Split("<routeServerPeerId>").Length - 1;
        var ctx = new ReadContext("us-east-1", url, DateTimeOffset.UtcNow);
        var settings = Ec2XmlCursor.Settings();
        long Ours()
        {
            long n = 0;
            foreach (var page in pages)
            {
                using var reader = XmlReader.Create(new MemoryStream(page), settings);
                n += Ec2Responses.ReadPeerPage(new Ec2XmlCursor(reader), ctx).Items.Count;
            }
            return n;
        }
        long Sdk()
        {
            long n = 0;
            foreach (var page in pages)
            {
                var context = new XmlUnmarshallerContext(new MemoryStream(page), false, new ResponseData(page.Length), false);
                n += ((DescribeRouteServerPeersResponse)DescribeRouteServerPeersResponseUnmarshaller.Instance.Unmarshall(context)).RouteServerPeers.Count;
            }
            return n;
        }
        var (oursBytes, oursMs, sdkBytes, sdkMs) = CompareParsers(Ours, Sdk, peers, rounds, "peers");
        Json.Print(new
        {
            scenario = "parse", peers, pages = pages.Count, pageBytes = pages.Sum(p => (long)p.Length), rounds,
            engine = new { allocatedBytesPerPeer = Math.Round(oursBytes), ms = Math.Round(oursMs, 1) },
            sdk = new { allocatedBytesPerPeer = Math.Round(sdkBytes), ms = Math.Round(sdkMs, 1) },
            ratio = Math.Round(sdkBytes / oursBytes, 2),
        });
        return 0;
    }

    /// <summary>
    /// Parses the same pages with both parsers, once each to warm them (their counts must be <paramref name="items"/>),
    /// then <paramref name="rounds"/> times alternately: the medians of the bytes allocated per item and of the time.
    /// </summary>
    internal static (double OursBytes, double OursMs, double SdkBytes, double SdkMs) CompareParsers(Func<long> ours, Func<long> sdk, long items, int rounds, string what)
    {
        if (ours() != items || sdk() != items) throw new InvalidOperationException("The parsers disagree on the number of " + what + ".");
        var results = new List<(string side, double bytes, double ms)>();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var (side, parse) in new (string, Func<long>)[] { ("engine", ours), ("awssdk-ec2", sdk) })
            {
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                parse();
                var ms = watch.Elapsed.TotalMilliseconds;
                results.Add((side, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)items, ms));
            }
        }
        double Median(IEnumerable<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
        double Of(string side, Func<(string side, double bytes, double ms), double> f) => Median(results.Where(x => x.side == side).Select(f));
        return (Of("engine", x => x.bytes), Of("engine", x => x.ms), Of("awssdk-ec2", x => x.bytes), Of("awssdk-ec2", x => x.ms));
    }

    /// <summary>Every page of an EC2 listing, 1000 a page, as the emulator sent it (signed by AWSSDK.Core's SigV4 signer).</summary>
    internal static async Task<List<byte[]>> FetchPagesAsync(string url, string request = "Action=DescribeRouteServerPeers&Version=2016-11-15")
    {
        using var http = new HttpClient();
        var pages = new List<byte[]>();
        string? token = null;
        do
        {
            var body = request + "&MaxResults=1000" + (token is null ? string.Empty : "&NextToken=" + Uri.EscapeDataString(token));
            var page = await SendSignedAsync(http, url, body);
            pages.Add(page);
            using var reader = XmlReader.Create(new MemoryStream(page));
            token = null;
            while (reader.Read())
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "nextToken") { token = reader.ReadElementContentAsString(); break; }
        }
        while (token is not null);
        return pages;
    }

    internal static async Task<byte[]> SendSignedAsync(HttpClient http, string url, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new DefaultRequest(new DescribeRouteServerPeersRequest(), "EC2") { HttpMethod = "POST", Endpoint = new Uri(url), ResourcePath = "/", Content = bytes };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded";
        var config = new AmazonEC2Config { ServiceURL = url, AuthenticationRegion = "us-east-1" };
        var signing = new AWS4Signer().SignRequest(request, config, null, EmulatorOptions.ExampleAccessKeyId, EmulatorOptions.ExampleSecretAccessKey);
        request.Headers["Authorization"] = signing.ForAuthorizationHeader;
        using var message = new HttpRequestMessage(HttpMethod.Post, url + "/") { Content = new ByteArrayContent(bytes) };
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "host", StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.TryAddWithoutValidation(name, value);
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(message);
        var page = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException("The emulator answered " + (int)response.StatusCode + ": " + Encoding.UTF8.GetString(page));
        return page;
    }

    /// <summary>What the SDK's unmarshaller needs to know about the HTTP response: a 200 with an XML body.</summary>
    internal sealed class ResponseData(long length) : IWebResponseData
    {
        public long ContentLength => length;
        public string ContentType => "text/xml;charset=UTF-8";
        public HttpStatusCode StatusCode => HttpStatusCode.OK;
        public bool IsSuccessStatusCode => true;
        public IHttpResponseBody ResponseBody => throw new NotSupportedException("The body is given as a stream.");
        public string[] GetHeaderNames() => [];
        public bool IsHeaderPresent(string headerName) => false;
        public string? GetHeaderValue(string headerName) => null;
        public bool IsEventHeaderPresent(string headerName) => false;
        public Amazon.Runtime.EventStreams.IEventStreamHeader GetEventStreamHeader(string headerName) => throw new NotSupportedException("No event stream.");
    }
}
