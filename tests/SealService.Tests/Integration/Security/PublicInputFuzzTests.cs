using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SealService.Admin;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Security;

/// <summary>
/// Bounded-time fuzzing of everything the public can send: the QR landing page, the serial look-up, the upload
/// verifier, the registry and the public API. Random and mutated inputs (a fixed seed, so a failure reproduces) must
/// never answer 5xx, and no single input may take a second.
/// </summary>
public sealed class PublicInputFuzzTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    private const int Seed = 20261129;
    private const int Cases = 300;
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Random_and_mutated_public_inputs_never_answer_500_and_each_takes_under_a_second()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateBrowserClient();
        var token = (await client.GetDocumentAsync("/Verify/Upload")).AntiforgeryToken()!;
        var random = new Random(Seed);
        var fuzz = new Fuzzer(random, seal);
        var failures = new List<string>();

        // Warm-up: the first request to each endpoint compiles views and queries; that is not what is measured.
        foreach (var request in Requests(fuzz, token, seal.Token, seal.Serial))
        {
            (await client.SendAsync(request)).Dispose();
        }

        var total = Stopwatch.StartNew();
        for (var i = 0; i < Cases && total.Elapsed < Budget; i++)
        {
            var requests = Requests(fuzz, token, fuzz.Token(), fuzz.Serial());
            var request = requests[random.Next(requests.Count)];
            var described = $"#{i} {request.Method} {request.RequestUri}";
            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // The in-memory test server refuses a NUL in the path before the app sees it; Kestrel answers 400 itself.
                continue;
            }

            using var _ = response;
            await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{described} answered {(int)response.StatusCode}");
            }

            if (watch.Elapsed > PerInput)
            {
                failures.Add($"{described} took {watch.Elapsed.TotalMilliseconds:0} ms");
            }
        }

        Assert.True(failures.Count == 0, $"seed {Seed}:\n" + string.Join("\n", failures.Take(30)));
    }

    private static List<HttpRequestMessage> Requests(Fuzzer fuzz, string antiforgery, string qrToken, string serial)
    {
        var text = fuzz.Text();
        return
        [
            Get("/V/" + Uri.EscapeDataString(qrToken)),
            Get("/Verify?serial=" + Uri.EscapeDataString(serial)),
            Get("/api/v1/certificates/" + Uri.EscapeDataString(serial)),
            Get("/api/v1/verify?url=" + Uri.EscapeDataString(qrToken)),
            Get("/api/v1/verify?url=" + Uri.EscapeDataString(fuzz.QrUrl(qrToken))),
            Get($"/api/v1/registry?q={Uri.EscapeDataString(text)}&program={Uri.EscapeDataString(fuzz.Text())}&country={Uri.EscapeDataString(fuzz.Text())}&page={fuzz.Number()}&includeInactive={fuzz.Text()}"),
            Get($"/Registry?q={Uri.EscapeDataString(text)}&program={Uri.EscapeDataString(fuzz.Text())}&country={Uri.EscapeDataString(fuzz.Text())}&p={fuzz.Number()}&inactive={fuzz.Text()}"),
            Get($"/certificates/{Uri.EscapeDataString(serial)}/badge.svg"),
            Get($"/certificates/{Uri.EscapeDataString(serial)}/qr.svg"),
            Get($"/api/v1/certificates/{Uri.EscapeDataString(serial)}/payload"),
            Upload(antiforgery, fuzz.Payload(), fuzz.Signature()),
        ];
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, new Uri(url, UriKind.Relative));

    private static HttpRequestMessage Upload(string antiforgery, byte[] payload, byte[] signature)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(antiforgery), "__RequestVerificationToken" },
            { new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "PayloadFile", "payload.json" },
            { new ByteArrayContent(signature) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "SignatureFile", "signature.der" },
        };
        return new HttpRequestMessage(HttpMethod.Post, new Uri("/Verify/Upload", UriKind.Relative)) { Content = form };
    }

    /// <summary>Inputs: random text of every kind, and the valid token, serial, payload and signature with small mutations.</summary>
    private sealed class Fuzzer(Random random, IssuedSeal seal)
    {
        private static readonly string[] Nasty = ["", " ", "%", "%00", "\0", "\r\n", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "\u202e", "💥", "null", "-1", "9999999999999999999999", "SMIG-", "----", "=", "?", "#", "\\", "\ud800"];

        public string Text() => random.Next(4) switch
        {
            0 => Nasty[random.Next(Nasty.Length)],
            1 => new string(Enumerable.Range(0, random.Next(0, 64)).Select(_ => (char)random.Next(32, 127)).ToArray()),
            2 => new string(Enumerable.Range(0, random.Next(0, 32)).Select(_ => (char)random.Next(0, 0xD7FF)).ToArray()),
            _ => new string((char)random.Next(32, 127), random.Next(500, 3000)),
        };

        public string Number() => random.Next(3) switch
        {
            0 => random.Next(-5, 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Uri.EscapeDataString(Text()),
        };

        public string Token() => random.Next(3) == 0 ? Text() : Mutate(seal.Token);

        public string Serial() => random.Next(3) == 0 ? Text() : Mutate(seal.Serial);

        public string QrUrl(string token) => random.Next(2) == 0 ? seal.QrUrl.Replace(seal.Token, token, StringComparison.Ordinal) : "https://" + Text() + "/V/" + token;

        public byte[] Payload() => random.Next(4) == 0 ? Encoding.UTF8.GetBytes(Text()) : Mutate(seal.Payload);

        public byte[] Signature() => random.Next(4) == 0 ? RandomBytes(random.Next(0, 4096)) : Mutate(seal.Signature);

        private string Mutate(string value)
        {
            var chars = value.ToList();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
                switch (random.Next(5))
                {
                    case 0 when chars.Count > 0:
                        chars[at] = (char)random.Next(32, 127);
                        break;
                    case 1 when chars.Count > 0:
                        chars.RemoveAt(at);
                        break;
                    case 2:
                        chars.Insert(at, (char)random.Next(0, 0x3000));
                        break;
                    case 3:
                        chars.AddRange(value);
                        break;
                    default:
                        chars = chars.Take(random.Next(chars.Count + 1)).ToList();
                        break;
                }
            }

            return new string([.. chars]);
        }

        private byte[] Mutate(byte[] value)
        {
            var bytes = value.ToArray();
            switch (random.Next(4))
            {
                case 0:
                    for (var n = random.Next(1, 8); n > 0 && bytes.Length > 0; n--)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    return bytes;
                case 1:
                    return bytes[..random.Next(bytes.Length + 1)];
                case 2:
                    return [.. bytes, .. RandomBytes(random.Next(1, 512))];
                default:
                    var at = random.Next(bytes.Length + 1);
                    return [.. bytes[..at], .. RandomBytes(random.Next(1, 64)), .. bytes[at..]];
            }
        }

        private byte[] RandomBytes(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
    }
}
