namespace SealService.Domain;

public static class Roles
{
    public const string Applicant = "Applicant";
    public const string Auditor = "Auditor";
    public const string Certifier = "Certifier";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Applicant, Auditor, Certifier, Admin];

    /// <summary>Roles of the certification body's staff; these accounts can be required to use two-factor sign-in.</summary>
    public static readonly IReadOnlyList<string> Staff = [Auditor, Certifier, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
