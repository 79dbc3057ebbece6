using System.Diagnostics;
using ConfigLint.Cli;

// First, for check --timings: the runtime's own start-up ends here.
CliApp.MainEntered = Stopwatch.GetTimestamp();

// CliApp.Run answers every exception itself; this covers the rest (a finalizer, a background thread).
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    CliApp.InternalError(Console.Error, e.ExceptionObject as Exception ?? new InvalidOperationException("unknown error"));
    Environment.Exit(ExitCodes.UsageOrInputError);
};

return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);
