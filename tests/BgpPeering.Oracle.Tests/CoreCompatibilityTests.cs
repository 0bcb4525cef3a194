using System.Reflection;
using System.Runtime.Loader;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Oracle.Tests;

/// <summary>
/// Why the module does not ship AWSSDK.EC2 (docs/design.md, "Our own EC2 client"): on Windows PowerShell 5.1 every
/// module shares one AWSSDK.Core, and AWSSDK.EC2 4.0.132 on the older Core that AWS.Tools may have loaded first
/// (4.0.3.3, the oldest 4.0.x on the mirror) fails at its first call. Played here in a load context of its own
/// holding only those two assemblies, as a 5.1 AppDomain would after AWS.Tools.
/// </summary>
public sealed class CoreCompatibilityTests
{
    /// <summary>AWSSDK.Core and AWSSDK.EC2 from the given files; everything else from the default context.</summary>
    private sealed class SharedSdkContext : AssemblyLoadContext
    {
        private readonly Assembly _core;

        public SharedSdkContext(string core) : base("aws-tools-core", isCollectible: true) => _core = LoadFromAssemblyPath(core);

        public Assembly Core => _core;

        protected override Assembly? Load(AssemblyName name) => name.Name == "AWSSDK.Core" ? _core : null;
    }

    [Fact]
    public async Task AWSSDK_EC2_4_0_132_on_AWS_Tools_older_Core_4_0_3_3_throws_MissingMethodException()
    {
        await using var emu = await OracleEmulator.StartAsync();
        var context = new SharedSdkContext(BuildPaths.Metadata("OlderAwsSdkCore"));
        try
        {
            var ec2 = context.LoadFromAssemblyPath(BuildPaths.Metadata("AwsSdkEc2Netstandard"));
            Assert.Equal("4.0.3.3", System.Diagnostics.FileVersionInfo.GetVersionInfo(context.Core.Location).FileVersion);
            Assert.Same(context.Core, ec2.GetReferencedAssemblies().Where(a => a.Name == "AWSSDK.Core").Select(context.LoadFromAssemblyName).Single());

            var config = Activator.CreateInstance(ec2.GetType("Amazon.EC2.AmazonEC2Config", throwOnError: true)!)!;
            config.GetType().GetProperty("ServiceURL")!.SetValue(config, emu.Url);
            config.GetType().GetProperty("AuthenticationRegion")!.SetValue(config, OracleEmulator.Region);
            var credentials = Activator.CreateInstance(context.Core.GetType("Amazon.Runtime.BasicAWSCredentials", throwOnError: true)!, OracleEmulator.AccessKey, OracleEmulator.SecretKey)!;
            var client = ec2.GetType("Amazon.EC2.AmazonEC2Client", throwOnError: true)!
                .GetConstructor([context.Core.GetType("Amazon.Runtime.AWSCredentials", throwOnError: true)!, config.GetType()])!
                .Invoke([credentials, config]);
            var request = Activator.CreateInstance(ec2.GetType("Amazon.EC2.Model.DescribeRouteServerPeersRequest", throwOnError: true)!)!;
            var describe = client.GetType().GetMethod("DescribeRouteServerPeersAsync", [request.GetType(), typeof(CancellationToken)])!;

            Exception? failure = null;
            try
            {
                await (Task)describe.Invoke(client, [request, CancellationToken.None])!;
            }
            catch (Exception ex)
            {
                failure = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            }
            var missing = Assert.IsType<MissingMethodException>(failure);
            Assert.Contains("Amazon.Util.AWSSDKUtils", missing.Message, StringComparison.Ordinal);
            Assert.Empty(emu.Emulator.Requests);
        }
        finally
        {
            context.Unload();
        }
    }
}
