using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>What ConfigLint knows of one table of <c>alias_maps</c>.</summary>
public enum AliasTableState
{
    /// <summary>Its aliases(5) source is in the tree and was read.</summary>
    Read,

    /// <summary>A file table whose source is not in the tree.</summary>
    NotInTree,

    /// <summary>A table ConfigLint cannot list (ldap:, mysql:, regexp:, a socket ...): its answers are unknown.</summary>
    NotEvaluated,

    /// <summary>
    /// <c>nis:mail.aliases</c> of the built-in default: taken to be empty. Without a NIS domain
    /// Postfix finds nothing in it (dict_nis.c: "NIS domain name not set - NIS lookups disabled").
    /// </summary>
    AssumedEmpty,
}

/// <summary>One table of <c>alias_maps</c>, its aliases(5) source when it is in the tree.</summary>
public sealed record AliasTable(TableReference Reference, AliasTableState State, AliasesDocument? Document)
{
    public bool Known => State is AliasTableState.Read or AliasTableState.AssumedEmpty;
}

/// <summary>An alias as local(8) finds it: the first table of alias_maps that has the name.</summary>
public sealed record LocalAlias(AliasEntry Entry, AliasTable Table)
{
    public string Name => Entry.Key;
}

/// <summary>
/// The aliases this configuration uses: the tables of <c>alias_maps</c> as the local(8) delivery
/// agent searches them (in order, the first table that has a name wins; alias.c), mapped onto the
/// tree like every Postfix path, or null tables where ConfigLint cannot read them. The aliases
/// file the configuration holds (<c>aliases</c> next to main.cf) stands for the table of that
/// name wherever alias_maps puts it (<c>hash:/etc/aliases</c>, Debian's and the built-in
/// default, or <c>/etc/mail/aliases</c>): the repository keeps the system file with the rest.
/// Local delivery happens only when <c>mydestination</c> is not empty and <c>local_transport</c>
/// names a master.cf service that runs local(8); otherwise the aliases are not used at all.
/// Per-service semantics: the values are those of the local(8) service, with its <c>-o</c> overrides.
/// </summary>
public sealed class LocalAliases
{
    /// <summary>Table types postalias builds from an aliases(5) source of the same name.</summary>
    private static readonly HashSet<string> AliasFileTypes = new(StringComparer.OrdinalIgnoreCase) { "hash", "btree", "lmdb", "cdb", "dbm", "sdbm" };

    private readonly PostfixConfig config;
    private IReadOnlyList<LocalAlias>? entries;
    private Dictionary<string, LocalAlias>? byName;
    private HashSet<string>? localDomains;

    internal LocalAliases(PostfixConfig config, string? aliasesFile)
    {
        this.config = config;
        (Service, NotInUseBecause) = FindService(config);
        AliasMaps = config.Get("alias_maps", Service);
        Tables = NotInUseBecause is null ? ReadTables(aliasesFile) : [];
    }

    /// <summary>The master.cf service that runs local(8) for <c>local_transport</c>, or null when master.cf is not known or local delivery is off.</summary>
    public MasterService? Service { get; }

    /// <summary>Why local(8) delivers nothing (a null client), or null when it delivers for the local domains.</summary>
    public string? NotInUseBecause { get; }

    public bool InUse => NotInUseBecause is null;

    /// <summary><c>alias_maps</c> as the local(8) service sees it.</summary>
    public EffectiveValue AliasMaps { get; }

    /// <summary>The tables of alias_maps, in search order (empty when local delivery is off).</summary>
    public IReadOnlyList<AliasTable> Tables { get; }

    /// <summary>True when ConfigLint knows every table, so a name it does not find is in none of them.</summary>
    public bool Complete => Tables.All(t => t.Known);

    /// <summary>Every alias local(8) can find: per name the entry of the first table that has it, in table and file order.</summary>
    public IReadOnlyList<LocalAlias> Entries => entries ??= Collect();

    /// <summary>The alias local(8) finds for <paramref name="name"/> (names are compared as postalias folds them, ignoring case), or null.</summary>
    public LocalAlias? Find(string name)
    {
        // Indexed once: the rules look names up per alias and per destination, and an aliases file may hold a million entries.
        byName ??= Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        return byName.GetValueOrDefault(name.ToLowerInvariant());
    }

