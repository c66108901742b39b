namespace SealService.Verify;

/// <summary>The page the QR code opens: the verdict of the signed token against the trust list and the live status.</summary>
[LiveStatusCache]
public sealed class TokenModel(PublicVerifier verifier) : PageModel
{
    public PublicVerification Result { get; private set; } = null!;

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Result = await verifier.VerifyQrAsync(token, ct);
    }
}
