using BgpPeering.HelpBuilder;

// Usage:
//   BgpPeering.HelpBuilder maml --docs <docs/en-US> --out <folder>
//       Writes <external help file> (BgpPeering.dll-Help.xml) and about_*.help.txt into <folder>.
//   BgpPeering.HelpBuilder release-notes --changelog <CHANGELOG.md> --manifest <BgpPeering.psd1>
//       Stamps the latest CHANGELOG section into the manifest's ReleaseNotes.
//   BgpPeering.HelpBuilder nuspec --manifest <laid-out BgpPeering.psd1> --license <SPDX expression> --out <file.nuspec>
//       Writes the PowerShell Gallery nuspec for the module folder (files at the package root).
// Errors are written as "<file>: error BGPHELP1: <message>" so that MSBuild shows them as build errors.
static string Arg(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    if (i < 0 || i + 1 >= args.Length) throw new ArgumentException("missing " + name + " <path>");
    return Path.GetFullPath(args[i + 1]);
}

try
{
    switch (args.FirstOrDefault())
    {
        case "maml":
        {
            var docs = Arg(args, "--docs");
            var output = Arg(args, "--out");
            Directory.CreateDirectory(output);
            var written = HelpBuild.Run(docs, output);
            foreach (var file in written) Console.WriteLine("BgpPeering help: " + file);
            return 0;
        }
        case "release-notes":
        {
            ReleaseNotes.StampFile(Arg(args, "--changelog"), Arg(args, "--manifest"));
            Console.WriteLine("BgpPeering release notes stamped into " + Arg(args, "--manifest"));
            return 0;
        }
        case "nuspec":
        {
            var license = Array.IndexOf(args, "--license") is var li and >= 0 && li + 1 < args.Length ? args[li + 1] : throw new ArgumentException("missing --license <SPDX expression>");
            ModuleNuspec.Write(Arg(args, "--manifest"), license, Arg(args, "--out"));
            Console.WriteLine("BgpPeering nuspec: " + Arg(args, "--out"));
            return 0;
        }
        default:
            Console.Error.WriteLine("usage: BgpPeering.HelpBuilder maml --docs <folder> --out <folder>");
            Console.Error.WriteLine("       BgpPeering.HelpBuilder release-notes --changelog <CHANGELOG.md> --manifest <psd1>");
            Console.Error.WriteLine("       BgpPeering.HelpBuilder nuspec --manifest <psd1> --license <SPDX expression> --out <file.nuspec>");
            return 2;
    }
}
catch (DocFormatException ex)
{
    Console.Error.WriteLine(ex.FilePath + ": error BGPHELP1: " + ex.Message);
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("BgpPeering.HelpBuilder: error BGPHELP2: " + ex.Message);
    return 1;
}
