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
    private AliasOrder? order;
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? localDomains;

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

    /// <summary>
    /// Every alias local(8) can find: per name the entry of the first table that has it, in table
    /// and file order. Each is read from its file when it is asked for; the rules that look at every
    /// alias use <see cref="Where"/> and <see cref="ForEachLocalUser"/>, which read no more than they must.
    /// </summary>
    public IReadOnlyList<LocalAlias> Entries => new ReadOnlyView<LocalAlias>(() => Count, At);

    /// <summary>How many aliases local(8) can find.</summary>
    public int Count => Order.Count;

    /// <summary>The alias local(8) finds for <paramref name="name"/> (names are compared as postalias folds them, ignoring case), or null.</summary>
    public LocalAlias? Find(string name) => PositionOf(name.ToLowerInvariant()) is var position and >= 0 ? At(position) : null;

    /// <summary>Whether local(8) finds an alias for <paramref name="name"/> (compared ignoring case, as postalias folds names).</summary>
    public bool Has(string name) => PositionOf(name.ToLowerInvariant()) >= 0;

    /// <summary>The aliases whose summary (how many destinations, of which kinds) <paramref name="predicate"/> accepts, in the order of <see cref="Entries"/>.</summary>
    public IEnumerable<LocalAlias> Where(Func<AliasSummary, bool> predicate)
    {
        // The summaries are looked at table by table, straight from each document; only the
        // aliases that match are read.
        var matches = new List<int>();
        for (var t = 0; t < Tables.Count; t++)
        {
            foreach (var entry in Tables[t].Document?.PositionsWhere(predicate) ?? [])
            {
                if (Order.PositionOf(t, entry) is var position and >= 0)
                {
                    matches.Add(position);
                }
            }
        }

        matches.Sort();
        return matches.Select(At);
    }

    /// <summary>The alias at <paramref name="position"/> of <see cref="Entries"/>.</summary>
    public LocalAlias At(int position)
    {
        var (table, entry) = Order[position];
        return new LocalAlias(Tables[table].Document!.Entry(entry), Tables[table]);
    }

    /// <summary>The position in <see cref="Entries"/> of the alias local(8) finds for <paramref name="folded"/> (a name already in lower case), or -1.</summary>
    public int PositionOf(ReadOnlySpan<char> folded)
    {
        for (var t = 0; t < Tables.Count; t++)
        {
            if (Tables[t].Document is { } document && document.IndexOf(folded) is var entry and >= 0)
            {
                return Order.PositionOf(t, entry);
            }
        }

        return -1;
    }

    /// <summary>
    /// Every expansion of an alias into another alias: a destination that names a local user who
    /// has an alias (local(8) looks the name up again, alias.c), other than the alias itself, in the
    /// order of the alias and then of its destinations. Read on <see cref="Workers.Degree"/> threads,
    /// in blocks whose results are joined in order, so the list is the same whatever their number.
    /// </summary>
    public IReadOnlyList<AliasExpansion> Expansions()
    {
        const int Block = 1 << 14;
        var count = Order.Count;
        var blocks = (count + Block - 1) / Block;
        var found = new List<AliasExpansion>[blocks];
        var documents = Tables.Select(t => t.Document).OfType<AliasesDocument>().ToArray();
        _ = LocalDomains;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Workers.Degree }, block =>
        {
            var list = new List<AliasExpansion>();
            ForEachLocalUser(block * Block, Math.Min(count, (block + 1) * Block), documents, (alias, target, user) =>
            {
                if (PositionOf(user) is var to and >= 0 && to != alias)
                {
                    list.Add(new AliasExpansion(alias, to, target));
                }
            });
            found[block] = list;
        });
        return [.. found.SelectMany(f => f)];
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for every destination of every alias that names a local user
    /// (<see cref="LocalDestination(AliasTarget)"/>): the alias's position in <see cref="Entries"/>,
    /// the destination's place among its targets, and the user's name in lower case. The
    /// destinations are read into one buffer, so a million aliases make no string each.
    /// </summary>
    public void ForEachLocalUser(LocalUserVisitor visit) => ForEachLocalUser(0, Order.Count, null, visit);

    /// <summary>Whether one of <paramref name="documents"/> (the tables read) may have an alias for a name with this hash (false: none has).</summary>
    private static bool MayBeAlias(AliasesDocument[] documents, int hash)
    {
        foreach (var document in documents)
        {
            if (document.MayHold(hash))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="ForEachLocalUser(LocalUserVisitor)"/> over positions [from, to). With
    /// <paramref name="mayBeAlias"/> (the documents read), only the users one of them may hold
    /// (by their hash) are visited: the destinations are first read without their text, and an
    /// alias is read again with it only when one of its users may be an alias, so a search for
    /// expansions passes over the users that are no alias (almost all of them) without writing or
    /// folding a character.
    /// </summary>
    private void ForEachLocalUser(int from, int to, AliasesDocument[]? mayBeAlias, LocalUserVisitor visit)
    {
        var destinations = new AliasDestinations();
        var user = new char[64];
        for (var position = from; position < to; position++)
        {
            var (table, entry) = Order[position];
            var document = Tables[table].Document!;
            if (mayBeAlias is not null)
            {
                document.ReadDestinations(entry, destinations, render: false);
                var any = false;
                for (var i = 0; i < destinations.Count && !any; i++)
                {
                    any = destinations.UserHash(i) is { } hash && MayBeAlias(mayBeAlias, hash);
                }

                if (!any)
                {
                    continue;
                }
            }

            document.ReadDestinations(entry, destinations);
            for (var i = 0; i < destinations.Count; i++)
            {
                var text = destinations.Text(i);
                if (user.Length < text.Length)
                {
                    user = new char[text.Length * 2];
                }

                if (LocalUser(destinations.Kind(i), text, user) is var length and >= 0)
                {
                    visit(position, i, user.AsSpan(0, length));
                }
            }
        }
    }

    /// <summary>
    /// The local user a destination of an alias names, lower case as local(8) folds it, or null:
    /// a bare name, or name@domain for a domain that mydestination lists literally (local(8)
    /// resolves it to itself and looks the name up in the aliases again). A quoted name,
    /// a command, a file or an :include: is no local user.
    /// </summary>
    public string? LocalDestination(AliasTarget target)
    {
        var user = new char[target.Text.Length];
        return LocalUser(target.Kind, target.Text, user) is var length and >= 0 ? new string(user, 0, length) : null;
    }

    /// <summary><see cref="LocalDestination(AliasTarget)"/> into <paramref name="user"/> (as long as the text): the length written, or -1 for no local user.</summary>
    private int LocalUser(AliasTargetKind kind, ReadOnlySpan<char> text, Span<char> user)
    {
        if (kind != AliasTargetKind.Address || text.StartsWith('"'))
        {
            return -1;
        }

        // The last '@', by hand: a destination is short, and the vectorised search of the library
        // ran unoptimised code on a million destinations.
        var at = text.Length - 1;
        while (at >= 0 && text[at] != '@')
        {
            at--;
        }

        if (at < 0)
        {
            return Fold(text, user);
        }

        if (at == 0)
        {
            return -1;
        }

        var domain = text[(at + 1)..];
        Span<char> folded = domain.Length <= 256 ? stackalloc char[domain.Length] : new char[domain.Length];
        Fold(domain, folded);
        return LocalDomains.Contains(folded) ? Fold(text[..at], user) : -1;
    }

    /// <summary>mydestination's literal domains in lower case (a domain local(8) delivers for itself).</summary>
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LocalDomains =>
        localDomains ??= config.List("mydestination").Items.Select(i => i.Text.ToLowerInvariant()).Where(d => !d.Contains(':') && !d.Contains('/'))
            .ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>ToLowerInvariant into <paramref name="into"/>; the quick way for ASCII, as almost every name is.</summary>
    private static int Fold(ReadOnlySpan<char> text, Span<char> into) =>
        System.Text.Ascii.ToLower(text, into, out var written) == System.Buffers.OperationStatus.Done ? written : text.ToLowerInvariant(into);

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
            ? Span.Line(doc.Source.Path, 1, doc.Source.LineLength(1))
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

        if (relative == aliasesFile)
        {
            // The configuration's own aliases file was read (or found missing or unreadable, and said
            // so) with main.cf: not looked for again (a fleet's configurations without one made five
            // system calls each here).
            return config.Aliases is { } own
                ? new AliasTable(reference, AliasTableState.Read, own)
                : new AliasTable(reference, AliasTableState.NotInTree, null);
        }

        var text = config.Tree.Read(relative, new List<Diagnostic>());
        return text is null
            ? new AliasTable(reference, AliasTableState.NotInTree, null)
            : new AliasTable(reference, AliasTableState.Read, AliasesParser.Parse(text));
    }

    /// <summary>Per alias local(8) can find, in table and file order: its table and its position in that table's document.</summary>
    private AliasOrder Order => order ??= AliasOrder.Of(Tables);

    /// <summary>
    /// How the entries of the tables line up in <see cref="Entries"/>: per name the first table
    /// that has it. With one table read (the usual case) that is its entries in file order, and no
    /// table of positions is made.
    /// </summary>
    private sealed class AliasOrder
    {
        private readonly int single;
        private readonly (int Table, int Entry)[]? order;
        private readonly int[][]? positions;

        private AliasOrder(int count, int single, (int Table, int Entry)[]? order, int[][]? positions)
        {
            Count = count;
            this.single = single;
            this.order = order;
            this.positions = positions;
        }

        public int Count { get; }

        public (int Table, int Entry) this[int position] => order is null ? (single, position) : order[position];

        /// <summary>The position of entry <paramref name="entry"/> of table <paramref name="table"/>, or -1 when an earlier table has its name.</summary>
        public int PositionOf(int table, int entry) => positions is null ? entry : positions[table][entry];

        public static AliasOrder Of(IReadOnlyList<AliasTable> tables)
        {
            var read = Enumerable.Range(0, tables.Count).Where(t => tables[t].Document is not null).ToList();
            if (read.Count <= 1)
            {
                return new AliasOrder(read.Count == 0 ? 0 : tables[read[0]].Document!.Count, read.Count == 0 ? -1 : read[0], null, null);
            }

            var result = new List<(int, int)>(read.Sum(t => tables[t].Document!.Count));
            var byTable = new int[tables.Count][];
            for (var t = 0; t < tables.Count; t++)
            {
                var document = tables[t].Document;
                byTable[t] = new int[document?.Count ?? 0];
                for (var entry = 0; entry < byTable[t].Length; entry++)
                {
                    // Per name the first table that has it: a later table's entry is shadowed.
                    var key = document!.Key(entry);
                    var shadowed = false;
                    for (var earlier = 0; earlier < t && !shadowed; earlier++)
                    {
                        shadowed = tables[earlier].Document?.IndexOf(key) >= 0;
                    }

                    byTable[t][entry] = shadowed ? -1 : result.Count;
                    if (!shadowed)
                    {
                        result.Add((t, entry));
                    }
                }
            }

            return new AliasOrder(result.Count, -1, [.. result], byTable);
        }
    }
}

/// <summary>Alias <paramref name="From"/> expands into alias <paramref name="To"/> (positions in <see cref="LocalAliases.Entries"/>) through its destination number <paramref name="Target"/>.</summary>
public readonly record struct AliasExpansion(int From, int To, int Target);

/// <summary>See <see cref="LocalAliases.ForEachLocalUser(LocalUserVisitor)"/>.</summary>
public delegate void LocalUserVisitor(int alias, int target, ReadOnlySpan<char> user);
