using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SealService.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Certificates_Status_ValidUntil",
                table: "Certificates",
                columns: new[] { "Status", "ValidUntil" });

            // The registry's read model, full-text index and triggers (not expressible in EF Core's model).
            migrationBuilder.Sql(RegistryIndexSql.SqliteUpV1);
            migrationBuilder.Sql(RegistryIndexSql.SqliteCertificateTriggersV1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RegistryIndexSql.SqliteDown);

            migrationBuilder.DropIndex(
                name: "IX_Certificates_Status_ValidUntil",
                table: "Certificates");
        }
    }
}
