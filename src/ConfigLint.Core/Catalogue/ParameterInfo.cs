namespace ConfigLint.Core.Catalogue;

/// <summary>
/// One built-in Postfix parameter.
/// </summary>
/// <param name="Name">The parameter name (case-sensitive, as Postfix treats it).</param>
/// <param name="ValueType">What kind of value it takes (heuristic, see <see cref="ParameterValueType"/>).</param>
/// <param name="RawDefault">
/// The default exactly as <c>postconf -d</c> prints it after <c>name = </c>: unexpanded, so it may hold
/// <c>$name</c> references and level expressions such as
/// <c>${{$compatibility_level} &lt;level {2} ? {subnet} : {host}}</c>; empty when the default is empty.
/// </param>
/// <param name="HostDependent">
/// True when postconf computed the default from the machine or the invocation (myhostname, mydomain,
/// mynetworks, process_id, process_name, config_directory): <see cref="RawDefault"/> then shows what it
/// was where the catalogue was generated (<c>host.example.test</c>), not a value to compare with.
/// </param>
public sealed record ParameterInfo(string Name, ParameterValueType ValueType, string RawDefault, bool HostDependent)
{
    /// <summary>
    /// How Postfix parses the value and the limits it enforces (the future bad-value-type check), or
    /// null when Postfix reads the parameter as a string. Set for every <see cref="ParameterValueType.Integer"/>,
    /// <see cref="ParameterValueType.Size"/>, <see cref="ParameterValueType.Time"/> and
    /// <see cref="ParameterValueType.Boolean"/> parameter except <c>process_id</c>, which postconf computes.
    /// </summary>
    public ValueParsing? Parsing { get; init; }
}

/// <summary>
/// A family of service-defined parameters: for a master.cf service <c>S</c> whose command (field 8) is
/// <see cref="Command"/>, postconf knows the parameter <c>S</c> + <see cref="Suffix"/> (POSTFIX-SEMANTICS.md §3).
/// </summary>
/// <param name="Command">The master.cf command: local, error, virtual, smtp, lmtp, pipe or spawn.</param>
/// <param name="Suffix">The suffix including its leading underscore, e.g. <c>_destination_concurrency_limit</c>.</param>
/// <param name="ValueType">The type of the parameter its default refers to.</param>
/// <param name="RawDefault">The default postconf prints for such a parameter, e.g. <c>$default_destination_concurrency_limit</c>.</param>
public sealed record ServiceParameterSuffix(string Command, string Suffix, ParameterValueType ValueType, string RawDefault)
{
    /// <summary>
    /// How the queue manager (or pipe, spawn) parses <c>S</c> + <see cref="Suffix"/> and its limits
    /// (qmgr_transport.c get_mail_conf_int2() / get_mail_conf_time2()), or null for a string
    /// (<c>_destination_concurrency_negative_feedback</c>).
    /// </summary>
    public ValueParsing? Parsing { get; init; }
}
