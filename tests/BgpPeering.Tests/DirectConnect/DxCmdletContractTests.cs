using BgpPeering.Tests.Surface;
using Xunit;

namespace BgpPeering.Tests.DirectConnect;

/// <summary>
/// The Direct Connect cmdlets' PowerShell surface, read statically from BgpPeering.dll: impact, output types,
/// pipeline binding by the names DxBgpPeer and a CSV would use, validation, and secrets kept off the pipeline.
/// </summary>
public sealed class DxCmdletContractTests : IClassFixture<DxCmdletContractTests.Metadata>
{
    public sealed class Metadata : IDisposable
    {
        public ModuleMetadata Module { get; } = new();

        public void Dispose() => Module.Dispose();
    }

    private const string DxBgpPeer = "BgpPeering.Engine.Model.DxBgpPeer";
    private readonly ModuleMetadata _m;

    public DxCmdletContractTests(Metadata metadata) => _m = metadata.Module;

    [Theory]
    [InlineData("New-DxBgpPeer", true, "Medium")]
    [InlineData("Remove-DxBgpPeer", true, "High")]
    [InlineData("Get-DxBgpPeer", false, null)]
    public void Impact_and_output_type(string cmdlet, bool shouldProcess, string? impact)
    {
        var c = _m.Cmdlet(cmdlet);
        Assert.Equal(shouldProcess, c.SupportsShouldProcess);
        if (impact is not null) Assert.Equal(impact, c.ConfirmImpact);
        Assert.Equal([DxBgpPeer], c.OutputTypes);
    }

    [Theory]
    [InlineData("New-DxBgpPeer")]
    [InlineData("Get-DxBgpPeer")]
    [InlineData("Remove-DxBgpPeer")]
    public void Every_by_property_name_parameter_is_a_DxBgpPeer_property(string cmdlet)
    {
        var properties = _m.EngineType(DxBgpPeer).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byName = _m.Cmdlet(cmdlet).Parameters.Where(p => p.FromPipelineByPropertyName).ToList();
        Assert.NotEmpty(byName);
        Assert.All(byName, p => Assert.True(properties.Contains(p.Name) || p.Aliases.Any(properties.Contains), cmdlet + " -" + p.Name));
    }

    [Fact]
    public void A_csv_with_the_obvious_headers_binds_every_New_DxBgpPeer_input()
    {
        string[] header = ["VirtualInterfaceId", "AddressFamily", "Asn", "AmazonAddress", "CustomerAddress"];
        var c = _m.Cmdlet("New-DxBgpPeer");
        Assert.All(header, column => Assert.Contains(c.Parameter(column), p => p.FromPipelineByPropertyName));
        Assert.Equal(["AddressFamily", "Asn", "VirtualInterfaceId"], c.Parameters.Where(p => p.Mandatory).Select(p => p.Name).Order());
        Assert.Equal("BgpPeering.Engine.Model.AddressFamily", c.Parameter("AddressFamily").Single().Type.FullName);
    }

    [Theory]
    [InlineData("New-DxBgpPeer")]
    [InlineData("Remove-DxBgpPeer")]
    public void Asn_is_a_long_from_1_to_4294967294(string cmdlet)
    {
        var asn = _m.Cmdlet(cmdlet).Parameter("Asn").Single();
        Assert.Equal("System.Int64", asn.Type.FullName);
        var range = asn.Attributes.Single(a => a.AttributeType.FullName == "System.Management.Automation.ValidateRangeAttribute");
        Assert.Equal(1L, range.ConstructorArguments[0].Value);
        Assert.Equal(4294967294L, range.ConstructorArguments[1].Value);
    }

    [Fact]
    public void AuthKey_takes_a_string_or_SecureString_and_never_binds_from_the_pipeline()
    {
        var key = _m.Cmdlet("New-DxBgpPeer").Parameter("AuthKey").Single();
        Assert.Equal("System.Object", key.Type.FullName);
        Assert.False(key.FromPipeline);
        Assert.False(key.FromPipelineByPropertyName);
        Assert.False(key.Mandatory);
    }

    [Theory]
    [InlineData("New-DxBgpPeer", "VirtualInterfaceId")]
    [InlineData("Get-DxBgpPeer", "VirtualInterfaceId")]
    [InlineData("Get-DxBgpPeer", "BgpPeerId")]
    [InlineData("Remove-DxBgpPeer", "BgpPeerId")]
    [InlineData("Remove-DxBgpPeer", "VirtualInterfaceId")]
    public void Ids_are_validated_by_their_form(string cmdlet, string parameter)
    {
        Assert.All(_m.Cmdlet(cmdlet).Parameter(parameter), p => Assert.Contains(p.Attributes, a => a.AttributeType.Name == "ValidateAwsIdAttribute"));
    }

    [Fact]
    public void Get_DxBgpPeer_lists_everything_with_no_parameters_and_combines_its_filters()
    {
        var c = _m.Cmdlet("Get-DxBgpPeer");
        Assert.Equal("Filter", c.DefaultParameterSet);
        Assert.DoesNotContain(c.Parameters, p => p.Mandatory);
        // By property name only: an ID taken "by value" would swallow any other piped object (an AWS.Tools
        // VirtualInterface, say) as its ToString() and fail validation.
        Assert.DoesNotContain(c.Parameters, p => p.FromPipeline);
        foreach (var name in new[] { "BgpPeerId", "VirtualInterfaceId", "ConnectionId" })
            Assert.True(c.Parameter(name).Single().FromPipelineByPropertyName, name);
    }

    [Fact]
    public void Remove_DxBgpPeer_takes_an_id_or_the_interface_asn_and_address_with_force_and_pass_thru()
    {
        var c = _m.Cmdlet("Remove-DxBgpPeer");
        Assert.Equal("ById", c.DefaultParameterSet);
        var id = c.Parameter("BgpPeerId").Single();
        Assert.True(id.Mandatory);
        Assert.True(id.FromPipeline);
        Assert.True(id.FromPipelineByPropertyName);
        Assert.Equal("ById", id.ParameterSet);
        foreach (var name in new[] { "VirtualInterfaceId", "Asn", "CustomerAddress" })
        {
            var p = c.Parameter(name).Single();
            Assert.True(p.Mandatory, name);
            Assert.True(p.FromPipelineByPropertyName, name);
            Assert.Equal("ByInterface", p.ParameterSet);
        }
        Assert.Equal("System.Management.Automation.SwitchParameter", c.Parameter("Force").Single().Type.FullName);
        Assert.Equal("System.Management.Automation.SwitchParameter", c.Parameter("PassThru").Single().Type.FullName);
    }
}
