using System.Globalization;

namespace BgpPeering.Emulator.Hosting;

/// <summary>The emulator's command line.</summary>
internal sealed class CommandLine
{
    public const string Help = """
        BgpPeering emulator: EC2 Route Server, Direct Connect and STS on 127.0.0.1, for testing scripts offline.

        Usage: dotnet run --project src/BgpPeering.Emulator -- [options]

          --port N              TCP port on 127.0.0.1 (default 4566; 0 picks a free port and prints it)
          --seed FILE           topology seed JSON (default: the built-in demo; see docs/emulator.md)
          --speed X             divide every simulated delay by X (default 1; 10 is ten times faster)
          --key ID:SECRET       accept this key pair instead of the example key (repeatable)
          --deny ID:ACTION[,…]  deny actions to a key, e.g. AKIDEXAMPLE:CreateRouteServerPeer (repeatable)
          --random-seed N       repeatable generated IDs
          --verbose             print one line per API request
          --print-demo-seed     print the built-in demo topology as a seed file and exit
          --help                this text

        By default it accepts AWS's documented example key: AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY.
        Stop it with Ctrl+C (or SIGTERM).

        """;

    public EmulatorOptions Options { get; } = new();

    public bool ShowHelp { get; private set; }

    public bool PrintDemoSeed { get; private set; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        var denies = new List<(string Key, string[] Actions)>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var eq and > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 >= args.Count) throw new ArgumentException(arg + " needs a value.");
                return args[++i];
            }
            switch (arg)
            {
                case "--port":
                {
                    var v = Value();
                    if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                        throw new ArgumentException("--port '" + v + "' is not a port number (0 to 65535).");
                    result.Options.Port = port;
                    break;
                }
                case "--seed":
                {
                    var v = Value();
                    if (!File.Exists(v)) throw new ArgumentException("--seed: the file '" + v + "' does not exist.");
                    result.Options.SeedPath = v;
                    break;
                }
                case "--speed":
                {
                    var v = Value();
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) || !(speed > 0) || double.IsInfinity(speed))
                        throw new ArgumentException("--speed '" + v + "' is not a positive number, such as 1 or 10.");
                    result.Options.Speed = speed;
                    break;
                }
                case "--key":
                {
                    var v = Value();
                    var colon = v.IndexOf(':');
                    if (colon <= 0 || colon == v.Length - 1) throw new ArgumentException("--key expects ACCESS_KEY_ID:SECRET_ACCESS_KEY.");
                    result.Options.Keys.Add(new EmulatorKey(v[..colon], v[(colon + 1)..]));
                    break;
                }
                case "--deny":
                {
                    var v = Value();
                    var colon = v.IndexOf(':');
                    if (colon <= 0 || colon == v.Length - 1) throw new ArgumentException("--deny expects ACCESS_KEY_ID:Action[,Action].");
                    denies.Add((v[..colon], v[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                    break;
                }
                case "--random-seed":
                {
                    var v = Value();
                    if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)) throw new ArgumentException("--random-seed '" + v + "' is not an integer.");
                    result.Options.RandomSeed = seed;
                    break;
                }
                case "--verbose" or "-v":
                    result.Options.Verbose = true;
                    break;
                case "--print-demo-seed":
                    result.PrintDemoSeed = true;
                    break;
                case "--help" or "-h" or "-?":
                    result.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException("Unknown option '" + args[i] + "'.");
            }
        }
        var keys = result.Options.Keys.Count > 0 ? result.Options.Keys : null;
        foreach (var (key, actions) in denies)
        {
            EmulatorKey? target;
            if (keys is null)
            {
                if (key != EmulatorOptions.ExampleAccessKeyId)
                    throw new ArgumentException("--deny names the key '" + key + "', which is not configured (use --key first, or deny " + EmulatorOptions.ExampleAccessKeyId + ").");
                target = new EmulatorKey(EmulatorOptions.ExampleAccessKeyId, EmulatorOptions.ExampleSecretAccessKey);
                result.Options.Keys.Add(target);
                keys = result.Options.Keys;
            }
            else
            {
                target = keys.FirstOrDefault(k => k.AccessKeyId == key)
                    ?? throw new ArgumentException("--deny names the key '" + key + "', which is not configured by --key.");
            }
            foreach (var action in actions) target.DeniedActions.Add(action);
        }
        return result;
    }
}
