using System.Net;
using System.Net.Sockets;

namespace ConfigLint.Core.Model;

/// <summary>
/// A set of client addresses, IPv4 and IPv6, as intervals. The smtpd pipeline splits a
/// <c>mynetworks</c> element by what a <c>cidr:</c> access table answers for each part of it
/// (a client in 10.0.0.0/8 is rejected by <c>10.1.0.0/16 REJECT</c> only inside that /16), so a
/// verdict is always about a set of addresses, never about "the" client.
/// </summary>
public sealed class AddressSet
{
    private readonly IReadOnlyList<Interval> intervals;

    private AddressSet(IReadOnlyList<Interval> intervals) => this.intervals = intervals;

    public static AddressSet Empty { get; } = new([]);

    /// <summary>Every IPv4 and IPv6 address: a client nothing is known about.</summary>
    public static AddressSet Everything { get; } = new([new Interval(false, 0, uint.MaxValue), new Interval(true, UInt128.Zero, UInt128.MaxValue)]);

    public static AddressSet Of(IPNetwork network) => new([Interval.Of(network)]);

    public bool IsEmpty => intervals.Count == 0;

    public AddressSet Intersect(IPNetwork network)
    {
        var n = Interval.Of(network);
        return new(intervals
            .Where(i => i.V6 == n.V6 && i.Start <= n.End && n.Start <= i.End)
            .Select(i => new Interval(i.V6, UInt128.Max(i.Start, n.Start), UInt128.Min(i.End, n.End)))
            .ToList());
    }

    public AddressSet Except(IPNetwork network)
    {
        var n = Interval.Of(network);
        var result = new List<Interval>();
        foreach (var i in intervals)
        {
            if (i.V6 != n.V6 || i.End < n.Start || n.End < i.Start)
            {
                result.Add(i);
                continue;
            }

            if (i.Start < n.Start)
            {
                result.Add(i with { End = n.Start - 1 });
            }

            if (n.End < i.End)
            {
                result.Add(i with { Start = n.End + 1 });
            }
        }

        return new(result);
    }

    public AddressSet Union(AddressSet other)
    {
        var merged = new List<Interval>();
        foreach (var i in intervals.Concat(other.intervals).OrderBy(i => i.V6).ThenBy(i => i.Start))
        {
            if (merged.Count > 0 && merged[^1].V6 == i.V6 && (merged[^1].End == UInt128.MaxValue || i.Start <= merged[^1].End + 1))
            {
                merged[^1] = merged[^1] with { End = UInt128.Max(merged[^1].End, i.End) };
            }
            else
            {
                merged.Add(i);
            }
        }

        return new(merged);
    }

    public bool SetEquals(AddressSet other) => intervals.SequenceEqual(other.intervals);

    /// <summary>The set as the fewest CIDR networks, in address order.</summary>
    public IReadOnlyList<IPNetwork> ToNetworks()
    {
        var networks = new List<IPNetwork>();
        foreach (var i in intervals.OrderBy(i => i.V6).ThenBy(i => i.Start))
        {
            var bits = i.V6 ? 128 : 32;
            if (i.Start == UInt128.Zero && i.End == (i.V6 ? UInt128.MaxValue : uint.MaxValue))
            {
                networks.Add(new IPNetwork(Interval.Address(i.V6, UInt128.Zero), 0));
                continue;
            }

            var start = i.Start;
            while (true)
            {
                // The largest aligned block that starts here and stays inside the interval.
                var size = bits;
                var widest = i.V6 ? 1 : 0; // ::/0 is the whole space, handled above
                while (size > widest)
                {
                    var block = BlockSize(bits, size - 1);
                    if (start % block != UInt128.Zero || start + (block - 1) > i.End)
                    {
                        break;
                    }

                    size--;
                }

                networks.Add(new IPNetwork(Interval.Address(i.V6, start), size));
                var last = start + (BlockSize(bits, size) - 1);
                if (last >= i.End)
                {
                    break;
                }

                start = last + 1;
            }
        }

        return networks;
    }

    public override string ToString() => string.Join(" ", ToNetworks());

    /// <summary>How many addresses a /<paramref name="prefix"/> holds (never the whole IPv6 space: ToNetworks handles that first).</summary>
    private static UInt128 BlockSize(int bits, int prefix) => UInt128.One << (bits - prefix);

    private readonly record struct Interval(bool V6, UInt128 Start, UInt128 End)
    {
        public static Interval Of(IPNetwork network)
        {
            var v6 = network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
            var bits = v6 ? 128 : 32;
            var start = Number(network.BaseAddress);
            var hostBits = bits - network.PrefixLength;
            var span = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
            return new Interval(v6, start, start + span);
        }

        public static UInt128 Number(IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            var value = UInt128.Zero;
            foreach (var b in bytes)
            {
                value = (value << 8) | b;
            }

            return value;
        }

        public static IPAddress Address(bool v6, UInt128 value)
        {
            var bytes = new byte[v6 ? 16 : 4];
            for (var k = bytes.Length - 1; k >= 0; k--)
            {
                bytes[k] = (byte)(value & 0xff);
                value >>= 8;
            }

            return new IPAddress(bytes);
        }
    }
}
