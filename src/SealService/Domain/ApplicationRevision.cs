namespace SealService.Domain;

/// <summary>
/// A frozen snapshot of everything the applicant declared at one submission: revision 1 at the first submission,
/// one more after each answered change request. The digest lets the auditor and certifier prove what they judged.
/// </summary>
public sealed class ApplicationRevision
{
    private ApplicationRevision()
    {
    }

    internal ApplicationRevision(Guid applicationId, int number, string snapshotJson, string digest, Attestation attestation,
        IReadOnlyDictionary<string, string> criterionDigests, Actor by, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        Number = number;
        SnapshotJson = snapshotJson;
        Digest = digest;
        AttestedByName = attestation.Name;
        AttestedByRole = attestation.Role;
        AttestationText = attestation.Text;
        SubmittedById = by.UserId;
        SubmittedAt = now;
        CriterionDigests = string.Join('\n', criterionDigests.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + " " + d.Value));
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public int Number { get; private set; }
    public string SnapshotJson { get; private set; } = "";
    public string Digest { get; private set; } = "";
    public string AttestedByName { get; private set; } = "";
    public string AttestedByRole { get; private set; } = "";
    public string AttestationText { get; private set; } = "";
    public string SubmittedById { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>
    /// Per criterion, one line "criterion-id digest": what the applicant submitted for it (answer, explanation, evidence),
    /// so the next revision can tell which criteria changed. Empty for revisions submitted before it was recorded.
    /// </summary>
    public string CriterionDigests { get; private set; } = "";

    /// <summary>The digest of what was submitted for <paramref name="criterionId"/>; null when this revision did not record it.</summary>
    public string? CriterionDigest(string criterionId)
    {
        foreach (var line in CriterionDigests.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.LastIndexOf(' ');
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(criterionId))
            {
                return line[(space + 1)..];
            }
        }

        return null;
    }
}

/// <summary>The management's binding self-commitment: the exact text confirmed, by whom, in which role.</summary>
public sealed record Attestation(string Name, string Role, string Text)
{
    public void Validate()
    {
        SingleLine.Require(Name, "Name");
        SingleLine.Require(Role, "Role");
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Role))
        {
            throw new DomainRuleViolation("The attestation needs the name and role of the person who confirms it.");
        }

        if (string.IsNullOrWhiteSpace(Text))
        {
            throw new DomainRuleViolation("The attestation text is missing.");
        }
    }
}
