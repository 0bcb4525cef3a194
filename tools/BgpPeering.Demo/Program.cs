using System.Globalization;
using BgpPeering.Emulator.Hosting;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Operations;
using BgpPeering.Engine.Pipeline;
using BgpPeering.Engine.Session;
using BgpPeering.Engine.Waiting;

// The BgpPeering demo: the emulator in-process, and the engine driven step by step exactly as the cmdlets drive
// it (one engine call per step, through the same output pump). Each step prints the PowerShell it stands for.
var speed = args.Length > 0 && double.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 10;
await using var emulator = await EmulatorApp.StartAsync(new EmulatorOptions { Port = 0, Speed = speed, Output = TextWriter.Null });
var common = $"-EndpointUrl {emulator.Url} -Region us-east-1 -AccessKey {EmulatorOptions.ExampleAccessKeyId} -SecretKey ****";
Console.WriteLine($"Emulator listening on {emulator.Url} (speed x{speed}); it accepts AWS's example key pair.");
Console.WriteLine($"Every command below also takes: {common}");

var session = SessionFactory.Shared.Resolve(new ConnectionParameters
{
    Region = "us-east-1",
    AccessKey = EmulatorOptions.ExampleAccessKeyId,
    SecretKey = EmulatorOptions.ExampleSecretAccessKey,
    EndpointUrl = emulator.Url,
});
var view = new Views();

Step("Get-RouteServerEndpoint");
var endpoints = Run<RouteServerEndpoint>((sink, ct) => RouteServerOperations.GetEndpointsAsync(session.RouteServer, [], new RouteServerEndpointQuery(), sink, ct));
view.Endpoints(endpoints);

Step("Get-RouteServerEndpoint | New-RouteServerPeer -PeerAddress <x.x.x.10> -PeerAsn 65010 -WhatIf    # an EC2 DryRun");
var requests = endpoints.Select((e, i) => new NewRouteServerPeerRequest
{
    RouteServerEndpointId = e.RouteServerEndpointId,
    PeerAddress = NextAddress(e.EniAddress, 10 + i),
    PeerAsn = i == 0 ? 65010 : 4200000010,
    PeerLivenessDetection = i == 0 ? PeerLivenessDetection.Bfd : PeerLivenessDetection.BgpKeepalive,
}).ToList();
foreach (var r in requests) r.Tags.Add(new("Name", "demo-fw-" + (char)('a' + requests.IndexOf(r))));
foreach (var r in requests) Run<object>((sink, ct) => RouteServerOperations.DryRunCreatePeerAsync(session.RouteServer, r, sink, ct));

Step("... | New-RouteServerPeer    # for real this time");
var created = requests.SelectMany(r => Run<RouteServerPeer>((sink, ct) => RouteServerOperations.CreatePeerAsync(session.RouteServer, r, sink, ct))).ToList();
view.Peers(created);

Step("Get-DxBgpPeer");
var dxPeers = Run<DxBgpPeer>((sink, ct) => DirectConnectOperations.GetPeersAsync(session.DirectConnect, [new DxBgpPeerSelector()], sink, ct));
view.DxPeers(dxPeers);

var vif = (await session.DirectConnect.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery(), null, CancellationToken.None)).Items
    .FirstOrDefault(v => v.VirtualInterfaceState == "available" && v.BgpPeers.All(p => p.AddressFamily != AddressFamily.IPv6));
var newDx = new List<DxBgpPeer>();
if (vif is not null)
{
    Step($"New-DxBgpPeer -VirtualInterfaceId {vif.VirtualInterfaceId} -AddressFamily IPv6 -Asn 65020 -WhatIf    # Direct Connect has no DryRun: checked locally plus one read");
    var dxRequest = new NewDxBgpPeerRequest { VirtualInterfaceId = vif.VirtualInterfaceId, AddressFamily = AddressFamily.IPv6, AsnLong = 65020 };
    Run<object>((sink, ct) => DirectConnectOperations.WhatIfCreatePeerAsync(session.DirectConnect, dxRequest, sink, ct));
    Step($"New-DxBgpPeer -VirtualInterfaceId {vif.VirtualInterfaceId} -AddressFamily IPv6 -Asn 65020");
    newDx = Run<DxBgpPeer>((sink, ct) => DirectConnectOperations.CreatePeerAsync(session.DirectConnect, dxRequest, sink, ct));
    view.DxPeers(newDx);
}

Step("$peers | Wait-BgpPeerUp -Timeout 00:05:00 -PollInterval 00:00:01    # Route Server and Direct Connect together");
var targets = created.Select(p => WaitTarget.For(session, p)).Concat(newDx.Select(p => WaitTarget.For(session, p))).ToList();
var waiter = new PeerWaiter();
var up = Run<IBgpPeer>((sink, ct) => waiter.RunAsync(targets, new WaitOptions { PollInterval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMinutes(5) }, sink, ct),
    onOutput: p => Console.WriteLine($"  up: {p.PeerId} (BGP {p.BgpStatus})"));
Console.WriteLine($"  {up.Count} of {targets.Count} peers up after {waiter.Rounds} poll round(s).");

