using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace BgpPeering.HelpBuilder;

/// <summary>
/// The nuspec that Publish-Module (PowerShellGet) writes for a module, made from the laid-out manifest: id and
/// version from the manifest, authors, description, copyright, release notes, project URL, a license expression,
/// and the Gallery's tags (the manifest's tags, PSModule, PSEdition_* for each compatible edition, PSCmdlet_X and
/// PSCommand_X for each exported cmdlet, PSIncludes_Cmdlet). Its files section puts the module folder's files at
/// the package root, as the Gallery expects (no lib/ folder).
/// </summary>
public static class ModuleNuspec
{
    public static readonly XNamespace Ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    public static XDocument Create(string manifestPath, string licenseExpression)
    {
        var manifest = PowerShellDataFile.ReadFile(manifestPath);
        var id = Path.GetFileNameWithoutExtension(manifestPath);
        string Required(string path) =>
            PowerShellDataFile.GetString(manifest, path) is { Length: > 0 } v ? v : throw new InvalidOperationException(Path.GetFileName(manifestPath) + " has no " + path + ".");
        var version = Required("ModuleVersion");
        if (PowerShellDataFile.GetString(manifest, "PrivateData.PSData.Prerelease") is { Length: > 0 } pre) version += "-" + pre;
        var cmdlets = PowerShellDataFile.GetStrings(manifest, "CmdletsToExport");
        if (cmdlets.Contains("*")) throw new InvalidOperationException("CmdletsToExport must list the cmdlets; '*' cannot be tagged.");

        var tags = new List<string>();
        void Tag(string t)
        {
            if (t.Any(char.IsWhiteSpace)) throw new InvalidOperationException("The tag '" + t + "' contains a space; Gallery tags cannot.");
            if (!tags.Contains(t, StringComparer.OrdinalIgnoreCase)) tags.Add(t);
        }
        foreach (var t in PowerShellDataFile.GetStrings(manifest, "PrivateData.PSData.Tags")) Tag(t);
        Tag("PSModule");
        foreach (var edition in PowerShellDataFile.GetStrings(manifest, "CompatiblePSEditions")) Tag("PSEdition_" + edition);
        foreach (var cmdlet in cmdlets)
        {
            Tag("PSCmdlet_" + cmdlet);
            Tag("PSCommand_" + cmdlet);
        }
        if (cmdlets.Count > 0) Tag("PSIncludes_Cmdlet");

        var metadata = new XElement(Ns + "metadata",
            new XElement(Ns + "id", id),
            new XElement(Ns + "version", version),
            new XElement(Ns + "authors", Required("Author")),
            new XElement(Ns + "owners", PowerShellDataFile.GetString(manifest, "CompanyName") ?? Required("Author")),
            new XElement(Ns + "requireLicenseAcceptance", "false"),
            new XElement(Ns + "license", new XAttribute("type", "expression"), licenseExpression),
            new XElement(Ns + "projectUrl", Required("PrivateData.PSData.ProjectUri")),
            new XElement(Ns + "description", Required("Description")),
            PowerShellDataFile.GetString(manifest, "PrivateData.PSData.ReleaseNotes") is { Length: > 0 } notes ? new XElement(Ns + "releaseNotes", notes) : null,
            PowerShellDataFile.GetString(manifest, "Copyright") is { Length: > 0 } copyright ? new XElement(Ns + "copyright", copyright) : null,
            new XElement(Ns + "tags", string.Join(" ", tags)));
        var files = new XElement(Ns + "files",
            new XElement(Ns + "file", new XAttribute("src", "**"), new XAttribute("target", "")));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Ns + "package", metadata, files));
    }

    public static void Write(string manifestPath, string licenseExpression, string outputPath)
    {
        var doc = Create(manifestPath, licenseExpression);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        using var writer = XmlWriter.Create(outputPath, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        doc.Save(writer);
    }
}
