using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// The coded rule classes, listed rather than found by scanning the assembly: a native (ahead-of-time
/// compiled) configlint keeps only the types the code names, so a scan would find none there, and
/// listing costs nothing at start-up (issue 13). tools/new-rule.sh --coded adds a class here, and
/// CodedRulesTests fails when a class marked <see cref="RuleAttribute"/> is missing.
/// </summary>
public static class CodedRules
{
    /// <summary>Each coded rule by the ID in its <see cref="RuleAttribute"/>, with how to make one.</summary>
    public static Dictionary<string, CodedRule> ById()
    {
        CodedRule[] all =
        [
            Coded<PF001UnreadableFile>(),
            Coded<PF002MainCfSyntaxError>(),
            Coded<PF003MasterCfSyntaxError>(),
            Coded<PF004AliasesSyntaxError>(),
            Coded<PF005MacroExpansionError>(),
            Coded<PF006AnalysisLimitReached>(),
            Coded<PF010SuppressionWithoutReason>(),
            Coded<PF011UnusedSuppression>(),
            Coded<PF101OpenRelayRisk>(),
            Coded<PF102RelayDefaultDenyMissing>(),
            Coded<PF103BarePermit>(),
            Coded<PF104PermissiveBeforeUnauthDestination>(),
            Coded<PF105RelayByClientCertificate>(),
            Coded<PF106RestrictionClassUndefined>(),
            Coded<PF107DeprecatedRestrictions>(),
            Coded<PF108CidrHostBits>(),
            Coded<PF109RelayRecipientMapsMissing>(),
            Coded<PF110RelayDomainsImplicit>(),
            Coded<PF201Ipv6AddressWithoutBrackets>(),
            Coded<PF202LoopbackOnlyOverriddenByMasterAddress>(),
            Coded<PF203BackupMxWithoutProxyInterfaces>(),
            Coded<PF204DuplicateListener>(),
            Coded<PF205EffectiveListeners>(),
            Coded<PF301MasterDuplicateOption>(),
            Coded<PF302MasterFieldValues>(),
            Coded<PF303UnknownOptionParameter>(),
            Coded<PF304OrphanOptionLines>(),
            Coded<PF305MasterDuplicateService>(),
            Coded<PF306MissingCoreServices>(),
            Coded<PF401AuthWithoutTls>(),
            Coded<PF402SaslOnPort25>(),
            Coded<PF403SubmissionTlsNotRequired>(),
            Coded<PF404SmtpsWrappermodeMissing>(),
            Coded<PF405Port25TlsRequired>(),
            Coded<PF406TlsWithoutCert>(),
            Coded<PF407InboundTlsOff>(),
            Coded<PF408OutboundTlsOff>(),
            Coded<PF409OutboundEncryptGlobal>(),
            Coded<PF410WeakTlsProtocols>(),
            Coded<PF411WeakTlsCiphers>(),
            Coded<PF412Md5Fingerprints>(),
            Coded<PF413RelayhostCredentialsInClear>(),
            Coded<PF414SaslAnonymous>(),
            Coded<PF415TlsCertConfigConflict>(),
            Coded<PF416DaneWithoutDnssec>(),
            Coded<PF417ClientCertSettings>(),
            Coded<PF501BannerVersion>(),
            Coded<PF502VrfyEnabled>(),
            Coded<PF503HeloNotRequired>(),
            Coded<PF504SmtpSmuggling>(),
            Coded<PF505DebugLeftOn>(),
            Coded<PF506SoftBounceOn>(),
            Coded<PF507BannerSoftwareName>(),
            Coded<PF508BannerMustStartWithHostname>(),
            Coded<PF510UnauthPipelining>(),
            Coded<PF511QueueMinfreeRatio>(),
            Coded<PF512MilterDefaultAccept>(),
            Coded<PF601InvalidHostname>(),
            Coded<PF602MyhostnameEqualsRelayhost>(),
            Coded<PF603MyoriginMultiple>(),
            Coded<PF604RelayhostMxLookup>(),
            Coded<PF605EmptyTransport>(),
            Coded<PF606DomainInMultipleClasses>(),
            Coded<PF701RootAliasMissing>(),
            Coded<PF702PostmasterAlias>(),
            Coded<PF703MailerDaemonAlias>(),
            Coded<PF704AliasLoop>(),
            Coded<PF705AliasCommandOrFile>(),
            Coded<PF706ListWithoutOwner>(),
            Coded<PF707DecodeAlias>(),
            Coded<PF801SecretsInTree>(),
            Coded<PF802PrivilegeParameters>(),
            Coded<PF901DuplicateParameter>(),
            Coded<PF902UnknownParameter>(),
            Coded<PF903DeprecatedParameter>(),
            Coded<PF904UndefinedReference>(),
            Coded<PF905ReadOnlyParameter>(),
            Coded<PF906AccidentalContinuation>(),
            Coded<PF907InlineComment>(),
            Coded<PF908BadValueType>(),
            Coded<PF909CompatibilityLevelOutdated>(),
            Coded<PF910CompatibilityLevelUnknown>(),
            Coded<PF911ParameterNotInRelease>(),
            Coded<PF912RedundantDefault>(),
            // new-rule.sh: coded rules go above this line.
        ];
        var map = new Dictionary<string, CodedRule>(all.Length, StringComparer.Ordinal);
        foreach (var rule in all)
        {
            if (!map.TryAdd(rule.Id, rule))
            {
                throw new InvalidOperationException($"Two classes are marked [Rule(\"{rule.Id}\")]: {map[rule.Id].Name} and {rule.Name}.");
            }
        }

        return map;
    }

    private static CodedRule Coded<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>()
        where T : IRuleLogic, new() =>
        new(typeof(T).GetCustomAttribute<RuleAttribute>()?.Id ?? throw new InvalidOperationException($"{typeof(T).Name} is listed as a coded rule but not marked [Rule(\"PF...\")]."),
            typeof(T).Name, static () => new T());
}
