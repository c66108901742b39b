using System.Formats.Asn1;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SealVerifier;

/// <summary>
/// Verifies seals against a trust list: the QR form (COSE_Sign1 token) and the detached form (canonical payload + CMS).
/// The public verifier page and the command-line tool both use this class.
/// </summary>
/// <remarks>
/// Order of checks: parse (else <see cref="Verdict.Malformed"/>), find the key in the trust list (else
/// <see cref="Verdict.UnknownKey"/>), check the signature (else <see cref="Verdict.BadSignature"/>), compromised key at
/// signing time (<see cref="Verdict.KeyCompromised"/>), signing time within the key's validity (else
/// <see cref="Verdict.BadSignature"/>), live status if a source is given (<see cref="Verdict.Revoked"/>,
/// <see cref="Verdict.Suspended"/>, <see cref="Verdict.Expired"/>; a serial the service does not know gives
/// <see cref="Verdict.BadSignature"/>: the seal was not issued by this service), then validity dates
/// (<see cref="Verdict.NotYetValid"/>, <see cref="Verdict.Expired"/>). Retired keys still verify. A status source that
/// fails (network error) does not change the verdict; a reason says the live status could not be checked.
/// </remarks>
public sealed class SealVerification
{
    /// <summary>Largest payload accepted, in bytes.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    /// <summary>Largest CMS signature accepted, in bytes.</summary>
    public const int MaxSignatureBytes = 64 * 1024;

    private const int Es256 = -7;

    private readonly TrustList _trustList;
    private readonly TimeProvider _time;
    private readonly ICertificateStatusSource? _status;

    /// <summary>Creates a verifier.</summary>
    /// <param name="trustList">A trust list that has been checked with <see cref="SignedTrustList.Load"/>.</param>
    /// <param name="time">The clock for validity dates.</param>
    /// <param name="status">Optional live status source; without it the check is offline only.</param>
    public SealVerification(TrustList trustList, TimeProvider time, ICertificateStatusSource? status = null)
    {
        ArgumentNullException.ThrowIfNull(trustList);
        ArgumentNullException.ThrowIfNull(time);
        _trustList = trustList;
        _time = time;
        _status = status;
    }

    /// <summary>
    /// Whether a QR token whose signature verified is remembered (per trust list, up to
    /// 4,096 tokens), so that scanning the same seal again skips the signature
    /// check; key state, dates and live status are checked every time. For a server that sees the same seals scanned
    /// again and again (the public landing page); a batch of distinct seals gains nothing from it. Off by default.
    /// </summary>
    public bool RemembersVerifiedTokens { get; init; }

