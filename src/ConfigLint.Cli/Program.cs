using System.Diagnostics;
using System.Text;
using ConfigLint.Cli;

// First, for check --timings: the runtime's own start-up ends here.
CliApp.MainEntered = Stopwatch.GetTimestamp();

// Standard output through a 64 KiB buffer: Console.Out writes every line with its own write(2),
// 49,000 of them for a report on 2,000 configurations. It is flushed before anything goes to
// standard error (ErrorAfterOutput), so the two still come out in order on a terminal.
var colorTerminal = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
var stdout = new StreamWriter(Console.OpenStandardOutput(), Console.OutputEncoding.CodePage == 65001 ? new UTF8Encoding(false) : Console.OutputEncoding, 1 << 16);

// CliApp.Run answers every exception itself; this covers the rest (a finalizer, a background thread).
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    stdout.Flush();
    CliApp.InternalError(Console.Error, e.ExceptionObject as Exception ?? new InvalidOperationException("unknown error"));
    Environment.Exit(ExitCodes.UsageOrInputError);
};

try
{
    return CliApp.Run(args, stdout, new ErrorAfterOutput(Console.Error, stdout), Environment.CurrentDirectory, colorTerminal);
}
finally
{
    stdout.Flush();
}
