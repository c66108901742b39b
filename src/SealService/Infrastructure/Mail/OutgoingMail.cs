namespace SealService.Infrastructure.Mail;

/// <summary>One mail to one recipient, already in the recipient's <see cref="Language"/>. <see cref="Kind"/> names the occasion (e.g. certificate.revoked) for the outbox page and logs.</summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string Html, string Language, string Kind);
