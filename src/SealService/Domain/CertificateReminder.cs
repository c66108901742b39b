namespace SealService.Domain;

/// <summary>
/// That the holder was reminded of a certificate's expiry at one threshold (e.g. 30 days before). The unique
/// (CertificateId, DaysBefore) pair makes each reminder go out at most once, even when two instances run the job.
/// </summary>
public sealed class CertificateReminder
{
    private CertificateReminder()
    {
    }

    public CertificateReminder(Guid certificateId, int daysBefore, DateTimeOffset sentAt)
    {
        Id = Guid.NewGuid();
        CertificateId = certificateId;
        DaysBefore = daysBefore;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid CertificateId { get; private set; }
    public int DaysBefore { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
