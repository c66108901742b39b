using System.Text.Json.Nodes;
using SealService.Infrastructure.Telemetry;
using SealService.Keys;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// Turns an approval into a signed certificate, in one ordered pipeline that cannot sign what it has not checked: load the
/// approved application, build every artifact (QR claims, payload, wallet credential), run the issuance policy over all of
/// them (including the key's signing period), only then sign with one key (COSE for the QR code, CMS over the canonical
/// payload, vc+jwt for the credential), verify the signed artifacts with SealVerifier against the live trust list, and only
/// then store the certificate (with its signed credential) with <see cref="SealApplication.MarkIssued"/>, the superseded
/// predecessor and the audit entry in one SaveChanges.
/// </summary>
/// <remarks>
/// At most once per approval: the unique index on Certificates.ApplicationId (and the application's concurrency stamp) lets
/// only one attempt commit. A double click, a concurrent call or a retry after a crash between signing and commit signs
/// again, loses at the database and returns the certificate that won. Each attempt runs in its own scope, so a failed
/// attempt leaves nothing behind in the caller's unit of work.
/// </remarks>
public sealed class CertificateIssuance(
    IServiceScopeFactory scopes,
    SealProgramCatalog programs,
    ISealSigner signer,
    ITrustListSource trustList,
    SealCredential credentials,
    PublicUrls urls,
    IOptions<SealOptions> seal,
    TimeProvider time,
    ILogger<CertificateIssuance> logger) : IApprovalFollowUp
{
    private const int SerialAttempts = 5;

    public async Task OnApprovedAsync(Guid applicationId, Actor by, CancellationToken ct) => await IssueAsync(applicationId, by, ct);

    public async Task<Certificate> IssueAsync(Guid applicationId, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        for (var attempt = 1; ; attempt++)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var existing = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicationId == applicationId, ct);
            if (existing is not null)
            {
                return existing;
            }

            var application = await db.Applications.Include(a => a.Organization).Include(a => a.Assessments).Include(a => a.Revisions)
                .AsSplitQuery()
                .FirstOrDefaultAsync(a => a.Id == applicationId, ct)
                ?? throw new DomainRuleViolation("That application does not exist.");
            if (application.Status == ApplicationStatus.Issued && await FindIssuedAsync(applicationId, ct) is { } issuedMeanwhile)
            {
                // A concurrent issuance committed between the look-up above and this load: it is the certificate.
                return issuedMeanwhile;
            }

            var catalog = programs.Get(application.ProgramId, application.CatalogVersion);
            var serial = Serial.New(catalog.SerialPrefix).Value;
            // The status list entry follows from the serial; a serial whose entry is taken is drawn again.
            var statusIndex = BitstringStatusList.IndexOf(serial);
            if (await db.Certificates.AnyAsync(c => c.Serial == serial || c.StatusIndex == statusIndex, ct))
            {
                continue;
            }

            var certificate = await SignAsync(application, catalog, serial, statusIndex, ct);
            certificate.AssignStatusIndex(statusIndex);
            db.Certificates.Add(certificate);
            application.MarkIssued(certificate.IssuedAt);
            await SupersedePredecessorAsync(db, application, by, certificate.IssuedAt, ct);
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.Record(by, "application.issued", nameof(SealApplication), application.Id.ToString(),
                new { Status = ApplicationStatus.Approved }, new { application.Status, certificate.Serial });
            audit.Record(by, "certificate.issued", nameof(Certificate), certificate.Id.ToString(), after: new
            {
                certificate.Serial,
                certificate.ApplicationId,
                certificate.KeyId,
                certificate.ValidUntil,
                application.RenewsCertificateId,
            });
            // The holder's mail is stored with the certificate (same SaveChanges), so it exists exactly when the seal does.
            await scope.ServiceProvider.GetRequiredService<CertificateNotices>().QueueIssuedAsync(certificate, application.OrganizationId, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Issued certificate {Serial} for application {ApplicationId} with key {KeyId}.", certificate.Serial, applicationId, certificate.KeyId);
                scope.ServiceProvider.GetRequiredService<SealMetrics>().SealIssued(application.ProgramId);
                return certificate;
            }
            catch (DbUpdateException ex)
            {
                var winner = await FindIssuedAsync(applicationId, ct);
                if (winner is not null)
                {
                    logger.LogInformation("Application {ApplicationId} was issued meanwhile as {Serial}; this attempt changed nothing.", applicationId, winner.Serial);
                    return winner;
                }

                if (attempt >= SerialAttempts)
                {
                    throw;
                }

                logger.LogWarning(ex, "Issuance attempt {Attempt} for application {ApplicationId} did not commit; trying again with a new serial.", attempt, applicationId);
            }
        }
    }

    /// <summary>
    /// Builds every artifact, checks them all against the issuance policy, only then signs, and verifies what was signed with
    /// SealVerifier against the live trust list before anything is stored. Touches no database.
    /// </summary>
    private async Task<Certificate> SignAsync(SealApplication application, CriteriaCatalog catalog, string serial, int statusIndex, CancellationToken ct)
    {
        if (application.Status != ApplicationStatus.Approved)
        {
            throw new DomainRuleViolation("Only an approved application can be issued; this one is {0}.", application.Status);
        }

        // 1. Build: the QR claims, the payload (whose verification URL is the only part that depends on a signature) and the
        //    wallet credential (built from the payload; it does not carry the verification URL).
        var organization = application.Organization ?? throw new InvalidOperationException("The application's organization was not loaded.");
        var language = catalog.DefaultLanguage;
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var validUntil = now.AddMonths(catalog.ValidityMonths);
        var keyId = signer.CurrentKeyId;
        var claims = QrToken.Fit(
            QrClaims.Create(serial, catalog.ProgramId, organization.LegalName, application.ProductName, validUntil, now, new Uri(urls.BaseUrl).Host),
            urls.BaseUrl);
        var met = application.Assessments
            .Where(a => a.Revision == application.CurrentRevision && a.Result is AssessmentResult.Conforms or AssessmentResult.NotApplicable)
            .Select(a => a.CriterionId)
            .OrderBy(id => catalog.Find(id)?.Order ?? int.MaxValue)
            .ThenBy(id => id, StringComparer.Ordinal)
            .ToList();
        var draft = new SealPayload(
            SealPayload.CurrentVersion,
            serial,
            new ProgramRef(catalog.ProgramId, catalog.Name.In(language), application.CatalogVersion, application.CatalogDigest),
            new HolderRef(organization.LegalName, organization.RegistrationNumber, organization.Country, organization.Website),
            new ProductRef(application.ProductName, application.ProductVersion),
            catalog.ScopeSentence(language, application.ProductName, organization.LegalName),
            met,
            now,
            now,
            validUntil,
            new IssuerRef(seal.Value.IssuerName, keyId),
            QrToken.BuildUrl(urls.BaseUrl, []));
        var credential = credentials.Build(draft, statusIndex);

        // 2. Policy over all artifacts, before any signature exists.
        var trust = trustList.GetTrustList();
        IssuancePolicy.Check(draft, catalog);
        IssuancePolicy.CheckClaims(claims, draft);
        IssuancePolicy.CheckCredential(credential, draft, statusIndex, urls.BaseUrl);
        IssuancePolicy.CheckKey(trust, keyId, now, validUntil);

        // 3. Sign, all with the same key: the QR token first (its URL goes into the payload), then the CMS over the canonical
        //    payload, then the credential.
        var cose = signer.SignQr(keyId, claims);
        var payload = draft with { VerificationUrl = QrToken.BuildUrl(urls.BaseUrl, cose) };
        var canonical = payload.ToCanonicalJson();
        var cms = signer.SignCms(keyId, canonical, now);
        var credentialJws = SealCredential.Sign(signer, trust, keyId, credential);

        // 4. Self-check with the verifier every relying party uses, against the live trust list; a failure stores nothing.
        await SelfCheckAsync(trust, payload, canonical, cms, claims, credentialJws, credential, keyId, ct);

        return new Certificate(application.Id, serial, catalog.ProgramId, organization.LegalName, organization.Country, application.ProductName, language,
            canonical, cms, QrToken.Encode(cose), keyId, now, now, validUntil, credentialJws);
    }

    private async Task SelfCheckAsync(TrustList trust, SealPayload payload, byte[] canonical, byte[] cms, QrClaims claims,
        string credentialJws, JsonObject credential, string keyId, CancellationToken ct)
    {
        var verification = new SealVerification(trust, time);
        var detached = await verification.VerifyDetachedAsync(canonical, cms, ct);
        var qr = await verification.VerifyQrAsync(payload.VerificationUrl, ct);
        var problems = new List<string>();
        if (!detached.IsValid || detached.Payload?.Serial != payload.Serial || detached.SigningKey?.KeyId != keyId)
        {
            problems.Add($"the signed certificate does not verify ({detached.Verdict}: {string.Join(" ", detached.Reasons)})");
        }

        if (!qr.IsValid || qr.Claims != claims || qr.SigningKey?.KeyId != keyId)
        {
            problems.Add($"the QR code does not verify ({qr.Verdict}: {string.Join(" ", qr.Reasons)})");
        }

        if (CredentialProblem(credentialJws, credential, trust, keyId, time.GetUtcNow()) is { } credentialProblem)
        {
            problems.Add($"the wallet credential does not verify ({credentialProblem})");
        }

        if (problems.Count > 0)
        {
            logger.LogCritical("Self-check of the freshly signed seal {Serial} failed; nothing was stored: {Problems}", payload.Serial, string.Join("; ", problems));
            throw new SealSelfCheckFailed(payload.Serial, problems);
        }
    }

    /// <summary>
    /// Checks a signed credential as a wallet or VC verifier would, with SealVerifier's VC-JOSE check against the trust list:
    /// the signature verifies with the issuing key named by <c>kid</c>, which is the seal's key; <c>x5c</c> is that key's
    /// certificate followed by the root; the claims are exactly the ones built and checked by the policy.
    /// </summary>
    /// <returns>The problem, or <see langword="null"/> when the credential is sound.</returns>
    internal static string? CredentialProblem(string jws, JsonObject expected, TrustList trust, string keyId, DateTimeOffset now)
    {
        if (!BitstringStatusList.TryVerifyCredential(jws, trust, now, out var claims, out var key, out var error))
        {
            return error;
        }

        if (!string.Equals(key!.KeyId, keyId, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was signed with key {key.KeyId}, not {keyId}";
        }

        try
        {
            var header = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jws.Split('.')[0]))!.AsObject();
            if (header["x5c"] is not JsonArray x5c || x5c.Count != 2 || x5c[0]?.GetValue<string>() != key.Certificate || x5c[1]?.GetValue<string>() != trust.RootCertificate)
            {
                return "x5c is not the issuing certificate followed by the root";
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return "its header is malformed: " + ex.Message;
        }

        return JsonNode.DeepEquals(claims, expected) ? null : "its claims are not the ones built and checked";
    }

    private static async Task SupersedePredecessorAsync(AppDbContext db, SealApplication application, Actor by, DateTimeOffset now, CancellationToken ct)
    {
        if (application.RenewsCertificateId is not { } previousId)
        {
            return;
        }

        var previous = await db.Certificates.FirstOrDefaultAsync(c => c.Id == previousId, ct);
        if (previous is { Status: CertificateStatus.Active })
        {
            previous.Supersede(by, now);
        }
    }

    private async Task<Certificate?> FindIssuedAsync(Guid applicationId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicationId == applicationId, ct);
    }
}

