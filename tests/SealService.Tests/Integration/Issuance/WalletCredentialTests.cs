using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;
using SealVerifier;

namespace SealService.Tests.Integration.Issuance;

/// <summary>
/// The wallet credential is part of the gated issuance pipeline: built with the payload, checked by the issuance policy, signed
/// with the seal's key, self-checked, stored with the certificate and served as stored; older certificates keep getting one.
/// </summary>
public sealed class WalletCredentialTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private TrustList Trust => factory.Services.GetRequiredService<ITrustListSource>().GetTrustList();

    private SealCredential Credentials => factory.Services.GetRequiredService<SealCredential>();

    [Fact]
    public async Task Issuance_stores_the_credential_signed_by_the_seal_key_and_the_endpoint_serves_exactly_that()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var issued = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);

        var stored = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().SingleAsync(c => c.Id == issued.Id));
        Assert.NotNull(stored.Credential);
        Assert.True(BitstringStatusList.TryVerifyCredential(stored.Credential, Trust, factory.Time.GetUtcNow(), out var claims, out var key, out var error), error);
        Assert.Equal(stored.KeyId, key!.KeyId);
        Assert.True(JsonNode.DeepEquals(Credentials.Build(stored), claims), claims!.ToJsonString());

        // Served as stored, byte for byte, however often it is fetched (an ECDSA signature made on request would differ each time).
        var client = factory.CreateClient();
        var url = new Uri($"/api/v1/certificates/{stored.Serial}/credential", UriKind.Relative);
        Assert.Equal(stored.Credential, await client.GetStringAsync(url));
        Assert.Equal(stored.Credential, await client.GetStringAsync(url));
    }

    [Fact]
    public async Task A_certificate_issued_before_credentials_were_stored_still_gets_one_signed_on_download()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var issued = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.Where(c => c.Id == issued.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Credential, (string?)null)));

        var jws = await factory.CreateClient().GetStringAsync(new Uri($"/api/v1/certificates/{issued.Serial}/credential", UriKind.Relative));
        Assert.NotEqual(issued.Credential, jws);
        Assert.True(BitstringStatusList.TryVerifyCredential(jws, Trust, factory.Time.GetUtcNow(), out var claims, out var error), error);
        var legacy = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().SingleAsync(c => c.Id == issued.Id));
        Assert.Null(legacy.Credential);
        Assert.True(JsonNode.DeepEquals(Credentials.Build(legacy), claims));
    }

    [Theory]
    [InlineData("validUntil")]
    [InlineData("validFrom")]
    [InlineData("credentialStatus")]
    [InlineData("credentialSubject.identifier")]
    [InlineData("credentialSubject.narrative")]
    [InlineData("credentialSubject.achievement")]
    [InlineData("credentialSubject.achievement.criteria")]
    [InlineData("id")]
    [InlineData("type")]
    public async Task The_policy_refuses_a_credential_that_does_not_say_what_the_payload_says(string member)
    {
        var (payload, index) = await DraftAsync();
        var credential = Credentials.Build(payload, index);
        IssuancePolicy.CheckCredential(credential, payload, index, "https://seals.example.org");

        var subject = credential["credentialSubject"]!;
        switch (member)
        {
            case "validUntil":
                credential["validUntil"] = payload.ValidUntil.AddYears(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "validFrom":
                credential["validFrom"] = "not a date";
                break;
            case "credentialStatus":
                credential["credentialStatus"]![1]!["statusListIndex"] = ((index + 1) % BitstringStatusList.Size).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "credentialSubject.identifier":
                subject["identifier"]![0]!["identityHash"] = "Someone Else GmbH";
                break;
            case "credentialSubject.narrative":
                subject["narrative"] = "Another product — " + payload.Scope;
                break;
            case "credentialSubject.achievement":
                subject["achievement"]!["version"] = "1999-01";
                break;
            case "credentialSubject.achievement.criteria":
                subject["achievement"]!["criteria"]!["narrative"] = "Criteria met (catalog " + payload.Program.CatalogVersion + ", " + payload.Program.CatalogDigest + "): "
                    + string.Join(", ", payload.CriteriaMet.Skip(1));
                break;
            case "id":
                credential["id"] = "https://seals.example.org/api/v1/certificates/SMIG-0000-0000-0/credential";
                break;
            default:
                credential["type"] = new JsonArray("VerifiableCredential");
                break;
        }

        var refusal = Assert.Throws<DomainRuleViolation>(() => IssuancePolicy.CheckCredential(credential, payload, index, "https://seals.example.org"));
        Assert.Contains($"the wallet credential does not match the certificate ({member})", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_refuses_a_status_index_that_is_not_the_serials()
    {
        var (payload, index) = await DraftAsync();
        var other = (index + 1) % BitstringStatusList.Size;
        var refusal = Assert.Throws<DomainRuleViolation>(() => IssuancePolicy.CheckCredential(Credentials.Build(payload, other), payload, other, "https://seals.example.org"));
        Assert.Contains("(credentialStatus)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_self_check_refuses_a_credential_whose_claims_key_or_chain_differ_from_what_was_built()
    {
        var (payload, index) = await DraftAsync();
        var signer = factory.Services.GetRequiredService<ISealSigner>();
        var trust = Trust;
        var keyId = signer.CurrentKeyId;
        var credential = Credentials.Build(payload, index);
        var jws = SealCredential.Sign(signer, trust, keyId, credential);
        var now = factory.Time.GetUtcNow();
        Assert.Null(CertificateIssuance.CredentialProblem(jws, credential, trust, keyId, now));

        // Signed soundly, but not what was built and checked.
        var other = credential.DeepClone().AsObject();
        other["name"] = "Something else";
        Assert.Equal("its claims are not the ones built and checked", CertificateIssuance.CredentialProblem(SealCredential.Sign(signer, trust, keyId, other), credential, trust, keyId, now));

        // The seal was to be signed with another key than the one named by kid.
        Assert.Contains("not 00000000000000ff", CertificateIssuance.CredentialProblem(jws, credential, trust, "00000000000000ff", now), StringComparison.Ordinal);

        // x5c without the root: jose would accept it, a verifier that builds the chain from x5c would not.
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = BitstringStatusList.JoseType, ["kid"] = keyId, ["x5c"] = new JsonArray(trust.FindKey(keyId)!.Certificate) };
        var input = BitstringStatusList.SigningInput(header, credential);
        var withoutRoot = BitstringStatusList.Complete(input, signer.SignJose(keyId, System.Text.Encoding.ASCII.GetBytes(input)));
        Assert.Equal("x5c is not the issuing certificate followed by the root", CertificateIssuance.CredentialProblem(withoutRoot, credential, trust, keyId, now));

        // A bad signature.
        var parts = jws.Split('.');
        var flipped = parts[2][..^2] + (parts[2][^2] == 'A' ? 'B' : 'A') + parts[2][^1];
        Assert.Equal("the signature is not valid", CertificateIssuance.CredentialProblem($"{parts[0]}.{parts[1]}.{flipped}", credential, trust, keyId, now));
    }

    /// <summary>The payload and status index a fresh issuance would build (taken from an issued certificate).</summary>
    private async Task<(SealPayload Payload, int Index)> DraftAsync()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var issued = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        return (SealPayload.Parse(issued.Payload), issued.StatusIndex!.Value);
    }
}