    /// <summary>
    /// The local user a destination of an alias names, lower case as local(8) folds it, or null:
    /// a bare name, or name@domain for a domain that mydestination lists literally (local(8)
    /// resolves it to itself and looks the name up in the aliases again). A quoted name,
    /// a command, a file or an :include: is no local user.
    /// </summary>
    public string? LocalDestination(AliasTarget target)
    {
        if (target.Kind != AliasTargetKind.Address || target.Text.StartsWith('"'))
        {
            return null;
        }

        var at = target.Text.LastIndexOf('@');
        if (at < 0)
        {
            return target.Text.ToLowerInvariant();
        }

        localDomains ??= config.List("mydestination").Items.Select(i => i.Text.ToLowerInvariant()).Where(d => !d.Contains(':') && !d.Contains('/')).ToHashSet();
        return at > 0 && localDomains.Contains(target.Text[(at + 1)..].ToLowerInvariant()) ? target.Text[..at].ToLowerInvariant() : null;
    }

    /// <summary>A parameter as the local(8) service sees it.</summary>
    public EffectiveValue Get(string name) => config.Get(name, Service);

    /// <summary>
    /// The first parameter that makes local(8) hand a recipient without an alias and without a UNIX
    /// account to something else (precedence as in local(8): mailbox_transport_maps,
    /// mailbox_transport, fallback_transport_maps, fallback_transport, luser_relay), or null when
    /// none is set and such mail meets unknown.c: postmaster and MAILER-DAEMON are discarded with
    /// "required alias not found", other names bounce.
    /// </summary>
    public EffectiveValue? UnknownRecipientsGoTo =>
        new[] { "mailbox_transport_maps", "mailbox_transport", "fallback_transport_maps", "fallback_transport", "luser_relay" }
            .Select(Get).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v.Value));

    /// <summary>The span to report a missing alias at: the first line of the first aliases file read, or null.</summary>
    public Span? TopOfFirstTable =>
        Tables.FirstOrDefault(t => t.Document is not null)?.Document is { } doc
            ? Span.Line(doc.Source.Path, 1, doc.Source.LineText(1).Length)
            : null;

    private static (MasterService? Service, string? Why) FindService(PostfixConfig config)
    {
        if (string.IsNullOrWhiteSpace(config.Get("mydestination").Value))
        {
            return (null, "mydestination is empty, so no domain is delivered locally");
        }

        // local_transport = transport:nexthop; trivial-rewrite hands local domains to that transport.
        var transport = config.Get("local_transport").Value.Trim();
        var colon = transport.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? transport : transport[..colon];
        if (config.Master is null)
        {
            return (null, name == "local" ? null : $"local_transport is {transport}");
        }

        var service = config.Master.EffectiveServices.FirstOrDefault(s => s.Name == name && s.TypeName == "unix");
        return service is { Command.Text: "local" } ? (service, null) : (null, $"local_transport is {transport}, which does not run local(8)");
    }

    private List<AliasTable> ReadTables(string? aliasesFile)
    {
        var tables = new List<AliasTable>();
        var configDirectory = config.Get("config_directory").Value;
        foreach (var item in ListItems.Of(AliasMaps).Items)
        {
            if (TableReference.Parse(item.Text, item.Span) is not { } reference)
            {
                continue;
            }

            // local(8) opens proxy:-wrapped alias tables directly (local.c, SECURITY).
            while (reference.Type.Equals("proxy", StringComparison.OrdinalIgnoreCase) && TableReference.Parse(reference.Name, item.Span) is { } inner)
            {
                reference = inner;
            }

            tables.Add(Read(reference, configDirectory, aliasesFile));
        }

        return tables;
    }

    private AliasTable Read(TableReference reference, string configDirectory, string? aliasesFile)
    {
        if (reference.Type.Equals("nis", StringComparison.OrdinalIgnoreCase) && AliasMaps.IsDefault)
        {
            return new AliasTable(reference, AliasTableState.AssumedEmpty, null);
        }

        if (!AliasFileTypes.Contains(reference.Type) || !reference.Name.StartsWith('/'))
        {
            return new AliasTable(reference, AliasTableState.NotEvaluated, null);
        }

        var relative = config.Tree.Map(reference.Name, configDirectory);
        if (relative is null && aliasesFile is not null && Path.GetFileName(reference.Name) == Path.GetFileName(aliasesFile))
        {
            relative = aliasesFile;
        }

        if (relative is null)
        {
            return new AliasTable(reference, AliasTableState.NotInTree, null);
        }

        if (relative == aliasesFile && config.Aliases is { } own)
        {
            return new AliasTable(reference, AliasTableState.Read, own);
        }

        var text = config.Tree.Read(relative, new List<Diagnostic>());
        return text is null
            ? new AliasTable(reference, AliasTableState.NotInTree, null)
            : new AliasTable(reference, AliasTableState.Read, AliasesParser.Parse(text));
    }

    private List<LocalAlias> Collect()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<LocalAlias>();
        foreach (var table in Tables)
        {
            foreach (var entry in table.Document?.Entries ?? [])
            {
                if (seen.Add(entry.Key))
                {
                    result.Add(new LocalAlias(entry, table));
                }
            }
        }

        return result;
    }
}
