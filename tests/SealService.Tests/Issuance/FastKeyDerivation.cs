using System.Runtime.CompilerServices;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Tests.Issuance;

internal static class FastKeyDerivation
{
    // Throwaway test keys need no brute-force resistance; 600,000 PBKDF2 rounds per key file would make the suite crawl.
    [ModuleInitializer]
    internal static void Initialize() => FileKeyStore.KeyDerivationIterations = 1_000;
}
