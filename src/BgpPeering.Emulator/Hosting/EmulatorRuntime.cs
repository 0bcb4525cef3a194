using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.Pipeline;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Hosting;

/// <summary>One running emulator's parts, built from its options and seed, from the state up to the request router.</summary>
internal sealed class EmulatorRuntime
{
    public EmulatorRuntime(EmulatorOptions options, Topology seed)
    {
        Options = options;
        var ids = new IdGenerator(options.RandomSeed);
        var state = new EmulatorState(options.TimeProvider, options.Delays, options.Speed, seed, ids);
        State = state;
        var credentials = new CredentialStore(() => state.AccountId, options.SignatureClock, options.MaxClockSkew);
        foreach (var key in options.EffectiveKeys()) credentials.AddKey(key.AccessKeyId, key.SecretAccessKey, key.UserName, key.DeniedActions);
        Control = new EmulatorControl(state, credentials, options.RequestLogCapacity);
        var services = new ApiServices(state, credentials, ids);
        Router = new RequestRouter(Control, new AdminApi(Control), new ApiPipeline(services, credentials, state, Control, options.Output, options.Verbose));
    }

    public EmulatorOptions Options { get; }

    public EmulatorState State { get; }

    /// <summary>The state, log, faults and credentials that test control (the admin API and the handle) acts on.</summary>
    public EmulatorControl Control { get; }

    /// <summary>The one request handler the server runs.</summary>
    public RequestRouter Router { get; }
}
