using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Hosting;

/// <summary>The services one running emulator shares.</summary>
internal sealed class EmulatorRuntime
{
    public EmulatorRuntime(EmulatorOptions options, EmulatorState state, IdGenerator ids)
    {
        Options = options;
        State = state;
        Ids = ids;
        Credentials = new CredentialStore(options, () => state.AccountId);
        Log = new RequestLog(options.RequestLogCapacity);
        Faults = new FaultInjector();
        Ec2 = new Ec2Api(state);
        DirectConnect = new DirectConnectApi(state);
        Sts = new StsApi(state, Credentials, ids);
        Admin = new AdminApi(this);
        Pipeline = new ApiPipeline(this);
    }

    public EmulatorOptions Options { get; }
    public EmulatorState State { get; }
    public IdGenerator Ids { get; }
    public CredentialStore Credentials { get; }
    public RequestLog Log { get; }
    public FaultInjector Faults { get; }
    public Ec2Api Ec2 { get; }
    public DirectConnectApi DirectConnect { get; }
    public StsApi Sts { get; }
    public AdminApi Admin { get; }
    public ApiPipeline Pipeline { get; }

    /// <summary>The base URL once bound, such as <c>http://127.0.0.1:4566</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Back to the start: the seed (or a new one), an empty request log, no faults, no temporary credentials.</summary>
    public void Reset(Topology? seed)
    {
        State.Reset(seed);
        Log.Clear();
        Faults.Clear();
        Credentials.ClearSessions();
    }
}
