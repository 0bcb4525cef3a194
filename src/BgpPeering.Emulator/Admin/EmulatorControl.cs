using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Admin;

/// <summary>
/// What test control acts on: the world, the request log, the injected faults and the temporary credentials issued
/// so far. The admin API (<see cref="AdminApi"/>) and the in-process handle share it.
/// </summary>
internal sealed class EmulatorControl
{
    public EmulatorControl(EmulatorState state, CredentialStore credentials, int requestLogCapacity)
    {
        State = state;
        Credentials = credentials;
        Log = new RequestLog(requestLogCapacity);
        Faults = new FaultInjector();
    }

    public EmulatorState State { get; }

    public CredentialStore Credentials { get; }

    public RequestLog Log { get; }

    public FaultInjector Faults { get; }

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
