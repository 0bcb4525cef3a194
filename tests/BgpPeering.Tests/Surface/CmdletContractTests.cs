using System.Text.RegularExpressions;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Surface;

/// <summary>
/// The PowerShell surface, proven statically from BgpPeering.dll's metadata: output types, ShouldProcess,
/// pipeline binding against the types the README pipes, validation ranges, common parameters and the manifest.
/// </summary>
public sealed class CmdletContractTests : IClassFixture<CmdletContractTests.Metadata>
{
    public sealed class Metadata : IDisposable
    {
        public ModuleMetadata Module { get; } = new();

        public void Dispose() => Module.Dispose();
    }

    private readonly ModuleMetadata _m;

    public CmdletContractTests(Metadata metadata) => _m = metadata.Module;

    private const string Model = "BgpPeering.Engine.Model.";

    [Fact]
    public void The_route_server_cmdlets_exist()
    {
        var names = _m.Cmdlets.Select(c => c.Name).ToList();
        Assert.Contains("Get-RouteServerPeer", names);
        Assert.Contains("New-RouteServerPeer", names);
        Assert.Contains("Remove-RouteServerPeer", names);
        Assert.Contains("Get-RouteServerEndpoint", names);
    }

    [Fact]
    public void Every_cmdlet_declares_an_output_type_of_ours()
    {
        Assert.All(_m.Cmdlets, c =>
        {
            Assert.NotEmpty(c.OutputTypes);
            Assert.All(c.OutputTypes, t => Assert.StartsWith("BgpPeering.", t, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Every_cmdlet_class_is_sealed_and_named_after_its_verb_and_noun()
    {
        Assert.All(_m.Cmdlets, c =>
        {
            Assert.True(c.Type.IsSealed, c.Name + " is not sealed");
            Assert.Equal("BgpPeering.Commands." + c.Name.Replace("-", string.Empty) + "Command", c.Type.FullName);
        });
    }

    [Theory]
    [InlineData("New-RouteServerPeer", "Medium")]
    [InlineData("Remove-RouteServerPeer", "High")]
    public void Mutating_cmdlets_support_ShouldProcess_with_the_right_impact(string cmdlet, string impact)
    {
        var c = _m.Cmdlet(cmdlet);
        Assert.True(c.SupportsShouldProcess);
        Assert.Equal(impact, c.ConfirmImpact);
    }

    [Fact]
    public void Every_New_and_Remove_cmdlet_supports_ShouldProcess_and_every_Remove_is_High()
    {
        Assert.All(_m.Cmdlets.Where(c => c.Name.StartsWith("New-", StringComparison.Ordinal) || c.Name.StartsWith("Remove-", StringComparison.Ordinal)), c =>
        {
            Assert.True(c.SupportsShouldProcess, c.Name);
            if (c.Name.StartsWith("Remove-", StringComparison.Ordinal)) Assert.Equal("High", c.ConfirmImpact);
        });
    }

    [Fact]
    public void Read_only_cmdlets_do_not_claim_ShouldProcess()
    {
        Assert.All(_m.Cmdlets.Where(c => c.Name.StartsWith("Get-", StringComparison.Ordinal) || c.Name.StartsWith("Wait-", StringComparison.Ordinal)),
            c => Assert.False(c.SupportsShouldProcess, c.Name));
    }

    /// <summary>The pipelines the README shows: which output types flow into which cmdlet.</summary>
    public static TheoryData<string, string[]> Pipelines => new()
    {
        // "csv:" names the columns of the README's Import-Csv peers.csv.
        { "New-RouteServerPeer", [Model + "RouteServerEndpoint", Model + "RouteServerPeer", "csv:RouteServerEndpointId,PeerAddress,PeerAsn,PeerLivenessDetection,Tag"] },
        { "Get-RouteServerPeer", [Model + "RouteServerPeer"] },
        { "Remove-RouteServerPeer", [Model + "RouteServerPeer"] },
        { "Get-RouteServerEndpoint", [Model + "RouteServerEndpoint"] },
        { "Wait-BgpPeerUp", [Model + "RouteServerPeer", Model + "DxBgpPeer"] },
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Every_by_property_name_parameter_matches_a_property_of_a_piped_type(string cmdlet, string[] sourceTypes)
    {
        var properties = sourceTypes.SelectMany(t => t.StartsWith("csv:", StringComparison.Ordinal)
            ? t[4..].Split(',')
            : _m.EngineType(t).GetProperties().Select(p => p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byName = _m.Cmdlet(cmdlet).Parameters.Where(p => p.FromPipelineByPropertyName).ToList();
        Assert.NotEmpty(byName);
        Assert.All(byName, p => Assert.True(
            properties.Contains(p.Name) || p.Aliases.Any(properties.Contains),
            $"{cmdlet} -{p.Name} (aliases: {string.Join(", ", p.Aliases)}) binds by property name, but no piped type ({string.Join(", ", sourceTypes)}) has such a property."));
    }

    [Theory]
    [InlineData(Model + "RouteServerEndpoint", "New-RouteServerPeer", "RouteServerEndpointId")]
    [InlineData(Model + "RouteServerPeer", "Remove-RouteServerPeer", "RouteServerPeerId")]
    [InlineData(Model + "RouteServerPeer", "Get-RouteServerPeer", "RouteServerPeerId")]
    [InlineData(Model + "RouteServerPeer", "New-RouteServerPeer", "PeerAddress")]
    public void Piped_objects_bind_their_identifying_property(string sourceType, string cmdlet, string parameter)
    {
        Assert.NotNull(_m.EngineType(sourceType).GetProperty(parameter));
        Assert.Contains(_m.Cmdlet(cmdlet).Parameter(parameter), p => p.FromPipelineByPropertyName);
    }

    [Fact]
    public void Wait_BgpPeerUp_takes_both_peer_kinds_by_value_and_IDs_by_property_name()
    {
        var c = _m.Cmdlet("Wait-BgpPeerUp");
        var input = Assert.Single(c.Parameter("InputObject"));
        Assert.True(input.FromPipeline);
        Assert.True(input.Mandatory);
        var peerInterface = input.Type.GetElementType()!;
        Assert.Equal(Model + "IBgpPeer", peerInterface.FullName);
        Assert.Contains(peerInterface, _m.EngineType(Model + "RouteServerPeer").GetInterfaces());
        Assert.Contains(peerInterface, _m.EngineType(Model + "DxBgpPeer").GetInterfaces());
        Assert.Equal("InputObject", c.DefaultParameterSet);
        Assert.True(Assert.Single(c.Parameter("RouteServerPeerId")).FromPipelineByPropertyName);
        Assert.All(c.Parameter("BgpPeerId").Concat(c.Parameter("VirtualInterfaceId")), p =>
        {
            Assert.True(p.FromPipelineByPropertyName);
            Assert.True(p.Mandatory);
            Assert.Equal("DxBgpPeerId", p.ParameterSet);
        });
        Assert.Equal("System.TimeSpan", Assert.Single(c.Parameter("Timeout")).Type.FullName);
        Assert.Equal("System.TimeSpan", Assert.Single(c.Parameter("PollInterval")).Type.FullName);
        Assert.Contains("BgpPeering.Engine.Model.DxBgpPeer", c.OutputTypes);
        Assert.Contains("BgpPeering.Engine.Model.RouteServerPeer", c.OutputTypes);
    }

    [Fact]
    public void Piping_an_endpoint_into_New_RouteServerPeer_binds_its_id_and_nothing_that_would_copy_its_identity()
    {
        // An endpoint's Tags (its Name) and Name must not become the new peer's: only the ID, region and URL bind.
        var endpointProperties = _m.EngineType(Model + "RouteServerEndpoint").GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bound = _m.Cmdlet("New-RouteServerPeer").Parameters.Where(p => p.FromPipelineByPropertyName)
            .Where(p => endpointProperties.Contains(p.Name) || p.Aliases.Any(endpointProperties.Contains))
            .Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(["EndpointUrl", "Region", "RouteServerEndpointId"], bound);
    }

    [Theory]
    [InlineData("Region")]
    [InlineData("EndpointUrl")]
    public void Connection_parameters_that_bind_from_piped_objects_accept_null(string name)
    {
        // Objects read from AWS itself carry EndpointUrl = null; a blank CSV cell is empty. Neither may fail the record.
        Assert.All(_m.Cmdlets, c =>
        {
            var p = c.Parameter(name).Single();
            Assert.True(p.FromPipelineByPropertyName);
            Assert.Contains(p.Attributes, a => a.AttributeType.FullName == "System.Management.Automation.AllowNullAttribute");
            Assert.Contains(p.Attributes, a => a.AttributeType.FullName == "System.Management.Automation.AllowEmptyStringAttribute");
            Assert.DoesNotContain(p.Attributes, a => a.AttributeType.FullName == "System.Management.Automation.ValidateNotNullOrEmptyAttribute");
        });
    }

    [Fact]
    public void A_csv_with_the_obvious_headers_binds_every_New_RouteServerPeer_input()
    {
        // Import-Csv peers.csv | New-RouteServerPeer: each column name must be a parameter that binds by name.
        string[] header = ["RouteServerEndpointId", "PeerAddress", "PeerAsn", "PeerLivenessDetection", "Tag"];
        var c = _m.Cmdlet("New-RouteServerPeer");
        Assert.All(header, column => Assert.Contains(c.Parameter(column), p => p.FromPipelineByPropertyName));
        Assert.All(c.Parameters.Where(p => p.Mandatory), p => Assert.Contains(p.Name, header));
    }

    [Theory]
    [InlineData("New-RouteServerPeer", "PeerAsn", 1L, 4294967295L)]
    [InlineData("Get-RouteServerPeer", "PageSize", 5, 1000)]
    public void Validation_ranges_are_the_documented_ones(string cmdlet, string parameter, object min, object max)
    {
        var range = _m.Cmdlet(cmdlet).Parameter(parameter).First().Attributes
            .Single(a => a.AttributeType.FullName == "System.Management.Automation.ValidateRangeAttribute");
        Assert.Equal(min, range.ConstructorArguments[0].Value);
        Assert.Equal(max, range.ConstructorArguments[1].Value);
    }

    [Fact]
    public void PeerAsn_is_wide_enough_for_32_bit_ASNs()
    {
        Assert.Equal("System.Int64", _m.Cmdlet("New-RouteServerPeer").Parameter("PeerAsn").First().Type.FullName);
    }

    [Fact]
    public void PeerAddress_is_validated_as_IPv4_and_IDs_by_their_form()
    {
        var c = _m.Cmdlet("New-RouteServerPeer");
        Assert.Contains(c.Parameter("PeerAddress").First().Attributes, a => a.AttributeType.Name == "ValidateIPv4Attribute");
        Assert.Contains(c.Parameter("RouteServerEndpointId").First().Attributes, a => a.AttributeType.Name == "ValidateAwsIdAttribute");
        Assert.Contains(_m.Cmdlet("Remove-RouteServerPeer").Parameter("RouteServerPeerId").First().Attributes, a => a.AttributeType.Name == "ValidateAwsIdAttribute");
    }

    [Theory]
    [InlineData("Region", new[] { "RegionToCall" })]
    [InlineData("ProfileName", new[] { "StoredCredentials", "AWSProfileName" })]
    [InlineData("ProfileLocation", new[] { "AWSProfilesLocation", "ProfilesLocation" })]
    [InlineData("AccessKey", new[] { "AK" })]
    [InlineData("SecretKey", new[] { "SK", "SecretAccessKey" })]
    [InlineData("SessionToken", new[] { "ST" })]
    [InlineData("EndpointUrl", new string[0])]
    public void Every_cmdlet_takes_the_AWS_Tools_common_parameters(string name, string[] aliases)
    {
        Assert.All(_m.Cmdlets, c =>
        {
            var p = c.Parameter(name).FirstOrDefault();
            Assert.True(p is not null, c.Name + " lacks -" + name);
            Assert.Equal(aliases.OrderBy(a => a), p!.Aliases.OrderBy(a => a));
        });
    }

    [Theory]
    [InlineData("RouteServerPeerId", "RouteServerPeerIdCompleter")]
    [InlineData("RouteServerEndpointId", "RouteServerEndpointIdCompleter")]
    [InlineData("VirtualInterfaceId", "VirtualInterfaceIdCompleter")]
    [InlineData("BgpPeerId", "DxBgpPeerIdCompleter")]
    [InlineData("Region", "RegionCompleter")]
    [InlineData("ProfileName", "ProfileCompleter")]
    public void Id_region_and_profile_parameters_tab_complete(string parameter, string completer)
    {
        var uses = _m.Cmdlets.SelectMany(c => c.Parameter(parameter).Select(p => (c.Name, p))).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.True(
            u.p.Attributes.Any(a => a.AttributeType.FullName == "System.Management.Automation.ArgumentCompleterAttribute"
                && a.ConstructorArguments[0].Value is Type t && t.Name == completer),
            $"{u.Name} -{parameter} has no {completer}"));
    }

    [Fact]
    public void Secret_parameters_never_bind_from_the_pipeline()
    {
        Assert.All(_m.Cmdlets.SelectMany(c => c.Parameters.Where(p => p.Name is "SecretKey" or "SessionToken" or "AccessKey" or "AuthKey")),
            p => Assert.False(p.FromPipelineByPropertyName, p.Name));
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlet_classes()
    {
        var manifest = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "BgpPeering.psd1"));
        var block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)").Groups["list"].Value;
        var exported = Regex.Matches(block, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(_m.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal), exported);
        foreach (var empty in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
            Assert.Matches(new Regex(empty + @"\s*=\s*@\(\)"), manifest);
    }
}
