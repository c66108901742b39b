using System.Text;

namespace SealService.Verify;

/// <summary>Verifies an uploaded payload.json and its detached CMS signature, the pair an integrator downloads from the API.</summary>
[UploadLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
[LiveStatusCache]
public sealed class UploadModel(PublicVerifier verifier, UiText text) : PageModel
{
    private const int RequestLimit = (2 * PublicVerifier.MaxUploadBytes) + (16 * 1024);

    [BindProperty]
    public IFormFile? PayloadFile { get; set; }

    [BindProperty]
    public IFormFile? SignatureFile { get; set; }

    public PublicVerification? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var payload = await ReadAsync(PayloadFile, nameof(PayloadFile), ct);
        var signature = await ReadAsync(SignatureFile, nameof(SignatureFile), ct);
        if (payload is null || signature is null)
        {
            return Page();
        }

        Result = await verifier.VerifyDetachedAsync(payload, Unarmor(signature), ct);
        return Page();
    }

    private async Task<byte[]?> ReadAsync(IFormFile? file, string field, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(field, field == nameof(PayloadFile) ? text["Choose the payload file."] : text["Choose the signature file."]);
            return null;
        }

        if (file.Length > PublicVerifier.MaxUploadBytes)
        {
            ModelState.AddModelError(field, text.Format("{0} is larger than {1} KB; it is not a seal certificate file.", file.FileName, PublicVerifier.MaxUploadBytes / 1024));
            return null;
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>Accepts a PEM-armoured signature too (openssl writes PEM unless told otherwise).</summary>
    private static byte[] Unarmor(byte[] signature)
    {
        var text = Encoding.ASCII.GetString(signature, 0, Math.Min(signature.Length, 11));
        if (!text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return signature;
        }

        var body = string.Concat(Encoding.ASCII.GetString(signature).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        try
        {
            return Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            return signature;
        }
    }
}
