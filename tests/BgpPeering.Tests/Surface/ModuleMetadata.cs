using System.Reflection;
using System.Runtime.InteropServices;
using BgpPeering.Tests.Infrastructure;

namespace BgpPeering.Tests.Surface;

/// <summary>One cmdlet parameter as PowerShell would see it (one entry per parameter set).</summary>
public sealed record ParameterInfo(
    string Name,
    Type Type,
    string ParameterSet,
    bool Mandatory,
    int Position,
    bool FromPipeline,
    bool FromPipelineByPropertyName,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<CustomAttributeData> Attributes);

/// <summary>A cmdlet class read from BgpPeering.dll without loading it for execution.</summary>
public sealed record CmdletInfo(
    string Name,
    Type Type,
    bool SupportsShouldProcess,
    string ConfirmImpact,
    string? DefaultParameterSet,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterInfo> Parameters)
{
    public IEnumerable<ParameterInfo> Parameter(string name) => Parameters.Where(p => p.Name == name);

    public IEnumerable<string> ParameterNames => Parameters.Select(p => p.Name).Distinct();
}

/// <summary>
/// Reads the cmdlet surface of BgpPeering.dll through MetadataLoadContext, with PowerShellStandard's
/// System.Management.Automation: no PowerShell runtime is needed.
/// </summary>
public sealed class ModuleMetadata : IDisposable
{
    private readonly MetadataLoadContext _context;

    public ModuleMetadata()
    {
        var paths = new List<string>();
        paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        paths.AddRange(Directory.GetFiles(BuildPaths.ModuleBuildDir, "*.dll").Where(p => !Path.GetFileName(p).Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase)));
        paths.Add(BuildPaths.PowerShellReference);
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.OrdinalIgnoreCase)));
        Module = _context.LoadFromAssemblyPath(Path.Combine(BuildPaths.ModuleBuildDir, "BgpPeering.dll"));
        Engine = _context.LoadFromAssemblyName("BgpPeering.Engine");
        Cmdlets = Module.GetTypes()
            .Select(t => (Type: t, Attr: t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute")))
            .Where(x => x.Attr is not null)
            .Select(x => ReadCmdlet(x.Type, x.Attr!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Assembly Module { get; }

    public Assembly Engine { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public CmdletInfo Cmdlet(string name) => Cmdlets.Single(c => c.Name == name);

    public Type EngineType(string fullName) => Engine.GetType(fullName, throwOnError: true)!;

    private static CmdletInfo ReadCmdlet(Type type, CustomAttributeData cmdlet)
    {
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var named = cmdlet.NamedArguments.ToDictionary(a => a.MemberName, a => a.TypedValue.Value);
        var confirm = named.TryGetValue("ConfirmImpact", out var ci) ? ((int)ci!) switch { 0 => "None", 1 => "Low", 2 => "Medium", 3 => "High", _ => "?" } : "Medium";
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(Flatten))
            .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? string.Empty)
            .ToList();
        var parameters = new List<ParameterInfo>();
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attrs = prop.GetCustomAttributesData();
            var aliases = attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
                .SelectMany(a => a.ConstructorArguments.SelectMany(Flatten)).Select(v => (string)v!).ToList();
            foreach (var p in attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute"))
            {
                var n = p.NamedArguments.ToDictionary(a => a.MemberName, a => a.TypedValue.Value);
                parameters.Add(new ParameterInfo(
                    prop.Name,
                    prop.PropertyType,
                    n.TryGetValue("ParameterSetName", out var set) ? (string)set! : "__AllParameterSets",
                    n.TryGetValue("Mandatory", out var m) && (bool)m!,
                    n.TryGetValue("Position", out var pos) ? (int)pos! : int.MinValue,
                    n.TryGetValue("ValueFromPipeline", out var vp) && (bool)vp!,
                    n.TryGetValue("ValueFromPipelineByPropertyName", out var vpn) && (bool)vpn!,
                    aliases,
                    attrs.ToList()));
            }
        }
        return new CmdletInfo(verb + "-" + noun, type, named.TryGetValue("SupportsShouldProcess", out var sp) && (bool)sp!, confirm,
            named.TryGetValue("DefaultParameterSetName", out var dps) ? (string?)dps : null, outputs, parameters);
    }

    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument arg) =>
        arg.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : new[] { arg.Value };

    public void Dispose() => _context.Dispose();
}
