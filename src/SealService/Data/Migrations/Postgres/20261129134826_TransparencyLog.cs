using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SealService.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TransparencyLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TransparencyLog",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Serial = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Entry = table.Column<byte[]>(type: "bytea", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransparencyLog", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TransparencyLog_Index",
                table: "TransparencyLog",
                column: "Index",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TransparencyLog_Serial",
                table: "TransparencyLog",
                column: "Serial");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TransparencyLog");
        }
    }
}