/// <summary>A freshly signed seal failed verification against the live trust list (a signer or key store fault); nothing was stored.</summary>
public sealed class SealSelfCheckFailed(string serial, IReadOnlyList<string> problems)
    : Exception($"The freshly signed seal {serial} failed its self-check and was not stored: {string.Join("; ", problems)}.")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>The rules every payload must pass before it is signed (the "lint" step of the issuance pipeline).</summary>
public static class IssuancePolicy
{
    /// <summary>Longest validity a program may grant; the seal programs renew yearly, three years is the outer bound.</summary>
    public const int MaxValidityMonths = Certificate.MaxValidityMonths;

    public static void Check(SealPayload payload, CriteriaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<RuleText>();
        if (catalog.ValidityMonths is <= 0 or > MaxValidityMonths)
        {
            problems.Add(new RuleText("the program's validity of {0} months is outside 1 to {1}", catalog.ValidityMonths, MaxValidityMonths));
        }

        if (payload.ValidUntil <= payload.ValidFrom)
        {
            problems.Add(new RuleText("the validity ends before it starts"));
        }

        Require(problems, payload.Program.Id, new RuleText("the program id is missing"));
        Require(problems, payload.Program.Name, new RuleText("the program name is missing"));
        Require(problems, payload.Program.CatalogVersion, new RuleText("the catalog version is missing"));
        Require(problems, payload.Program.CatalogDigest, new RuleText("the catalog digest is missing"));
        Require(problems, payload.Holder.Name, new RuleText("the holder name is missing"));
        Require(problems, payload.Holder.RegistrationNumber, new RuleText("the holder registration number is missing"));
        Require(problems, payload.Product.Name, new RuleText("the product name is missing"));
        Require(problems, payload.Scope, new RuleText("the scope is missing"));
        Require(problems, payload.Issuer.Name, new RuleText("the issuer name is missing"));
        Require(problems, payload.Issuer.KeyId, new RuleText("the issuing key id is missing"));
        if (payload.Holder.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
        {
            problems.Add(new RuleText("the holder country is not an ISO 3166 code"));
        }

        if (payload.Scope.Contains('{', StringComparison.Ordinal))
        {
            problems.Add(new RuleText("the scope text has an unfilled placeholder"));
        }

        if (!Serial.TryParse(payload.Serial, out var serial) || serial.Value != payload.Serial)
        {
            problems.Add(new RuleText("the serial is not canonical"));
        }

        if (problems.Count > 0)
        {
            throw new DomainRuleViolation("The certificate cannot be issued: {0}.", problems);
        }
    }

    /// <summary>The QR claims say what the payload says (serial, dates, program; names as shortened prefixes).</summary>
    public static void CheckClaims(QrClaims claims, SealPayload payload)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(payload);
        if (claims.Serial != payload.Serial || claims.IssuedAt != payload.IssuedAt || claims.ValidUntil != payload.ValidUntil
            || claims.ProgramId != payload.Program.Id
            || !payload.Holder.Name.StartsWith(claims.HolderName, StringComparison.Ordinal)
            || !payload.Product.Name.StartsWith(claims.ProductName, StringComparison.Ordinal)
            || claims.Format != QrClaims.FormatCwt)
        {
            throw new DomainRuleViolation("The certificate cannot be issued: {0}.", [new RuleText("the QR claims do not match the certificate")]);
        }
    }

