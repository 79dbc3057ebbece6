using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// <c>static:RESULT</c> (DATABASE_README): every lookup returns RESULT, whatever the key. Its one
/// entry is written where the table is named.
/// </summary>
public sealed class StaticTable : AccessTable
{
    private StaticTable(TableReference reference, TableEntry entry)
        : base(reference, null, [entry]) => Entry = entry;

    public TableEntry Entry { get; }

    /// <summary>The table, or null when the reference has no span to report at or no result.</summary>
    public static StaticTable? Of(TableReference reference) =>
        reference.Span is { } span && reference.Name.Trim().Length > 0
            ? new StaticTable(reference, new TableEntry(reference.Text, AccessResult.Of(reference.Name.Trim('{', '}', ' ')), span))
            : null;

    public override TableAnswer FindDomain(string name, AccessLookup lookup) => TableAnswer.Of(Entry);

    public override TableAnswer FindMailAddress(string address, AccessLookup lookup) => TableAnswer.Of(Entry);

    public override IEnumerable<ClientPart> SplitClients(AddressSet addresses) => [new ClientPart(addresses, TableAnswer.Of(Entry))];

    public override IEnumerable<string> DomainsFor(TableEntry entry, AccessLookup lookup) => [];

    public override IEnumerable<string> MailAddressesFor(TableEntry entry, AccessLookup lookup) => [];
}
