using System.Text;

namespace ConfigLint.TestSupport;

/// <summary>One <c>name = value</c> line of <c>postconf</c>, <c>-n</c>, <c>-x</c>, <c>-nx</c>, <c>-d</c> output.</summary>
public sealed record PostconfParameter(string Name, string Value);

/// <summary>One <c>-o</c> option of a master.cf entry, as <c>postconf -M</c> prints it.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Value">The value (raw, as inside <c>{…}</c>); null for <c>-o novalue</c> (no '=').</param>
public sealed record MasterOption(string Name, string? Value);

/// <summary>One master.cf service as <c>postconf -M</c> prints it (one logical line per service).</summary>
/// <param name="Service">Field 1, e.g. <c>smtp</c>, <c>127.0.0.3:2526</c>.</param>
/// <param name="Type">Field 2: inet, unix, unix-dgram, fifo, pass.</param>
/// <param name="Private">Field 3: y, n or -.</param>
/// <param name="Unprivileged">Field 4: y, n or -.</param>
/// <param name="Chroot">Field 5: y, n or -.</param>
/// <param name="Wakeup">Field 6: a number, N?, or -.</param>
/// <param name="ProcessLimit">Field 7 (maxproc): a number or -.</param>
/// <param name="Command">Field 8: the command name, e.g. smtpd, pipe.</param>
/// <param name="Args">
/// The words after the command, in order; a <c>{…}</c> group (which may hold spaces and
/// nested braces) is one word, braces kept: <c>["-o", "{smtpd_client_restrictions=permit_sasl_authenticated, reject}"]</c>.
/// </param>
public sealed record MasterEntry(
    string Service,
    string Type,
    string Private,
    string Unprivileged,
    string Chroot,
    string Wakeup,
    string ProcessLimit,
    string Command,
    IReadOnlyList<string> Args)
{
    /// <summary>
    /// The <c>-o name=value</c> / <c>-o {name=value with spaces}</c> options among <see cref="Args"/>,
    /// in order, with the outer braces removed (<c>-o novalue</c> gives a null value).
    /// </summary>
    public IReadOnlyList<MasterOption> Options
    {
        get
        {
            var options = new List<MasterOption>();
            for (var i = 0; i + 1 < Args.Count; i++)
            {
                if (Args[i] != "-o")
                {
                    continue;
                }

                var word = Args[++i];
                if (word.Length >= 2 && word[0] == '{' && word[^1] == '}')
                {
                    word = word[1..^1].Trim();
                }

                var eq = word.IndexOf('=', StringComparison.Ordinal);
                options.Add(eq < 0
                    ? new MasterOption(word.Trim(), null)
                    : new MasterOption(word[..eq].Trim(), word[(eq + 1)..].Trim()));
            }

            return options;
        }
    }

    /// <summary>The <c>-M</c> line without column padding: the 8 fields and the args joined by one space.</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Service, Type, Private, Unprivileged, Chroot, Wakeup, ProcessLimit, Command }.Concat(Args));
}

/// <summary>One <c>service/type/name = value</c> line of <c>postconf -P</c>.</summary>
public sealed record MasterParameter(string Service, string Type, string Name, string Value);

/// <summary>One record of <c>postalias -s</c> (keys are lower-cased by postalias).</summary>
public sealed record AliasEntry(string Key, string Value);

/// <summary>
/// Parsers of Postfix tool output into plain data (formats verified with Postfix 3.7.11; see
/// docs/POSTFIX-SEMANTICS.md §3, §5, §6). They throw <see cref="FormatException"/> on a
/// line they do not understand, so a surprise in the output fails the test that reads it.
/// </summary>
public static class PostconfOutput
{
    /// <summary>
    /// Parses <c>name = value</c> lines (<c>name =</c> for an empty value) of postconf's
    /// parameter modes (<c>-n</c>, <c>-nx</c>, <c>-x</c>, <c>-d</c>, <c>NAME…</c>), in output order.
    /// Lines that start with whitespace continue the previous value (the folding of
    /// <c>-f</c>) and are joined with one space. With <c>-c DIR</c>, <c>-n</c> always lists
    /// <c>config_directory = DIR</c>: it is returned like any other line; drop it with
    /// <see cref="WithoutConfigDirectory"/>.
    /// </summary>
    public static IReadOnlyList<PostconfParameter> ParseNameValues(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var result = new List<PostconfParameter>();
        foreach (var (line, number) in Lines(stdout))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                if (result.Count == 0)
                {
                    throw Bad(number, line, "continuation line before any parameter");
                }

                var last = result[^1];
                var piece = line.TrimStart();
                result[^1] = last with { Value = last.Value.Length == 0 ? piece : last.Value + " " + piece };
                continue;
            }

