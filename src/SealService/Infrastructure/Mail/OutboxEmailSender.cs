using Microsoft.AspNetCore.Identity.UI.Services;

namespace SealService.Infrastructure.Mail;

/// <summary>
/// The <see cref="IEmailSender"/> of the account pages (confirmation, password reset, e-mail change, invitations): the mail
/// goes into the outbox and is saved at once, so it survives an SMTP outage like every other mail. The pages render it in
/// the language of the current request, which is the language of the person who asked for it.
/// </summary>
public sealed class OutboxEmailSender(MailOutbox outbox, AppDbContext db) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        outbox.Enqueue(new OutgoingMail(email, subject, MailComposer.TextFromHtml(htmlMessage), htmlMessage, UiText.CurrentLanguage, "account"));
        await db.SaveChangesAsync();
    }
}
