using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier.Tests;

/// <summary>The detached CMS signature is checkable with plain OpenSSL, as the public contract promises.</summary>
public sealed class OpensslInteropTests : IDisposable
{
    private const string OpenSsl = "/usr/bin/openssl";
    private readonly string _dir = Directory.CreateTempSubdirectory("sealverify-openssl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Openssl_verifies_the_detached_signature()
    {
        if (!File.Exists(OpenSsl))
        {
            return; // Only on machines without OpenSSL; this one has it.
        }

        var pki = TestPki.Instance;
        var (payload, signature) = Seals.Detached(pki.Active, pki.Now.AddDays(-1), pki.Now.AddDays(-1), pki.Now.AddDays(300));
        var payloadFile = Path.Combine(_dir, "payload.json");
        var signatureFile = Path.Combine(_dir, "sig.der");
        var rootFile = Path.Combine(_dir, "root.pem");
        await File.WriteAllBytesAsync(payloadFile, payload);
        await File.WriteAllBytesAsync(signatureFile, signature);
        await File.WriteAllTextAsync(rootFile, pki.Root.ExportCertificatePem());

        var (exit, error) = await Verify(signatureFile, payloadFile, rootFile);
        Assert.True(exit == 0, error);

        payload[payload.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(payloadFile, payload);
        (exit, _) = await Verify(signatureFile, payloadFile, rootFile);
        Assert.NotEqual(0, exit);
    }

    private static async Task<(int Exit, string Error)> Verify(string signature, string payload, string root)
    {
        var start = new ProcessStartInfo(OpenSsl)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", payload, "-CAfile", root, "-purpose", "any", "-out", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
