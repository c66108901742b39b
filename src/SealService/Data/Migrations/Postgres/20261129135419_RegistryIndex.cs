using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SealService.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RegistryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Certificates_RegistryCountry",
                table: "Certificates",
                columns: new[] { "HolderCountry", "HolderName", "ProductName", "Serial" })
                .Annotation("Npgsql:IndexInclude", new[] { "Status", "ValidUntil", "ProgramId" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_RegistryOrder",
                table: "Certificates",
                columns: new[] { "HolderName", "ProductName", "Serial" })
                .Annotation("Npgsql:IndexInclude", new[] { "Status", "ValidUntil", "ProgramId", "HolderCountry" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_RegistryProgram",
                table: "Certificates",
                columns: new[] { "ProgramId", "HolderName", "ProductName", "Serial" })
                .Annotation("Npgsql:IndexInclude", new[] { "Status", "ValidUntil", "HolderCountry" });

            migrationBuilder.CreateIndex(
                name: "IX_Certificates_Status_ValidUntil",
                table: "Certificates",
                columns: new[] { "Status", "ValidUntil" });

            // The registry's full-text functions and GIN index (not expressible in EF Core's model).
            migrationBuilder.Sql(RegistryIndexSql.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RegistryIndexSql.PostgresDown);

            migrationBuilder.DropIndex(
                name: "IX_Certificates_RegistryCountry",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_RegistryOrder",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_RegistryProgram",
                table: "Certificates");

            migrationBuilder.DropIndex(
                name: "IX_Certificates_Status_ValidUntil",
                table: "Certificates");
        }
    }
}