Step("Get-RouteServerPeer | Where BgpStatus -eq Down");
var all = Run<RouteServerPeer>((sink, ct) => RouteServerOperations.GetPeersAsync(session.RouteServer, [], new RouteServerPeerQuery { MaxResults = 1000 }, sink, ct));
view.Peers(all.Where(p => p.BgpStatus == BgpStatus.Down).ToList());
Console.WriteLine($"  ({all.Count} peers in all; {all.Count(p => p.BgpStatus == BgpStatus.Down)} down)");

Step("$created | Remove-RouteServerPeer -Force -PassThru");
view.Peers(created.SelectMany(p => Run<RouteServerPeer>((sink, ct) => RouteServerOperations.RemovePeerAsync(session.RouteServer, p.RouteServerPeerId, passThru: true, sink, ct))).ToList());

Step("Remove-RouteServerPeer -RouteServerPeerId rsp-0000000000000dead -Force    # errors are per item, with AWS's code");
Run<object>((sink, ct) => RouteServerOperations.RemovePeerAsync(session.RouteServer, "rsp-0000000000000dead", passThru: false, sink, ct));

Console.WriteLine();
Console.WriteLine($"The emulator answered {emulator.Requests.Count} signed API calls. Done.");
return 0;

static void Step(string command)
{
    Console.WriteLine();
    Console.ForegroundColor = ConsoleColor.Cyan;
    Console.WriteLine("PS> " + command);
    Console.ResetColor();
}

static List<T> Run<T>(Func<IOutputSink, CancellationToken, Task> work, Action<T>? onOutput = null)
{
    var items = new List<T>();
    string? lastProgress = null;
    OutputPump.Run(work, e =>
    {
        switch (e.Kind)
        {
            case PumpEventKind.Output when e.Payload is T t:
                items.Add(t);
                onOutput?.Invoke(t);
                break;
            case PumpEventKind.Information:
                Console.WriteLine("  " + e.Payload);
                break;
            case PumpEventKind.Error:
                var error = (ItemError)e.Payload!;
                Console.ForegroundColor = ConsoleColor.Red;
                Console.WriteLine($"  error [{error.ErrorId}, {error.Kind}] {error.Target}: {error.Exception.Message}");
                Console.ResetColor();
                break;
            case PumpEventKind.Progress:
                var progress = (ProgressUpdate)e.Payload!;
                if (!progress.Completed && progress.Status != lastProgress)
                    Console.WriteLine($"  progress: {progress.Status} ({progress.PercentComplete} %, {progress.SecondsRemaining} s left)");
                lastProgress = progress.Status;
                break;
        }
    }, CancellationToken.None);
    return items;
}

static string NextAddress(string? eni, int host)
{
    var parts = (eni ?? "10.0.0.4").Split('.');
    return $"{parts[0]}.{parts[1]}.{parts[2]}.{host}";
}

/// <summary>Tables shaped like the module's default format views.</summary>
internal sealed class Views
{
    public void Endpoints(IReadOnlyList<RouteServerEndpoint> items) => Table(items,
        ("RouteServerEndpointId", 22, e => e.RouteServerEndpointId), ("VpcId", 22, e => e.VpcId), ("SubnetId", 25, e => e.SubnetId),
        ("EniAddress", 12, e => e.EniAddress), ("State", 10, e => e.State.ToString()));

    public void Peers(IReadOnlyList<RouteServerPeer> items) => Table(items,
        ("RouteServerPeerId", 22, p => p.RouteServerPeerId), ("Endpoint", 22, p => p.RouteServerEndpointId), ("PeerAddress", 12, p => p.PeerAddress),
        ("PeerAsn", 11, p => p.PeerAsn.ToString(CultureInfo.InvariantCulture)), ("State", 10, p => p.State.ToString()),
        ("BGP", 7, p => p.BgpStatus.ToString()), ("BFD", 7, p => p.PeerLivenessDetection == PeerLivenessDetection.Bfd ? p.BfdStatus.ToString() : "-"), ("Name", 12, p => p.Name));

    public void DxPeers(IReadOnlyList<DxBgpPeer> items) => Table(items,
        ("BgpPeerId", 17, p => p.BgpPeerId), ("VirtualInterfaceId", 19, p => p.VirtualInterfaceId), ("Family", 6, p => p.AddressFamily?.ToString()),
        ("Asn", 11, p => p.Asn.ToString(CultureInfo.InvariantCulture)), ("CustomerAddress", 22, p => p.CustomerAddress), ("State", 10, p => p.State.ToString()),
        ("BGP", 8, p => p.BgpStatus.ToString()), ("AuthKey", 9, p => p.AuthKey?.ToString()));

    private static void Table<T>(IReadOnlyList<T> items, params (string Header, int Width, Func<T, string?> Value)[] columns)
    {
        if (items.Count == 0)
        {
            Console.WriteLine("  (none)");
            return;
        }
        Console.WriteLine("  " + string.Join(" ", columns.Select(c => c.Header.PadRight(c.Width))));
        Console.WriteLine("  " + string.Join(" ", columns.Select(c => new string('-', c.Width))));
        foreach (var item in items)
            Console.WriteLine("  " + string.Join(" ", columns.Select(c => (c.Value(item) ?? string.Empty).PadRight(c.Width))));
    }
}
