using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>The services the emulator speaks, over one state: EC2, Direct Connect and STS.</summary>
internal sealed class ApiServices
{
    public ApiServices(EmulatorState state, CredentialStore credentials, IdGenerator ids)
    {
        Ec2 = new Ec2Api(state);
        DirectConnect = new DirectConnectApi(state);
        Sts = new StsApi(state, credentials, ids);
    }

    public Ec2Api Ec2 { get; }

    public DirectConnectApi DirectConnect { get; }

    public StsApi Sts { get; }
}
