using System.Text;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>
/// Our model rendered the way postconf/postalias print the same things, so that the two can be
/// compared line by line. Only presentation is imitated here (sorting, whitespace folding,
/// braces, which names -n lists); every name, value, field and argument comes from the model.
/// The postconf behaviour mirrored is that of Postfix 3.7 (postconf_main.c, postconf_master.c,
/// postconf_user.c) and was checked against postconf 3.7.11 (see the comments at each step).
/// </summary>
public static class ModelViews
{
    /// <summary>
    /// Read-only parameters: postconf warns "read-only parameter assignment", deletes them from
    /// its main.cf dictionary and never lists them (verified with 3.7.11 over all 831 built-ins).
    /// </summary>
    public static readonly IReadOnlySet<string> ReadOnlyParameters =
        new HashSet<string>(StringComparer.Ordinal) { "process_id", "process_name", "service_name" };

    /// <summary>
    /// Parameters postconf neither expands (-x prints them as written) nor scans for <c>$name</c>
    /// references: the daemons load them raw and expand them later with their own macros.
    /// Verified with 3.7.11 by setting every built-in to <c>$probe</c> and running -nx.
    /// </summary>
    public static readonly IReadOnlySet<string> RawParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "command_execution_directory", "default_rbl_reply", "forward_path", "luser_relay", "mailbox_command",
        "postscreen_expansion_filter", "postscreen_reject_footer", "smtpd_expansion_filter", "smtpd_reject_footer",
    };

    /// <summary>
    /// <c>postconf -n</c> from the model: the main.cf definitions (last wins) of the names postconf
    /// knows (<see cref="NamesPostconfLists"/>), whitespace folded, sorted, without config_directory.
    /// </summary>
    public static IReadOnlyList<string> MainN(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var listed = NamesPostconfLists(config);
        return (config.Main?.Effective.Values ?? [])
            .Where(e => listed.Contains(e.Name) && e.Name != "config_directory")
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => NameValue(e.Name, Fold(e.Value.Text)))
            .ToList();
    }

    /// <summary><c>postconf -nx</c> from the model: the same names with <see cref="PostfixConfig.Get(string)"/>'s expanded values.</summary>
    public static IReadOnlyList<string> MainNx(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var listed = NamesPostconfLists(config);
        return (config.Main?.Effective.Values ?? [])
            .Where(e => listed.Contains(e.Name) && e.Name != "config_directory")
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e =>
            {
                var value = config.Get(e.Name);
                if (value.Expanded.Error is { } error)
                {
                    return NameValue(e.Name, $"<model: macro error: {error}>");
                }

                var text = value.Expanded.Steps.Any(s => s.Name == "mynetworks" && s.Provenance is DefaultProvenance)
                    ? ExpandWithPostfixsComputedMynetworks(config, e.Name)
                    : value.Value;
                return NameValue(e.Name, Fold(text));
            })
            .ToList();
    }

    /// <summary>
    /// Known, cosmetic deviation of the model: the mynetworks Postfix computes (when main.cf does
    /// not set it) ends with a blank, <c>"127.0.0.0/8 [::1]/128 "</c> (mynetworks.c writes
    /// <c>"%s/%d "</c> per network; postconf -x trims it when printing mynetworks itself, but not
    /// when another value embeds <c>$mynetworks</c>: <c>proxy_read_maps = … [::1]/128 , …</c>).
    /// The model's computed value has no trailing blank (its own tests pin that text). A value
    /// that went through the computed mynetworks is re-expanded here with the blank put back;
    /// everything else is the model's.
    /// </summary>
    private static string ExpandWithPostfixsComputedMynetworks(PostfixConfig config, string name)
    {
        RawValue? Lookup(string n) =>
            config.Lookup(n) is { Provenance: DefaultProvenance } computed && n == "mynetworks"
                ? computed with { Text = computed.Text + " " }
                : config.Lookup(n);

        return new Expander(Lookup, config.Release.HasMacroFunctions).Expand(Lookup(name)!).Text;
    }

    /// <summary>
    /// The main.cf names <c>postconf -n</c> lists (postconf_user.c, POSTFIX-SEMANTICS.md §3): not
    /// read-only, and built-in or legacy, or service-defined for a master.cf service, or a
    /// user-defined name referenced as <c>$name</c> from a main.cf value or a master.cf <c>-o</c>
    /// value (raw parameters are not scanned), or named in smtpd_restriction_classes.
    /// </summary>
    public static IReadOnlySet<string> NamesPostconfLists(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (config.Main is not { } main)
        {
            return result;
        }

        var services = (config.Master?.Services ?? []).Select(s => (s.Name, s.Command.Text)).ToList();
        var referenced = new HashSet<string>(StringComparer.Ordinal);

        // Every effective main.cf value and every -o value is scanned for $name (mac_expand's
        // scan mode visits both branches of ${x?a:b}), except raw and read-only parameters.
        // The expanded values of built-in and service-defined parameters (not user-defined or
        // legacy ones) are also searched for legacy database tables, type:name.
        bool IsBuiltinOrServiceDefined(string name) =>
            config.Catalogue.IsBuiltin(name) || config.Catalogue.IsServiceDefined(name, services);

        foreach (var entry in main.Effective.Values)
        {
            if (!RawParameters.Contains(entry.Name) && !ReadOnlyParameters.Contains(entry.Name))
            {
                referenced.UnionWith(ReferencedNames(entry.Value.Text));
                if (IsBuiltinOrServiceDefined(entry.Name))
                {
                    referenced.UnionWith(DatabaseParameterNames(config.Get(entry.Name).Value));
                }
            }
        }

        foreach (var service in config.Master?.Services ?? [])
        {
            foreach (var o in service.Overrides)
            {
                if (!RawParameters.Contains(o.Name))
                {
                    referenced.UnionWith(ReferencedNames(o.Value.Text));
                    if (IsBuiltinOrServiceDefined(o.Name))
                    {
                        referenced.UnionWith(DatabaseParameterNames(config.Get(o.Name, service).Value));
                    }
                }

                if (o.Name == "smtpd_restriction_classes")
                {
                    referenced.UnionWith(SplitClasses(config.Get(o.Name, service).Value));
                }
            }
        }

        if (main.Get("smtpd_restriction_classes") is not null)
        {
            // postconf evaluates the value recursively, then splits it on ", \t\r\n".
            referenced.UnionWith(SplitClasses(config.Get("smtpd_restriction_classes").Value));
        }

        foreach (var name in main.Effective.Keys)
        {
            if (ReadOnlyParameters.Contains(name))
            {
                continue;
            }

            if (config.Catalogue.IsKnown(name)
                || config.Catalogue.IsServiceDefined(name, services)
                || referenced.Contains(name))
            {
                result.Add(name);
            }
        }

        return result;
    }

    /// <summary>
    /// The parameter suffixes of the legacy database configuration style (<c>ldap:name</c> makes
    /// <c>name_server_host</c>, <c>name_search_base</c>, … main.cf parameters), as postconf 3.7.11
    /// knows them. Probed: a main.cf with <c>header_checks = ldap:X mysql:Y …</c> and
    /// <c>X_&lt;word&gt; = 1</c> for every word (and word tail) in the postconf binary; these are the
    /// names -n listed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> DatabaseSuffixes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ldap"] =
        [
            "bind", "bind_dn", "bind_pw", "cache", "cache_expiry", "cache_size", "chase_referrals", "debuglevel",
            "dereference", "domain", "expansion_limit", "leaf_result_attribute", "query_filter", "recursion_limit",
            "result_attribute", "result_filter", "result_format", "sasl_authz_id", "sasl_mechs", "sasl_minssf",
            "sasl_realm", "scope", "search_base", "server_host", "server_port", "size_limit",
            "special_result_attribute", "start_tls", "terminal_result_attribute", "timeout", "tls_ca_cert_dir",
            "tls_ca_cert_file", "tls_cert", "tls_cipher_suite", "tls_key", "tls_random_file", "tls_require_cert",
            "version",
        ],
        ["mysql"] =
        [
            "additional_conditions", "dbname", "domain", "expansion_limit", "hosts", "option_file", "option_group",
            "password", "query", "require_result_set", "result_format", "select_field", "table", "tls_CAfile",
            "tls_CApath", "tls_cert_file", "tls_ciphers", "tls_key_file", "tls_verify_cert", "user", "where_field",
        ],
        ["pgsql"] =
        [
            "additional_conditions", "dbname", "domain", "expansion_limit", "hosts", "password", "query",
            "result_format", "select_field", "select_function", "table", "user", "where_field",
        ],
        ["sqlite"] =
        [
            "additional_conditions", "dbpath", "domain", "expansion_limit", "query", "result_format", "select_field",
            "table", "where_field",
        ],
        ["memcache"] =
        [
            "backup", "data_size_limit", "domain", "flags", "key_format", "line_size_limit", "max_try", "memcache",
            "retry_pause", "timeout", "ttl",
        ],
    };

    /// <summary>
    /// The legacy database parameter names an (expanded) value makes known (postconf_dbms.c as of
    /// 3.7): for each comma/blank separated element <c>[proxy:]…type:name</c> whose type is in
    /// <see cref="DatabaseSuffixes"/> and whose name is not a path (<c>/…</c>, <c>.…</c>) nor a
    /// <c>{…}</c> group, <c>name_suffix</c> for every suffix of the type.
    /// </summary>
    public static IEnumerable<string> DatabaseParameterNames(string expandedValue)
    {
        ArgumentNullException.ThrowIfNull(expandedValue);
        foreach (var item in ListItems.Split(expandedValue))
        {
            var text = item.Text;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (text.StartsWith('{') || colon < 0)
            {
                continue;
            }

            // split_at(type, ':') as long as the type is "proxy".
            string? type = text[..colon];
            var name = text[(colon + 1)..];
            while (type == "proxy")
            {
                colon = name.IndexOf(':', StringComparison.Ordinal);
                (type, name) = colon < 0 ? (null, name) : (name[..colon], name[(colon + 1)..]);
            }

            if (type is null || name.Length == 0 || name[0] is '/' or '.' or '{'
                || !DatabaseSuffixes.TryGetValue(type, out var suffixes))
            {
                continue;
            }

            foreach (var suffix in suffixes)
            {
                yield return name + "_" + suffix;
            }
        }
    }

    /// <summary>
    /// Every name a value refers to as <c>$name</c>, <c>${name…}</c> or <c>$(name…)</c>, in any
    /// branch and at any depth (<c>${{$a} == {b} ? {$c}}</c> gives a and c); <c>$$</c> is a literal dollar.
    /// </summary>
    public static IEnumerable<string> ReferencedNames(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '$' || i + 1 >= value.Length)
            {
                continue;
            }

            if (value[i + 1] == '$')
            {
                i++;
                continue;
            }

            var j = i + 1;
            if (value[j] is '{' or '(')
            {
                j++;
                while (j < value.Length && LogicalLine.IsSpace(value[j]))
                {
                    j++;
                }
            }

            var start = j;
            while (j < value.Length && (char.IsAsciiLetterOrDigit(value[j]) || value[j] == '_'))
            {
                j++;
            }

            if (j > start)
            {
                yield return value[start..j];
            }
        }
    }

    /// <summary>
    /// <c>postconf -M</c> from the model: one line per master.cf entry (duplicates included, file
    /// order), the 8 fields and the arguments separated by single spaces. The arguments are
    /// the model's <see cref="MasterService.Arguments"/> put through postconf's normalisation
    /// (pcf_normalize_daemon_args: <c>-o</c> values as <c>name=value</c>) and printing
    /// (pcf_print_master_entry: braces around an <c>-o</c> value or a later non-option argument
    /// that contains blanks, but not around the first non-option argument).
    /// </summary>
    public static IReadOnlyList<string> MasterM(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (config.Master?.Services ?? []).Select(RenderMasterEntry).ToList();
    }

    /// <summary>One master.cf entry as <see cref="MasterM"/> renders it.</summary>
    public static string RenderMasterEntry(MasterService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var words = new List<string>
        {
            service.Service.Text, service.Type.Text, service.Private.Text, service.Unprivileged.Text,
            service.Chroot.Text, service.Wakeup.Text, service.ProcessLimit.Text, service.Command.Text,
        };
        var args = service.Arguments.Select(a => a.Text).ToList();

        // pcf_normalize_daemon_args: options run up to the first argument that does not start
        // with '-' (or "--"); "-xo" becomes "-x" "-o", "-oVALUE" becomes "-o" "VALUE", and an
        // -o value becomes name=value (split_nameval) when it can be split.
        var field = 0;
        for (; field < args.Count; field++)
        {
            var arg = args[field];
            if (arg.Length == 0 || arg[0] != '-' || arg == "--")
            {
                break;
            }

            var o = arg.IndexOf('o', 2);
            if (arg.Length > 2 && o > 1)
            {
                args.Insert(field + 1, "-" + arg[o..]);
                args[field] = arg = arg[..o];
            }

            if (arg.Length < 2 || arg[1] != 'o')
            {
                continue;
            }

            if (arg.Length > 2)
            {
                args.Insert(field + 1, arg[2..]);
                args[field] = "-o";
            }
            else if (field + 1 >= args.Count)
            {
                continue;
            }

            field++;
            if (SplitNameValue(args[field]) is { } nv)
            {
                args[field] = nv.Name + "=" + nv.Value;
            }
        }

        // pcf_print_master_entry.
        var inOptions = true;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (inOptions)
            {
                if (arg.Length == 0 || arg[0] != '-' || arg == "--")
                {
                    inOptions = false;
                    words.Add(arg); // no braces, even with blanks: postconf's own quirk
                }
                else if (arg.Length > 1 && arg[1] == 'o' && i + 1 < args.Count)
                {
                    words.Add(arg);
                    words.Add(Brace(args[++i]));
                }
                else
                {
                    words.Add(arg);
                }
            }
            else
            {
                words.Add(Brace(arg));
            }
        }

        // The -M parser splits at blanks outside braces; do the same to our line.
        return string.Join(' ', PostconfOutput.SplitWords(string.Join(' ', words)));
    }

    /// <summary>
    /// <c>postconf -P</c> from the model: <c>service/type/name = value</c> for the model's -o
    /// overrides, names sorted within an entry, values whitespace-folded. postconf keeps one
    /// parameter dictionary per <c>service/type</c>, so duplicate entries share (and both print)
    /// the merged overrides, later ones winning.
    /// </summary>
    public static IReadOnlyList<string> MasterP(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var services = config.Master?.Services ?? [];
        var dictionaries = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        var printing = new List<MasterService>();
        foreach (var service in services)
        {
            // postconf deletes a read-only assignment from the service's dictionary ("read-only parameter
            // assignment", postconf_user.c), so -P never prints it (checked with 3.7.11).
            foreach (var o in service.Overrides.Where(o => !ReadOnlyParameters.Contains(o.Name)))
            {
                if (!dictionaries.TryGetValue(service.Key, out var dict))
                {
                    dictionaries[service.Key] = dict = new SortedDictionary<string, string>(StringComparer.Ordinal);
                }

                dict[o.Name] = Fold(o.Value.Text);
            }

            // An entry gets the shared dictionary only if it exists by the time the entry is
            // registered: an earlier duplicate without -o prints nothing (checked with 3.7.11).
            if (dictionaries.ContainsKey(service.Key))
            {
                printing.Add(service);
            }
        }

        return printing
            .SelectMany(s => dictionaries[s.Key].Select(kv => NameValue($"{s.Key}/{kv.Key}", kv.Value)))
            .ToList();
    }

    /// <summary>The model's aliases as <c>key: value</c> lines, sorted by key.</summary>
    public static IReadOnlyList<string> Aliases(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return (config.Aliases?.Entries ?? [])
            .Select(e => AliasLine(e.Key, e.Value))
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The line format shared by both sides for one alias.</summary>
    public static string AliasLine(string key, string value) => $"{key}: {value}";

    /// <summary><c>name = value</c>, or <c>name =</c> for an empty value, as postconf prints it.</summary>
    public static string NameValue(string name, string value) => value.Length == 0 ? $"{name} =" : $"{name} = {value}";

    /// <summary>Folds runs of whitespace to one space and trims, as postconf prints values.</summary>
    public static string Fold(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (LogicalLine.IsSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static IEnumerable<string> SplitClasses(string value) =>
        value.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static string Brace(string arg) => arg.AsSpan().IndexOfAny(" \t\r\n") >= 0 ? "{" + arg + "}" : arg;

    /// <summary>split_nameval(3): null when there is no name or no '='.</summary>
    private static (string Name, string Value)? SplitNameValue(string text)
    {
        var i = 0;
        while (i < text.Length && LogicalLine.IsSpace(text[i]))
        {
            i++;
        }

        var nameStart = i;
        while (i < text.Length && !LogicalLine.IsSpace(text[i]) && text[i] != '=')
        {
            i++;
        }

        if (i == nameStart)
        {
            return null;
        }

        var name = text[nameStart..i];
        while (i < text.Length && LogicalLine.IsSpace(text[i]))
        {
            i++;
        }

        if (i >= text.Length || text[i] != '=')
        {
            return null;
        }

        return (name, text[(i + 1)..].Trim(' ', '\t', '\r', '\n', '\v', '\f'));
    }
}
