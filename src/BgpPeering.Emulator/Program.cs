// The emulator as a program: dotnet run --project src/BgpPeering.Emulator -- --port 4566 [--seed topology.json] [--speed 10]
return await BgpPeering.Emulator.Hosting.EmulatorApp.RunAsync(args).ConfigureAwait(false);
