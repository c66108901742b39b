using Microsoft.Data.Sqlite;

namespace SealService.Tests.Support;

/// <summary>
/// Certificates written straight into SQLite's table, as the registry benchmark's loader does, so that the registry's
/// triggers alone must put them into the registry. The rows stand alone (no applications behind them), so the
/// connection does not check foreign keys.
/// </summary>
internal static class CertificateRows
{
    public static async Task<SqliteConnection> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = false, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public static async Task InsertAsync(SqliteConnection connection, string serial, string holder, string product, DateTimeOffset issued,
        DateTimeOffset validUntil, string status = "Active", string program = "smig", string country = "DE")
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "Certificates" ("Id", "ApplicationId", "Serial", "ProgramId", "HolderName", "HolderCountry", "ProductName", "Language", "Payload",
                "CmsSignature", "QrToken", "KeyId", "IssuedAt", "ValidFrom", "ValidUntil", "Status", "StatusChangedAt", "ConcurrencyStamp")
            VALUES ($id, $application, $serial, $program, $holder, $country, $product, 'en', x'00', x'00', 'token', 'key', $issued, $issued, $until, $status, $issued, $stamp)
            """;
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$application", Guid.NewGuid().ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$serial", serial);
        command.Parameters.AddWithValue("$program", program);
        command.Parameters.AddWithValue("$holder", holder);
        command.Parameters.AddWithValue("$country", country);
        command.Parameters.AddWithValue("$product", product);
        command.Parameters.AddWithValue("$issued", issued.UtcTicks);
        command.Parameters.AddWithValue("$until", validUntil.UtcTicks);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$stamp", Guid.NewGuid().ToString().ToUpperInvariant());
        await command.ExecuteNonQueryAsync();
    }
}
