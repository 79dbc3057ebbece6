using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>Where a parameter value comes from.</summary>
public abstract record Provenance
{
    /// <summary>The span to point a user at, or null for a built-in default.</summary>
    public abstract Span? Span { get; }

    public abstract string Describe();
}

/// <summary>Written in main.cf.</summary>
public sealed record MainCfProvenance(Span NameSpan, Span ValueSpan) : Provenance
{
    public override Span? Span => ValueSpan;

    public override string Describe() => $"{NameSpan.File}:{NameSpan.StartLine}";
}

/// <summary>A master.cf <c>-o</c> override of one service.</summary>
public sealed record MasterOverrideProvenance(string ServiceKey, Span OptionSpan, Span ValueSpan) : Provenance
{
    public override Span? Span => ValueSpan;

    public override string Describe() => $"{OptionSpan.File}:{OptionSpan.StartLine} (-o of {ServiceKey})";
}

/// <summary>Postfix's built-in default at the effective compatibility level.</summary>
public sealed record DefaultProvenance(string CompatibilityLevel) : Provenance
{
    public override Span? Span => null;

    public override string Describe() => $"default at compatibility_level {CompatibilityLevel}";
}

/// <summary>A value the host supplies (myhostname from the system's name, the default mynetworks from its interfaces).</summary>
public sealed record HostProvenance(string What) : Provenance
{
    public override Span? Span => null;

    public override string Describe() => $"computed by Postfix from the host ({What})";
}
