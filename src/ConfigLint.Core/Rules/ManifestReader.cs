using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ConfigLint.Core.Rules;

/// <summary>
/// Reads a rule manifest, built-in or a user's, from YamlDotNet's parser events, key by key, into a
/// <see cref="RuleManifest"/>: the same object YamlDotNet's reflection-based deserializer makes of it,
/// for a fraction of the start-up (issue 13: on the first manifest the deserializer spent some 50 ms
/// inspecting types and compiling code for them), and with no code generated at run time, so that a
/// native (ahead-of-time compiled) configlint reads manifests too. A test keeps the two equal over every
/// built-in manifest and every key.
/// </summary>
public static class ManifestReader
{
    /// <summary>
    /// The manifest in <paramref name="yaml"/>, or null for an empty document. Throws
    /// <see cref="RuleManifestException"/> at <paramref name="source"/> and the line for a key it does not
    /// know, and YamlDotNet's <see cref="YamlException"/> for text that is not YAML of this shape.
    /// </summary>
    public static RuleManifest? Read(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        if (parser.Accept<Scalar>(out var empty) && Text(empty) is null)
        {
            return null;
        }

        var m = new RuleManifest();
        parser.Consume<MappingStart>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>();
            switch (key.Value)
            {
                case "id": m.Id = String(parser); break;
                case "name": m.Name = String(parser); break;
                case "title": m.Title = String(parser); break;
                case "category": m.Category = String(parser); break;
                case "severity": m.Severity = String(parser); break;
                case "message": m.Message = String(parser); break;
                case "summary": m.Summary = String(parser); break;
                case "rationale": m.Rationale = String(parser); break;
                case "remediation": m.Remediation = String(parser); break;
                case "exceptions": m.Exceptions = String(parser); break;
                case "references": m.References = Strings(parser); break;
                case "tags": m.Tags = Strings(parser); break;
                case "precision": m.Precision = String(parser); break;
                case "security_severity": m.SecuritySeverity = String(parser); break;
                case "status": m.Status = String(parser); break;
                case "fix": m.Fix = String(parser); break;
                case "enabled": m.Enabled = Boolean(parser); break;
                case "since": m.Since = String(parser); break;
                case "logic": m.Logic = String(parser); break;
                case "check": m.Check = Check(parser, source); break;
                case "thresholds": m.Thresholds = Map(parser); break;
                case "phase": m.Phase = String(parser); break;
                case "needs": m.Needs = Strings(parser); break;
                default: throw Unknown(key, source);
            }
        }

        return m;
    }

    private static CheckManifest? Check(IParser parser, string source)
    {
        if (Null(parser))
        {
            return null;
        }

        var c = new CheckManifest();
        parser.Consume<MappingStart>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>();
            switch (key.Value)
            {
                case "parameter": c.Parameter = String(parser); break;
                case "scope": c.Scope = String(parser); break;
                case "equals": c.EqualTo = String(parser); break;
                case "not_equals": c.NotEquals = String(parser); break;
                case "one_of": c.OneOf = Strings(parser); break;
                case "not_one_of": c.NotOneOf = Strings(parser); break;
                case "matches": c.Matches = String(parser); break;
                case "list_contains": c.ListContains = String(parser); break;
                case "list_lacks": c.ListLacks = String(parser); break;
                case "is_set": c.IsSet = Boolean(parser); break;
                default: throw Unknown(key, source);
            }
        }

        return c;
    }

    private static string? String(IParser parser) => Text(parser.Consume<Scalar>());

    private static bool? Boolean(IParser parser)
    {
        var scalar = parser.Consume<Scalar>();
        return Text(scalar) switch
        {
            null => null,
            var t when t.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            var t when t.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            var t => throw new YamlException(scalar.Start, scalar.End, $"'{t}' is not true or false"),
        };
    }

    private static List<string>? Strings(IParser parser)
    {
        if (Null(parser))
        {
            return null;
        }

        var list = new List<string>();
        parser.Consume<SequenceStart>();
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            list.Add(parser.Consume<Scalar>().Value);
        }

        return list;
    }

    private static Dictionary<string, string>? Map(IParser parser)
    {
        if (Null(parser))
        {
            return null;
        }

        var map = new Dictionary<string, string>();
        parser.Consume<MappingStart>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>().Value;
            map.Add(key, parser.Consume<Scalar>().Value);
        }

        return map;
    }

    /// <summary>Consumes a null scalar (<c>key:</c> with nothing, <c>~</c>, <c>null</c>) and says so; leaves anything else.</summary>
    private static bool Null(IParser parser)
    {
        if (parser.Accept<Scalar>(out var scalar) && Text(scalar) is null)
        {
            parser.MoveNext();
            return true;
        }

        return false;
    }

    /// <summary>A scalar as the deserializer gives it to a string property: a plain empty, <c>~</c> or <c>null</c> is null.</summary>
    private static string? Text(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL" ? null : scalar.Value;

    private static RuleManifestException Unknown(Scalar key, string source) =>
        new(source, (int)Math.Max(1, key.Start.Line), $"unknown key '{ConfigLint.Core.Text.Excerpt.Of(key.Value)}'");
}
