using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SealService.Data.Migrations
{
    /// <summary>
    /// The registry's read model again, now with keys in the registry's order (RegistryIndexSql.SqliteUp): dropped and
    /// rebuilt from the certificates, which stay as they are.
    /// </summary>
    public partial class RegistryOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RegistryIndexSql.SqliteDown);
            migrationBuilder.Sql(RegistryIndexSql.SqliteUp);
            migrationBuilder.Sql(RegistryIndexSql.SqliteCertificateTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RegistryIndexSql.SqliteDown);
            migrationBuilder.Sql(RegistryIndexSql.SqliteUpV1);
            migrationBuilder.Sql(RegistryIndexSql.SqliteCertificateTriggersV1);
        }
    }
}
