using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using BgpPeering.Emulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BgpPeering.Emulator.Hosting;

/// <summary>
/// Starts the emulator: in-process for tests (<see cref="StartAsync"/>), or as a program (<see cref="RunAsync"/>,
/// behind <c>dotnet run --project src/BgpPeering.Emulator</c>). It listens on 127.0.0.1 only.
/// </summary>
public static class EmulatorApp
{
    public static string Version { get; } =
        typeof(EmulatorApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Starts an emulator and returns once it is listening. Dispose the handle to stop it. With
    /// <see cref="EmulatorOptions.Port"/> 0 it takes a free port: read <see cref="EmulatorHandle.Url"/>.
    /// </summary>
    public static async Task<EmulatorHandle> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var seed = options.Seed ?? (options.SeedPath is string path ? Topology.Load(path) : Topology.Demo());
        var runtime = new EmulatorRuntime(options, seed);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = Array.Empty<string>(),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        // The host must not take over Ctrl+C or SIGTERM of a test process; the command line handles them itself.
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        var app = builder.Build();
        app.Run(runtime.Router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server did not report the address it is bound to.");
        var port = new Uri(address).Port;
        runtime.Control.Url = "http://127.0.0.1:" + port;
        return new EmulatorHandle(app, runtime, port);
    }

    /// <summary>The program: parses the command line, starts, prints the banner and runs until Ctrl+C or SIGTERM.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        CommandLine parsed;
        try
        {
            parsed = CommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            await error.WriteLineAsync("Run with --help for the options.").ConfigureAwait(false);
            return 2;
        }
        if (parsed.ShowHelp)
        {
            await output.WriteAsync(CommandLine.Help).ConfigureAwait(false);
            return 0;
        }
        if (parsed.PrintDemoSeed)
        {
            await output.WriteLineAsync(Topology.Demo().ToJson()).ConfigureAwait(false);
            return 0;
        }

        var options = parsed.Options;
        options.Output = output;
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });
        try
        {
            EmulatorHandle handle;
            try
            {
                handle = await StartAsync(options, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TopologyException or IOException or ArgumentException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 1;
            }
            await using (handle.ConfigureAwait(false))
            {
                await output.WriteAsync(Banner(handle, options, parsed)).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                await output.WriteLineAsync("Stopping.").ConfigureAwait(false);
            }
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string Banner(EmulatorHandle handle, EmulatorOptions options, CommandLine parsed)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("BgpPeering emulator " + Version + " listening on " + handle.Url);
        sb.AppendLine("  Serves EC2 (Route Server), Direct Connect and STS AssumeRole, signed with SigV4, in any region.");
        sb.AppendLine("  Test control: " + handle.Url + "/_emulator/health");
        foreach (var key in options.EffectiveKeys())
        {
            // Only AWS's published example secret is printed; other secrets never are.
            var secret = key.SecretAccessKey == EmulatorOptions.ExampleSecretAccessKey ? key.SecretAccessKey : "(the secret you configured)";
            var denied = key.DeniedActions.Count == 0 ? string.Empty : "  denied: " + string.Join(", ", key.DeniedActions);
            sb.AppendLine("  Access key " + key.AccessKeyId + "  secret key " + secret + denied);
        }
        sb.AppendLine("  Topology: " + (parsed.Options.SeedPath ?? "built-in demo (1 VPC, 1 route server, 2 endpoints, 1 peer; 2 Direct Connect connections, 3 virtual interfaces)"));
        var d = handle.State.EffectiveDelays;
        sb.AppendLine("  Speed: " + options.Speed + "x (a new Route Server peer is available after " + d.PeerAvailable.TotalSeconds + " s and BGP is up " + d.BgpUp.TotalSeconds + " s later)");
        sb.AppendLine("  Point a script at it: -EndpointUrl " + handle.Url + " -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey <the secret above>");
        sb.AppendLine("Press Ctrl+C to stop.");
        return sb.ToString();
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
