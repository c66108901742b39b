using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SealVerifier.Tests;

public class VerificationTests
{
    private static readonly TestPki Pki = TestPki.Instance;
    private static readonly DateTimeOffset Now = Pki.Now;

    private static LiveStatus Status(CertificateState state) => new(state, Now.AddDays(-2), "Audit findings not resolved.", Now);

    private static SealVerification Verifier(ICertificateStatusSource? status = null, TimeSpan? clockOffset = null, bool remember = false)
        => new(Pki.TrustList, Pki.Clock(clockOffset), status) { RemembersVerifiedTokens = remember };

    private static FakeStatusSource? StatusFor(string scenario) => scenario switch
    {
        "revoked" => new FakeStatusSource(_ => Status(CertificateState.Revoked)),
        "suspended" => new FakeStatusSource(_ => Status(CertificateState.Suspended)),
        "unknown-to-service" => new FakeStatusSource(_ => null),
        "active-online" => new FakeStatusSource(_ => Status(CertificateState.Active)),
        _ => null,
    };

    [Theory]
    [InlineData("valid", Verdict.Valid)]
    [InlineData("active-online", Verdict.Valid)]
    [InlineData("expired", Verdict.Expired)]
    [InlineData("revoked", Verdict.Revoked)]
    [InlineData("suspended", Verdict.Suspended)]
    [InlineData("unknown-to-service", Verdict.BadSignature)]
    [InlineData("bad-signature", Verdict.BadSignature)]
    [InlineData("signed-outside-key-validity", Verdict.BadSignature)]
    [InlineData("kid-collision", Verdict.BadSignature)]
    [InlineData("foreign", Verdict.UnknownKey)]
    [InlineData("compromised", Verdict.KeyCompromised)]
    [InlineData("compromised-before", Verdict.Valid)]
    [InlineData("retired", Verdict.Valid)]
    [InlineData("garbage", Verdict.Malformed)]
    [InlineData("legacy-format", Verdict.Valid)]
    [InlineData("legacy-format-expired", Verdict.Expired)]
    [InlineData("legacy-claims-tagged", Verdict.Malformed)]
    [InlineData("legacy-bad-signature", Verdict.BadSignature)]
    public async Task QR_verdicts(string scenario, Verdict expected)
    {
        var input = scenario switch
        {
            "expired" => Seals.QrUrl(Pki.Active, Now.AddDays(-20), Now.AddDays(-1)),
            "bad-signature" => FlipLastSignatureBit(Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300))),
            "signed-outside-key-validity" => Seals.QrUrl(Pki.Active, Now.AddDays(-60), Now.AddDays(300)),
            "kid-collision" => Seals.QrUrl(Seals.Claims(Now.AddDays(-1), Now.AddDays(300)), Pki.ForeignIssuer, KeyId.Raw(Pki.Active)),
            "foreign" => Seals.QrUrl(Pki.ForeignIssuer, Now.AddDays(-1), Now.AddDays(300)),
            "compromised" => Seals.QrUrl(Pki.Compromised, Now.AddDays(-1), Now.AddDays(300)),
            "compromised-before" => Seals.QrUrl(Pki.Compromised, Now.AddDays(-11), Now.AddDays(300)),
            "retired" => Seals.QrUrl(Pki.Retired, Now.AddDays(-100), Now.AddDays(200)),
            "garbage" => "https://seals.example.org/V/AAAAAAAA",
            "legacy-format" => Seals.QrUrl(Legacy(Now.AddDays(-1), Now.AddDays(300)), Pki.Active),
            "legacy-format-expired" => Seals.QrUrl(Legacy(Now.AddDays(-20), Now.AddDays(-1)), Pki.Active),
            "legacy-claims-tagged" => TagLegacy(Seals.QrUrl(Legacy(Now.AddDays(-1), Now.AddDays(300)), Pki.Active)),
            "legacy-bad-signature" => FlipLastSignatureBit(Seals.QrUrl(Legacy(Now.AddDays(-1), Now.AddDays(300)), Pki.Active)),
            _ => Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300)),
        };

        var statement = await Verifier(StatusFor(scenario)).VerifyQrAsync(input);

        Assert.Equal(expected, statement.Verdict);
        Assert.Equal(expected == Verdict.Valid, statement.IsValid);
        Assert.NotEmpty(statement.Reasons);
        Assert.Equal(Now, statement.CheckedAt);
        if (expected is Verdict.Valid or Verdict.Expired or Verdict.Revoked or Verdict.Suspended)
        {
            Assert.NotNull(statement.Claims);
            Assert.Equal(Seals.HolderMax, statement.Claims.HolderName);
            Assert.NotNull(statement.SigningKey);
        }
        else if (expected is Verdict.Malformed or Verdict.UnknownKey || scenario is "bad-signature" or "kid-collision")
        {
            Assert.Null(statement.Claims);
        }
    }

    [Theory]
    [InlineData("valid", Verdict.Valid)]
    [InlineData("active-online", Verdict.Valid)]
    [InlineData("expired", Verdict.Expired)]
    [InlineData("not-yet-valid", Verdict.NotYetValid)]
    [InlineData("revoked", Verdict.Revoked)]
    [InlineData("suspended", Verdict.Suspended)]
    [InlineData("unknown-to-service", Verdict.BadSignature)]
    [InlineData("bad-signature", Verdict.BadSignature)]
    [InlineData("wrong-key-id-in-payload", Verdict.BadSignature)]
    [InlineData("signed-outside-key-validity", Verdict.BadSignature)]
    [InlineData("foreign", Verdict.UnknownKey)]
    [InlineData("compromised", Verdict.KeyCompromised)]
    [InlineData("compromised-before", Verdict.Valid)]
    [InlineData("retired", Verdict.Valid)]
    [InlineData("not-canonical", Verdict.Malformed)]
    [InlineData("garbage", Verdict.Malformed)]
    public async Task Detached_verdicts(string scenario, Verdict expected)
    {
        var (payload, signature) = scenario switch
        {
            "expired" => Seals.Detached(Pki.Active, Now.AddDays(-20), Now.AddDays(-20), Now.AddDays(-1)),
            "not-yet-valid" => Seals.Detached(Pki.Active, Now.AddDays(-1), Now.AddDays(10), Now.AddDays(300)),
            "signed-outside-key-validity" => Seals.Detached(Pki.Active, Now.AddDays(-60), Now.AddDays(-60), Now.AddDays(300)),
            "wrong-key-id-in-payload" => Seals.Detached(Seals.Payload(Pki.Active, Now, Now, Now.AddDays(300)) with { Issuer = new IssuerRef(TestPki.IssuerName, KeyId.FromCertificate(Pki.Retired)) }, Pki.Active),
            "foreign" => Seals.Detached(Pki.ForeignIssuer, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300)),
            "compromised" => Seals.Detached(Pki.Compromised, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300)),
            "compromised-before" => Seals.Detached(Pki.Compromised, Now.AddDays(-11), Now.AddDays(-11), Now.AddDays(300)),
            "retired" => Seals.Detached(Pki.Retired, Now.AddDays(-100), Now.AddDays(-100), Now.AddDays(200)),
            _ => Seals.Detached(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300)),
        };
        if (scenario == "bad-signature")
        {
            signature[^1] ^= 0x01;
        }
        else if (scenario == "not-canonical")
        {
            payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace(",", ", ", StringComparison.Ordinal));
        }
        else if (scenario == "garbage")
        {
            (payload, signature) = (Encoding.UTF8.GetBytes("hello"), [1, 2, 3]);
        }

        var statement = await Verifier(StatusFor(scenario)).VerifyDetachedAsync(payload, signature);

        Assert.Equal(expected, statement.Verdict);
        Assert.NotEmpty(statement.Reasons);
        if (expected == Verdict.Valid)
        {
            Assert.NotNull(statement.Payload);
            Assert.Equal("Beispiel ERP", statement.Payload.Product.Name);
        }
    }

    [Fact]
    public async Task A_token_scanned_again_is_checked_again_for_status_key_state_and_dates()
    {
        var url = Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300));
        var state = CertificateState.Active;
        var status = new FakeStatusSource(_ => Status(state));

        Assert.Equal(Verdict.Valid, (await Verifier(status, remember: true).VerifyQrAsync(url)).Verdict);
        state = CertificateState.Revoked;
        Assert.Equal(Verdict.Revoked, (await Verifier(status, remember: true).VerifyQrAsync(url)).Verdict);
        Assert.Equal(Verdict.Expired, (await Verifier(clockOffset: TimeSpan.FromDays(301), remember: true).VerifyQrAsync(url)).Verdict);
        Assert.Equal(2, status.Calls);
    }

    [Fact]
    public async Task A_token_whose_signature_failed_is_not_remembered_as_verified()
    {
        var url = Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300));
        var start = url.IndexOf("/V/", StringComparison.Ordinal) + 3;
        var chars = url.ToCharArray();
        var last = chars.Length - 2;
        chars[last] = chars[last] == 'A' ? 'B' : 'A';
        var altered = new string(chars);
        Assert.True(start < last);

        Assert.False((await Verifier(remember: true).VerifyQrAsync(altered)).IsValid);
        Assert.False((await Verifier(remember: true).VerifyQrAsync(altered)).IsValid);
        Assert.True((await Verifier(remember: true).VerifyQrAsync(url)).IsValid);
        Assert.True((await Verifier(remember: true).VerifyQrAsync(url)).IsValid);
    }

    [Fact]
    public async Task A_genuine_signature_over_another_payload_is_a_bad_signature()
    {
        // Both payloads are genuine and canonical; only the message digest in the signed attributes ties a signature to its payload.
        var (first, _) = Seals.Detached(Seals.Payload(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300)), Pki.Active);
        var (_, secondSignature) = Seals.Detached(Seals.Payload(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300)), Pki.Active);

        var statement = await Verifier().VerifyDetachedAsync(first, secondSignature);

        Assert.Equal(Verdict.BadSignature, statement.Verdict);
    }

    [Fact]
    public async Task A_signature_with_signed_attributes_a_seal_does_not_have_is_malformed()
    {
        var (payload, _) = Seals.Detached(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300));
        var cms = new SignedCms(new ContentInfo(payload), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Pki.Active)
        {
            DigestAlgorithm = new Oid(CmsSeal.Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(Now.UtcDateTime));
        signer.SignedAttributes.Add(new Pkcs9DocumentName("not part of a seal"));
        cms.ComputeSignature(signer, silent: true);

        var statement = await Verifier().VerifyDetachedAsync(payload, cms.Encode());

        Assert.Equal(Verdict.Malformed, statement.Verdict);
    }

    [Theory]
    [InlineData(-400, Verdict.NotYetValid)]
    [InlineData(0, Verdict.Valid)]
    [InlineData(299, Verdict.Valid)]
    [InlineData(301, Verdict.Expired)]
    public async Task Validity_dates_follow_the_clock(int days, Verdict expected)
    {
        var (payload, signature) = Seals.Detached(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300));
        var statement = await Verifier(clockOffset: TimeSpan.FromDays(days)).VerifyDetachedAsync(payload, signature);
        Assert.Equal(expected, statement.Verdict);
        if (days != -400)
        {
            var qr = await Verifier(clockOffset: TimeSpan.FromDays(days)).VerifyQrAsync(Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300)));
            Assert.Equal(expected, qr.Verdict);
        }
    }

    [Fact]
    public async Task Every_changed_payload_or_signature_byte_is_rejected()
    {
        var (payload, signature) = Seals.Detached(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300));
        var verifier = Verifier();
        Assert.Equal(Verdict.Valid, (await verifier.VerifyDetachedAsync(payload, signature)).Verdict);
        for (var i = 0; i < payload.Length; i++)
        {
            var changed = (byte[])payload.Clone();
            changed[i] ^= 0x02;
            Assert.NotEqual(Verdict.Valid, (await verifier.VerifyDetachedAsync(changed, signature)).Verdict);
        }

        for (var i = 0; i < signature.Length; i++)
        {
            var changed = (byte[])signature.Clone();
            changed[i] ^= 0x01;
            var statement = await verifier.VerifyDetachedAsync(payload, changed);
            Assert.False(statement.IsValid, $"signature byte {i} changed and still valid");
        }
    }

    [Fact]
    public async Task Every_changed_token_character_is_rejected()
    {
        var url = Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300));
        var verifier = Verifier();
        Assert.True((await verifier.VerifyQrAsync(url)).IsValid);
        var start = url.IndexOf("/V/", StringComparison.Ordinal) + 3;
        for (var i = start; i < url.Length; i++)
        {
            var changed = url[..i] + (url[i] == 'A' ? 'B' : 'A') + url[(i + 1)..];
            Assert.False((await verifier.VerifyQrAsync(changed)).IsValid, $"token character {i - start} changed and still valid");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello world")]
    [InlineData("https://seals.example.org/")]
    [InlineData("https://seals.example.org/V/")]
    [InlineData("MZXW6YTBOI")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ftp://x/V/!!!")]
    public async Task Garbage_QR_input_is_malformed(string input)
    {
        var statement = await Verifier().VerifyQrAsync(input);
        Assert.Equal(Verdict.Malformed, statement.Verdict);
        Assert.Single(statement.Reasons);
    }

    [Fact]
    public async Task Truncated_huge_and_random_inputs_are_malformed()
    {
        var verifier = Verifier();
        var url = Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300));
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyQrAsync(url[..^20])).Verdict);
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyQrAsync(url + new string('A', 5_000_000))).Verdict);
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyQrAsync(null!)).Verdict);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            Assert.Equal(Verdict.Malformed, (await verifier.VerifyQrAsync(QrToken.Encode(bytes))).Verdict);
            Assert.Equal(Verdict.Malformed, (await verifier.VerifyDetachedAsync(bytes, bytes)).Verdict);
        }

        var (payload, signature) = Seals.Detached(Pki.Active, Now.AddDays(-1), Now.AddDays(-1), Now.AddDays(300));
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyDetachedAsync(payload, signature.AsMemory(0, signature.Length / 2))).Verdict);
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyDetachedAsync(payload.AsMemory(0, payload.Length - 1), signature)).Verdict);
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyDetachedAsync(ReadOnlyMemory<byte>.Empty, signature)).Verdict);
        Assert.Equal(Verdict.Malformed, (await verifier.VerifyDetachedAsync(new byte[10_000_000], signature)).Verdict);
    }

    [Fact]
    public async Task Live_status_is_asked_with_the_serial_and_reported()
    {
        var claims = Seals.Claims(Now.AddDays(-1), Now.AddDays(300));
        string? asked = null;
        var source = new FakeStatusSource(serial =>
        {
            asked = serial;
            return Status(CertificateState.Revoked);
        });
        var statement = await Verifier(source).VerifyQrAsync(Seals.QrUrl(claims, Pki.Active));
        Assert.Equal(claims.Serial, asked);
        Assert.Equal(Verdict.Revoked, statement.Verdict);
        Assert.Equal(CertificateState.Revoked, statement.Status?.State);
        Assert.Contains(statement.Reasons, r => r.Contains("revoked", StringComparison.Ordinal) && r.Contains("Audit findings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_reason_is_a_template_with_its_arguments_so_it_can_be_translated()
    {
        var claims = Seals.Claims(Now.AddDays(-1), Now.AddDays(300));
        var statement = await Verifier(new FakeStatusSource(_ => Status(CertificateState.Revoked))).VerifyQrAsync(Seals.QrUrl(claims, Pki.Active));

        Assert.Equal(statement.Explanations.Select(e => e.Text), statement.Reasons);
        var revoked = statement.Explanations[^1];
        Assert.StartsWith("The certification body has revoked this seal", revoked.Template, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit findings", revoked.Template, StringComparison.Ordinal);
        Assert.Contains(revoked.Arguments, a => a.Contains("Audit findings", StringComparison.Ordinal));
        Assert.All(statement.Explanations, e => Assert.DoesNotContain(KeyId.FromCertificate(Pki.Active), e.Template, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_status_source_leaves_the_offline_result()
    {
        var source = new FailingStatusSource();
        var statement = await Verifier(source).VerifyQrAsync(Seals.QrUrl(Pki.Active, Now.AddDays(-1), Now.AddDays(300)));
        Assert.Equal(Verdict.Valid, statement.Verdict);
        Assert.Contains(statement.Reasons, r => r.Contains("could not be checked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_status_source_is_asked_for_a_bad_signature()
    {
        var source = new FakeStatusSource(_ => Status(CertificateState.Active));
        var statement = await Verifier(source).VerifyQrAsync(Seals.QrUrl(Pki.ForeignIssuer, Now.AddDays(-1), Now.AddDays(300)));
        Assert.Equal(Verdict.UnknownKey, statement.Verdict);
        Assert.Equal(0, source.Calls);
    }

    private static string FlipLastSignatureBit(string url)
    {
        var start = url.IndexOf("/V/", StringComparison.Ordinal) + 3;
        var bytes = QrToken.Decode(url[start..]);
        bytes[^1] ^= 0x01;
        return url[..start] + QrToken.Encode(bytes);
    }

    private sealed class FailingStatusSource : ICertificateStatusSource
    {
        public Task<LiveStatus?> GetStatusAsync(string serial, CancellationToken ct) => throw new HttpRequestException("connection refused");
    }

    /// <summary>Claims in the version 1 format, as seals issued before the CWT format carry them.</summary>
    private static QrClaims Legacy(DateTimeOffset issuedAt, DateTimeOffset validUntil) =>
        Seals.Claims(issuedAt, validUntil) with { Format = QrClaims.FormatLegacy, Issuer = null };

    /// <summary>Adds the COSE_Sign1 tag to a legacy token: the tag would make a verifier read the legacy map as a CWT.</summary>
    private static string TagLegacy(string url)
    {
        Assert.True(QrToken.TryExtractToken(url, out var token));
        return QrToken.BuildUrl(TestPki.ServiceUrl, [0xD2, .. QrToken.Decode(token)]);
    }
}
