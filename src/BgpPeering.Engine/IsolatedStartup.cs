using Amazon.Runtime;
using Amazon.RuntimeDependencies;
using Amazon.SSO;
using Amazon.SSOOIDC;

namespace BgpPeering.Engine
{
    /// <summary>
    /// Run once by the module's loader after it has loaded this assembly and AWSSDK into the engine's own load
    /// context (PowerShell 7 only; see BgpPeering.Loader.ModuleAssemblyLoader).
    /// </summary>
    /// <remarks>
    /// AWSSDK.Core builds the SSO and SSO OIDC clients for SSO profiles itself. Unless they are registered, it finds
    /// their assemblies by name in <c>AppDomain.GetAssemblies()</c>, which on .NET lists every load context: with
    /// AWS.Tools imported first it would pick AWS.Tools' AWSSDK.SSO, built on the other AWSSDK.Core, and fail.
    /// Registering our own factories in our Core's registry keeps those clients in our context. This is done only
    /// when isolated: in a shared context (Windows PowerShell 5.1) the registry belongs to whoever loaded Core
    /// first and is not ours to change. The STS client is not registered: the engine calls STS itself
    /// (Session/RoleCredentials.cs) with the source credentials, which Core's registry context does not carry.
    /// </remarks>
    public static class IsolatedStartup
    {
        private static readonly object Gate = new();
        private static bool s_done;

        public static void Initialize()
        {
            lock (Gate)
            {
                if (s_done) return;
                s_done = true;
            }
            GlobalRuntimeDependencyRegistry.Instance.RegisterSSOClient(context =>
            {
                var data = context.SSOClientContextData;
                var config = new AmazonSSOConfig { RegionEndpoint = data?.Region };
                if (data?.ProxySettings is not null) config.SetWebProxy(data.ProxySettings);
                return new AmazonSSOClient(new AnonymousAWSCredentials(), config);
            });
            GlobalRuntimeDependencyRegistry.Instance.RegisterSSOOIDCClient(context =>
            {
                var data = context.SSOOIDCClientContextData;
                var config = new AmazonSSOOIDCConfig { RegionEndpoint = data?.Region };
                if (data?.ProxySettings is not null) config.SetWebProxy(data.ProxySettings);
                return new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
            });
        }
    }
}
