using System.Net;
using System.Text.Json;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>A TCP socket master really bound (<c>ss -ltn</c> inside the sandbox).</summary>
public sealed record OracleListener(string Address, int Port)
{
    /// <summary>127.0.0.0/8, ::1 or ::ffff:127.x: only the machine itself can connect.</summary>
    public bool IsLoopback => IPAddress.TryParse(Address, out var ip) && (IPAddress.IsLoopback(ip) || (ip.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(ip.MapToIPv4())));

    public override string ToString() => Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>What smtpd answered one relay probe (verdict: accepted, tempfail, rejected, error).</summary>
/// <param name="Ehlo">The EHLO keywords smtpd offered (upper case), or null when no EHLO was answered 250.</param>
/// <param name="Vrfy">The reply code to VRFY (probes with vrfy=ADDR), or null.</param>
/// <param name="Banner">The text of the 220 greeting, or null.</param>
/// <param name="Auth">The mechanisms of the AUTH keyword of that EHLO reply (upper case), or null without AUTH.</param>
/// <param name="Session">What a session probe (starttls=1, tls=..., smuggle=1) saw; null for the others.</param>
public sealed record OracleProbe(string? Label, string Src, string? Xclient, string? Server, string Stage, int? Code, string? Dsn, string Text, string Verdict,
    IReadOnlyList<string>? Ehlo = null, int? Vrfy = null, string? Banner = null, IReadOnlyList<string>? Auth = null, OracleSession? Session = null)
{
    public bool Accepted => Verdict == "accepted";

    /// <summary>The probe ended because a daemon logged "fatal:"/"panic:" (or was not tried because of an earlier one).</summary>
    public bool SawFatal => Verdict == "error" && (Text.StartsWith("fatal:", StringComparison.Ordinal) || Text.StartsWith("panic:", StringComparison.Ordinal) || Text.StartsWith("not tried:", StringComparison.Ordinal));

    /// <summary>The label without the "@listener" suffix that --probe-listeners appends.</summary>
    public string BaseLabel => Label is null ? string.Empty : Label.Split('@')[0];

    /// <summary>The listener a --probe-listeners probe went to ("0.0.0.0:25"), or null.</summary>
    public string? ListenerLabel => Label is not null && Label.Contains('@', StringComparison.Ordinal) ? Label[(Label.IndexOf('@', StringComparison.Ordinal) + 1)..] : null;

    public override string ToString() => $"{Label} (xclient {Xclient ?? "-"} via {Server}): {Verdict} {Stage} {Code} {Dsn} {Text}".Replace("  ", " ", StringComparison.Ordinal);
}

/// <summary>
/// What a session probe saw (oracle-probe.pl header): the reply code to STARTTLS; whether an
/// <c>openssl s_client</c> session came about (<see cref="Tls"/>: ok, failed), with the greeting it got
/// after the handshake (wrapper mode), the EHLO keywords and AUTH mechanisms once TLS was on; and the
/// reply codes after a message with a bare &lt;LF&gt;.&lt;LF&gt; inside it (<see cref="Smuggle"/>).
/// </summary>
public sealed record OracleSession(int? StartTls, string? Tls, string? TlsBanner, IReadOnlyList<string>? TlsEhlo, IReadOnlyList<string>? TlsAuth, IReadOnlyList<string>? Smuggle)
{
    /// <summary>A TLS session came about.</summary>
    public bool TlsOk => Tls == "ok";

    /// <summary>More than one reply after the DATA text: &lt;LF&gt;.&lt;LF&gt; ended the message and the NOOP behind it was read as a command.</summary>
    public bool Smuggled => Smuggle is { Count: > 1 };
}

/// <summary>One syslog line of the sandboxed Postfix (severity: fatal, panic, error, warning, reject, info).</summary>
public sealed record OracleLog(string Severity, string Prog, string Message)
{
    public override string ToString() => $"{Prog}: {Message}";
}

/// <summary>
/// Everything one oracle run observed, parsed from the harness's JSON lines: whether Postfix
/// started (and why not), the listeners, one verdict per probe, parameter values as the
/// sandboxed postconf sees them, and the problems Postfix logged.
/// </summary>
public sealed class OracleRun
{
    public bool StartOk { get; private set; }

    public int? StartRc { get; private set; }

    public bool StopOk { get; private set; }

    public double TotalSeconds { get; private set; }

    public string? NetworkNamespace { get; private set; }

    public List<OracleListener> Listeners { get; } = [];

    public List<OracleProbe> Probes { get; } = [];

    public List<OracleLog> Logs { get; } = [];

