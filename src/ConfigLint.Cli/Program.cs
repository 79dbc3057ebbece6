using ConfigLint.Cli;

return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);