            var (name, value) = SplitAssignment(line, number);
            result.Add(new PostconfParameter(name, value));
        }

        return result;
    }

    /// <summary>Drops the <c>config_directory</c> entry that <c>postconf -c DIR -n</c> always adds.</summary>
    public static IReadOnlyList<PostconfParameter> WithoutConfigDirectory(IEnumerable<PostconfParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Where(p => p.Name != "config_directory").ToList();
    }

    /// <summary>
    /// Parses <c>postconf -M</c> output: one logical line per service, the 8 fields separated
    /// by runs of blanks (the columns are padded), then the command's arguments, where the
    /// <c>-o</c> options follow the command as <c>-o name=value</c> or <c>-o {name=value with spaces}</c>.
    /// Lines that start with whitespace continue the previous entry, so <c>-Mf</c> output parses too.
    /// </summary>
    public static IReadOnlyList<MasterEntry> ParseMasterM(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var logical = new List<(string Text, int Line)>();
        foreach (var (line, number) in Lines(stdout))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                if (logical.Count == 0)
                {
                    throw Bad(number, line, "continuation line before any service");
                }

                logical[^1] = (logical[^1].Text + " " + line.Trim(), logical[^1].Line);
            }
            else
            {
                logical.Add((line, number));
            }
        }

        var entries = new List<MasterEntry>(logical.Count);
        foreach (var (text, number) in logical)
        {
            var words = SplitWords(text);
            if (words.Count < 8)
            {
                throw Bad(number, text, $"expected at least 8 fields, found {words.Count}");
            }

            entries.Add(new MasterEntry(
                words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7],
                words.Skip(8).ToList()));
        }

        return entries;
    }

    /// <summary>
    /// Parses <c>postconf -P</c> output, <c>service/type/name = value</c> per line. The service
    /// is everything before the last two slashes (postconf accepts odd service names such as
    /// <c>a/b</c>). Note that -P collapses runs of blanks inside a value, which -M keeps.
    /// </summary>
    public static IReadOnlyList<MasterParameter> ParseMasterP(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var result = new List<MasterParameter>();
        foreach (var (line, number) in Lines(stdout))
        {
            var (key, value) = SplitAssignment(line, number);
            var lastSlash = key.LastIndexOf('/');
            var typeSlash = lastSlash > 0 ? key.LastIndexOf('/', lastSlash - 1) : -1;
            if (typeSlash <= 0)
            {
                throw Bad(number, line, "expected service/type/name");
            }

            result.Add(new MasterParameter(
                key[..typeSlash], key[(typeSlash + 1)..lastSlash], key[(lastSlash + 1)..], value));
        }

        return result;
    }

    /// <summary>
    /// Parses <c>postalias -s</c> output: <c>key:&lt;TAB&gt;value</c> per line (a key may itself
    /// contain ':' or spaces, e.g. <c>with:colon</c> or <c>quoted name</c>; ": " is accepted in
    /// place of the TAB). Leaves out the records postalias adds by itself: <c>@: @</c>,
    /// <c>YP_LAST_MODIFIED</c> and <c>YP_MASTER_NAME</c>. The order is the database's, not the file's.
    /// </summary>
    public static IReadOnlyList<AliasEntry> ParsePostaliasDump(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var result = new List<AliasEntry>();
        foreach (var (line, number) in Lines(stdout))
        {
            var sep = line.IndexOf(":\t", StringComparison.Ordinal);
            var sepLength = 2;
            if (sep < 0)
            {
                sep = line.IndexOf(": ", StringComparison.Ordinal);
            }

            if (sep < 0 && line.EndsWith(':'))
            {
                sep = line.Length - 1;
                sepLength = 1;
            }

            if (sep <= 0)
            {
                throw Bad(number, line, "expected 'key:<TAB>value'");
            }

            var key = line[..sep];
            var value = line[(sep + sepLength)..];
            if ((key == "@" && value == "@") || key is "YP_LAST_MODIFIED" or "YP_MASTER_NAME")
            {
                continue;
            }

            result.Add(new AliasEntry(key, value));
        }

        return result;
    }

    /// <summary>
    /// Splits a master.cf line into words at runs of blanks, keeping a <c>{…}</c> group
    /// (nested braces counted) inside one word, as Postfix's own tokenizer does.
    /// </summary>
    public static IReadOnlyList<string> SplitWords(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = new List<string>();
        var word = new StringBuilder();
        var depth = 0;
        foreach (var c in line)
        {
            if (depth == 0 && (c == ' ' || c == '\t'))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }

            word.Append(c);
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static (string Name, string Value) SplitAssignment(string line, int number)
    {
        var eq = line.IndexOf(" = ", StringComparison.Ordinal);
        if (eq > 0)
        {
            return (line[..eq], line[(eq + 3)..]);
        }

        if (line.EndsWith(" =", StringComparison.Ordinal) && line.Length > 2)
        {
            return (line[..^2], string.Empty);
        }

        throw Bad(number, line, "expected 'name = value'");
    }

    private static IEnumerable<(string Line, int Number)> Lines(string text)
    {
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length > 0)
            {
                yield return (line, number);
            }
        }
    }

    private static FormatException Bad(int number, string line, string why) =>
        new($"line {number}: {why}: \"{line}\"");
}
