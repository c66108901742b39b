using SealVerifier;

namespace SealService.Keys;

/// <summary>The trust list this service publishes: the root and every issuing key with its state. The public verifier checks against it.</summary>
public interface ITrustListSource
{
    TrustList GetTrustList();
}