    /// <summary>Verifies a scanned QR code URL or a bare token. Never throws except for cancellation.</summary>
    /// <param name="urlOrToken">The URL (any case, any host) or the base32 token.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The statement.</returns>
    public async Task<VerificationStatement> VerifyQrAsync(string urlOrToken, CancellationToken ct = default)
    {
        try
        {
            return await VerifyQrCoreAsync(urlOrToken, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(Verdict.Malformed, Because("The QR code could not be read: {0}", ex.Message));
        }
    }

    /// <summary>Verifies a canonical payload with its detached CMS signature (DER). Never throws except for cancellation.</summary>
    /// <param name="payloadJson">The payload bytes exactly as served (must be RFC 8785 canonical).</param>
    /// <param name="cmsSignatureDer">The detached CMS SignedData, DER.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The statement.</returns>
    public async Task<VerificationStatement> VerifyDetachedAsync(ReadOnlyMemory<byte> payloadJson, ReadOnlyMemory<byte> cmsSignatureDer, CancellationToken ct = default)
    {
        try
        {
            return await VerifyDetachedCoreAsync(payloadJson, cmsSignatureDer, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(Verdict.Malformed, Because("The certificate could not be read: {0}", ex.Message));
        }
    }

    private async Task<VerificationStatement> VerifyQrCoreAsync(string urlOrToken, CancellationToken ct)
    {
        if (!QrToken.TryExtractToken(urlOrToken, out var token))
        {
            return Fail(Verdict.Malformed, Because("This is not a seal QR code URL or token."));
        }

        ReadOnlyMemory<byte> protectedHeaders;
        ReadOnlyMemory<byte> content;
        ReadOnlyMemory<byte> signature;
        QrClaims claims;
        byte[] kid;
        try
        {
            var cose = QrToken.Decode(token);
            var format = QrToken.FormatOf(cose);
            if (CoseSign1Shape.TryRead(cose, out var shape))
            {
                // The shape this service signs (ES256, key id, nothing unprotected), read without a general decoder.
                protectedHeaders = cose.AsMemory()[shape.ProtectedHeaders];
                kid = cose[shape.KeyId];
                content = cose.AsMemory()[shape.Payload];
                signature = cose.AsMemory()[shape.Signature];
            }
            else
            {
                var message = CoseMessage.DecodeSign1(cose);
                if (!message.ProtectedHeaders.TryGetValue(CoseHeaderLabel.Algorithm, out var alg) || alg.GetValueAsInt32() != Es256)
                {
                    return Fail(Verdict.Malformed, Because("The QR code is not signed with ES256."));
                }

                if (!message.ProtectedHeaders.TryGetValue(CoseHeaderLabel.KeyIdentifier, out var kidValue)
                    || (kid = kidValue.GetValueAsBytes()).Length != KeyId.RawLength)
                {
                    return Fail(Verdict.Malformed, Because("The QR code does not name its signing key."));
                }

                if (message.UnprotectedHeaders.Count != 0)
                {
                    return Fail(Verdict.Malformed, Because("The QR code carries unexpected unsigned headers."));
                }

                if (message.Content is not { } embedded)
                {
                    return Fail(Verdict.Malformed, Because("The QR code carries no claims."));
                }

                protectedHeaders = message.RawProtectedHeaders;
                content = embedded;
                signature = message.Signature;
            }

            claims = QrClaims.FromCbor(content.Span, format);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or CborContentException or InvalidOperationException or ArgumentException)
        {
            return Fail(Verdict.Malformed, Because("The QR code is damaged or not a seal: {0}", ex.Message));
        }

        var keyId = KeyId.FromRaw(kid);
        var key = _trustList.FindKey(keyId);
        if (key is null)
        {
            return Fail(Verdict.UnknownKey, Because("The QR code was signed with key {0}, which is not in the trust list of {1}.", keyId, _trustList.Issuer));
        }

        var verified = RemembersVerifiedTokens && TrustedKeyCache.WasVerified(_trustList, token);
        if (!verified)
        {
            try
            {
                verified = TrustedKeyCache.Use(_trustList, key, publicKey => VerifyEs256(publicKey, protectedHeaders.Span, content.Span, signature.Span));
            }
            catch (CryptographicException)
            {
                verified = false;
            }

            if (verified && RemembersVerifiedTokens)
            {
                TrustedKeyCache.Verified(_trustList, token);
            }
        }

        if (!verified)
        {
            return Fail(Verdict.BadSignature, Because("The QR code's signature is not valid: it was altered or not made by the certification body."), key);
        }

        var reasons = new List<VerificationReason> { Because("The QR code was signed by {0} with key {1}.", _trustList.Issuer, key.KeyId) };
        return await ConcludeAsync(key, claims.Serial, claims.IssuedAt, null, claims.ValidUntil, claims, null, reasons, ct);
    }

    private async Task<VerificationStatement> VerifyDetachedCoreAsync(ReadOnlyMemory<byte> payloadJson, ReadOnlyMemory<byte> cmsSignatureDer, CancellationToken ct)
    {
        if (payloadJson.Length == 0 || payloadJson.Length > MaxPayloadBytes)
        {
            return Fail(Verdict.Malformed, Because("The payload is empty or too large."));
        }

        if (cmsSignatureDer.Length == 0 || cmsSignatureDer.Length > MaxSignatureBytes)
        {
            return Fail(Verdict.Malformed, Because("The signature is empty or too large."));
        }

        SealPayload payload;
        CmsSignerParts cms;
        try
        {
            cms = CmsStructure.Parse(cmsSignatureDer);
            payload = SealPayload.Parse(payloadJson.Span);
            if (!CanonicalJson.IsCanonical(payloadJson.Span))
            {
                return Fail(Verdict.Malformed, Because("The payload is not in canonical form (RFC 8785), so it is not the signed original."));
            }
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or JsonException or ArgumentException or InvalidOperationException or AsnContentException)
        {
            return Fail(Verdict.Malformed, Because("The certificate or its signature is damaged: {0}", ex.Message));
        }

        // The embedded certificate must be one of the trust list's issuing certificates, byte for byte; only then is
        // its key (parsed once per trust list) used. Anything else is decoded just to say whose it is.
        var key = TrustedKeyCache.FindByCertificate(_trustList, cms.Certificate.Span);
        if (key is null)
        {
            string subject;
            try
            {
                using var foreign = X509CertificateLoader.LoadCertificate(cms.Certificate.Span);
                subject = foreign.Subject;
            }
            catch (CryptographicException ex)
            {
                return Fail(Verdict.Malformed, Because("The certificate or its signature is damaged: {0}", ex.Message));
            }

            return Fail(Verdict.UnknownKey, Because("The signer's certificate ({0}) is not an issuing certificate in the trust list of {1}.", subject, _trustList.Issuer));
        }

        if (!cms.SignerId.Span.SequenceEqual(TrustedKeyCache.IssuerAndSerialNumber(_trustList, key)))
        {
            return Fail(Verdict.BadSignature, Because("The signature does not identify its signer exactly or does not use SHA-256."), key);
        }

        // RFC 5652, section 5.4: the message digest attribute holds the SHA-256 of the content, and the signature covers
        // the DER of the signed attributes (with the SET tag). Both must hold.
        bool verified;
        try
        {
            var signed = CmsStructure.SignedAttributesAsSigned(cms.SignedAttributes);
            verified = CryptographicOperations.FixedTimeEquals(SHA256.HashData(payloadJson.Span), cms.MessageDigest.Span)
                && TrustedKeyCache.Use(_trustList, key, publicKey => publicKey.VerifyData(signed, cms.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
        catch (CryptographicException)
        {
            verified = false;
        }

        if (!verified)
        {
            return Fail(Verdict.BadSignature, Because("The signature is not valid: the certificate was altered or not signed by the certification body."), key);
        }

        if (!string.Equals(payload.Issuer.KeyId, key.KeyId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(Verdict.BadSignature, Because("The payload names key {0} but was signed with key {1}.", payload.Issuer.KeyId, key.KeyId), key);
        }

        var reasons = new List<VerificationReason> { Because("The certificate was signed by {0} with key {1}.", _trustList.Issuer, key.KeyId) };
        return await ConcludeAsync(key, payload.Serial, payload.IssuedAt, payload.ValidFrom, payload.ValidUntil, null, payload, reasons, ct);
    }

    /// <summary>
    /// RFC 9052, section 4.4: an ES256 signature (r and s, 32 bytes each) over Sig_structure = ["Signature1", protected
    /// header bytes, empty external data, payload], verified in one call.
    /// <see cref="CoseSign1Message.VerifyEmbedded(AsymmetricAlgorithm, ReadOnlySpan{byte})"/> checks the same, but
    /// through an incremental hash created for every message.
    /// </summary>
    private static bool VerifyEs256(ECDsa key, ReadOnlySpan<byte> protectedHeaders, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        var structure = new CborWriter(initialCapacity: protectedHeaders.Length + payload.Length + 32);
        structure.WriteStartArray(4);
        structure.WriteTextString("Signature1");
        structure.WriteByteString(protectedHeaders);
        structure.WriteByteString([]);
        structure.WriteByteString(payload);
        structure.WriteEndArray();
        return key.VerifyData(structure.Encode(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private async Task<VerificationStatement> ConcludeAsync(
        TrustedKey key,
        string serial,
        DateTimeOffset issuedAt,
        DateTimeOffset? validFrom,
        DateTimeOffset validUntil,
        QrClaims? claims,
        SealPayload? payload,
        List<VerificationReason> reasons,
        CancellationToken ct)
    {
        VerificationStatement Statement(Verdict verdict, LiveStatus? status = null)
            => new(verdict, claims, payload, key, reasons, status, _time.GetUtcNow());

        if (key.IsCompromised && issuedAt >= key.CompromisedSince)
        {
            reasons.Add(Because("Key {0} is compromised since {1}; signatures made from then on are void.", key.KeyId, Format(key.CompromisedSince!.Value)));
            return Statement(Verdict.KeyCompromised);
        }

        if (key.IsCompromised)
        {
            reasons.Add(Because("Key {0} is compromised since {1}, but this seal was signed before that.", key.KeyId, Format(key.CompromisedSince!.Value)));
        }

        if (issuedAt < key.NotBefore || issuedAt > key.NotAfter)
        {
            reasons.Add(Because("The signing time {0} lies outside the validity of key {1} ({2} to {3}).", Format(issuedAt), key.KeyId, Format(key.NotBefore), Format(key.NotAfter)));
            return Statement(Verdict.BadSignature);
        }

        LiveStatus? status = null;
        if (_status is not null)
        {
            try
            {
                status = await _status.GetStatusAsync(serial, ct);
                if (status is null)
                {
                    reasons.Add(Because("The service does not know serial {0}: this seal was not issued by this service.", serial));
                    return Statement(Verdict.BadSignature);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                reasons.Add(Because("The live status could not be checked ({0}); this result rests on the offline check only.", ex.Message));
            }
        }

        switch (status?.State)
        {
            case CertificateState.Revoked:
                reasons.Add(StatusReason(status));
                return Statement(Verdict.Revoked, status);
            case CertificateState.Suspended:
                reasons.Add(StatusReason(status));
                return Statement(Verdict.Suspended, status);
            case CertificateState.Expired:
                reasons.Add(StatusReason(status));
                return Statement(Verdict.Expired, status);
            case CertificateState.Superseded:
                reasons.Add(Because("A renewed certificate has replaced this one."));
                break;
            case CertificateState.Unknown:
                reasons.Add(Because("The service reported a status this verifier does not know."));
                break;
            default:
                break;
        }

        var now = _time.GetUtcNow();
        if (validFrom is { } from && now < from)
        {
            reasons.Add(Because("The seal is valid only from {0}.", Format(from)));
            return Statement(Verdict.NotYetValid, status);
        }

        if (now > validUntil)
        {
            reasons.Add(Because("The seal expired on {0}.", Format(validUntil)));
            return Statement(Verdict.Expired, status);
        }

        reasons.Add(Because("The seal is valid until {0}.", Format(validUntil)));
        return Statement(Verdict.Valid, status);
    }

    private VerificationStatement Fail(Verdict verdict, VerificationReason reason, TrustedKey? key = null)
        => new(verdict, null, null, key, [reason], null, _time.GetUtcNow());

    private static VerificationReason Because(string template, params string[] arguments) => VerificationReason.Of(template, arguments);

    /// <summary>What the service reported, with since when and why when it says so: one complete sentence per case, so each translates as a whole.</summary>
    private static VerificationReason StatusReason(LiveStatus status)
    {
        var since = status.Since is { } s ? Format(s) : null;
        var why = string.IsNullOrWhiteSpace(status.Reason) ? null : status.Reason.Trim().TrimEnd('.');
        return (status.State, since, why) switch
        {
            (CertificateState.Revoked, null, null) => Because("The certification body has revoked this seal."),
            (CertificateState.Revoked, { } on, null) => Because("The certification body has revoked this seal on {0}.", on),
            (CertificateState.Revoked, null, { } reason) => Because("The certification body has revoked this seal: {0}.", reason),
            (CertificateState.Revoked, { } on, { } reason) => Because("The certification body has revoked this seal on {0}: {1}.", on, reason),
            (CertificateState.Suspended, null, null) => Because("The certification body has suspended this seal."),
            (CertificateState.Suspended, { } on, null) => Because("The certification body has suspended this seal on {0}.", on),
            (CertificateState.Suspended, null, { } reason) => Because("The certification body has suspended this seal: {0}.", reason),
            (CertificateState.Suspended, { } on, { } reason) => Because("The certification body has suspended this seal on {0}: {1}.", on, reason),
            (_, null, null) => Because("The service reports this seal as expired."),
            (_, { } on, null) => Because("The service reports this seal as expired on {0}.", on),
            (_, null, { } reason) => Because("The service reports this seal as expired: {0}.", reason),
            (_, { } on, { } reason) => Because("The service reports this seal as expired on {0}: {1}.", on, reason),
        };
    }

    private static string Format(DateTimeOffset value) => Json.UtcSecondsConverter.FormatUtc(value);
}