    public List<string> Notes { get; } = [];

    public Dictionary<string, string?> Params { get; } = new(StringComparer.Ordinal);

    /// <summary>Lines that were not JSON (should not happen; kept for diagnosis).</summary>
    public List<string> Garbage { get; } = [];

    /// <summary>The raw JSON lines.</summary>
    public List<string> Lines { get; } = [];

    // Filled by OracleRunner.
    public int ExitCode { get; set; }

    public bool TimedOut { get; set; }

    public string Stderr { get; set; } = string.Empty;

    public TimeSpan WallTime { get; set; }

    /// <summary>The harness did not delete its sandbox directory (a cleanup bug).</summary>
    public bool SandboxLeft { get; set; }

    /// <summary>Processes the runner had to kill in the run's network namespace after the harness ended.</summary>
    public int ProcessesLeft { get; set; }

    /// <summary>The runner held the run's network namespace, so it could look for leftovers there.</summary>
    public bool NamespaceHeld { get; set; }

    /// <summary>After the run (and any reaping) no process was alive in its network namespace.</summary>
    public bool NamespaceClean { get; set; } = true;

    /// <summary>Fatal and panic lines (start-up errors of postfix/master, daemons dying on their configuration).</summary>
    public IEnumerable<OracleLog> Fatals => Logs.Where(l => l.Severity is "fatal" or "panic");

    /// <summary>Why Postfix did not start: the fatal lines logged, or the exit code.</summary>
    public IReadOnlyList<string> StartMessages => StartOk ? [] : Fatals.Select(f => f.ToString()).DefaultIfEmpty($"postfix start exited {StartRc}").ToList();

    /// <summary>True when the harness ran to its end (start and stop events seen, no timeout).</summary>
    public bool Complete => !TimedOut && StartRc is not null && Lines.Any(l => l.Contains("\"event\":\"stop\"", StringComparison.Ordinal));

    public static OracleRun Parse(string stdout)
    {
        var run = new OracleRun();
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0)
            {
                run.Add(line);
            }
        }

        return run;
    }

    /// <summary>Adds one JSON line.</summary>
    public void Add(string line)
    {
        Lines.Add(line);
        JsonElement e;
        try
        {
            using var doc = JsonDocument.Parse(line);
            e = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            Garbage.Add(line);
            return;
        }

        switch (Str(e, "event"))
        {
            case "netns":
                NetworkNamespace = Str(e, "id");
                break;
            case "note":
                Notes.Add(Str(e, "msg") ?? string.Empty);
                break;
            case "param":
                Params[Str(e, "name") ?? string.Empty] = Str(e, "value");
                break;
            case "start":
                StartOk = e.GetProperty("ok").GetBoolean();
                StartRc = e.GetProperty("rc").GetInt32();
                break;
            case "listen":
                Listeners.Add(new OracleListener(Str(e, "addr") ?? string.Empty, e.GetProperty("port").GetInt32()));
                break;
            case "probe":
                Probes.Add(new OracleProbe(
                    Str(e, "label"), Str(e, "src") ?? string.Empty, Str(e, "xclient"), Str(e, "server"), Str(e, "stage") ?? string.Empty,
                    e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null,
                    Str(e, "dsn"), Str(e, "text") ?? string.Empty, Str(e, "verdict") ?? string.Empty,
                    Str(e, "ehlo")?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                    e.TryGetProperty("vrfy", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null,
                    Str(e, "banner"),
                    Str(e, "auth")?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                    Session(e)));
                break;
            case "log":
                Logs.Add(new OracleLog(Str(e, "severity") ?? string.Empty, Str(e, "prog") ?? string.Empty, Str(e, "msg") ?? string.Empty));
                break;
            case "stop":
                StopOk = e.GetProperty("ok").GetBoolean();
                TotalSeconds = e.TryGetProperty("total_seconds", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0;
                break;
            default:
                Garbage.Add(line);
                break;
        }
    }

    private static OracleSession? Session(JsonElement e)
    {
        var startTls = e.TryGetProperty("starttls", out var st) && st.ValueKind == JsonValueKind.Number ? st.GetInt32() : (int?)null;
        var tls = Str(e, "tls");
        var smuggle = Str(e, "smuggle");
        return startTls is null && tls is null && smuggle is null
            ? null
            : new OracleSession(startTls, tls, Str(e, "tls_banner"), Words(Str(e, "tls_ehlo")), Words(Str(e, "tls_auth")), Words(smuggle));
    }

    private static string[]? Words(string? text) => text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public override string ToString() => string.Join('\n', Lines);
}
