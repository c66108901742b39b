namespace SealVerifier.Tests;

/// <summary>Property-style: random mutations of genuine seals never verify as valid, while the originals always do.</summary>
public class MutationTests
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static readonly TestPki Pki = TestPki.Instance;

    [Fact]
    public async Task Mutated_tokens_never_verify()
    {
        var random = new Random(4711);
        var verifier = new SealVerification(Pki.TrustList, Pki.Clock());
        var originals = Enumerable.Range(0, 10).Select(_ => Seals.QrUrl(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(300))).ToList();
        for (var round = 0; round < 2500; round++)
        {
            var url = originals[round % originals.Count];
            Assert.True((await verifier.VerifyQrAsync(url)).IsValid);
            var start = url.IndexOf("/V/", StringComparison.Ordinal) + 3;
            var token = url[start..].ToCharArray().ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                var position = random.Next(token.Count);
                switch (random.Next(3))
                {
                    case 0:
                        var replacement = Base32Alphabet[random.Next(Base32Alphabet.Length)];
                        token[position] = replacement == token[position] ? (replacement == 'A' ? 'B' : 'A') : replacement;
                        break;
                    case 1:
                        token.Insert(position, Base32Alphabet[random.Next(Base32Alphabet.Length)]);
                        break;
                    default:
                        token.RemoveAt(position);
                        break;
                }
            }

            var mutated = url[..start] + new string([.. token]);
            if (mutated == url)
            {
                continue;
            }

            var statement = await verifier.VerifyQrAsync(mutated);
            Assert.False(statement.IsValid, $"round {round}: mutated token verified");
        }
    }

    [Fact]
    public async Task Mutated_payloads_and_signatures_never_verify()
    {
        var random = new Random(1234);
        var verifier = new SealVerification(Pki.TrustList, Pki.Clock());
        var (payload, signature) = Seals.Detached(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        for (var round = 0; round < 2500; round++)
        {
            Assert.True((await verifier.VerifyDetachedAsync(payload, signature)).IsValid);
            var mutatePayload = round % 2 == 0;
            var mutated = Mutate(mutatePayload ? payload : signature, random);
            if (mutated.AsSpan().SequenceEqual(mutatePayload ? payload : signature))
            {
                continue;
            }

            var statement = mutatePayload
                ? await verifier.VerifyDetachedAsync(mutated, signature)
                : await verifier.VerifyDetachedAsync(payload, mutated);
            Assert.False(statement.IsValid, $"round {round}: mutated {(mutatePayload ? "payload" : "signature")} verified");
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var position = random.Next(bytes.Count);
        switch (random.Next(3))
        {
            case 0:
                bytes[position] ^= (byte)random.Next(1, 256);
                break;
            case 1:
                bytes.Insert(position, (byte)random.Next(256));
                break;
            default:
                bytes.RemoveAt(position);
                break;
        }

        return [.. bytes];
    }
}