    /// <summary>
    /// The wallet credential says what the payload says: its id, issuer, validity, holder, product, program (name, catalog
    /// version and digest, criteria met) and both status entries at the seal's index (which follows from the serial).
    /// </summary>
    public static void CheckCredential(JsonObject credential, SealPayload payload, int statusIndex, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var wrong = new List<string>();
        void Expect(string member, Func<bool> holds)
        {
            bool ok;
            try
            {
                ok = holds();
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
            {
                ok = false;
            }

            if (!ok)
            {
                wrong.Add(member);
            }
        }

        static string? Text(JsonNode? node) => node?.GetValue<string>();
        static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(Text(node)!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        var index = statusIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Expect("@context", () => credential["@context"]!.AsArray().Select(Text).SequenceEqual([BitstringStatusList.CredentialsContext, SealCredential.Context]));
        Expect("type", () => credential["type"]!.AsArray().Select(Text).SequenceEqual(["VerifiableCredential", "OpenBadgeCredential"]));
        Expect("id", () => Text(credential["id"]) == SealCredential.Url(baseUrl, payload.Serial));
        Expect("issuer", () => Text(credential["issuer"]!["id"]) == baseUrl && Text(credential["issuer"]!["name"]) == payload.Issuer.Name);
        Expect("validFrom", () => Time(credential["validFrom"]) == payload.ValidFrom);
        Expect("validUntil", () => Time(credential["validUntil"]) == payload.ValidUntil);

        var subject = credential["credentialSubject"];
        Expect("credentialSubject.identifier", () =>
        {
            var identifiers = subject!["identifier"]!.AsArray().ToDictionary(i => Text(i!["identityType"])!, i => Text(i!["identityHash"]), StringComparer.Ordinal);
            return identifiers.Count == 3 && identifiers["name"] == payload.Holder.Name && identifiers["ext:registrationNumber"] == payload.Holder.RegistrationNumber
                && identifiers["ext:serial"] == payload.Serial;
        });
        Expect("credentialSubject.narrative", () => Text(subject!["narrative"])!.StartsWith(payload.Product.Name, StringComparison.Ordinal));
        var achievement = subject?["achievement"];
        Expect("credentialSubject.achievement", () =>
            Text(achievement!["id"]) == SealCredential.AchievementUrl(baseUrl, payload.Program)
            && Text(achievement["name"]) == payload.Program.Name && Text(credential["name"]) == payload.Program.Name
            && Text(achievement["version"]) == payload.Program.CatalogVersion);
        Expect("credentialSubject.achievement.criteria", () =>
        {
            var narrative = Text(achievement!["criteria"]!["narrative"])!;
            var listed = narrative[(narrative.IndexOf("): ", StringComparison.Ordinal) + 3)..].Split(", ", StringSplitOptions.RemoveEmptyEntries);
            return narrative.Contains(payload.Program.CatalogDigest, StringComparison.Ordinal) && listed.SequenceEqual(payload.CriteriaMet);
        });

        Expect("credentialStatus", () =>
        {
            var entries = credential["credentialStatus"]!.AsArray();
            var purposes = entries.Select(e => Text(e!["statusPurpose"])).ToList();
            return statusIndex == BitstringStatusList.IndexOf(payload.Serial)
                && purposes.SequenceEqual([BitstringStatusList.Revocation, BitstringStatusList.Suspension])
                && entries.All(e =>
                {
                    var list = Text(e!["statusListCredential"])!;
                    return Text(e["type"]) == "BitstringStatusListEntry" && Text(e["statusListIndex"]) == index
                        && list.StartsWith($"{baseUrl}/status/{Text(e["statusPurpose"])}/", StringComparison.Ordinal) && Text(e["id"]) == list + "#" + index;
                });
        });

        if (wrong.Count > 0)
        {
            throw new DomainRuleViolation("The certificate cannot be issued: {0}.", [new RuleText("the wallet credential does not match the certificate ({0})", string.Join(", ", wrong))]);
        }
    }

    /// <summary>
    /// The key may sign this seal: it is the active key of the live trust list, the signing time lies in its signing period and
    /// its certificate stays valid until the seal expires (so openssl and other path validators accept the seal for its whole life).
    /// </summary>
    public static void CheckKey(TrustList trustList, string keyId, DateTimeOffset signedAt, DateTimeOffset validUntil)
    {
        ArgumentNullException.ThrowIfNull(trustList);
        var key = trustList.FindKey(keyId);
        if (key is null || key.State != TrustedKey.Active)
        {
            throw new DomainRuleViolation("The certificate cannot be issued: {0}.", [new RuleText("key {0} is not the active key of the trust list", keyId)]);
        }

        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key.Certificate));
        var certificateEnd = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (signedAt < key.NotBefore || signedAt > key.NotAfter || validUntil > certificateEnd)
        {
            throw new DomainRuleViolation("The certificate cannot be issued: {0}.",
                [new RuleText("the signing period of key {0} has ended or its certificate would expire before the seal; run 'keys rotate' (keys/README.md)", keyId)]);
        }
    }

    private static void Require(List<RuleText> problems, string? value, RuleText missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(missing);
        }
    }
}
