using System.Net;

namespace ConfigLint.Core.Model;

/// <summary>
/// What the user told us about the network the server sits in (<c>network:</c> in
/// <c>.configlint.yml</c>). A static analysis cannot see NAT or the public address a router
/// forwards, so rules that depend on them read these hints instead of guessing.
/// </summary>
public sealed class NetworkHints
{
    /// <summary>No hints: rules judge from the configuration alone.</summary>
    public static NetworkHints Unknown { get; } = new(null, []);

    public NetworkHints(bool? behindNat, IReadOnlyList<IPAddress> publicAddresses)
    {
        BehindNat = behindNat;
        PublicAddresses = publicAddresses;
    }

    /// <summary>
    /// true: the server is reached through NAT (a wildcard listener is then a private address too);
    /// false: it is not (its listening addresses are its public ones); null: not said.
    /// </summary>
    public bool? BehindNat { get; }

    /// <summary>The addresses the internet reaches this server on (a NAT router's outside address, for instance).</summary>
    public IReadOnlyList<IPAddress> PublicAddresses { get; }
}
