using System.Net;
using System.Text;

namespace SealService.Infrastructure.Mail;

/// <summary>
/// Tells every confirmed member of an applicant organization (the holder) what happened, each in their own language
/// (<see cref="AppUser.PreferredLanguage"/>), with links on the public address. Any feature may call it when an application
/// or certificate moves.
/// </summary>
public sealed class ApplicantNotifications(AppDbContext db, MailOutbox outbox, UiText text, PublicUrls urls, ILogger<ApplicantNotifications> logger)
{
    /// <summary>
    /// Queues the notice for every member in the outbox of this unit of work and returns how many mails were queued. Call it
    /// BEFORE the SaveChanges that stores the change: the mails are stored in the same transaction, so they exist exactly when
    /// the change does, and the background sender delivers them (retrying through an SMTP outage).
    /// </summary>
    public async Task<int> QueueForOrganizationAsync(Guid organizationId, Notice notice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && u.EmailConfirmed && u.Email != null)
            .Select(u => new { Email = u.Email!, u.PreferredLanguage })
            .ToListAsync(ct);
        var queued = 0;
        foreach (var recipient in recipients)
        {
            var language = UiText.SupportedLanguages.Contains(recipient.PreferredLanguage) ? recipient.PreferredLanguage : "en";
            try
            {
                outbox.Enqueue(Render(notice, recipient.Email, language));
                queued++;
            }
            catch (ArgumentException ex)
            {
                // One member's unusable address must not block the change the notice reports, nor the other members' mail.
                logger.LogWarning(ex, "Notice {Kind} not queued for {Recipient}: the address cannot be used.", notice.Kind, recipient.Email);
            }
        }

        return queued;
    }

    /// <summary>The mail for one recipient: every text translated into <paramref name="language"/> (English where no translation exists).</summary>
    public OutgoingMail Render(Notice notice, string email, string language)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var html = new StringBuilder();
        var plain = new StringBuilder();
        foreach (var paragraph in notice.Paragraphs)
        {
            var rendered = Translate(paragraph, language).Trim();
            html.Append("<p>").Append(WebUtility.HtmlEncode(rendered).Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</p>\n");
            plain.Append(rendered).Append("\n\n");
        }

        foreach (var link in notice.Links)
        {
            var url = link.Url.StartsWith('/') ? urls.Absolute(link.Url) : link.Url;
            var label = Translate(link.Label, language);
            var encoded = WebUtility.HtmlEncode(url);
            html.Append("<p>").Append(WebUtility.HtmlEncode(label)).Append(":<br>\n<a href=\"").Append(encoded).Append("\">").Append(encoded).Append("</a></p>\n");
            plain.Append(label).Append(":\n").Append(url).Append("\n\n");
        }

        return new OutgoingMail(email, Translate(notice.Subject, language), plain.ToString(), html.ToString(), language, notice.Kind);
    }

    private string Translate(NoticeText item, string language)
    {
        var culture = CultureOf(language);
        var arguments = item.Arguments.Select(a => a is PerLanguage perLanguage ? perLanguage.Render(language) : a).ToArray();
        var template = item.One is { } one ? text.TranslatePlural(item.Count, one, item.English, language) : text.Translate(item.English, language);
        return string.Format(culture, template, arguments);
    }

    private static CultureInfo CultureOf(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}

/// <summary>One notice: <see cref="Kind"/> names the occasion (e.g. certificate.revoked), the texts are English translation keys.</summary>
public sealed record Notice(string Kind, NoticeText Subject, IReadOnlyList<NoticeText> Paragraphs, IReadOnlyList<NoticeLink> Links);

/// <summary>An English sentence (the translation key) with positional placeholders and their values.</summary>
public sealed record NoticeText(string English, params object?[] Arguments)
{
    /// <summary>For a sentence about a number of things: the singular sentence, chosen over <see cref="English"/> by each language's plural rule for <see cref="Count"/>.</summary>
    public string? One { get; private init; }

    public long Count { get; private init; }

    /// <summary>A sentence about <paramref name="count"/> things: <paramref name="one"/> or <paramref name="other"/> in each recipient's language (see UiText.Plural).</summary>
    public static NoticeText Counted(long count, string one, string other, params object?[] arguments) =>
        new(other, arguments) { One = one, Count = count };
}

/// <summary>An argument that reads differently per language (a program name, a status reason).</summary>
public sealed record PerLanguage(Func<string, string> Render);

/// <summary>A labelled link; an app-relative <see cref="Url"/> (starting with /) is put on the public address.</summary>
public sealed record NoticeLink(NoticeText Label, string Url);
